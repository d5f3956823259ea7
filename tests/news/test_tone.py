"""Tone by lexicon and rules: words of success and trouble, a negation turning a word, a real risk; the item
page shows tone only when the setting is on (it is off by default: below the quality target)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.config import Settings
from clusterdesk.news.tone import item_tone, sentence_score, sentences_of, tone_of
from tests.conftest import TEST_SECRET
from tests.notify.conftest import add_news


@pytest.mark.parametrize(
    ("sentence", "tone"),
    [
        ("Компания «Микран» получила награду за успешный запуск нового производства.", "positive"),
        ("На заводе «Микран» произошел пожар, пострадали двое рабочих.", "negative"),
        ("Акционеры «Микрана» провели годовое собрание в Томске.", "neutral"),
        ("Запуск линии не удался: проект провалился.", "negative"),
        ("В результате аварии никто не пострадал.", "negative"),  # the accident outweighs «не пострадал»
    ],
)
def test_sentence_tone(models, sentence: str, tone: str) -> None:  # type: ignore[no-untyped-def]
    assert tone_of(sentence_score(sentence, models.morph_vocab)) == tone


def test_a_negation_turns_a_word(models) -> None:  # type: ignore[no-untyped-def]
    vocab = models.morph_vocab
    assert sentence_score("Эксперты одобряют решение.", vocab) > 0
    assert sentence_score("Эксперты не одобряют решение.", vocab) < 0


def test_the_setting_is_off_by_default() -> None:
    assert Settings(environment="test", secret_key=TEST_SECRET, database_url="sqlite://").news_tone is False


def test_item_and_mention_tone_without_the_models() -> None:
    text = "ТУСУР выиграл грант. На заводе «Сибирь» произошла авария."
    from clusterdesk.news.records import Entity

    mentions = [Entity("ORG", 0, 5, "ТУСУР", "ТУСУР"), Entity("ORG", 41, 47, "Сибирь", "Сибирь")]
    tone = item_tone(text, mentions, sentences_of(text), None)
    assert [m.tone for m in tone.mentions] == ["positive", "negative"]


class TestThePage:
    @pytest.fixture
    def settings(self, tmp_path: Path) -> Settings:
        return Settings(
            environment="test",
            data_dir=tmp_path,
            secret_key=TEST_SECRET,
            database_url="sqlite://",
            news_tone=True,
        )

    def test_the_item_page_shows_tone_when_on(self, session: Session, client: TestClient) -> None:
        item = add_news(
            session, "Авария на заводе", "На заводе «Сибирь» произошла авария, пострадали люди.", []
        )
        page = client.get(f"/news/{item.id}")
        assert page.status_code == 200
        assert "тональность: негативная" in page.text

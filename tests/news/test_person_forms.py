"""Person normal forms on paradigms of real names (tests/data/news/surnames.txt), generated with pymorphy:
every case of every name must come back as the nominative full name, never a plural («Ивановы»), a wrong
gender or a foreign surname with a case ending left on («Гренелла»)."""

from __future__ import annotations

import pytest

from clusterdesk.news.ner import find_entities
from clusterdesk.news.nlp import analyse
from tests.news.person_paradigms import names, sentences, surname_sentences


def _fold(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def _people(models, text: str) -> list[str]:
    return [e.normal for e in find_entities(analyse(text, models), models.morph_vocab) if e.type == "PER"]


def test_the_list_is_large_and_varied(models):
    listed = names()
    assert len(listed) >= 100
    surnames = [s for _, s in listed]
    assert any(s.endswith("ский") for s in surnames) and any(s.endswith(("о", "у", "и")) for s in surnames)
    assert any(s.endswith("ова") for s in surnames) and any(s[-1] not in "аеиоуыэюяй" for s in surnames)


@pytest.mark.parametrize(
    "paradigm", [sentences, surname_sentences], ids=["full name", "surname after full name"]
)
def test_every_case_of_every_name_is_normalised_to_the_nominative(models, paradigm):
    wrong = []
    count = 0
    for full, case, text, mention in paradigm(models.morph_vocab):
        count += 1
        got = _people(models, text)
        if not got or any(_fold(n) != _fold(full) for n in got):
            wrong.append(f"{case}: {mention!r} -> {got}")
    assert count >= 500
    assert not wrong, f"{len(wrong)}/{count}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("Соглашение подписано Дмитрием Марковым и Павлом Климкиным.", ["Дмитрий Марков", "Павел Климкин"]),
        ("Об этом заявил посол США Ричард Гренелл. Слова Гренелла передали СМИ.", ["Ричард Гренелл"] * 2),
        ("Еврокомиссар Маргрете Вестагер выступила. Вестагер отметила рост.", ["Маргрете Вестагер"] * 2),
        ("Премьер Тереза Мэй выступила. Позиция Мэй не изменилась.", ["Тереза Мэй"] * 2),
        ("Встреча с Николаем Римским-Корсаковым прошла вчера.", ["Николай Римский-Корсаков"]),
        (
            "Ректор Виктор Михайлович Рулевский выступил. Виктор Михайлович отметил рост.",
            ["Виктор Михайлович Рулевский"] * 2,
        ),
        ("Об этом писали в трудах Абу Машара.", ["Абу Машар"]),
        ("Роль досталась Роберту Де Ниро.", ["Роберт Де Ниро"]),
        ("Встреча с Марин Ле Пен прошла вчера.", ["Марин Ле Пен"]),
    ],
)
def test_special_names(models, text, normal):
    assert [_fold(n) for n in _people(models, text)] == [_fold(n) for n in normal]

"""The feed shows the beginning of an item, cut at a sentence and never inside a marked name."""

from __future__ import annotations

from dataclasses import dataclass, field

from clusterdesk.news.models import MentionStatus
from clusterdesk.news.present import excerpt_end, excerpt_start, highlighted, highlighted_excerpt
from clusterdesk.news.reads import FeedMention

SENTENCE = "Участники кластера обсудили проекты с представителями вузов и предприятий региона. "


@dataclass
class Item:
    text: str
    mentions: list[FeedMention] = field(default_factory=list)


def _org(text: str, name: str, org_id: int | None = 7) -> FeedMention:
    start = text.index(name)
    status = MentionStatus.linked if org_id else MentionStatus.unlinked
    return FeedMention("ORG", start, start + len(name), name, status, org_id, None)


def test_a_short_item_is_shown_whole() -> None:
    item = Item(SENTENCE * 5, [])
    shown = highlighted_excerpt(item, length=600)
    assert not shown.cut and shown.html == highlighted(item)


def test_a_long_item_is_cut_after_the_sentence_that_runs_past_the_length() -> None:
    text = SENTENCE * 20
    end = excerpt_end(text, [], length=300)
    assert 300 <= end <= 450 and text[end - 1] == "." and text[:end].count(".") == -(-300 // len(SENTENCE))
    shown = highlighted_excerpt(Item(text), length=300)
    assert shown.cut and str(shown.html).endswith("региона.")  # a whole sentence: no «…»


def test_a_paragraph_end_is_a_place_to_cut() -> None:
    text = "Первый абзац без точки в конце" + " слово" * 60 + "\nВторой абзац" + " слово" * 200
    assert excerpt_end(text, [], length=300) == text.index("\n")


def test_a_text_without_a_sentence_end_is_cut_at_a_space() -> None:
    text = "слово " * 300
    end = excerpt_end(text, [], length=300)
    assert end <= 300 and text[end] == " "


def test_the_cut_never_falls_inside_a_marked_name() -> None:
    name = "Томский государственный университет систем управления и радиоэлектроники"
    text = "слово " * 48 + name + " " + "слово " * 200
    mention = _org(text, name)
    assert mention.start < 300 < mention.end
    end = excerpt_end(text, [mention], length=300)
    assert end == mention.end
    shown = str(highlighted_excerpt(Item(text, [mention]), length=300).html)
    assert (
        f'<a class="ent ent-org ent-linked" href="/organizations/7" title="организация: {name}">{name}</a>…'
        in shown
    )


def test_names_after_the_cut_are_left_out_and_the_markup_is_escaped() -> None:
    text = "<b>ТУСУР</b> и «Микран». " + SENTENCE * 20 + "Потом ЛЭМЗ-Т."
    mentions = [_org(text, "ТУСУР"), _org(text, "Микран", None), _org(text, "ЛЭМЗ-Т")]
    shown = str(highlighted_excerpt(Item(text, mentions), length=300).html)
    assert shown.startswith('&lt;b&gt;<a class="ent ent-org ent-linked" href="/organizations/7"')
    assert '<mark class="ent ent-org ent-unlinked"' in shown and "ЛЭМЗ" not in shown


def test_a_search_result_shows_the_sentence_where_the_word_first_occurs() -> None:
    far = "На встрече показали беспилотный минитрактор и обсудили его испытания."
    text = SENTENCE * 15 + far + " " + SENTENCE * 15
    item = Item(text, [_org(text, "беспилотный минитрактор", None)])
    plain = str(highlighted_excerpt(item, length=300).html)
    assert "минитрактор" not in plain  # without a search: the beginning
    for query in ("минитрактора", "МИНИТРАКТОРОВ испытания"):  # another form of the word; several words
        shown = highlighted_excerpt(item, length=300, query=query)
        html = str(shown.html)
        assert shown.cut and html.startswith("…На встрече показали <mark")
        assert 'title="организация: беспилотный минитрактор">беспилотный минитрактор</mark>' in html
    assert not str(highlighted_excerpt(item, length=300, query="участники").html).startswith("…")  # near
    assert highlighted_excerpt(item, length=300, query="тракторостроение") == highlighted_excerpt(
        item, length=300
    )
    assert highlighted_excerpt(item, length=300, query="!!!") == highlighted_excerpt(item, length=300)


def test_a_search_excerpt_never_starts_inside_a_marked_name() -> None:
    name = "Участники кластера. Проекты"  # a name holding a sentence break (a quoted title, say)
    text = SENTENCE * 15 + name + " лидаров представили. " + SENTENCE * 15
    mention = _org(text, name)
    start = excerpt_start(text, [mention], "лидаров", shown_until=excerpt_end(text, [mention], length=300))
    assert start == mention.start
    assert str(highlighted_excerpt(Item(text, [mention]), length=300, query="лидаров").html).startswith(
        "…<a "
    )

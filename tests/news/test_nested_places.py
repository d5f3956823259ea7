"""A place or a person inside an organisation's name is nested in the ORG span (news/ner.py
`nested_in_names`), and every reader of entity offsets copes with it: the facts, the store, the highlight, the
project's scoring."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.news.facts import find_facts
from clusterdesk.news.models import MentionStatus, NewsItem, NewsMention
from clusterdesk.news.ner import find_entities, outermost
from clusterdesk.news.nlp import analyse
from clusterdesk.news.pipeline import process_text
from clusterdesk.news.present import highlighted
from clusterdesk.news.records import Entity
from clusterdesk.news.scoring import GoldDocument, GoldEntity, Predicted, score
from clusterdesk.news.store import duplicate_index, store_item

COUNCIL = "Совета при Президенте России по правам человека"
TEXT = (
    f"Эксперты {COUNCIL} подготовили доклад. "
    "Журналисты радиостанции «Эхо Москвы» и студенты Университета Сибири встретились в Томске."
)


def _entities(models, text: str) -> list[Entity]:  # type: ignore[no-untyped-def]
    return find_entities(analyse(text, models), models.morph_vocab)


def test_a_place_in_a_name_is_nested_in_the_organisation(models) -> None:  # type: ignore[no-untyped-def]
    entities = _entities(models, TEXT)
    found = [(e.type, e.text, e.normal) for e in entities]
    assert ("ORG", COUNCIL, "Совет при Президенте России по правам человека") in found
    assert ("ORG", "Эхо Москвы", "Эхо Москвы") in found
    assert ("ORG", "Университета Сибири", "Университет Сибири") in found
    for place, normal in (("России", "Россия"), ("Москвы", "Москва"), ("Сибири", "Сибирь")):
        assert ("LOC", place, normal) in found
    assert ("LOC", "Томске", "Томск") in found
    # spans either do not meet or a place lies strictly inside an organisation, word for word
    for a, b in itertools.combinations(sorted(entities, key=lambda e: (e.start, -e.end)), 2):
        if b.start < a.end:
            assert (
                (a.type, b.type) == ("ORG", "LOC") and b.end <= a.end and (a.start, a.end) != (b.start, b.end)
            )
            assert TEXT[b.start : b.end] in TEXT[a.start : a.end].split(" ") or "«" in TEXT[a.start : a.end]
    assert [e.text for e in entities] == [e.text for e in sorted(entities, key=lambda e: (e.start, -e.end))]


def test_a_place_that_is_the_whole_name_is_not_nested(models) -> None:  # type: ignore[no-untyped-def]
    """«Россия» the channel: no word of the organisation is left beside the place, so nothing is nested."""
    found = [(e.type, e.text) for e in _entities(models, "Телеканал «Россия» показал фильм о войне.")]
    assert ("ORG", "Россия") in found and not [t for t in found if t[0] == "LOC"]


def test_a_quoted_name_inside_an_organisation_is_its_own_name(models) -> None:  # type: ignore[no-untyped-def]
    """«Мастерская управления «Сенеж»»: the quoted name is the organisation's own name, not a place mention,
    though the word is also a place's name."""
    found = [
        (e.type, e.text)
        for e in _entities(models, "Выпускники Мастерской управления «Сенеж» вернулись в Томск.")
    ]
    assert ("LOC", "Сенеж") not in found and ("LOC", "Томск") in found
    assert [t for t in found if t[0] == "ORG" and "Сенеж" in t[1]]


def test_facts_see_the_organisation_not_the_place_inside_it(models) -> None:  # type: ignore[no-untyped-def]
    text = f"Иван Петров, член {COUNCIL}, подготовил доклад к форуму в Томске."
    analysis = analyse(text, models)
    entities = find_entities(analysis, models.morph_vocab)
    assert ("LOC", "России") in [(e.type, e.text) for e in entities]
    assert "России" not in [e.text for e in outermost(entities)]
    facts = find_facts(text, entities, analysis=analysis, vocab=models.morph_vocab)
    assert facts == find_facts(text, outermost(entities), analysis=analysis, vocab=models.morph_vocab)
    posts = [f.fields for f in facts if f.type == "post"]
    assert posts and posts[0]["organization"] == "Совет при Президенте России по правам человека"
    assert [f.fields["place"] for f in facts if f.type == "event"] == ["Томск"]
    assert not [f for f in facts if "Россия" in str(f.fields)]


def test_a_person_an_organisation_is_named_after_is_part_of_its_name(models) -> None:  # type: ignore[no-untyped-def]
    """«им.» / «имени»: the name goes on over the person, who is no person mention of the news (nor a town
    «Чехов»), and no party to a post; a person right after the name is not swallowed."""
    text = "Спектакль показали в Театре им. Антона Чехова в Ялте."
    found = [(e.type, e.text, e.normal) for e in _entities(models, text)]
    assert ("ORG", "Театре им. Антона Чехова", "Театр им. Антона Чехова") in found
    assert ("LOC", "Ялте", "Ялта") in found and not [f for f in found if f[0] == "PER"]
    assert not [f for f in found if f[1] == "Чехова"]
    text = "Директор Музея имени Александра Пушкина Иван Петров открыл выставку."
    analysis = analyse(text, models)
    entities = find_entities(analysis, models.morph_vocab)
    found = [(e.type, e.text) for e in entities]
    assert ("ORG", "Музея имени Александра Пушкина") in found and ("PER", "Александра Пушкина") not in found
    assert ("PER", "Иван Петров") in found
    posts = [
        f.fields
        for f in find_facts(text, entities, analysis=analysis, vocab=models.morph_vocab)
        if f.type == "post"
    ]
    assert [(p["person"], p["organization"]) for p in posts] == [
        ("Иван Петров", "Музей имени Александра Пушкина")
    ]


class _Nesting(HTMLParser):
    """Checks that every element closes in the order it opened and that no link holds another link."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.text: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            return
        assert not (tag == "a" and "a" in self.open), "a link inside a link"
        self.open.append(tag)
        self.depth = max(self.depth, len(self.open))

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes another element"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _mention(kind: str, start: int, end: int, text: str, **link: int) -> NewsMention:
    status = MentionStatus.linked if link else MentionStatus.unlinked
    return NewsMention(
        type=kind, start=start, end=end, text=text[start:end], normal=text[start:end], status=status, **link
    )


def test_highlight_nests_the_place_inside_the_organisation() -> None:
    text = "Радио «Эхо Москвы» <вещает> в Москве.\nСовет Европы & ООН."
    org = text.index("Эхо")
    europe = text.index("Совет Европы")
    mentions = [
        _mention("LOC", text.index("Москвы"), text.index("Москвы") + 6, text),
        _mention("ORG", org, org + len("Эхо Москвы"), text, organization_id=7),
        _mention("LOC", text.index("Москве"), text.index("Москве") + 6, text),
        _mention("ORG", europe, europe + len("Совет Европы"), text),
        _mention(
            "LOC", europe + 6, europe + 12, text, organization_id=8
        ),  # a link inside a mark: kept a link
        _mention("ORG", europe + 8, europe + 15, text),  # crosses «Совет Европы»'s end: left unmarked
    ]
    html = str(highlighted(NewsItem(text=text), mentions))
    parser = _Nesting()
    parser.feed(html)
    parser.close()
    assert not parser.open and parser.depth == 2
    assert "".join(parser.text).replace("\n", "") == text.replace("\n", "")
    assert html.count('href="/organizations/7"') == 1 and html.count("<a ") == 2
    assert '<mark class="ent ent-loc ent-unlinked" title="место: Москвы">Москвы</mark></a>' in html
    assert "&lt;вещает&gt;" in html and "&amp; ООН" in html
    assert html.count("<mark") == 3  # the nested place, «Москве», «Совет Европы»; not the crossing span


def test_a_link_is_never_put_inside_a_link() -> None:
    text = "Совет Европы заседал."
    mentions = [
        _mention("ORG", 0, 12, text, organization_id=1),
        _mention("LOC", 6, 12, text, organization_id=2),
    ]
    html = str(highlighted(NewsItem(text=text), mentions))
    parser = _Nesting()
    parser.feed(html)
    assert html.startswith('<a class="ent ent-org ent-linked" href="/organizations/1"')
    assert "/organizations/2" not in html and html.count("<mark") == 1


def test_scoring_labels_a_token_with_its_outer_span() -> None:
    """The project's gold set marks «Эхо Москвы» as one ORG: a nested place does not take its tokens."""
    text = "Журналисты «Эхо Москвы» спорят."
    start, end = text.index("Эхо"), text.index("Эхо") + len("Эхо Москвы")
    gold = [GoldDocument("d", text, (GoldEntity("ORG", start, end, "Эхо Москвы"),))]
    nested = (("ORG", start, end, "Эхо Москвы"), ("LOC", text.index("Москвы"), end, "Москва"))
    tokens = score(gold, [Predicted("d", nested)])["tokens"]
    assert tokens["ORG"].fn == 0 and tokens["ORG"].tp == 2
    assert tokens["LOC"].fp == 0


def test_nested_places_are_stored_and_highlighted(session: Session, models) -> None:  # type: ignore[no-untyped-def]
    [item] = process_text(TEXT, source="nested", models=models)
    stored = store_item(
        session=session,
        actor=Actor(id=None, name="test"),
        item=item,
        duplicates=duplicate_index(session=session),
    )
    session.flush()
    row = session.get(NewsItem, stored.item_id)
    assert row is not None
    kept = {(m.type, m.text) for m in row.mentions}
    assert {("ORG", "Эхо Москвы"), ("LOC", "Москвы"), ("ORG", COUNCIL), ("LOC", "России")} <= kept
    parser = _Nesting()
    parser.feed(str(highlighted(row)))
    parser.close()
    assert not parser.open and parser.depth == 2
    assert "".join(parser.text).replace("\n", "") == TEXT.replace("\n", "")


def test_extract_keeps_its_shape_with_a_nested_place(tmp_path: Path) -> None:
    """`clusterdesk extract`: the same fields; the entities simply hold a LOC inside an ORG."""
    news = tmp_path / "news.txt"
    news.write_text(TEXT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "clusterdesk.cli", "extract", "--no-split", str(news)],
        capture_output=True,
        text=True,
        env={**os.environ, "CLUSTERDESK_DATA_DIR": str(tmp_path)},
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    [item] = [json.loads(line) for line in result.stdout.splitlines()]
    assert list(item) == [
        "source",
        "item",
        "offset",
        "title",
        "published",
        "text",
        "entities",
        "facts",
        "duplicate_of",
    ]
    assert all(list(e) == ["type", "start", "end", "text", "normal", "link"] for e in item["entities"])
    org = next(e for e in item["entities"] if e["text"] == "Эхо Москвы")
    place = next(e for e in item["entities"] if e["text"] == "Москвы")
    assert (
        org["type"] == "ORG"
        and place["type"] == "LOC"
        and org["start"] < place["start"] < place["end"] == org["end"]
    )
    assert [(e["start"], -e["end"]) for e in item["entities"]] == sorted(
        (e["start"], -e["end"]) for e in item["entities"]
    )

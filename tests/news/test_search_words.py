"""The news word search gives the same answer on both databases — PostgreSQL through its tsvector index."""

from __future__ import annotations

import random

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from clusterdesk.lemmas import SEARCH_TEXT_MAX_CHARS, query_terms, search_text
from clusterdesk.news.models import SEARCH_WORDS_FUNCTION, NewsItem
from clusterdesk.news.search import item_words, tsquery_text

TEXTS = [
    "ТУСУР и Микран подписали соглашение о подготовке инженеров для радиоэлектроники.",
    "Губернатор Томской области Владимир Мазур посетил НПФ «Микран» и лабораторию 5G.",
    "Томский политехнический университет открыл центр беспилотных технологий в 2025 году.",
    "Стоимость проекта составит 1,5 млрд рублей; стоит отметить участие ТГУ и ТПУ.",
    "В Москве прошёл форум «Технопром-2025», ёмкость рынка БАС оценили в 12ab единиц.",
    "Ёлки, covid19 и 3D-печать: студенты ТУСУРа показали проекты на выставке.",
]

QUERIES = [
    "Микрана",  # a case form of a name
    "томской",
    "стоит",  # a word with several normal forms
    "стоимость проекта",
    "технопром 2025",
    "ёлки",
    "елки",
    "5g",
    "12ab",
    "3d печать",
    "тусур",
    "беспилот",  # a word's beginning
    "университет москва",  # two words in different items: nothing
    "слово-которого-нет",
]


def _matches(query: str, bag: str) -> bool:
    """The rule, in Python: each query word, in one of its forms, starts a word of the bag."""
    return all(any(f" {form}" in bag for form in forms) for forms in query_terms(query))


def test_word_search_answers_as_the_rule_on_both_databases(session: Session) -> None:
    items = [
        NewsItem(fingerprint=f"words{n}", text=body, search_text=search_text([body]))
        for n, body in enumerate(TEXTS)
    ]
    session.add_all(items)
    session.flush()
    answered = 0
    for query in QUERIES:
        expected = {item.id for item in items if _matches(query, item.search_text)}
        found = set(
            session.scalars(select(NewsItem.id).where(item_words(query), NewsItem.fingerprint.like("words%")))
        )
        assert found == expected, query
        answered += bool(expected)
    assert answered >= 10  # the queries do find things: the comparison is not of empty sets


def test_a_query_without_words_filters_nothing(session: Session) -> None:
    session.add(NewsItem(fingerprint="words-none", text="Текст", search_text=search_text(["Текст"])))
    session.flush()
    assert session.scalar(
        select(NewsItem.id).where(item_words("!!! ..."), NewsItem.fingerprint == "words-none")
    )


def test_the_tsquery_holds_each_words_forms_as_prefixes() -> None:
    assert tsquery_text("Микрана") == "(микран:* | микрана:*)"
    assert tsquery_text("Томск 2025") == "(томск:*) & (2025:*)"
    assert tsquery_text("!!!") == ""


def test_postgresql_answers_a_word_search_from_the_index(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        assert "LIKE" in str(select(NewsItem.id).where(item_words("ТУСУР")).compile(session.get_bind()))
        return
    session.execute(text("SET LOCAL enable_seqscan = off"))
    query = select(NewsItem.id).where(item_words("ТУСУР"))
    sql = str(query.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    plan = "\n".join(session.execute(text("EXPLAIN " + sql)).scalars())
    assert "ix_news_item_search_words" in plan, plan


def test_postgresql_indexes_the_bag_as_far_as_it_is_kept(session: Session) -> None:
    """The database function the index is built on reads exactly the characters a bag keeps, and is
    declared costly, so that the planner reads the index rather than computing it row by row."""
    if session.get_bind().dialect.name != "postgresql":
        return
    source, cost = session.execute(
        text("SELECT prosrc, procost FROM pg_proc WHERE proname = :name"), {"name": SEARCH_WORDS_FUNCTION}
    ).one()
    assert f"left(search_text, {SEARCH_TEXT_MAX_CHARS})" in source and cost >= 1000


def test_a_bag_of_words_is_cut_to_what_the_index_takes() -> None:
    rng = random.Random(7)
    letters = "абвгдежзиклмнопрстуфхцчшщэюя"
    monster = " ".join("".join(rng.choice(letters) for _ in range(9)) for _ in range(40_000))
    bag = search_text(["начало текста", monster])
    assert len(bag) <= SEARCH_TEXT_MAX_CHARS
    assert " начало " in bag and " текста " in bag  # the words that come first are kept
    assert bag == " " + " ".join(sorted(bag.split())) + " "


def test_postgresql_stores_an_item_whatever_its_bag_of_words(session: Session) -> None:
    """A bag longer than the index reads (stored before the cut, or written by hand) is stored and indexed."""
    rng = random.Random(11)
    bag = " " + " ".join(f"{rng.getrandbits(64):x}" for _ in range(120_000)) + " "
    assert len(bag) > 1_000_000
    session.add(NewsItem(fingerprint="words-monster", text="Текст", search_text=bag))
    session.flush()
    first = bag.split()[0]
    assert session.scalar(
        select(NewsItem.id).where(item_words(first), NewsItem.fingerprint == "words-monster")
    )

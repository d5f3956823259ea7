"""A large store built by bulk insert; per-item ingest time and the hot reads under 50 concurrent clients.

The store is derived from real Russian texts (the news seeds, the test texts, ../shared/data: factRuEval-2016
dev, a public corpus) with names substituted: every news item is a handful of real sentences (numbers
changed, so that no two copies are the same text) and registry names put into them («По словам …, …»),
each mention a real span of its item's text. At ``--items N`` the store holds N news items, N/20
organisations, N/4 people, 5·N mentions and N/2 facts (N = 200,000: 10,000 / 50,000 / 1,000,000 / 100,000),
with the persistent near-duplicate index (the band keys of every item) and the search words of every item,
written as the application writes them.

Measurements (one run, so the ratios compare like with like):
- per-item ingest: the same real texts submitted one by one as ``POST /api/v1/news`` stores them (analysis
  + storing, each in its own transaction) with 1,000 items stored and again with N stored; the medians of
  the whole call and of the storing part alone, and their ratios (target: N/1k ≤ 1.2). With
  ``--baseline-url`` the build keeps a copy of the store at 1,000 items and both are measured side by side,
  text by text, ``--ingest-rounds`` times (without it the 1k figures are taken once, minutes before the N
  figures, and a machine whose speed changes in between moves the ratio);
- hot reads: a real uvicorn server with ``--workers`` processes; ``--clients`` asyncio httpx clients for
  ``--seconds`` seconds each, arriving spread over the first two think times, each cycling through the six hot
  reads from a read of its own with random parameters; per read: requests,
  errors, p50/p95/max in ms; the server's resident memory (all its processes) sampled each second: first,
  last and peak after the warm-up.

Usage:
  .venv/bin/python bench/scale.py --items 200000 \
      --database-url postgresql+psycopg://postgres@127.0.0.1:5432/scale
  .venv/bin/python bench/scale.py --database-url sqlite:////tmp/scale.db --items 20000
The database must be empty or not exist yet (PostgreSQL: it is created); ``--reuse`` measures an already built
store again (with ``--baseline-url``: the copy made by the build that used it). Prints the measurements as
JSON on its last line.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from clusterdesk.db import make_engine, make_session_factory  # noqa: E402
from clusterdesk.lemmas import fold, word_forms, words  # noqa: E402
from clusterdesk.news.dedup import LSH_BANDS, NUM_PERM, _permutations, normalized_words  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
SEED = 15
FACT_TYPES = ("post", "event", "agreement", "project", "decision")
LEGAL = ("ООО", "АО", "ПАО", "НПП", "ЗАО", "ФГБУ", "АНО")
SUFFIXES = ("Тех", "Прибор", "Системы", "Инвест", "Лаб", "Сервис", "Энерго", "Софт", "Мед", "Пром", "Агро")
FIRST = (
    "Иван",
    "Пётр",
    "Алексей",
    "Сергей",
    "Дмитрий",
    "Андрей",
    "Михаил",
    "Николай",
    "Олег",
    "Юрий",
    "Анна",
    "Мария",
    "Елена",
    "Ольга",
    "Татьяна",
    "Наталья",
    "Ирина",
    "Светлана",
    "Юлия",
    "Дарья",
)
PATRONYMIC = ("Иванович", "Петрович", "Сергеевич", "Андреевич", "Николаевич", "Олегович", "Юрьевич")
PHRASES_ORG = (
    "В {} сообщили, что ",
    "По данным {}, ",
    "Как отметили в {}, ",
    "Представители {} считают, что ",
)
PHRASES_PER = ("По словам {}, ", "Как рассказал {}, ", "{} отметил, что ")


# Texts ------------------------------------------------------------------------------------------------------


def corpus_sentences() -> list[str]:
    """Sentences of the real texts at hand, each once."""
    folders = [ROOT / "clusterdesk/news/seeds", ROOT / "tests/data/news", SHARED / "factRuEval-2016-dev"]
    seen: dict[str, None] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.txt")):
            if path.name.lower().startswith("readme"):
                continue
            for sentence in re.split(r"(?<=[.!?»])\s+|\n+", path.read_text(encoding="utf-8")):
                sentence = sentence.strip()
                if 40 <= len(sentence) <= 400 and re.search("[а-я]", sentence):
                    seen.setdefault(sentence, None)
    return list(seen)


def corpus_capitalised(sentences: Iterable[str]) -> list[str]:
    found = {w for s in sentences for w in re.findall(r"\b[А-ЯЁ][а-яё]{3,}\b", s)}
    return sorted(found)


def surnames(sentences: Sequence[str]) -> list[str]:
    names = {
        line.split()[-1]
        for line in (ROOT / "tests/data/news/surnames.txt").read_text("utf-8").splitlines()
        if line and not line.startswith("#") and len(line.split()) >= 2
    }
    names |= {w for w in corpus_capitalised(sentences) if re.search("(ов|ев|ин|ский|ова|ева|ина)$", w)}
    return sorted(names)


def organization_names(count: int, stems: Sequence[str], rng: random.Random) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < count:
        stem = rng.choice(stems)
        name = f"{rng.choice(LEGAL)} «{stem}{rng.choice(SUFFIXES).lower()}»"
        if name in names:
            name = f"{name[:-1]}-{len(names)}»"
        names.setdefault(name, None)
    return list(names)


def person_names(count: int, family: Sequence[str], rng: random.Random) -> list[tuple[str, str, str, str]]:
    people: dict[str, tuple[str, str, str, str]] = {}
    while len(people) < count:
        first, patronymic, surname = rng.choice(FIRST), rng.choice(PATRONYMIC), rng.choice(family)
        full = f"{surname} {first} {patronymic}"
        if full in people:
            surname = f"{surname}-{rng.choice(family)}"
            full = f"{surname} {first} {patronymic}"
        people.setdefault(full, (full, surname, first, patronymic))
    return list(people.values())


_NUMBER = re.compile(r"\d+")


def variant(sentence: str, rng: random.Random) -> str:
    """The sentence with its numbers changed (so copies are different texts), or a real word swapped."""
    if _NUMBER.search(sentence):
        return _NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()))), sentence)
    words_ = sentence.split(" ")
    i = rng.randrange(len(words_))
    words_[i] = words_[rng.randrange(len(words_))]
    return " ".join(words_)


# What the application computes per item, precomputed per sentence variant: search words, shingle hashes ---


class Pieces:
    """Sentence variants with their search forms and 3-word shingle hashes (dedup.py's hashing)."""

    def __init__(self, sentences: Sequence[str], per_sentence: int, rng: random.Random) -> None:
        self.texts: list[str] = []
        self.forms: list[frozenset[str]] = []
        self.hashes: list[np.ndarray] = []
        import hashlib
        import struct

        for sentence in sentences:
            for _ in range(per_sentence):
                piece = variant(sentence, rng)
                self.texts.append(piece)
                forms: set[str] = set()
                for word in words(piece):
                    forms |= word_forms(word)
                self.forms.append(frozenset(forms))
                tokens = normalized_words(piece)
                grams = {" ".join(tokens[i : i + 3]) for i in range(max(1, len(tokens) - 2))}
                self.hashes.append(
                    np.array(
                        [struct.unpack("<I", hashlib.sha1(g.encode()).digest()[:4])[0] for g in grams],
                        dtype=np.uint32,
                    )
                )


_M = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def band_keys_of(hashes: np.ndarray) -> list[bytes]:
    """dedup.band_keys of a MinHash over these shingle hashes (dedup.minhash_values's arithmetic)."""
    values = hashes.reshape(-1, 1)
    values = values ^ (values >> _M[0])
    values = values * _M[1]
    values = values ^ (values >> _M[2])
    values = values * _M[3]
    values = values ^ (values >> _M[4])
    a, b = _permutations(NUM_PERM)
    with np.errstate(over="ignore"):
        minhash = (values * a + b).min(axis=0)
    count, rows = LSH_BANDS
    return [
        bytes((band,)) + bytes(minhash[band * rows : (band + 1) * rows].byteswap().data)
        for band in range(count)
    ]


# Bulk insert ------------------------------------------------------------------------------------------------


@dataclass
class Plan:
    items: int
    organizations: int
    people: int
    mentions_per_item: int = 5
    facts: int = 0

    @classmethod
    def for_items(cls, items: int) -> Plan:
        return cls(
            items=items, organizations=max(50, items // 20), people=max(100, items // 4), facts=items // 2
        )


def _rows_to_copy(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def bulk(engine: Engine, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows fast: COPY on PostgreSQL, executemany in one transaction on SQLite."""
    count = 0
    if engine.dialect.name == "postgresql":
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            names = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row([_rows_to_copy(v) for v in row])
                    count += 1
            raw.commit()
        finally:
            raw.close()
        return count
    names = ", ".join(f'"{c}"' for c in columns)
    statement = text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + c for c in columns)})")
    batch: list[dict[str, Any]] = []
    with engine.begin() as conn:
        for row in rows:
            batch.append({c: _rows_to_copy(v) for c, v in zip(columns, row, strict=True)})
            count += 1
            if len(batch) >= 5000:
                conn.execute(statement, batch)
                batch = []
        if batch:
            conn.execute(statement, batch)
    return count


@dataclass
class Store:
    """What the bulk writer needs to know between phases."""

    organizations: list[str] = field(default_factory=list)
    people: list[tuple[str, str, str, str]] = field(default_factory=list)
    next_item: int = 1
    next_mention: int = 1
    next_fact: int = 1


def build_registry(engine: Engine, plan: Plan, sentences: Sequence[str], rng: random.Random) -> Store:
    store = Store()
    stems = corpus_capitalised(sentences)
    store.organizations = organization_names(plan.organizations, stems, rng)
    store.people = person_names(plan.people, surnames(sentences), rng)
    now = datetime.now(UTC)
    org_columns = (
        "id",
        "short_name",
        "name",
        "kind",
        "okved2",
        "aliases",
        "search_text",
        "is_demo",
        "created_at",
        "updated_at",
        "version",
    )
    kinds = ("enterprise", "university", "research", "infrastructure", "investor")

    def search(*names: str) -> str:
        forms: set[str] = set()
        for name in names:
            for word in words(name):
                forms |= word_forms(word)
        return " " + " ".join(sorted(forms)) + " "

    bulk(
        engine,
        "organization",
        org_columns,
        (
            (
                i + 1,
                name,
                name.replace("ООО", "Общество с ограниченной ответственностью"),
                rng.choice(kinds),
                [],
                [],
                search(name),
                False,
                now,
                now,
                1,
            )
            for i, name in enumerate(store.organizations)
        ),
    )
    person_columns = (
        "id",
        "full_name",
        "surname",
        "first_name",
        "patronymic",
        "search_text",
        "is_demo",
        "created_at",
        "updated_at",
        "version",
    )
    bulk(
        engine,
        "person",
        person_columns,
        (
            (
                i + 1,
                full,
                surname,
                first,
                patronymic,
                " " + " ".join(sorted({fold(w) for w in full.split()})) + " ",
                False,
                now,
                now,
                1,
            )
            for i, (full, surname, first, patronymic) in enumerate(store.people)
        ),
    )
    return store


def _genitive(name: str) -> str:
    return name  # an organisation's name in quotes does not inflect; a person's full name is kept as written


def build_items(
    engine: Engine, store: Store, pieces: Pieces, count: int, rng: random.Random, plan: Plan
) -> None:
    """Add ``count`` news items (with articles, occurrences, mentions, facts, band keys) to the store."""
    items: list[tuple[Any, ...]] = []
    articles: list[tuple[Any, ...]] = []
    occurrences: list[tuple[Any, ...]] = []
    mentions: list[tuple[Any, ...]] = []
    facts: list[tuple[Any, ...]] = []
    fact_orgs: list[tuple[Any, ...]] = []
    bands: list[tuple[Any, ...]] = []
    now = datetime.now(UTC)
    first_day = date(2021, 1, 1)
    facts_per_item = plan.facts / plan.items
    n_orgs, n_people = len(store.organizations), len(store.people)

    def flush() -> None:
        bulk(
            engine,
            "news_article",
            ("id", "source", "title", "published", "url", "created_at", "updated_at"),
            articles,
        )
        bulk(
            engine,
            "news_item",
            (
                "id",
                "fingerprint",
                "title",
                "published",
                "text",
                "search_text",
                "created_at",
                "updated_at",
                "version",
            ),
            items,
        )
        bulk(
            engine,
            "news_occurrence",
            ("item_id", "article_id", "number", "offset", "similarity", "created_at"),
            occurrences,
        )
        bulk(
            engine,
            "news_mention",
            (
                "id",
                "item_id",
                "type",
                "start",
                "end",
                "text",
                "normal",
                "organization_id",
                "person_id",
                "confidence",
                "status",
                "created_at",
                "updated_at",
                "version",
            ),
            mentions,
        )
        bulk(
            engine,
            "news_fact",
            (
                "id",
                "item_id",
                "type",
                "fields",
                "evidence_start",
                "evidence_end",
                "status",
                "created_at",
                "updated_at",
                "version",
            ),
            facts,
        )
        bulk(engine, "news_fact_organization", ("fact_id", "organization_id"), fact_orgs)
        bulk(engine, "news_band", ("key", "item_id"), bands)
        for rows in (items, articles, occurrences, mentions, facts, fact_orgs, bands):
            rows.clear()

    import hashlib

    for _ in range(count):
        item_id = store.next_item
        store.next_item += 1
        chosen = [rng.randrange(len(pieces.texts)) for _ in range(rng.randint(4, 8))]
        # the mentions: 2 linked organisations, 1 organisation to review, 1 or 2 linked people, 1 place
        orgs = [int(n_orgs * rng.random() ** 2) for _ in range(3)]
        person = rng.randrange(n_people)
        second = (person + 1 + rng.randrange(n_people - 1)) % n_people
        parts: list[str] = []
        spans: list[tuple[int, int, str, int | None, int | None, str]] = []
        position = 0
        for number, piece_index in enumerate(chosen):
            piece = pieces.texts[piece_index]
            prefix = ""
            name = None
            if number < 3:
                name = store.organizations[orgs[number]]
                template = rng.choice(PHRASES_ORG)
            elif number in (3, 4):
                name = store.people[person if number == 3 else second][0]
                template = rng.choice(PHRASES_PER)
            if name is not None:
                prefix = template.format(name)
                start = position + template.index("{}")
                kind = "PER" if number >= 3 else "ORG"
                status = "review" if number == 2 else "linked"
                spans.append(
                    (
                        start,
                        start + len(name),
                        kind,
                        orgs[number] + 1 if kind == "ORG" else None,
                        (person if number == 3 else second) + 1 if kind == "PER" else None,
                        status,
                    )
                )
            part = prefix + piece
            parts.append(part)
            position += len(part) + 1
        body = " ".join(parts)
        places = [m for m in re.finditer(r"\b(?:Москв[аеуы]|Томск[аеу]?|России|Сибири)\b", body)]
        if places:
            place = places[0]
            spans.append((place.start(), place.end(), "LOC", None, None, "unlinked"))
        title = parts[0][:120]
        published = None if rng.random() < 0.02 else first_day + timedelta(days=rng.randrange(5 * 365))
        forms: set[str] = set()
        for index in chosen:
            forms |= pieces.forms[index]
        for start, end, *_ in spans:
            for word in words(body[start:end]):
                forms |= word_forms(word)
        fingerprint = hashlib.sha1(" ".join(normalized_words(body)).encode()).hexdigest()
        source = f"bench://scale/{item_id}"
        articles.append((item_id, source, title, published, source, now, now))
        items.append(
            (item_id, fingerprint, title, published, body, " " + " ".join(sorted(forms)) + " ", now, now, 1)
        )
        occurrences.append((item_id, item_id, 0, 0, 1.0, now))
        linked_orgs = []
        for start, end, kind, org_id, person_id, status in spans:
            name = body[start:end]
            confidence = None if status == "unlinked" else (0.6 if status == "review" else 1.0)
            mentions.append(
                (
                    store.next_mention,
                    item_id,
                    kind,
                    start,
                    end,
                    name,
                    name,
                    org_id,
                    person_id,
                    confidence,
                    status,
                    now,
                    now,
                    1,
                )
            )
            store.next_mention += 1
            if org_id is not None and status == "linked":
                linked_orgs.append(org_id)
        for _ in range(int(facts_per_item) + (rng.random() < facts_per_item % 1)):
            fact_type = rng.choice(FACT_TYPES)
            fields = {"organization": body[spans[0][0] : spans[0][1]]}
            facts.append(
                (store.next_fact, item_id, fact_type, fields, 0, min(len(body), 200), "new", now, now, 1)
            )
            for org_id in sorted(set(linked_orgs[:2])):
                fact_orgs.append((store.next_fact, org_id))
            store.next_fact += 1
        hashes = np.concatenate([pieces.hashes[i] for i in chosen])
        bands.extend((key, item_id) for key in band_keys_of(np.unique(hashes)))
        if len(items) >= 5000:
            flush()
    flush()


def reset_sequences(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for table in (
            "organization",
            "person",
            "news_article",
            "news_item",
            "news_occurrence",
            "news_mention",
            "news_fact",
        ):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))  # as autovacuum would: statistics and the visibility map


# Ingest: per-item time at two store sizes ---------------------------------------------------------------


def ingest_texts(sentences: Sequence[str], count: int, rng: random.Random) -> list[str]:
    """Real texts of several paragraphs, not in the bulk store (whole corpus documents, first parts)."""
    docs = sorted((SHARED / "factRuEval-2016-dev").glob("*.txt")) or sorted(
        (ROOT / "tests/data/news").rglob("*.txt")
    )
    texts = [p.read_text(encoding="utf-8").strip() for p in docs]
    texts = [t for t in texts if len(t) > 600]
    rng.shuffle(texts)
    return texts[:count]


def measure_ingest(engine: Engine, texts: Sequence[str], label: str) -> dict[str, float]:
    """Each text as POST /api/v1/news stores it into one store (see `measure_ingest_interleaved`)."""
    return measure_ingest_interleaved({label: engine}, texts, rounds=1)[label]


def measure_ingest_interleaved(
    stores: dict[str, Engine], texts: Sequence[str], rounds: int
) -> dict[str, dict[str, float]]:
    """Each text as POST /api/v1/news stores it: analysis + store in its own transaction, into every store in
    turn (the order alternating from text to text), ``rounds`` times; after each round the measured items are
    removed again, so every round stores the same texts as new into stores of the same sizes. Measuring the
    stores side by side in one loop keeps a change of the machine's speed during the run (other processes,
    frequency) out of their ratio."""
    from clusterdesk.audit.service import Actor
    from clusterdesk.news import store as news_store
    from clusterdesk.news.ingest import submit
    from clusterdesk.news.models import NewsArticle, NewsItem

    factories = {label: make_session_factory(engine) for label, engine in stores.items()}
    actor = Actor(id=None, name="bench-scale")
    original = news_store.store_item
    storing: list[float] = []

    def timed_store(**kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(**kwargs)
        finally:
            storing.append(time.perf_counter() - started)

    import clusterdesk.news.ingest as ingest_module

    newest: dict[str, int] = {}
    for label, engine in stores.items():  # what exists before: only items stored after this are removed again
        with engine.connect() as conn:
            newest[label] = conn.scalar(text("SELECT max(id) FROM news_item")) or 0

    def remove_measured() -> None:
        for label, factory in factories.items():  # a text found as a reprint of a bulk item leaves it alone
            with factory.begin() as session:
                session.execute(NewsItem.__table__.delete().where(NewsItem.id > newest[label]))
                session.execute(NewsArticle.__table__.delete().where(NewsArticle.source.like("bench-%")))

    labels = list(stores)
    totals: dict[str, list[float]] = {label: [] for label in labels}
    cpu: dict[str, list[float]] = {label: [] for label in labels}  # CPU of this process only
    stored: dict[str, list[float]] = {label: [] for label in labels}
    outcomes = {label: {"new": 0, "reprints": 0} for label in labels}
    ingest_module.store_item = timed_store  # type: ignore[assignment]
    try:
        for label, factory in factories.items():  # warm-up: models, gazetteer, connection pool
            with factory.begin() as session:
                submit(
                    session=session,
                    actor=actor,
                    text="Разогрев. " + texts[0][:300],
                    source=f"bench-warm-{label}",
                )
        remove_measured()
        for round_number in range(rounds):
            for number, body in enumerate(texts):
                order = labels if (number + round_number) % 2 == 0 else labels[::-1]
                for label in order:
                    storing_before = len(storing)
                    started, cpu_started = time.perf_counter(), time.process_time()
                    with factories[label].begin() as session:
                        summary = submit(
                            session=session,
                            actor=actor,
                            text=body,
                            source=f"bench-{label}-{round_number}-{number}",
                        )
                    totals[label].append(time.perf_counter() - started)
                    cpu[label].append(time.process_time() - cpu_started)
                    stored[label].append(storing[-1] if len(storing) > storing_before else 0.0)
                    outcomes[label]["new"] += summary.new
                    outcomes[label]["reprints"] += summary.duplicates
            remove_measured()
    finally:
        ingest_module.store_item = original  # type: ignore[assignment]
    return {
        label: {
            "texts": len(texts),
            "rounds": rounds,
            **outcomes[label],
            "per_item_ms_median": round(statistics.median(totals[label]) * 1000, 1),
            "per_item_cpu_ms_median": round(statistics.median(cpu[label]) * 1000, 1),
            "store_ms_median": round(statistics.median(stored[label]) * 1000, 2),
        }
        for label in labels
    }


def copy_store(url: str, copy_url: str) -> None:
    """A copy of the store at ``url`` (PostgreSQL: a database made from it as template; SQLite: the file)."""
    source, target = make_url(url), make_url(copy_url)
    if source.get_backend_name() != target.get_backend_name():
        raise SystemExit("--baseline-url must name a database of the same kind as --database-url")
    if source.get_backend_name() == "postgresql":
        admin = make_engine(
            source.set(database="postgres").render_as_string(hide_password=False),
            isolation_level="AUTOCOMMIT",
        )
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{target.database}" TEMPLATE "{source.database}"'))
        admin.dispose()
    elif source.database and target.database:
        import sqlite3

        with sqlite3.connect(source.database) as src, sqlite3.connect(target.database) as dst:
            src.backup(dst)


# Hot reads under load ---------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and its children (uvicorn's workers)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def _cpu_ms(pid: int) -> float:
    """User + system CPU time of one process, ms (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")


def _tree_cpu(pid: int) -> dict[int, float]:
    """CPU ms of a process and its children (uvicorn's workers), per pid."""
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return {p: _cpu_ms(p) for p in pids}


def _database_cpu(url: str) -> dict[int, float]:
    """CPU ms of the PostgreSQL backends connected to this database (on this machine), per pid."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return {}
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            pids = list(
                conn.scalars(
                    text("SELECT pid FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"),
                    {"d": parsed.database},
                )
            )
    finally:
        engine.dispose()
    return {p: _cpu_ms(p) for p in pids}


def _sessions(url: str) -> int:
    """Connections ever opened to this database (PostgreSQL's pg_stat_database.sessions), -1 elsewhere."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return -1
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            opened = conn.scalar(
                text("SELECT sessions FROM pg_stat_database WHERE datname = :d"), {"d": parsed.database}
            )
    finally:
        engine.dispose()
    return int(opened or 0)


def _machine_cpu_ms() -> float:
    """CPU ms spent on this machine by every process (/proc/stat: user, nice, system, irq, softirq) — what the
    per-process figures miss: PostgreSQL's parallel workers (they come and go between two samples of
    pg_stat_activity), its background writers, anything else running."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[:7])
    return (user + nice + system + irq + softirq) * 1000 / os.sysconf("SC_CLK_TCK")


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items())


@dataclass
class Reads:
    org_ids: list[int]
    words: list[str]
    org_words: list[str]

    def urls(self, rng: random.Random) -> list[tuple[str, str]]:
        org = rng.choice(self.org_ids)
        return [
            ("news_by_org", f"/api/v1/news?org_id={org}"),
            ("news_search", f"/api/v1/news?q={rng.choice(self.words)}"),
            ("organization_card", f"/organizations/{org}"),
            ("facts_by_type_org", f"/api/v1/facts?type={rng.choice(FACT_TYPES)}&org_id={org}"),
            ("organizations_search", f"/api/v1/organizations?q={rng.choice(self.org_words)}"),
            ("news_feed_page", "/news"),
        ]


async def _load(
    base: str, reads: Reads, clients: int, seconds: float, rng: random.Random, think: float = 0.0
) -> dict[str, Any]:
    import httpx

    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    kinds: dict[str, int] = {}  # what the errors were: status code or exception, per read
    deadline = time.monotonic() + seconds
    # an idle connection is dropped by the client before uvicorn's keep-alive timeout (5 s) closes it: else a
    # request sent on a connection the server is closing at that moment fails (ReadError), which is the
    # load tool's race, not the server's answer
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:

        async def worker(seed: int) -> None:
            local = random.Random(seed)
            # clients arrive spread over the first two think times and each starts at a read of its own: fifty
            # clients sending the same first read in the same millisecond measured a queue of fifty that only
            # the tool makes (that read's p95 was the start-up burst: one request in eight of it)
            first: int | None = None
            if think:
                await asyncio.sleep(local.uniform(0.0, 2.0 * think))
            while time.monotonic() < deadline:
                urls = reads.urls(local)
                if first is None:
                    first = local.randrange(len(urls))
                for name, url in urls[first:] + urls[:first]:
                    started = time.perf_counter()
                    try:
                        response = await client.get(url)
                        ok = response.status_code == 200
                        status = str(response.status_code)
                    except httpx.HTTPError as exc:
                        ok = False
                        status = type(exc).__name__
                    latencies.setdefault(name, []).append(time.perf_counter() - started)
                    if not ok:
                        errors[name] = errors.get(name, 0) + 1
                        kinds[f"{name} {status}"] = kinds.get(f"{name} {status}", 0) + 1
                    if time.monotonic() >= deadline:
                        return
                    if think:
                        await asyncio.sleep(local.uniform(0.5, 1.5) * think)

        await asyncio.gather(*(worker(rng.randrange(1 << 30)) for _ in range(clients)))
    result = {}
    for name, values in latencies.items():
        values.sort()
        result[name] = {
            "requests": len(values),
            "errors": errors.get(name, 0),
            "p50_ms": round(values[len(values) // 2] * 1000, 1),
            "p95_ms": round(values[min(len(values) - 1, int(len(values) * 0.95))] * 1000, 1),
            "max_ms": round(values[-1] * 1000, 1),
        }
    result["all"] = {
        "requests": sum(len(v) for v in latencies.values()),
        "per_second": round(sum(len(v) for v in latencies.values()) / seconds, 1),
        "error_kinds": kinds,
    }
    return result


def measure_reads(
    url: str, reads: Reads, workers: int, clients: int, seconds: float, rng: random.Random, think: float
) -> dict[str, Any]:
    port = _free_port()
    env = {**os.environ, "CLUSTERDESK_DATABASE_URL": url, "CLUSTERDESK_ENVIRONMENT": "local"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "clusterdesk.web.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
            # idle connections: the server keeps them well past the client's 2 s (see _load); with both at
            # uvicorn's 5 s, a starved event loop closed connections the client had just reused
            "--timeout-keep-alive",
            "20",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(300):
            try:
                if httpx.get(base + "/api/v1/news?page_size=1", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        asyncio.run(_load(base, reads, min(clients, 10), 3.0, rng))  # warm-up: every worker's pool and caches
        memory: list[int] = []
        stop = False

        async def sample() -> None:
            while not stop:
                memory.append(_tree_rss(server.pid))
                await asyncio.sleep(1.0)

        async def run() -> dict[str, Any]:
            nonlocal stop
            sampler = asyncio.create_task(sample())
            result = await _load(base, reads, clients, seconds, rng, think)
            stop = True
            await sampler
            return result

        # CPU spent per request, which waiting for a core on a shared machine does not inflate: the server's
        # processes, the database's backends for this database, and this load tool itself
        server_before, database_before, client_before = (
            _tree_cpu(server.pid),
            _database_cpu(url),
            time.process_time(),
        )
        machine_before = _machine_cpu_ms()
        load_before = os.getloadavg()[0]
        sessions_before = _sessions(url)
        result = asyncio.run(run())
        # connections opened to the database over the run (a few are this tool's own CPU and count reads)
        result["all"]["database_connections_opened"] = _sessions(url) - sessions_before
        client_ms = (time.process_time() - client_before) * 1000
        machine_ms = _machine_cpu_ms() - machine_before
        server_ms = _spent(server_before, _tree_cpu(server.pid))
        database_ms = _spent(database_before, _database_cpu(url))
        requests = max(1, int(result["all"]["requests"]))
        result["all"]["cpu_ms_per_request"] = {
            "server": round(server_ms / requests, 1),
            "database": round(database_ms / requests, 1),
            "load_tool": round(client_ms / requests, 1),
            "machine": round(machine_ms / requests, 1),
        }
        result["all"]["load_average_1min"] = {"before": load_before, "after": os.getloadavg()[0]}
        mib = [m / 2**20 for m in memory if m]
        return {
            "workers": workers,
            "clients": clients,
            "seconds": seconds,
            "think_s": think,
            "reads": result,
            "server_rss_mib": {
                "first": round(mib[0], 1),
                "last": round(mib[-1], 1),
                "peak": round(max(mib), 1),
                # at the end of each tenth of the run: flat, or still growing?
                "by_tenth": [round(mib[min(len(mib) - 1, len(mib) * k // 10)], 1) for k in range(1, 11)],
                "second_half_growth": round(mib[-1] - mib[len(mib) // 2], 1),
            }
            if mib
            else {},
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


# Main -------------------------------------------------------------------------------------------------------


def prepare_database(url: str, reuse: bool) -> None:
    from clusterdesk.migrate import upgrade

    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and not reuse:
        admin = make_engine(
            parsed.set(database="postgres").render_as_string(hide_password=False),
            isolation_level="AUTOCOMMIT",
        )
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database})
            if exists:
                conn.execute(text(f'DROP DATABASE "{parsed.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
        admin.dispose()
    elif parsed.get_backend_name() == "sqlite" and not reuse and parsed.database:
        Path(parsed.database).unlink(missing_ok=True)
    upgrade(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=4, help="uvicorn worker processes")
    parser.add_argument("--ingest-texts", type=int, default=12)
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean pause of a client between requests, s (0: back to back)",
    )
    parser.add_argument("--reuse", action="store_true", help="measure the store already built at this URL")
    parser.add_argument(
        "--baseline-url",
        help="a database for a copy of the store at 1,000 items (made while building); per-item ingest is "
        "then measured on both stores side by side, --ingest-rounds times",
    )
    parser.add_argument("--ingest-rounds", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(SEED)
    started = time.perf_counter()
    prepare_database(args.database_url, args.reuse)
    engine = make_engine(args.database_url)
    plan = Plan.for_items(args.items)
    sentences = corpus_sentences()
    texts = ingest_texts(sentences, args.ingest_texts, rng)
    timings: dict[str, float] = {}
    result: dict[str, Any] = {"database": engine.dialect.name, "plan": plan.__dict__}
    if not args.reuse:
        store = build_registry(engine, plan, sentences, rng)
        t = time.perf_counter()
        pieces = Pieces(
            sentences, per_sentence=max(1, min(40, args.items // max(1, len(sentences)) * 2)), rng=rng
        )
        timings["pieces_s"] = time.perf_counter() - t
        first = min(1000, args.items)
        t = time.perf_counter()
        build_items(engine, store, pieces, first, rng, plan)
        reset_sequences(engine)
        timings["first_1k_s"] = time.perf_counter() - t
        if args.baseline_url:
            engine.dispose()  # a template database has no other sessions
            copy_store(args.database_url, args.baseline_url)
        else:
            result["ingest_at_1k"] = measure_ingest(engine, texts, "1k")
        with engine.connect() as conn:  # the measured items are gone again; go on after the highest ids
            store.next_mention = (conn.scalar(text("SELECT max(id) FROM news_mention")) or 0) + 1
            store.next_fact = (conn.scalar(text("SELECT max(id) FROM news_fact")) or 0) + 1
        t = time.perf_counter()
        build_items(engine, store, pieces, args.items - first, rng, plan)
        reset_sequences(engine)
        timings["bulk_rest_s"] = time.perf_counter() - t
    with engine.connect() as conn:
        counts = {
            table: conn.scalar(text(f"SELECT count(*) FROM {table}"))
            for table in ("organization", "person", "news_item", "news_mention", "news_fact", "news_band")
        }
    result["counts"] = counts
    t = time.perf_counter()
    if args.baseline_url:
        baseline = make_engine(args.baseline_url)
        paired = measure_ingest_interleaved({"1k": baseline, "n": engine}, texts, args.ingest_rounds)
        baseline.dispose()
        result["ingest_at_1k"], result["ingest_at_n"] = paired["1k"], paired["n"]
    else:
        result["ingest_at_n"] = measure_ingest(engine, texts, "n")
    timings["ingest_n_s"] = time.perf_counter() - t
    if "ingest_at_1k" in result:
        at_1k, at_n = result["ingest_at_1k"], result["ingest_at_n"]
        result["ingest_ratio_n_vs_1k"] = round(at_n["per_item_ms_median"] / at_1k["per_item_ms_median"], 3)
        result["ingest_cpu_ratio_n_vs_1k"] = round(
            at_n["per_item_cpu_ms_median"] / at_1k["per_item_cpu_ms_median"], 3
        )
        if at_1k["store_ms_median"]:
            result["store_ratio_n_vs_1k"] = round(at_n["store_ms_median"] / at_1k["store_ms_median"], 3)
    with engine.connect() as conn:
        org_ids = list(
            conn.scalars(
                select(text("id")).select_from(text("organization")).order_by(func.random()).limit(2000)
            )
        )
        names = list(conn.scalars(text("SELECT short_name FROM organization ORDER BY id LIMIT 3000")))
    org_words = sorted({w for n in names for w in re.findall(r"[А-ЯЁ][а-яё]{3,}", n)})
    search_words = [w for w in corpus_capitalised(sentences) if len(w) >= 5]
    reads = Reads(org_ids=org_ids, words=search_words, org_words=org_words or ["Тех"])
    engine.dispose()
    t = time.perf_counter()
    result["hot_reads"] = measure_reads(
        args.database_url, reads, args.workers, args.clients, args.seconds, rng, args.think
    )
    timings["reads_s"] = time.perf_counter() - t
    result["timings_s"] = {k: round(v, 1) for k, v in timings.items()}
    result["total_s"] = round(time.perf_counter() - started, 1)
    per_read = [r for name, r in result["hot_reads"]["reads"].items() if name != "all"]
    result["worst_p95_ms"] = max((r["p95_ms"] for r in per_read), default=None)
    result["errors"] = sum(r["errors"] for r in per_read)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

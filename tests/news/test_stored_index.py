"""The persistent indexes of the store: near-duplicate band keys in a table, the registry gazetteer cached
per process and refreshed when another process changes the registry (both databases)."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.news.dedup import LSH_BANDS, NUM_PERM, band_keys, minhash_values, shingles
from clusterdesk.news.models import NewsBand, NewsItem, NewsOccurrence
from clusterdesk.news.pipeline import process_text
from clusterdesk.news.store import Outcome, store_item
from clusterdesk.registry.models import Organization, OrganizationKind
from tests.news.conftest import DATA

ACTOR = Actor(id=None, name="test-index")


def _article() -> str:
    return (DATA / "seeds").glob("004_*.txt").__next__().read_text("utf-8").split("Ранее мы сообщали")[0]


def _reprint(article: str) -> str:
    paragraphs = [p for p in article.split("\n") if p.strip()]
    return "Томские компании показали проекты кластера\n\n" + "\n\n".join(
        [*paragraphs[1:-2], paragraphs[-1].rsplit(".", 2)[0] + ".", paragraphs[-2]]
    )


def test_band_keys_are_datasketchs_buckets() -> None:
    from datasketch import MinHash, MinHashLSH

    text = _article()
    grams = shingles(text)
    reference = MinHash(num_perm=NUM_PERM)
    reference.update_batch([g.encode("utf-8") for g in grams])
    lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_BANDS)
    lsh.insert("a", reference)
    keys = band_keys(minhash_values(grams))
    assert len(keys) == LSH_BANDS[0]
    for band, (key, table) in enumerate(zip(keys, lsh.hashtables, strict=True)):
        assert key[0] == band
        assert list(table.keys()) == [key[1:]]


_FIRST_RUN = """
import sys
from clusterdesk.audit.service import Actor
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.news.nlp import build_models
from clusterdesk.news.pipeline import process_text
from clusterdesk.news.store import store_item

engine = make_engine(sys.argv[1])
factory = make_session_factory(engine)
text = open(sys.argv[2], encoding="utf-8").read()
for item in process_text(text, source="first-site", models=build_models()):
    with factory.begin() as session:
        print(store_item(session=session, actor=Actor(id=None, name="first"), item=item).outcome.value)
engine.dispose()
"""


def test_a_reprint_of_an_item_stored_by_another_process_is_found_without_a_rebuild(
    scratch_url: str,
    models,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    article = _article()
    source = tmp_path / "article.txt"
    source.write_text(article, encoding="utf-8")
    first = subprocess.run(
        [sys.executable, "-c", _FIRST_RUN, scratch_url, str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert first.stdout.split() == ["new"]
    engine = make_engine(scratch_url)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        assert session.scalar(select(func.count()).select_from(NewsBand)) == LSH_BANDS[0]
        [item] = process_text(_reprint(article), source="other-site", models=models)
        stored = store_item(session=session, actor=ACTOR, item=item)  # no index loaded, none passed
        assert stored.outcome == Outcome.duplicate
        occurrences = session.scalars(select(NewsOccurrence).where(NewsOccurrence.item_id == stored.item_id))
        assert [o.similarity < 1.0 for o in occurrences] == [False, True]
    with factory.begin() as session:
        assert session.scalar(select(func.count()).select_from(NewsItem)) == 1
        assert session.scalar(select(func.count()).select_from(NewsBand)) == LSH_BANDS[0]
    engine.dispose()


def test_a_rolled_back_item_leaves_no_band_keys_and_a_deleted_one_takes_its_keys(
    session: Session,
    models,  # type: ignore[no-untyped-def]
) -> None:
    article = _article()
    [item] = process_text(article, source="rolled-back", models=models)
    savepoint = session.begin_nested()
    stored = store_item(session=session, actor=ACTOR, item=item)
    assert session.scalar(select(func.count()).where(NewsBand.item_id == stored.item_id)) == LSH_BANDS[0]
    savepoint.rollback()
    assert session.scalar(select(func.count()).select_from(NewsBand)) == 0
    [again] = process_text(_reprint(article), source="second", models=models)
    assert store_item(session=session, actor=ACTOR, item=again).outcome == Outcome.new  # nothing to reprint
    session.flush()
    session.execute(NewsItem.__table__.delete())
    assert session.scalar(select(func.count()).select_from(NewsBand)) == 0


def test_the_gazetteer_of_one_process_sees_an_organisation_added_by_another(scratch_url: str, models) -> None:  # type: ignore[no-untyped-def]
    """Two application instances with engines of their own (as two web workers): the cached gazetteer of
    the first notices the organisation the second one added, and stays cached while nothing changes."""
    from clusterdesk.news.known_names import registry_gazetteer
    from clusterdesk.news.records import Entity

    first, second = make_engine(scratch_url), make_engine(scratch_url)
    one, two = make_session_factory(first), make_session_factory(second)
    mention = Entity("ORG", 0, 8, "Квантрон", "Квантрон")
    with one() as session:
        before = registry_gazetteer(session=session, vocab=models.morph_vocab)
        assert before.link(mention) is None
        assert registry_gazetteer(session=session, vocab=models.morph_vocab) is before  # unchanged: reused
    with two.begin() as session:
        session.add(
            Organization(
                short_name="Квантрон", name="ООО «Квантрон»", kind=OrganizationKind.enterprise, aliases=[]
            )
        )
    with one() as session:
        after = registry_gazetteer(session=session, vocab=models.morph_vocab)
        link = after.link(mention)
        assert after is not before and link is not None and link.name == "Квантрон"
    with two.begin() as session:
        session.execute(Organization.__table__.delete().where(Organization.short_name == "Квантрон"))
    with one() as session:
        assert registry_gazetteer(session=session, vocab=models.morph_vocab).link(mention) is None
    first.dispose()
    second.dispose()


def test_a_count_limit_stops_counting_and_says_there_are_more(session: Session) -> None:
    from clusterdesk.db import paginate

    session.add_all(
        NewsItem(fingerprint=f"f{n}", text=f"Новость {n}", search_text=" новость ") for n in range(5)
    )
    session.flush()
    query = select(NewsItem)
    assert paginate(session, query, page=1, page_size=2, order_by=(NewsItem.id,))[1] == 5
    items, total = paginate(session, query, page=1, page_size=2, order_by=(NewsItem.id,), count_limit=3)
    assert len(items) == 2 and total == 4  # «more than 3»
    assert paginate(session, query, page=1, page_size=2, order_by=(NewsItem.id,), count_limit=5)[1] == 5

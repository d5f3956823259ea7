"""Poll one source: fetch its index, find the articles it points at, store what is new, record its health.

Every failure of the source becomes its ``last_error`` (Russian) and pushes its next run back; one bad
article of a good source is counted and named, and the other articles go on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import update

from clusterdesk.audit.service import Actor
from clusterdesk.db import utcnow
from clusterdesk.intake import documents
from clusterdesk.intake.discover import Entry, NotAFeedError, feed_entries, listing_links, sitemap_entries
from clusterdesk.intake.fetch import Fetched, FetchError, PoliteClient
from clusterdesk.intake.models import Source, SourceKind
from clusterdesk.intake.schedule import Transaction, next_run_after, retrying
from clusterdesk.news.sources import UndecodableError, decode_bytes

WORKER_ACTOR = Actor(id=None, name="worker")
MAX_ERRORS_SHOWN = 3


@dataclass
class PollOutcome:
    """What one run of a source did."""

    source_id: int
    ok: bool = True
    not_modified: bool = False
    seen: int = 0  # articles the source points at
    new: int = 0  # new news items stored
    duplicates: int = 0
    documents: int = 0  # raw documents stored
    error: str | None = None  # the source's own failure
    article_errors: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        if not self.ok:
            return f"ошибка: {self.error}"
        if self.not_modified:
            return "не изменился с прошлой проверки (304)"
        text = f"статей в источнике: {self.seen}, новых новостей: {self.new}, перепечаток: {self.duplicates}"
        if self.article_errors:
            text += f", не разобрано статей: {len(self.article_errors)}"
        return text


@dataclass(frozen=True, slots=True)
class SourceState:
    id: int
    url: str
    kind: SourceKind
    interval_minutes: int
    failures: int
    etag: str | None
    last_modified: str | None


def _state(transaction: Transaction, source_id: int) -> SourceState | None:
    with transaction() as session:
        source = session.get(Source, source_id)
        if source is None:
            return None
        return SourceState(
            source.id,
            source.url,
            source.kind,
            source.interval_minutes,
            source.failures,
            source.etag,
            source.last_modified,
        )


def poll_source(
    *,
    transaction: Transaction,
    source_id: int,
    client: PoliteClient,
    analyser_for: object,
    actor: Actor = WORKER_ACTOR,
    owner: str | None = None,
    lease: timedelta | None = None,
) -> PollOutcome:
    """Run one claimed source end to end and record its health; never raises for the source's own faults.

    ``analyser_for`` is a callable returning the `documents.Analyser` (built lazily: a source with nothing
    new never loads the language models).
    """
    state = _state(transaction, source_id)
    outcome = PollOutcome(source_id)
    if state is None:
        outcome.ok, outcome.error = False, f"источник #{source_id} удалён"
        return outcome
    started = utcnow()
    index: Fetched | None = None
    try:
        index = client.get(state.url, etag=state.etag, last_modified=state.last_modified)
        if index.not_modified:
            outcome.not_modified = True
        else:
            renew = _renewal(transaction, state.id, owner, lease)
            _store_entries(transaction, state, index, client, analyser_for, actor, outcome, renew)
    except (FetchError, NotAFeedError) as exc:
        outcome.ok = False
        outcome.error = exc.message if isinstance(exc, FetchError) else f"{state.url}: {exc}"
    _record_health(transaction, state, outcome, index, started, owner)
    return outcome


def _renewal(
    transaction: Transaction, source_id: int, owner: str | None, lease: timedelta | None
) -> Callable[[], None]:
    """Extend our lease before each article, so a long run is never taken over by another worker."""

    def renew() -> None:
        if owner is None or lease is None:
            return
        retrying(
            transaction,
            lambda session: session.execute(
                update(Source)
                .where(Source.id == source_id, Source.lease_owner == owner)
                .values(lease_until=utcnow() + lease)
                .execution_options(synchronize_session=False)
            ),
        )

    return renew


def _entries(state: SourceState, index: Fetched) -> list[Entry]:
    if state.kind == SourceKind.feed:
        return feed_entries(index.body)
    if state.kind == SourceKind.sitemap:
        return sitemap_entries(index.body)
    if state.kind == SourceKind.listing:
        if index.content_type not in ("", "text/html", "application/xhtml+xml"):
            raise NotAFeedError(
                f"ответ не HTML-страница (тип «{index.content_type}») — проверьте адрес списка новостей"
            )
        text, _ = documents_decode(index.body)
        return listing_links(index.url, text)
    return [Entry(url=state.url)]


def documents_decode(body: bytes) -> tuple[str, str]:
    try:
        return decode_bytes(body)
    except UndecodableError as exc:
        raise NotAFeedError(f"страницу не удалось декодировать ({exc})") from exc


def _store_entries(
    transaction: Transaction,
    state: SourceState,
    index: Fetched,
    client: PoliteClient,
    analyser_for: object,
    actor: Actor,
    outcome: PollOutcome,
    renew: Callable[[], None],
) -> None:
    entries = _entries(state, index)
    outcome.seen = len(entries)
    if state.kind == SourceKind.page:
        # the page is its own article: a non-HTML body is the source's failure, not an article's
        if index.content_type not in documents.TEXT_TYPES:
            raise NotAFeedError(f"ответ не HTML-страница (тип «{index.content_type}») — проверьте адрес")
        _store_one(transaction, state, index, entries[0], analyser_for, actor, outcome)
        if outcome.article_errors:
            outcome.ok, outcome.error = False, outcome.article_errors[0]
        return
    for entry in entries:
        with transaction() as session:
            if documents.known(session, entry.url):
                continue  # an article is read once; its later edits are not news
        renew()
        try:
            page = client.get(entry.url)
        except FetchError as exc:
            if entry.summary:
                page = Fetched(entry.url, 200, entry.summary.encode("utf-8"), {"content-type": "text/html"})
            else:
                outcome.article_errors.append(exc.message)
                continue
        _store_one(transaction, state, page, entry, analyser_for, actor, outcome)


def _store_one(
    transaction: Transaction,
    state: SourceState,
    page: Fetched,
    entry: Entry,
    analyser_for: object,
    actor: Actor,
    outcome: PollOutcome,
) -> None:
    analyser = analyser_for()  # type: ignore[operator]
    stored = retrying(
        transaction,
        lambda session: documents.store_document(
            session=session, actor=actor, analyser=analyser, fetched=page, source_id=state.id, entry=entry
        ),
    )
    documents.committed(analyser, stored)
    if stored.unchanged:
        return
    outcome.documents += 1
    outcome.new += stored.new
    outcome.duplicates += stored.duplicates
    if stored.error:
        outcome.article_errors.append(stored.error)


def _record_health(
    transaction: Transaction,
    state: SourceState,
    outcome: PollOutcome,
    index: Fetched | None,
    started: datetime,
    owner: str | None,
) -> None:
    finished = utcnow()
    values: dict[str, object] = {"last_attempt_at": started, "lease_owner": None, "lease_until": None}
    if outcome.ok:
        failures = 0
        values.update(last_success_at=finished, items_seen=outcome.seen, items_new=outcome.new)
        values["last_error"] = _article_errors(outcome) if outcome.article_errors else None
        if index is not None and not index.not_modified:
            values.update(etag=index.headers.get("etag"), last_modified=index.headers.get("last-modified"))
    else:
        failures = state.failures + 1
        values.update(last_error=outcome.error, items_seen=0, items_new=0)
    values.update(failures=failures, next_run_at=next_run_after(finished, state.interval_minutes, failures))
    query = update(Source).where(Source.id == state.id)
    if owner is not None:
        query = query.where(Source.lease_owner == owner)  # a lease taken over by another worker is theirs
    retrying(
        transaction,
        lambda session: session.execute(query.values(**values).execution_options(synchronize_session=False)),
    )


def _article_errors(outcome: PollOutcome) -> str:
    shown = "; ".join(outcome.article_errors[:MAX_ERRORS_SHOWN])
    more = len(outcome.article_errors) - MAX_ERRORS_SHOWN
    return (
        f"не разобрано статей: {len(outcome.article_errors)} ({shown}{f' и ещё {more}' if more > 0 else ''})"
    )


def record_internal_error(transaction: Transaction, source_id: int, owner: str, message: str) -> None:
    """Best effort: note the failure and leave the lease to expire if the database itself is the problem."""
    try:
        with transaction() as session:
            session.execute(
                update(Source)
                .where(Source.id == source_id, Source.lease_owner == owner)
                .values(last_attempt_at=utcnow(), last_error=message[:2000])
                .execution_options(synchronize_session=False)
            )
    except Exception:  # the lease expires by itself; the worker goes on
        pass

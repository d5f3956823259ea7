"""Word search over the news items' search words: one rule on both databases, an index on PostgreSQL.

The rule is the registry's (registry/filters.matches_words): each word of a query, in any of its case forms,
starts a word of the item's search text (lemmas.search_text). SQLite checks it with ``LIKE '% form%'``;
PostgreSQL asks a GIN index over the search words read as a ``tsvector`` (the ``simple`` configuration keeps
every word as it is written, so the bag's words are the index's lexemes) with a prefix query
(``form:*``) — an exact answer from the index alone, where the trigram index it replaces rechecked every
candidate row's whole search text.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Boolean, ColumnElement, and_, bindparam, text, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from clusterdesk.lemmas import query_terms
from clusterdesk.news.models import SEARCH_WORDS_FUNCTION, NewsItem
from clusterdesk.registry.filters import matches_words


class _WordsCondition(FunctionElement[bool]):
    """A word condition compiled per dialect; its last argument is the same condition written with LIKE,
    which every database but PostgreSQL runs."""

    type = Boolean()
    inherit_cache = True


@compiles(_WordsCondition)
def _compile_like(element: _WordsCondition, compiler: SQLCompiler, **kw: Any) -> str:
    like = list(element.clauses)[-1]
    return str(compiler.process(like, **kw))


class _WordsMatch(_WordsCondition):
    """``(search text column, tsquery text, LIKE condition)``."""

    name = "news_words_match"
    inherit_cache = True


@compiles(_WordsMatch, "postgresql")
def _compile_tsquery(element: _WordsMatch, compiler: SQLCompiler, **kw: Any) -> str:
    column, query, _ = list(element.clauses)
    indexed = f"{SEARCH_WORDS_FUNCTION}({compiler.process(column, **kw)})"
    return f"{indexed} @@ to_tsquery('simple'::regconfig, {compiler.process(query, **kw)})"


def tsquery_text(query: str) -> str:
    """``(form:* | form:*) & (…)``: each query word by any of its forms (letters and digits only)."""
    return " & ".join(
        "(" + " | ".join(f"{form}:*" for form in sorted(forms)) + ")" for forms in query_terms(query)
    )


def item_words(query: str) -> ColumnElement[bool]:
    """News items whose search words hold every word of ``query``; a query without words filters nothing.

    On PostgreSQL the condition is answered by the word index. A page in the feed's order (``ORDER BY
    published DESC LIMIT 20``) must not be read by walking the feed index and computing each row's
    tsvector as a filter (0.2–0.4 s for a word in 1–2 % of 200,000 items): news/service.py reads the
    matches as a bitmap first.
    """
    if not query_terms(query):
        return true()
    like = and_(*matches_words(NewsItem.search_text, query))
    return _WordsMatch(NewsItem.search_text, bindparam(None, tsquery_text(query)), like)  # type: ignore[return-value]


# PostgreSQL's statistics of the word index: the share of items holding each of its most common words (ANALYZE
# keeps up to 1,000), read once per SHARES_SECONDS per database. They only choose how a common word's page is
# looked for (news/service.py); the page is the same whichever way, so statistics an ANALYZE behind cost time,
# never a wrong answer.
SHARES_SECONDS = 300.0
_shares: dict[str, tuple[float, dict[str, float]]] = {}


def word_shares(session: Session, *, refresh: bool = False) -> dict[str, float]:
    """The share of news items holding each of the word index's most common words (PostgreSQL; empty
    elsewhere, or before the first ANALYZE)."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return {}
    key = bind.engine.url.render_as_string(hide_password=True)
    known = _shares.get(key)
    if known is not None and not refresh and time.monotonic() - known[0] < SHARES_SECONDS:
        return known[1]
    row = session.execute(
        text(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = 'ix_news_item_search_words' LIMIT 1"
        )
    ).first()
    shares: dict[str, float] = {}
    if row is not None and row[0] is not None and row[1] is not None:
        shares = {str(word): float(share) for word, share in zip(row[0], row[1], strict=False)}
    _shares[key] = (time.monotonic(), shares)
    return shares


def common_share(session: Session, query: str) -> float:
    """How common the query's rarest word is, by the statistics: for each query word, the share of items
    holding a word that one of its forms begins (the forms' common words' shares added up, as the search
    matches any word a form begins; at most 1), and the smallest of those over the query's words — 0 when no
    common word starts with a form of one of them."""
    terms = query_terms(query)
    if not terms:
        return 0.0
    shares = word_shares(session)
    beginnings = [tuple(forms) for forms in terms]
    return min(
        min(1.0, sum(share for word, share in shares.items() if word.startswith(forms)))
        for forms in beginnings
    )

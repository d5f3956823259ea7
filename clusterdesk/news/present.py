"""Turn stored news rows into API shapes and highlighted HTML (shared by the API and the pages)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from clusterdesk.labels import entity_tag
from clusterdesk.lemmas import fold, query_terms, word_matches
from clusterdesk.news.models import MentionStatus, NewsFact, NewsMention
from clusterdesk.news.schemas import FactRead, LinkRead, MentionRead
from clusterdesk.news.service import entity_name
from clusterdesk.russian import ru_date

CONFIRMED = (MentionStatus.linked, MentionStatus.accepted)


def mention_read(session: Session, mention: NewsMention) -> MentionRead:
    link = None
    if mention.organization_id is not None or mention.person_id is not None:
        link = LinkRead(
            entity_type="organization" if mention.organization_id is not None else "person",
            id=mention.organization_id or mention.person_id or 0,
            name=entity_name(session=session, mention=mention),
            confidence=mention.confidence,
        )
    return MentionRead(
        id=mention.id,
        version=mention.version,
        type=mention.type,
        start=mention.start,
        end=mention.end,
        text=mention.text,
        normal=mention.normal,
        status=mention.status,
        link=link,
    )


def fact_read(fact: NewsFact) -> FactRead:
    return FactRead(
        id=fact.id,
        version=fact.version,
        item_id=fact.item_id,
        type=fact.type,
        fields=fact.fields,
        evidence={"start": fact.evidence_start, "end": fact.evidence_end},
        evidence_text=fact.item.text[fact.evidence_start : fact.evidence_end],
        status=fact.status,
        accepted_as=fact.accepted_as,
        organization_ids=[o.organization_id for o in fact.organizations],
    )


class Marked(Protocol):
    """What marking a mention needs: a stored mention or a feed row (news/reads.py)."""

    @property
    def type(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def normal(self) -> str: ...

    @property
    def status(self) -> MentionStatus: ...

    @property
    def organization_id(self) -> int | None: ...

    @property
    def person_id(self) -> int | None: ...


class WithMentions(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def mentions(self) -> Sequence[Marked]: ...


def highlighted(item: WithMentions, mentions: Sequence[Marked] | None = None) -> Markup:
    """The item's text with entity spans marked; confirmed links point to the registry card.

    A mention inside another («Америки» in «Голос Америки») is marked inside the outer one's element, never as
    a link inside a link; a mention that crosses another's boundary is left unmarked.
    """
    chosen = mentions if mentions is not None else item.mentions
    return Markup(_marked_range(item.text, chosen, 0, len(item.text)).replace("\n", "<br>\n"))


def _marked_range(text: str, mentions: Sequence[Marked], start: int, end: int) -> str:
    """HTML of text[start:end] with the mentions inside the range marked (outer ones first)."""
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    ordered = sorted(inside, key=lambda m: (m.start, -m.end, m.type))
    return _marked(text, ordered, start, end, in_link=False)


EXCERPT_LENGTH = 600  # characters of an item the feed shows before «читать полностью»
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…»])\s+(?=[«\"(]?[А-ЯЁA-Z0-9])|\n")


@dataclass(frozen=True)
class Excerpt:
    html: Markup
    cut: bool  # the text goes on: the page links to the whole item


def excerpt_end(text: str, mentions: Sequence[Marked], length: int = EXCERPT_LENGTH, start: int = 0) -> int:
    """Where the feed's excerpt of ``text`` from ``start`` ends: the end of a short text; else the end of the
    sentence (or paragraph) that runs past ``length`` — within half as much again, or else at a space — and
    never inside a marked name."""
    if len(text) - start <= length + length // 3:
        return len(text)
    limit = start + length + length // 2
    after = (m.start() for m in _SENTENCE_BREAK.finditer(text, start + length // 2) if m.start() <= limit)
    end = next((b for b in after if b >= start + length), None)
    if end is None:
        space = text.rfind(" ", start + length // 2, start + length)
        end = space if space > 0 else start + length
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.start < end < mention.end:
            end = mention.end
    return end


def excerpt_start(text: str, mentions: Sequence[Marked], query: str, shown_until: int) -> int:
    """Where a search result's excerpt starts: the text's start, unless the first word of the text that a word
    of ``query`` begins (as the search matches it: any of its forms) lies past ``shown_until`` (the end of the
    excerpt from the start) — then the start of that word's sentence (or paragraph), never inside a marked
    name."""
    forms = tuple(sorted({form for term in query_terms(query) for form in term}))
    if not forms:
        return 0
    found = next((m.start() for m in word_matches(text) if fold(m.group()).startswith(forms)), None)
    if found is None or found < shown_until:
        return 0
    start = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, found)), default=0)
    for mention in mentions:
        if mention.start < start < mention.end:
            start = mention.start
    return start


def highlighted_excerpt(
    item: WithMentions, length: int = EXCERPT_LENGTH, query: str | None = None
) -> Excerpt:
    """The item's text as the feed shows it: its beginning or, for a search, the sentence where a searched
    word first occurs when that lies further on — marked as ``highlighted`` marks the whole."""
    end = excerpt_end(item.text, item.mentions, length)
    start = excerpt_start(item.text, item.mentions, query, end) if query else 0
    if start > 0:
        end = excerpt_end(item.text, item.mentions, length, start)
    elif end >= len(item.text):
        return Excerpt(highlighted(item), cut=False)
    html = _marked_range(item.text, item.mentions, start, end).strip()
    if start > 0:
        html = "…" + html
    if end < len(item.text) and not item.text[start:end].rstrip().endswith((".", "!", "?", "…")):
        html += "…"  # cut inside a sentence
    return Excerpt(Markup(html.replace("\n", "<br>\n")), cut=True)


def _marked(text: str, mentions: Sequence[Marked], start: int, end: int, *, in_link: bool) -> str:
    """HTML of text[start:end] with `mentions` (sorted, all inside the range) marked, nested ones inside."""
    parts: list[str] = []
    cursor = start
    for number, mention in enumerate(mentions):
        if mention.start < cursor or mention.end <= mention.start:
            continue  # inside the previous mention (marked there) or crossing it
        inner = [
            m
            for m in mentions[number + 1 :]
            if mention.start <= m.start
            and m.end <= mention.end
            and (m.start, m.end) != (mention.start, mention.end)
        ]
        parts.append(str(escape(text[cursor : mention.start])))
        href = None if in_link else _card(mention)
        label = _marked(text, inner, mention.start, mention.end, in_link=in_link or href is not None)
        css = f"ent ent-{mention.type.lower()} ent-{mention.status.value}"
        title = escape(f"{entity_tag(mention.type)}: {mention.normal}")
        if href:
            parts.append(f'<a class="{css}" href="{href}" title="{title}">{label}</a>')
        else:
            parts.append(f'<mark class="{css}" title="{title}">{label}</mark>')
        cursor = mention.end
    parts.append(str(escape(text[cursor:end])))
    return "".join(parts)


def _card(mention: Marked) -> str | None:
    """The registry card a confirmed mention links to."""
    if mention.status not in CONFIRMED:
        return None
    if mention.organization_id is not None:
        return f"/organizations/{mention.organization_id}"
    if mention.person_id is not None:
        return f"/people/{mention.person_id}"
    return None


# Titles and sources as a person reads them ------------------------------------------------------------------

TITLE_LENGTH = 100
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")
# Outlets known by their site; another site reads as its address without «www.».
OUTLETS = {
    "sibmedia.ru": "Сибмедиа",
    "tusur.ru": "ТУСУР",
    "tsu.ru": "ТГУ",
    "tpu.ru": "ТПУ",
    "tass.ru": "ТАСС",
    "riatomsk.ru": "РИА Томск",
    "tomsk.gov.ru": "Администрация Томской области",
    "i-regions.org": "Ассоциация инновационных регионов России",
}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class Titled(Protocol):
    """What naming an item needs: a stored item or a timeline entry."""

    @property
    def title(self) -> str | None: ...

    @property
    def text(self) -> str: ...


def item_title(item: Titled) -> str:
    """The item's own title, else its first sentence (cut at a word near ``TITLE_LENGTH`` with «…»).

    One rule for the feed, the item page, the organisation card and wherever a news item is named.
    """
    if item.title and item.title.strip():
        return item.title.strip()
    text = " ".join(item.text.split())
    if not text:
        return "Новость без текста"
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= TITLE_LENGTH:
        return first.rstrip(".")
    cut = first[:TITLE_LENGTH].rsplit(" ", 1)[0]
    if cut.count("«") > cut.count("»") and cut.rfind("«") > TITLE_LENGTH // 3:
        cut = cut[: cut.rfind("«")]  # never end inside an unclosed quotation
    return cut.rstrip(" ,;:—–-") + "…"


def outlet(url: str | None) -> str | None:
    """«Сибмедиа» for https://www.sibmedia.ru/…; a site not listed reads as its host name."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    if host in LOCAL_HOSTS:
        return "демо-сайт новостей"
    for known, name in OUTLETS.items():
        if host == known or host.endswith("." + known):
            return name
    return host


@dataclass(frozen=True)
class SourceLine:
    """One place a news item appeared, in words: «Сибмедиа: «Заголовок», 5 мая 2025»; its link if any."""

    text: str
    url: str | None
    reprint: float | None = None  # similarity when it is a reprint (< 1)


class Article(Protocol):
    """What naming a source needs: a stored article or a feed row."""

    @property
    def source(self) -> str: ...

    @property
    def title(self) -> str | None: ...

    @property
    def published(self) -> date | None: ...

    @property
    def url(self) -> str | None: ...


class Occurrence(Protocol):
    @property
    def number(self) -> int: ...

    @property
    def similarity(self) -> float: ...

    @property
    def article(self) -> Article: ...


class Sourced(Titled, Protocol):
    """What naming an item's sources needs: a stored item or a feed row."""

    @property
    def published(self) -> date | None: ...

    @property
    def occurrences(self) -> Sequence[Occurrence]: ...


def describe_article(article: Article, number: int = 0, item: Sourced | None = None) -> str:
    """The outlet, the title and the date of an input; never its file name or internal key."""
    parts: list[str] = []
    site = outlet(article.url)
    title = article.title or (item.title if item is not None else None)
    if site and item is not None and title and title.strip() == item_title(item):
        title = None  # the item's own title is shown beside it: the outlet names the source
    if site:
        parts.append(site)
    if title:
        parts.append(f"«{title.strip()}»")
    if not parts:
        parts.append(_unnamed(article.source))
    when = article.published or (item.published if item is not None else None)
    text = ": ".join(parts[:2]) if site and title else parts[0]
    if number > 0:
        text += f", новость №{number + 1}"
    if when is not None:
        text += f", {ru_date(when)}"
    return text


def _unnamed(source: str) -> str:
    if source.startswith("api:"):
        return "текст, добавленный вручную"
    if _URL.match(source):
        return outlet(source) or "страница в интернете"
    return "загруженный текст"


_URL = re.compile(r"^https?://", re.I)


def source_lines(item: Sourced) -> list[SourceLine]:
    """Where the item appeared, one line per article, in words (the API keeps the machine fields)."""
    return [
        SourceLine(
            text=describe_article(o.article, o.number, item),
            url=o.article.url,
            reprint=o.similarity if o.similarity < 1 else None,
        )
        for o in item.occurrences
    ]


def item_source(item: Sourced) -> str:
    """The item's first source in one line, for other domains' «источник» fields and the review queue."""
    lines = source_lines(item)
    return lines[0].text if lines else "новость"

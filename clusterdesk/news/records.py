"""Plain records that flow between the news pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

EntityType = Literal["ORG", "PER", "LOC"]
FactType = Literal["post", "event", "agreement", "project", "decision", "risk"]


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One decoded input: a file, a page or a feed entry, before splitting."""

    source: str
    text: str
    title: str | None = None
    published: date | None = None
    author: str | None = None
    url: str | None = None
    encoding: str = "utf-8"
    is_extracted: bool = False  # text came out of HTML/RSS, so it is already a single article


@dataclass(frozen=True, slots=True)
class SourceError:
    """A bad input item: the batch goes on, this record says why the item was skipped."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class ItemSlice:
    """One news item cut out of a source text; `offset` is where `text` begins in the source."""

    offset: int
    text: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A character span [start, end) into an item's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Link:
    """A mention resolved to a registry entity; `needs_review` below the confidence threshold."""

    entity_id: int
    name: str
    confidence: float
    needs_review: bool = False


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention with its nominative normal form."""

    type: EntityType
    start: int
    end: int
    text: str
    normal: str
    link: Link | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact found by the rules; `fields` holds its typed slots, `evidence` the supporting text."""

    type: FactType
    fields: dict[str, object]
    evidence: Span


@dataclass(frozen=True, slots=True)
class NewsItem:
    """One news item with everything the pipeline found in it."""

    source: str
    item: int
    offset: int
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    author: str | None = None
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    duplicate_of: str | None = None
    fingerprint: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AcceptedFact:
    """A stored news fact handed to another domain to become an event, agreement or project.

    The contract between the news domain and the converters registered in ``news/accept.py``: ``fields`` are
    the fact's typed slots as ``clusterdesk extract`` prints them (without ``type`` and ``evidence``);
    ``entities`` are the item's mentions, with ``link`` set only where a person confirmed or the linker was
    sure; ``organization_ids`` are the registry organisations the fact names.
    """

    type: FactType
    fields: dict[str, object] = field(default_factory=dict)
    evidence: Span | None = None
    evidence_text: str | None = None
    news_item_id: int | None = None
    item_text: str | None = None
    title: str | None = None
    url: str | None = None
    published: date | None = None
    organization_ids: tuple[int, ...] = ()
    entities: tuple[Entity, ...] = ()

    def get(self, name: str, default: object = None) -> object:
        """One slot of the fact (``parties``, ``start``...), or ``default``."""
        return self.fields.get(name, default)

    @classmethod
    def from_json(
        cls,
        data: dict[str, object],
        *,
        entities: list[dict[str, object]] | tuple[Entity, ...] = (),
        **context: object,
    ) -> AcceptedFact:
        """From the JSON of ``clusterdesk extract`` (a fact and the item's entities): for tools and tests."""
        raw_evidence = data.get("evidence")
        evidence = None
        evidence_text = None
        if isinstance(raw_evidence, dict):
            if "start" in raw_evidence and "end" in raw_evidence:
                evidence = Span(int(raw_evidence["start"]), int(raw_evidence["end"]))
            evidence_text = str(raw_evidence["text"]) if raw_evidence.get("text") else None
        item_text = context.get("item_text")
        if evidence_text is None and evidence is not None and isinstance(item_text, str):
            evidence_text = item_text[evidence.start : evidence.end]
        fields = {k: v for k, v in data.items() if k not in ("type", "evidence")}
        return cls(
            type=data.get("type", "event"),  # type: ignore[arg-type]
            fields=fields,
            evidence=evidence,
            evidence_text=evidence_text,
            entities=tuple(e if isinstance(e, Entity) else entity_from_json(e) for e in entities),
            **context,  # type: ignore[arg-type]
        )


def entity_from_json(data: dict[str, object]) -> Entity:
    """An entity as ``clusterdesk extract`` prints it (``link``: {id, name, confidence} or null)."""
    link = data.get("link")
    normal = str(data.get("normal") or data.get("text") or "")
    return Entity(
        type=data.get("type", "ORG"),  # type: ignore[arg-type]
        start=int(data.get("start") or 0),  # type: ignore[call-overload]
        end=int(data.get("end") or 0),  # type: ignore[call-overload]
        text=str(data.get("text") or normal),
        normal=normal,
        link=(
            Link(
                entity_id=int(link["id"]),
                name=str(link.get("name") or normal),
                confidence=float(link.get("confidence") or 1.0),
            )
            if isinstance(link, dict) and link.get("id") is not None
            else None
        ),
    )

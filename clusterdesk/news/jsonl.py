"""The JSON shape of a news item printed by `clusterdesk extract`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from clusterdesk.news.records import Entity, Fact, NewsItem, SourceError


def entity_to_json(entity: Entity) -> dict[str, Any]:
    link = None
    if entity.link is not None:
        link = {"id": entity.link.entity_id, "name": entity.link.name, "confidence": entity.link.confidence}
    return {
        "type": entity.type,
        "start": entity.start,
        "end": entity.end,
        "text": entity.text,
        "normal": entity.normal,
        "link": link,
    }


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def fact_to_json(fact: Fact) -> dict[str, Any]:
    out: dict[str, Any] = {"type": fact.type}
    out.update({k: _plain(v) for k, v in fact.fields.items()})
    out["evidence"] = {"start": fact.evidence.start, "end": fact.evidence.end}
    return out


def item_to_json(item: NewsItem) -> dict[str, Any]:
    """Exactly the documented keys, in the documented order."""
    return {
        "source": item.source,
        "item": item.item,
        "offset": item.offset,
        "title": item.title,
        "published": item.published.isoformat() if item.published else None,
        "text": item.text,
        "entities": [entity_to_json(e) for e in item.entities],
        "facts": [fact_to_json(f) for f in item.facts],
        "duplicate_of": item.duplicate_of,
    }


def item_to_line(item: NewsItem) -> str:
    return json.dumps(item_to_json(item), ensure_ascii=False)


def error_to_line(error: SourceError) -> str:
    return json.dumps({"source": error.source, "error": error.message}, ensure_ascii=False)

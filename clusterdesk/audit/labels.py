"""Where each object of the change log lives in the UI, and the change log's own words.

The Russian names of object types come from the one registry, clusterdesk/labels.py (a type's singular,
lower-cased inside a sentence: «изменена организация»); this module adds what only the change log, the feed
and the e-mails need: the page of each object (``LINKS``), the bookkeeping tables nobody filters by and the
words of actions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from clusterdesk import labels

Snapshot = dict[str, Any]
LinkOf = Callable[[int | None, Snapshot], str | None]


@dataclass(frozen=True)
class ObjectType:
    table: str
    label: str  # «организация»
    plural: str  # «Организации», for filters
    link: LinkOf


def _own(prefix: str) -> LinkOf:
    return lambda entity_id, _snap: f"{prefix}/{entity_id}" if entity_id is not None else None


def _parent(prefix: str, field: str) -> LinkOf:
    def link(_entity_id: int | None, snap: Snapshot) -> str | None:
        parent = snap.get(field)
        return f"{prefix}/{parent}" if isinstance(parent, int) else None

    return link


def _fixed(path: str) -> LinkOf:
    return lambda _entity_id, _snap: path


def _none(_entity_id: int | None, _snap: Snapshot) -> str | None:
    return None


# The page of an object (its own, its parent's, or the list it appears in); a type not named has none.
LINKS: dict[str, LinkOf] = {
    "organization": _own("/organizations"),
    "person": _own("/people"),
    "post": _parent("/people", "person_id"),
    "cluster": _own("/clusters"),
    "membership": _parent("/clusters", "cluster_id"),
    "news_item": _own("/news"),
    "news_mention": _parent("/news", "item_id"),
    "news_fact": _parent("/news", "item_id"),
    "news_occurrence": _parent("/news", "item_id"),
    "event": _own("/events"),
    "event_participant": _parent("/events", "event_id"),
    "event_source": _parent("/events", "event_id"),
    "agreement": _own("/agreements"),
    "agreement_party": _parent("/agreements", "agreement_id"),
    "obligation": _parent("/agreements", "agreement_id"),
    "agreement_document": _parent("/agreements", "agreement_id"),
    "agreement_source": _parent("/agreements", "agreement_id"),
    "program": _own("/strategy/programs"),
    "priority_direction": _parent("/strategy/programs", "program_id"),
    "roadmap_item": _parent("/strategy/programs", "program_id"),
    "kpi": _own("/strategy/kpis"),
    "kpi_target": _parent("/strategy/kpis", "kpi_id"),
    "kpi_value": _parent("/strategy/kpis", "kpi_id"),
    "project": _own("/projects"),
    "project_participant": _parent("/projects", "project_id"),
    "need": _own("/needs"),
    "capability": _parent("/organizations", "organization_id"),
    "supply_link": _fixed("/cooperation"),
    "educational_program": _fixed("/talent"),
    "specialist_demand": _fixed("/talent"),
    "targeted_training": _fixed("/talent"),
    "notify_webhook": _fixed("/webhooks"),
    "notify_webhook_delivery": _fixed("/webhooks"),
    "audit_record": _fixed("/audit"),
    "reporting_campaign": _own("/reporting/campaigns"),
    "reporting_submission": _own("/reporting/forms"),
    "reporting_counterparty": _parent("/reporting/forms", "submission_id"),
    "reporting_kpi_feed": _parent("/strategy/kpis", "kpi_id"),
    "registry_merge": _fixed("/registry/merges"),
    "registry_proposal": _fixed("/registry/proposals"),
}


def _in_sentence(singular: str) -> str:
    """«Организация» → «организация» (only the first letter: abbreviations stay as they are)."""
    return singular[:1].lower() + singular[1:]


OBJECT_TYPES: dict[str, ObjectType] = {
    table: ObjectType(table, _in_sentence(found.singular), found.plural, LINKS.get(table, _none))
    for table, found in labels.ENTITIES.items()
}

# bookkeeping tables nobody filters the change log by
INTERNAL_TABLES = frozenset(
    {
        "audit_record",
        "match_document",
        "news_fact_organization",
        "notify_cursor",
        "notify_feed_read",
        "notify_kpi_state",
        "notify_recipient",
        "notify_sent_mail",
        "notify_webhook_delivery",
        "reporting_reminder",
    }
)
ACTION_LABELS = {
    "create": "создание",
    "update": "изменение",
    "delete": "удаление",
    "import": "импорт",
    "merge": "объединение",
    "unmerge": "отмена объединения",
}
NAME_FIELDS = (
    "Файл",  # an import is named by its file (registry/import_preview.py)
    "short_name",
    "name",
    "full_name",
    "title",
    "subject",
    "code",
    "username",
    "text",
    "normal",
    "target_text",
)


def type_label(table: str) -> str:
    """«организация» for ``organization``; an unknown table still gets a Russian word, never its raw name."""
    found = OBJECT_TYPES.get(table)
    return found.label if found else "прочий объект"


def link_of(table: str, entity_id: int | None, snap: Snapshot | None) -> str | None:
    found = OBJECT_TYPES.get(table)
    return found.link(entity_id, snap or {}) if found else None


def own_name(snap: Snapshot | None, limit: int = 120) -> str | None:
    """The object's own name from its snapshot (short name first), cut to ``limit`` characters."""
    for field in NAME_FIELDS:
        value = (snap or {}).get(field)
        if isinstance(value, str) and value.strip():
            value = " ".join(value.split())
            return value if len(value) <= limit else value[: limit - 1] + "…"
    return None


# Kinds of facts the news pipeline extracts (news_fact.type), as a subscriber chooses them.
FACT_KIND_LABELS = {
    "post": "назначения на должности",
    "event": "мероприятия",
    "agreement": "соглашения",
    "project": "проекты",
    "decision": "решения",
    "risk": "риски (банкротство, иски, уголовные дела…)",
}

"""Russian names of object types and where each object lives in the UI, for the change log, feed and e-mails.

Until the web kit's shared label registry (web/labels.py) lands, this is the one place that maps a table
name to its Russian label and its page; switching to the shared registry is an edit of this module only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


OBJECT_TYPES: dict[str, ObjectType] = {
    t.table: t
    for t in [
        ObjectType("organization", "организация", "Организации", _own("/organizations")),
        ObjectType("person", "человек", "Люди", _own("/people")),
        ObjectType("post", "должность", "Должности", _parent("/people", "person_id")),
        ObjectType("cluster", "кластер", "Кластеры", _own("/clusters")),
        ObjectType("membership", "членство в кластере", "Членство", _parent("/clusters", "cluster_id")),
        ObjectType("user_account", "пользователь", "Пользователи", _none),
        ObjectType("news_item", "новость", "Новости", _own("/news")),
        ObjectType("news_article", "публикация", "Публикации", _none),
        ObjectType("news_mention", "упоминание в новости", "Упоминания", _parent("/news", "item_id")),
        ObjectType("news_fact", "факт из новости", "Факты из новостей", _parent("/news", "item_id")),
        ObjectType("event", "мероприятие", "Мероприятия", _own("/events")),
        ObjectType(
            "event_participant",
            "участник мероприятия",
            "Участники мероприятий",
            _parent("/events", "event_id"),
        ),
        ObjectType(
            "event_source",
            "источник о мероприятии",
            "Источники о мероприятиях",
            _parent("/events", "event_id"),
        ),
        ObjectType("agreement", "соглашение", "Соглашения", _own("/agreements")),
        ObjectType(
            "agreement_party",
            "сторона соглашения",
            "Стороны соглашений",
            _parent("/agreements", "agreement_id"),
        ),
        ObjectType(
            "obligation",
            "обязательство по соглашению",
            "Обязательства",
            _parent("/agreements", "agreement_id"),
        ),
        ObjectType(
            "agreement_document",
            "документ соглашения",
            "Документы соглашений",
            _parent("/agreements", "agreement_id"),
        ),
        ObjectType(
            "agreement_source",
            "источник о соглашении",
            "Источники о соглашениях",
            _parent("/agreements", "agreement_id"),
        ),
        ObjectType("program", "программа развития", "Программы развития", _own("/strategy/programs")),
        ObjectType(
            "priority_direction",
            "приоритетное направление",
            "Направления",
            _parent("/strategy/programs", "program_id"),
        ),
        ObjectType(
            "roadmap_item",
            "мероприятие дорожной карты",
            "Дорожная карта",
            _parent("/strategy/programs", "program_id"),
        ),
        ObjectType("roadmap_dependency", "зависимость в дорожной карте", "Зависимости дорожной карты", _none),
        ObjectType("roadmap_responsible", "ответственный в дорожной карте", "Ответственные", _none),
        ObjectType("kpi", "показатель (KPI)", "Показатели", _own("/strategy/kpis")),
        ObjectType(
            "kpi_target",
            "плановое значение показателя",
            "Плановые значения",
            _parent("/strategy/kpis", "kpi_id"),
        ),
        ObjectType(
            "kpi_value",
            "фактическое значение показателя",
            "Фактические значения",
            _parent("/strategy/kpis", "kpi_id"),
        ),
        ObjectType("project", "проект", "Проекты", _own("/projects")),
        ObjectType(
            "project_participant",
            "участник проекта",
            "Участники проектов",
            _parent("/projects", "project_id"),
        ),
        ObjectType("need", "потребность", "Потребности", _own("/needs")),
        ObjectType("capability", "компетенция", "Компетенции", _parent("/organizations", "organization_id")),
        ObjectType("supply_link", "кооперационная связь", "Кооперационные связи", _fixed("/cooperation")),
        ObjectType(
            "educational_program", "образовательная программа", "Образовательные программы", _fixed("/talent")
        ),
        ObjectType("specialist_demand", "потребность в кадрах", "Потребности в кадрах", _fixed("/talent")),
        ObjectType("targeted_training", "целевое обучение", "Целевое обучение", _fixed("/talent")),
        ObjectType("notify_subscription", "подписка на уведомления", "Подписки на уведомления", _none),
        ObjectType("notify_webhook", "вебхук", "Вебхуки", _fixed("/webhooks")),
        ObjectType("news_fact_organization", "организация в факте", "Организации в фактах", _none),
        ObjectType(
            "news_occurrence", "перепечатка новости", "Перепечатки новостей", _parent("/news", "item_id")
        ),
        ObjectType("match_document", "индекс подбора партнёров", "Индекс подбора партнёров", _none),
        ObjectType("audit_record", "запись журнала", "Записи журнала", _fixed("/audit")),
        ObjectType("notify_recipient", "адрес для писем", "Адреса для писем", _none),
        ObjectType("notify_feed_read", "отметка о прочтении", "Отметки о прочтении", _none),
        ObjectType("notify_sent_mail", "отправленное письмо", "Отправленные письма", _none),
        ObjectType("notify_kpi_state", "состояние показателя", "Состояния показателей", _none),
        ObjectType("notify_webhook_delivery", "доставка вебхука", "Доставки вебхуков", _fixed("/webhooks")),
        ObjectType("notify_cursor", "служебная отметка", "Служебные отметки", _none),
    ]
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
    }
)
ACTION_LABELS = {"create": "создание", "update": "изменение", "delete": "удаление"}
NAME_FIELDS = (
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
}

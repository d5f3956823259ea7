"""Russian names of object types and their fields: one source for pages, the change log, exports and API docs.

An object type is the table name the change log records (``organization``, ``kpi_value``). Each has a
singular («Организация»), a plural («Организации»), a genitive plural for counts («организаций») and a
grammatical gender, so messages agree: «Организация #9 не найдена», «Мероприятие #9 не найдено». A new domain
adds its types with ``register`` at import of its ``labels`` module, or here in ``ENTITIES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Gender = Literal["m", "f", "n"]


@dataclass(frozen=True, slots=True)
class EntityLabel:
    singular: str
    plural: str
    genitive_plural: str
    gender: Gender = "m"
    fields: dict[str, str] = field(default_factory=dict)


# Fields named the same in every type; a type's own ``fields`` win.
COMMON_FIELDS: dict[str, str] = {
    "submitted_by": "кто отправил",
    "values": "значения показателей",
    "sources": "источники значений",
    "indicators": "показатели",
    "submitted_at": "когда отправлено",
    "reviewed_by": "кто проверил",
    "reviewed_at": "когда проверено",
    "review_comment": "комментарий проверки",
    "id": "номер",
    "name": "наименование",
    "short_name": "краткое наименование",
    "title": "название",
    "kind": "тип",
    "status": "статус",
    "description": "описание",
    "inn": "ИНН",
    "ogrn": "ОГРН",
    "okved2": "ОКВЭД2",
    "aliases": "другие названия",
    "region": "регион",
    "city": "город",
    "website": "сайт",
    "full_name": "ФИО",
    "surname": "фамилия",
    "first_name": "имя",
    "patronymic": "отчество",
    "since": "с",
    "until": "по",
    "role": "роль",
    "created_date": "дата создания",
    "organization_id": "организация",
    "cluster_id": "кластер",
    "person_id": "человек",
    "program_id": "программа",
    "direction_id": "направление",
    "project_id": "проект",
    "event_id": "мероприятие",
    "agreement_id": "соглашение",
    "kpi_id": "показатель",
    "is_demo": "демо",
    "source": "источник",
    "url": "адрес",
    "document_url": "ссылка на документ",
    "start": "начало",
    "end": "окончание",
    "start_date": "начало",
    "due_date": "срок",
    "year": "год",
    "value": "значение",
    "unit": "единица",
    "notes": "примечание",
    "version": "версия",
}

ENTITIES: dict[str, EntityLabel] = {
    "organization": EntityLabel("Организация", "Организации", "организаций", "f"),
    "person": EntityLabel("Человек", "Люди", "человек", "m", {"title": "должность"}),
    "post": EntityLabel("Должность", "Должности", "должностей", "f", {"title": "должность"}),
    "cluster": EntityLabel("Кластер", "Кластеры", "кластеров", "m"),
    "membership": EntityLabel("Членство", "Членства", "членств", "n"),
    "user_account": EntityLabel(
        "Пользователь", "Пользователи", "пользователей", "m", {"username": "имя пользователя"}
    ),
    "program": EntityLabel("Программа развития", "Программы развития", "программ развития", "f"),
    "priority_direction": EntityLabel(
        "Приоритетное направление", "Приоритетные направления", "приоритетных направлений", "n"
    ),
    "roadmap_item": EntityLabel("Мероприятие дорожной карты", "Дорожная карта", "мероприятий", "n"),
    "roadmap_dependency": EntityLabel("Зависимость", "Зависимости", "зависимостей", "f"),
    "roadmap_responsible": EntityLabel("Ответственный", "Ответственные", "ответственных", "m"),
    "kpi": EntityLabel("Показатель", "Показатели", "показателей", "m"),
    "kpi_target": EntityLabel("Плановое значение", "Плановые значения", "плановых значений", "n"),
    "kpi_value": EntityLabel("Фактическое значение", "Фактические значения", "фактических значений", "n"),
    "project": EntityLabel("Проект", "Проекты", "проектов", "m"),
    "project_participant": EntityLabel("Участник проекта", "Участники проекта", "участников", "m"),
    "need": EntityLabel("Потребность", "Потребности", "потребностей", "f"),
    "capability": EntityLabel("Возможность", "Возможности", "возможностей", "f"),
    "supply_link": EntityLabel("Связь поставки", "Связи поставки", "связей поставки", "f"),
    "match_document": EntityLabel("Документ подбора", "Документы подбора", "документов", "m"),
    "event": EntityLabel("Мероприятие", "Мероприятия", "мероприятий", "n"),
    "event_participant": EntityLabel("Участник мероприятия", "Участники мероприятия", "участников", "m"),
    "event_source": EntityLabel("Источник о мероприятии", "Источники о мероприятиях", "источников", "m"),
    "agreement": EntityLabel("Соглашение", "Соглашения", "соглашений", "n", {"signed_on": "дата подписания"}),
    "agreement_party": EntityLabel("Сторона соглашения", "Стороны соглашения", "сторон", "f"),
    "obligation": EntityLabel("Обязательство", "Обязательства", "обязательств", "n"),
    "agreement_document": EntityLabel("Документ соглашения", "Документы соглашения", "документов", "m"),
    "agreement_source": EntityLabel("Источник о соглашении", "Источники о соглашениях", "источников", "m"),
    "educational_program": EntityLabel(
        "Образовательная программа", "Образовательные программы", "образовательных программ", "f"
    ),
    "specialist_demand": EntityLabel(
        "Потребность в специалистах", "Потребности в специалистах", "потребностей", "f"
    ),
    "targeted_training": EntityLabel(
        "Целевое обучение / стажировка", "Целевое обучение и стажировки", "договоров обучения", "n"
    ),
    "news_article": EntityLabel("Публикация", "Публикации", "публикаций", "f"),
    "news_item": EntityLabel("Новость", "Новости", "новостей", "f"),
    "news_occurrence": EntityLabel("Перепечатка", "Перепечатки", "перепечаток", "f"),
    "news_mention": EntityLabel("Упоминание", "Упоминания", "упоминаний", "n"),
    "news_fact": EntityLabel("Факт", "Факты", "фактов", "m"),
    "news_fact_organization": EntityLabel("Организация факта", "Организации факта", "организаций", "f"),
    "news_band": EntityLabel("Ключ поиска перепечаток", "Ключи поиска перепечаток", "ключей", "m"),
    "media_story": EntityLabel("Сюжет", "Сюжеты", "сюжетов", "m"),
    "media_item": EntityLabel("Новость в медиаанализе", "Новости в медиаанализе", "новостей", "f"),
    "media_item_key": EntityLabel("Ключ сюжета", "Ключи сюжетов", "ключей", "m"),
    "media_item_topic": EntityLabel("Тема новости", "Темы новостей", "тем", "f"),
    "media_article": EntityLabel("Издание публикации", "Издания публикаций", "изданий", "n"),
    "media_mention": EntityLabel("Заметность упоминания", "Заметность упоминаний", "упоминаний", "f"),
    "audit_record": EntityLabel("Запись журнала", "Журнал изменений", "записей", "f"),
    "notify_subscription": EntityLabel("Подписка на уведомления", "Подписки на уведомления", "подписок", "f"),
    "notify_recipient": EntityLabel("Адрес для писем", "Адреса для писем", "адресов", "m"),
    "notify_feed_read": EntityLabel("Отметка о прочтении", "Отметки о прочтении", "отметок", "f"),
    "notify_sent_mail": EntityLabel("Отправленное письмо", "Отправленные письма", "писем", "n"),
    "notify_kpi_state": EntityLabel("Состояние показателя", "Состояния показателей", "состояний", "n"),
    "notify_webhook": EntityLabel("Вебхук", "Вебхуки", "вебхуков", "m"),
    "notify_webhook_delivery": EntityLabel("Доставка вебхука", "Доставки вебхуков", "доставок", "f"),
    "notify_cursor": EntityLabel("Служебная отметка", "Служебные отметки", "отметок", "f"),
    "reporting_campaign": EntityLabel("Отчётная кампания", "Отчётные кампании", "кампаний", "f"),
    "reporting_submission": EntityLabel("Форма отчётности", "Формы отчётности", "форм", "f"),
    "reporting_counterparty": EntityLabel(
        "Контрагент в форме отчётности", "Контрагенты в формах отчётности", "контрагентов", "m"
    ),
    "reporting_kpi_feed": EntityLabel(
        "Показатель из отчётности", "Показатели из отчётности", "показателей", "m"
    ),
    "reporting_reminder": EntityLabel(
        "Напоминание об отчётности", "Напоминания об отчётности", "напоминаний", "n"
    ),
    "registry_merge": EntityLabel("Объединение записей", "Объединения записей", "объединений", "n"),
    "registry_proposal": EntityLabel("Предложение по реестру", "Предложения по реестру", "предложений", "n"),
    "registry_import": EntityLabel("Импорт в реестр", "Импорты в реестр", "импортов", "m"),
    "intake_source": EntityLabel(
        "Источник новостей",
        "Источники новостей",
        "источников",
        "m",
        {"interval_minutes": "период опроса, мин", "is_active": "включён", "cluster_ids": "кластеры"},
    ),
    "intake_document": EntityLabel("Загруженный документ", "Загруженные документы", "документов", "m"),
    "worker_job": EntityLabel("Задача обработчика", "Задачи обработчика", "задач", "f"),
}

_NOT_FOUND = {"m": "не найден", "f": "не найдена", "n": "не найдено"}


def register(entity_type: str, entry: EntityLabel) -> None:
    """Add a domain's object type; the same type registered twice must say the same thing."""
    existing = ENTITIES.get(entity_type)
    if existing is not None and existing != entry:
        raise ValueError(f"object type {entity_type!r} already has other labels")
    ENTITIES[entity_type] = entry


def entry(entity_type: str) -> EntityLabel:
    found = ENTITIES.get(entity_type)
    if found is None:
        name = entity_type.replace("_", " ")
        return EntityLabel(name.capitalize(), name.capitalize(), name)
    return found


def label(entity_type: str) -> str:
    """«Организация» for ``organization``; an unknown type reads as its code."""
    return entry(entity_type).singular


def plural_label(entity_type: str) -> str:
    return entry(entity_type).plural


def genitive_plural(entity_type: str) -> str:
    """For counts: «5 организаций»."""
    return entry(entity_type).genitive_plural


def field_label(entity_type: str | None, field_name: str) -> str:
    """«ИНН» for (``organization``, ``inn``); an unknown field reads as its code."""
    if entity_type is not None:
        own = entry(entity_type).fields.get(field_name)
        if own is not None:
            return own
    return COMMON_FIELDS.get(field_name, field_name)


def not_found(entity_type: str, entity_id: object) -> str:
    """«Организация #9 не найдена» with the gender of the type."""
    found = entry(entity_type)
    return f"{found.singular} #{entity_id} {_NOT_FOUND[found.gender]}"


# Entity tags of the news pipeline (``NewsMention.type``, the API's ``type``) as a reader names them.
ENTITY_TAGS: dict[str, str] = {
    "ORG": "организация",
    "PER": "человек",
    "LOC": "место",
}


def entity_tag(tag: str | None) -> str:
    """«организация» for ``ORG``; an unknown tag reads as «упоминание», never as its code."""
    return ENTITY_TAGS.get((tag or "").upper(), "упоминание")


# Types of news facts (``NewsFact.type``) with their gender, so a status agrees: «Событие принято».
FACT_TYPES: dict[str, EntityLabel] = {
    "post": EntityLabel("Должность", "Должности", "должностей", "f"),
    "event": EntityLabel("Событие", "События", "событий", "n"),
    "agreement": EntityLabel("Соглашение", "Соглашения", "соглашений", "n"),
    "project": EntityLabel("Проект", "Проекты", "проектов", "m"),
    "decision": EntityLabel("Решение", "Решения", "решений", "n"),
    "risk": EntityLabel("Риск", "Риски", "рисков", "m"),
}
_ACCEPTED = {"m": "принят", "f": "принята", "n": "принято"}
_REJECTED = {"m": "отклонён", "f": "отклонена", "n": "отклонено"}


def fact_type(fact_type_code: str) -> str:
    """«Событие» for ``event``; an unknown type reads as «Факт»."""
    found = FACT_TYPES.get(fact_type_code)
    return found.singular if found else "Факт"


def fact_status(fact_type_code: str, status: str) -> str:
    """The status pill of a fact, agreeing with its type: «принято» (событие), «принята» (должность)."""
    found = FACT_TYPES.get(fact_type_code)
    gender: Gender = found.gender if found else "m"
    if status == "accepted":
        return _ACCEPTED[gender]
    if status == "rejected":
        return _REJECTED[gender]
    return "новый" if gender == "m" else ("новая" if gender == "f" else "новое")


# Actors that are not people: the change log and the proposals name them in words, never by their code.
SYSTEM_ACTORS: dict[str, str] = {
    "demo-loader": "демо-загрузка",
    "system": "система",
    "cli": "командная строка",
    "worker": "обработчик новостей",
    "bootstrap": "первичная настройка",
    "anonymous": "аноним",
}


def actor(name: str | None) -> str:
    """«демо-загрузка» for the demo loader's ``demo-loader``; a user's login is shown as it is."""
    if not name:
        return "—"
    return SYSTEM_ACTORS.get(name, name)

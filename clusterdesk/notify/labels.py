"""Russian words of the notify domain (object type names come from clusterdesk.audit.labels)."""

from __future__ import annotations

from clusterdesk.notify.models import DeliveryStatus, Frequency, TargetType

TARGET_LABELS = {
    TargetType.organization: "организация",
    TargetType.cluster: "кластер",
    TargetType.person: "человек",
    TargetType.keyword: "ключевое слово",
    TargetType.fact_kind: "вид фактов",
}
FREQUENCY_LABELS = {
    Frequency.instant: "сразу",
    Frequency.daily: "раз в день",
    Frequency.weekly: "раз в неделю",
    Frequency.off: "не присылать",
}
DELIVERY_LABELS = {
    DeliveryStatus.pending: "ожидает",
    DeliveryStatus.delivered: "доставлено",
    DeliveryStatus.failed: "не доставлено",
}
KIND_LABELS = {
    "risk": "Риски",
    "news": "Новости",
    "review": "На проверке",
    "registry": "Реестр",
    "event": "Мероприятия",
    "obligation": "Обязательства",
    "roadmap": "Дорожная карта",
    "kpi": "Показатели",
}

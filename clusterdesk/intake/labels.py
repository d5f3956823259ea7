"""Russian names of source kinds and health badges."""

from __future__ import annotations

from datetime import timedelta

from clusterdesk.intake.models import SourceKind

KIND_LABELS = {
    SourceKind.feed: "лента RSS/Atom",
    SourceKind.listing: "страница-список новостей",
    SourceKind.sitemap: "карта сайта (news sitemap)",
    SourceKind.page: "одна страница",
}
HEALTH_LABELS = {
    "ok": "работает",
    "new": "ещё не опрашивался",
    "error": "ошибка",
    "failing": "не работает",
    "paused": "выключен",
}
OUTCOME_LABELS = {"new": "новая", "duplicate": "перепечатка известной", "already": "уже была в базе"}
FACT_LABELS = {
    "post": "назначение",
    "event": "событие",
    "agreement": "соглашение",
    "project": "проект",
    "decision": "решение",
}


def every_label(every: timedelta) -> str:
    """«каждые 15 мин», «каждые 2 ч», «раз в сутки», «каждые 7 сут.»."""
    minutes = int(every.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return "раз в сутки" if days == 1 else f"каждые {days} сут."
    if minutes % 60 == 0:
        return "раз в час" if minutes == 60 else f"каждые {minutes // 60} ч"
    return f"каждые {minutes} мин"

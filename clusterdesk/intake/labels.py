"""Russian names of source kinds and health badges."""

from __future__ import annotations

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

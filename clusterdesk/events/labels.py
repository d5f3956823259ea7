"""Russian labels for events and agreements."""

from __future__ import annotations

from clusterdesk.events.models import AgreementKind, EventKind, ObligationStatus, ParticipantRole

EVENT_KIND_LABELS: dict[EventKind, str] = {
    EventKind.strategic_session: "Стратегическая сессия",
    EventKind.forum: "Форум",
    EventKind.round_table: "Круглый стол",
    EventKind.conference: "Конференция",
    EventKind.exhibition: "Выставка",
    EventKind.meeting: "Совещание",
}

PARTICIPANT_ROLE_LABELS: dict[ParticipantRole, str] = {
    ParticipantRole.organizer: "организатор",
    ParticipantRole.host: "площадка",
    ParticipantRole.moderator: "модератор",
    ParticipantRole.speaker: "спикер",
    ParticipantRole.participant: "участник",
}

AGREEMENT_KIND_LABELS: dict[AgreementKind, str] = {
    AgreementKind.cooperation: "О сотрудничестве",
    AgreementKind.supply: "Поставка",
    AgreementKind.rnd: "НИОКР",
    AgreementKind.education: "Образование и кадры",
    AgreementKind.investment: "Инвестиции",
}

OBLIGATION_STATUS_LABELS: dict[ObligationStatus, str] = {
    ObligationStatus.planned: "запланировано",
    ObligationStatus.in_progress: "выполняется",
    ObligationStatus.done: "выполнено",
    ObligationStatus.cancelled: "отменено",
}

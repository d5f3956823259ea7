"""Russian labels for the projects domain's enumerations (UI, exports, imports)."""

from __future__ import annotations

import enum
from typing import TypeVar

from clusterdesk.projects.models import (
    CapabilityKind,
    NeedKind,
    NeedStatus,
    ParticipantRole,
    ProjectStatus,
    SupplyKind,
)

PROJECT_STATUS_LABELS = {
    ProjectStatus.proposed: "заявлен",
    ProjectStatus.active: "реализуется",
    ProjectStatus.completed: "завершён",
    ProjectStatus.suspended: "приостановлен",
    ProjectStatus.cancelled: "отменён",
}
PARTICIPANT_ROLE_LABELS = {
    ParticipantRole.lead: "ведущая организация",
    ParticipantRole.partner: "партнёр",
    ParticipantRole.supplier: "поставщик",
    ParticipantRole.customer: "заказчик",
    ParticipantRole.university: "вуз",
    ParticipantRole.investor: "инвестор",
    ParticipantRole.presenter: "представил проект",
}
NEED_KIND_LABELS = {
    NeedKind.equipment: "оборудование / инфраструктура",
    NeedKind.component: "комплектующие / материалы",
    NeedKind.competence: "компетенции / НИОКР",
    NeedKind.personnel: "кадры",
    NeedKind.investment: "инвестиции",
    NeedKind.premises: "помещения",
}
NEED_STATUS_LABELS = {
    NeedStatus.open: "открыта",
    NeedStatus.matched: "найден партнёр",
    NeedStatus.closed: "закрыта",
}
CAPABILITY_KIND_LABELS = {
    CapabilityKind.product: "продукция",
    CapabilityKind.service: "услуга",
    CapabilityKind.competence: "компетенция",
}
SUPPLY_KIND_LABELS = {
    SupplyKind.supplies: "поставляет",
    SupplyKind.develops_for: "разрабатывает для",
    SupplyKind.trains_for: "готовит кадры для",
}


E = TypeVar("E", bound=enum.Enum)


def parse_label(cls: type[E], labels: dict[E, str], value: str) -> E:
    """Accept the code (``equipment``) or its Russian label, any case."""
    folded = value.strip().lower()
    for item, label in labels.items():
        if folded in (str(item.value), label.lower()):
            return item
    raise ValueError(f"неизвестное значение «{value}»; допустимы: " + ", ".join(str(i.value) for i in cls))

"""Russian labels for the registry's enumerations, used by the UI, exports and imports."""

from __future__ import annotations

from clusterdesk.registry.models import ClusterKind, MembershipRole, OrganizationKind

ORGANIZATION_KIND_LABELS: dict[OrganizationKind, str] = {
    OrganizationKind.authority: "Орган государственной власти",
    OrganizationKind.local_government: "Орган местного самоуправления",
    OrganizationKind.university: "Университет",
    OrganizationKind.research: "Научный институт",
    OrganizationKind.specialised_organisation: "Специализированная организация кластера",
    OrganizationKind.enterprise: "Предприятие",
    OrganizationKind.infrastructure: "Инфраструктура / технопарк",
    OrganizationKind.investor: "Инвестор / фонд",
    OrganizationKind.other: "Другое",
}

CLUSTER_KIND_LABELS: dict[ClusterKind, str] = {
    ClusterKind.innovation: "Инновационный",
    ClusterKind.industrial: "Промышленный",
}

MEMBERSHIP_ROLE_LABELS: dict[MembershipRole, str] = {
    MembershipRole.anchor: "Якорный участник",
    MembershipRole.member: "Участник",
    MembershipRole.university: "Университет",
    MembershipRole.authority: "Орган власти",
    MembershipRole.infrastructure: "Инфраструктура",
}


def parse_kind(value: str) -> OrganizationKind:
    """Accept the code (``university``) or its Russian label («Университет»), any case."""
    folded = value.strip().lower()
    for kind, label in ORGANIZATION_KIND_LABELS.items():
        if folded in (kind.value, label.lower()):
            return kind
    raise ValueError(f"неизвестный тип «{value}»; допустимы: " + "; ".join(ORGANIZATION_KIND_LABELS.values()))

"""Russian labels for the strategy enumerations (UI, reports, imports)."""

from __future__ import annotations

from clusterdesk.strategy.models import (
    EvidenceKind,
    KpiAggregation,
    KpiDirection,
    KpiKind,
    RoadmapStatus,
)

ROADMAP_STATUS_LABELS: dict[RoadmapStatus, str] = {
    RoadmapStatus.planned: "Запланировано",
    RoadmapStatus.in_progress: "В работе",
    RoadmapStatus.done: "Выполнено",
    RoadmapStatus.cancelled: "Отменено",
}

KPI_DIRECTION_LABELS: dict[KpiDirection, str] = {
    KpiDirection.higher_better: "больше — лучше",
    KpiDirection.lower_better: "меньше — лучше",
}

KPI_KIND_LABELS: dict[KpiKind, str] = {
    KpiKind.manual: "вводится вручную",
    KpiKind.computed: "вычисляется по данным",
}

KPI_AGGREGATION_LABELS: dict[KpiAggregation, str] = {
    KpiAggregation.sum: "за год складываются кварталы",
    KpiAggregation.last: "за год берётся последнее значение",
}

EVIDENCE_KIND_LABELS: dict[EvidenceKind, str] = {
    EvidenceKind.note: "заметка со ссылкой на документ",
    EvidenceKind.news_fact: "факт из новостей",
    EvidenceKind.file: "файл и строка",
}

# status codes of the API -> Russian words of the dashboard and reports
KPI_STATUS_LABELS: dict[str, str] = {
    "met": "выполнен",
    "on_track": "в графике",
    "lagging": "отстаёт",
    "no_data": "нет данных",
}


def parse_roadmap_status(value: str) -> RoadmapStatus:
    """Accept the code (``in_progress``) or its Russian label («В работе»), any case."""
    folded = value.strip().lower()
    for status, label in ROADMAP_STATUS_LABELS.items():
        if folded in (status.value, label.lower()):
            return status
    allowed = ", ".join(ROADMAP_STATUS_LABELS.values())
    raise ValueError(f"неизвестный статус «{value}»; допустимы: {allowed}")

"""Russian labels for the talent pipeline."""

from __future__ import annotations

from clusterdesk.talent.models import EducationLevel, TrainingKind

EDUCATION_LEVEL_LABELS: dict[EducationLevel, str] = {
    EducationLevel.bachelor: "бакалавриат",
    EducationLevel.specialist: "специалитет",
    EducationLevel.master: "магистратура",
    EducationLevel.postgraduate: "аспирантура",
    EducationLevel.secondary_vocational: "СПО",
    EducationLevel.further_training: "ДПО / повышение квалификации",
}

TRAINING_KIND_LABELS: dict[TrainingKind, str] = {
    TrainingKind.targeted: "целевое обучение",
    TrainingKind.internship: "стажировка / практика",
}

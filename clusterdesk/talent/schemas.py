"""Shapes of the talent API: programs, specialist demand, targeted training, gap rows."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from clusterdesk.talent.models import EducationLevel, TrainingKind
from clusterdesk.types import InputModel

OKSO = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
Year = Annotated[int, Field(ge=2000, le=2100)]
Count = Annotated[int, Field(ge=0, le=100_000)]


def check_okso(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not OKSO.match(value):
        raise ValueError("код специальности по ОКСО пишется как 11.03.02 (шесть цифр через точки)")
    return value


class _Okso(InputModel):
    @field_validator("specialty_code", check_fields=False)
    @classmethod
    def _code(cls, value: str | None) -> str | None:
        return check_okso(value)

    @field_validator("graduates_by_year", check_fields=False)
    @classmethod
    def _by_year(cls, value: dict[int, int] | None) -> dict[int, int] | None:
        if value is None:
            return None
        for year, count in value.items():
            if not 2000 <= year <= 2100 or count < 0:
                raise ValueError(f"неверная пара год–выпуск: {year}: {count}")
        return value


class ProgramCreate(_Okso):
    organization_id: int
    specialty_code: str = Field(description="Код ОКСО, например 11.03.02")
    specialty: Annotated[str, Field(min_length=1, max_length=500)]
    level: EducationLevel
    name: str | None = Field(default=None, max_length=500, description="Профиль / название программы")
    intake: Count | None = None
    graduates_per_year: Count | None = None
    graduates_by_year: dict[int, int] = Field(
        default_factory=dict, description="Ожидаемый выпуск по годам; перекрывает graduates_per_year"
    )


class ProgramUpdate(_Okso):
    specialty_code: str | None = None
    specialty: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    level: EducationLevel | None = None
    name: str | None = Field(default=None, max_length=500)
    intake: Count | None = None
    graduates_per_year: Count | None = None
    graduates_by_year: dict[int, int] | None = None
    version: int


class ProgramRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    organization_id: int
    specialty_code: str
    specialty: str
    level: EducationLevel
    name: str | None
    intake: int | None
    graduates_per_year: int | None
    graduates_by_year: dict[int, int]
    is_demo: bool
    source: str | None


class ProgramPage(BaseModel):
    items: list[ProgramRead]
    total: int


class DemandCreate(_Okso):
    organization_id: int
    specialty_code: str = Field(description="Код ОКСО, например 11.03.01")
    specialty: str | None = Field(default=None, max_length=500, description="Специальность или профессия")
    year: Year
    count: Annotated[int, Field(ge=1, le=100_000)]
    priority_direction: str | None = Field(default=None, max_length=500)
    note: str | None = None


class DemandUpdate(_Okso):
    specialty_code: str | None = None
    specialty: str | None = Field(default=None, max_length=500)
    year: Year | None = None
    count: Annotated[int, Field(ge=1, le=100_000)] | None = None
    priority_direction: str | None = Field(default=None, max_length=500)
    note: str | None = None
    version: int


class DemandRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    organization_id: int
    specialty_code: str
    specialty: str | None
    year: int
    count: int
    priority_direction: str | None
    note: str | None
    is_demo: bool
    source: str | None


class DemandPage(BaseModel):
    items: list[DemandRead]
    total: int


class TrainingCreate(InputModel):
    organization_id: int = Field(description="Компания, которая принимает студентов")
    program_id: int
    agreement_id: int | None = None
    kind: TrainingKind = TrainingKind.targeted
    year: Year
    students: Annotated[int, Field(ge=1, le=100_000)]
    note: str | None = None


class TrainingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    organization_id: int
    program_id: int
    agreement_id: int | None
    kind: TrainingKind
    year: int
    students: int
    note: str | None


class GapProgram(BaseModel):
    id: int
    organization_id: int
    organization: str
    name: str | None
    level: EducationLevel
    graduates: int


class GapRow(BaseModel):
    specialty_code: str
    specialty: str
    year: int
    demand: int
    supply: int
    shortfall: int
    programs: list[GapProgram]
    sources: list[str] = Field(
        default_factory=list, description="Источники чисел строки (потребности и программ)"
    )

"""Demo talent data: example figures only, each marked «пример, не из открытых источников».

The seeds name no educational program, intake, graduate count or demand figure: seed 004 and the reference say
only that TUSUR trains staff for the industrial cluster, and the MTS–TUSUR agreement on educational programs
(loaded by the events demo) gives no numbers. So that the gap table, its chart and its XLSX show their flow,
the demo adds example programs of the two Tomsk universities (real ОКСО codes, invented intake and graduates),
example demand of the industrial cluster's members by its priority directions, and one example internship
under the MTS–TUSUR agreement. Every row's ``source`` (and the internship's note) says it is an example, and
the pages and the XLSX show that source beside the figures. Loading is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.events.demo import MTS_TUSUR_SUBJECT
from clusterdesk.events.models import Agreement
from clusterdesk.examples import EXAMPLE
from clusterdesk.registry.demo import DEMO_ACTOR
from clusterdesk.registry.models import Organization
from clusterdesk.talent import service
from clusterdesk.talent.models import (
    EducationalProgram,
    EducationLevel,
    SpecialistDemand,
    TargetedTraining,
    TrainingKind,
)
from clusterdesk.talent.schemas import DemandCreate, ProgramCreate, TrainingCreate

ORDER = 45  # after the registry (10) and the events demo (40), whose agreement the internship refers to


@dataclass(frozen=True)
class DemoProgram:
    organization: str
    specialty_code: str
    specialty: str
    level: EducationLevel
    intake: int
    graduates_per_year: int


@dataclass(frozen=True)
class DemoDemand:
    organization: str
    specialty_code: str
    specialty: str
    year: int
    count: int
    priority_direction: str


BACHELOR = EducationLevel.bachelor
PROGRAMS = (
    DemoProgram("ТУСУР", "11.03.01", "Радиотехника", BACHELOR, 60, 40),
    DemoProgram("ТУСУР", "11.03.02", "Инфокоммуникационные технологии и системы связи", BACHELOR, 50, 18),
    DemoProgram("ТУСУР", "09.03.01", "Информатика и вычислительная техника", BACHELOR, 75, 10),
    DemoProgram("ТГУ", "12.03.02", "Оптотехника", BACHELOR, 25, 5),
)
SATELLITE, LIDARS, TRACTOR = (
    "Спутниковая связь для беспилотников",
    "Лидары",
    "Беспилотная сельскохозяйственная техника",
)
DEMAND = (
    DemoDemand("АО «НПФ «Микран»", "11.03.02", "Инженер связи", 2026, 25, SATELLITE),
    DemoDemand("АО «НПП Радар ММС»", "11.03.01", "Радиоинженер", 2026, 20, SATELLITE),
    DemoDemand("ООО «ЛЭМЗ–Т»", "12.03.02", "Инженер-оптик", 2026, 8, LIDARS),
    DemoDemand("АО «Когнитив»", "09.03.01", "Программист систем управления", 2026, 15, TRACTOR),
    DemoDemand("АО «Когнитив»", "35.03.06", "Инженер-агромеханик", 2027, 6, TRACTOR),
    DemoDemand("АО «НПФ «Микран»", "11.03.02", "Инженер связи", 2027, 20, SATELLITE),
)
INTERNSHIP = ("ПАО «МТС»", "11.03.02", 2026, 10)  # company, program's code at TUSUR, year, students


def _org(session: Session, short_name: str) -> int | None:
    return session.scalar(select(Organization.id).where(Organization.short_name == short_name))


def _programs(session: Session, created: dict[str, int]) -> None:
    for spec in PROGRAMS:
        org = _org(session, spec.organization)
        if org is None:  # the registry demo was not loaded
            continue
        found = select(EducationalProgram.id).where(
            EducationalProgram.organization_id == org,
            EducationalProgram.specialty_code == spec.specialty_code,
        )
        if session.scalar(found) is not None:
            continue
        data = ProgramCreate(
            organization_id=org,
            specialty_code=spec.specialty_code,
            specialty=spec.specialty,
            level=spec.level,
            intake=spec.intake,
            graduates_per_year=spec.graduates_per_year,
        )
        service.create_program(session=session, actor=DEMO_ACTOR, data=data, is_demo=True, source=EXAMPLE)
        created["programs"] += 1


def _demand(session: Session, created: dict[str, int]) -> None:
    for spec in DEMAND:
        org = _org(session, spec.organization)
        if org is None:
            continue
        found = select(SpecialistDemand.id).where(
            SpecialistDemand.organization_id == org,
            SpecialistDemand.specialty_code == spec.specialty_code,
            SpecialistDemand.year == spec.year,
        )
        if session.scalar(found) is not None:
            continue
        data = DemandCreate(
            organization_id=org,
            specialty_code=spec.specialty_code,
            specialty=spec.specialty,
            year=spec.year,
            count=spec.count,
            priority_direction=spec.priority_direction,
        )
        service.create_demand(session=session, actor=DEMO_ACTOR, data=data, is_demo=True, source=EXAMPLE)
        created["demand"] += 1


def _internship(session: Session, created: dict[str, int]) -> None:
    company, code, year, students = INTERNSHIP
    org, tusur = _org(session, company), _org(session, "ТУСУР")
    agreement = session.scalar(select(Agreement.id).where(Agreement.subject == MTS_TUSUR_SUBJECT))
    program = session.scalar(
        select(EducationalProgram.id).where(
            EducationalProgram.organization_id == tusur, EducationalProgram.specialty_code == code
        )
    )
    if org is None or program is None:
        return
    present = select(TargetedTraining.id).where(
        TargetedTraining.organization_id == org, TargetedTraining.program_id == program
    )
    if session.scalar(present) is not None:
        return
    data = TrainingCreate(
        organization_id=org,
        program_id=program,
        agreement_id=agreement,
        kind=TrainingKind.internship,
        year=year,
        students=students,
        note=f"Численность — {EXAMPLE}; соглашение МТС и ТУСУРа — из новости",
    )
    service.create_training(session=session, actor=DEMO_ACTOR, data=data, is_demo=True, source=EXAMPLE)
    created["trainings"] += 1


def load_demo(*, session: Session) -> dict[str, int]:
    """Create what is missing; return counts of rows created by this call."""
    created = {"programs": 0, "demand": 0, "trainings": 0}
    _programs(session, created)
    _demand(session, created)
    _internship(session, created)
    return created

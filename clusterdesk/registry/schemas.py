"""Pydantic shapes of the registry API: ``XCreate``, ``XUpdate`` (all optional + version), ``XRead``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from clusterdesk.reference import okved2
from clusterdesk.registry.identifiers import check_inn, check_ogrn
from clusterdesk.registry.models import ClusterKind, MembershipRole, OrganizationKind
from clusterdesk.types import InputModel, OptionalHttpUrl, Text100, Text200

ShortText = Annotated[str, Field(min_length=1, max_length=300)]


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value.strip() if isinstance(value, str) else value


def _clean_list(values: list[str] | None) -> list[str]:
    seen: list[str] = []
    for value in values or []:
        item = value.strip()
        if item and item not in seen:
            seen.append(item)
    return seen


class OrganizationFields(InputModel):
    """Validation shared by create and update."""

    @field_validator(
        "inn", "ogrn", "region", "city", "website", "description", mode="before", check_fields=False
    )
    @classmethod
    def _strip(cls, value: object) -> object:
        return _blank_to_none(value)

    @field_validator("inn", check_fields=False)
    @classmethod
    def _inn(cls, value: str | None) -> str | None:
        return check_inn(value) if value else None

    @field_validator("ogrn", check_fields=False)
    @classmethod
    def _ogrn(cls, value: str | None) -> str | None:
        return check_ogrn(value) if value else None

    @field_validator("okved2", check_fields=False)
    @classmethod
    def _okved2(cls, values: list[str] | None) -> list[str] | None:
        if values is None:
            return None
        codes = _clean_list(values)
        unknown = [code for code in codes if okved2.lookup(code) is None]
        if unknown:
            raise ValueError("нет в классификаторе ОКВЭД2: " + ", ".join(unknown))
        return codes

    @field_validator("aliases", check_fields=False)
    @classmethod
    def _aliases(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else _clean_list(values)


class OrganizationCreate(OrganizationFields):
    short_name: ShortText
    name: Annotated[str, Field(min_length=1, max_length=1000)]
    kind: OrganizationKind
    inn: str | None = None
    ogrn: str | None = None
    okved2: list[str] = Field(default_factory=list, description="Коды ОКВЭД2; первый — основной")
    aliases: list[str] = Field(default_factory=list)
    region: Text200 | None = None
    city: Text200 | None = None
    website: OptionalHttpUrl = None
    description: str | None = None


class OrganizationUpdate(OrganizationFields):
    short_name: ShortText | None = None
    name: Annotated[str, Field(min_length=1, max_length=1000)] | None = None
    kind: OrganizationKind | None = None
    inn: str | None = None
    ogrn: str | None = None
    okved2: list[str] | None = None
    aliases: list[str] | None = None
    region: Text200 | None = None
    city: Text200 | None = None
    website: OptionalHttpUrl = None
    description: str | None = None
    version: int = Field(description="Версия объекта, которую прочитал клиент")


class OrganizationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    short_name: str
    name: str
    kind: OrganizationKind
    inn: str | None
    ogrn: str | None
    okved2: list[str]
    okved2_main: str | None
    aliases: list[str]
    region: str | None
    city: str | None
    website: str | None
    description: str | None
    is_demo: bool
    source: str | None
    created_at: datetime
    updated_at: datetime


class OrganizationPage(BaseModel):
    items: list[OrganizationRead]
    total: int


NAME_PART_LENGTH = 100  # person.surname / first_name / patronymic are String(100)
NAME_PART_LABELS = {"surname": "фамилия", "first_name": "имя", "patronymic": "отчество"}


def split_full_name(full_name: str) -> tuple[str | None, str | None, str | None]:
    """«Гриценко Юрий Борисович» or «Юрий Борисович Гриценко» -> (surname, first name, patronymic)."""
    parts = full_name.split()
    if len(parts) == 3:
        if parts[2].endswith(("вич", "вна", "ична", "ич", "оглы", "кызы")):
            return parts[0], parts[1], parts[2]  # Фамилия Имя Отчество
        if parts[1].endswith(("вич", "вна", "ична", "ич")):
            return parts[2], parts[0], parts[1]  # Имя Отчество Фамилия
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return parts[1], parts[0], None  # «Виктор Рулевский»: news order, name first
    if len(parts) == 1:
        return parts[0], None, None
    return None, None, None


class PersonCreate(InputModel):
    full_name: ShortText
    surname: Text100 | None = None
    first_name: Text100 | None = None
    patronymic: Text100 | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _derive_parts(self) -> PersonCreate:
        self.full_name = " ".join(self.full_name.split())
        if not (self.surname or self.first_name or self.patronymic):
            self.surname, self.first_name, self.patronymic = split_full_name(self.full_name)
        for name in ("surname", "first_name", "patronymic"):
            part = getattr(self, name)
            if part is not None and len(part) > NAME_PART_LENGTH:
                raise ValueError(
                    f"{NAME_PART_LABELS[name]} длиннее {NAME_PART_LENGTH} символов: "
                    "проверьте ФИО (фамилия, имя и отчество разделяются пробелами)"
                )
        return self


class PersonUpdate(InputModel):
    full_name: ShortText | None = None
    surname: Text100 | None = None
    first_name: Text100 | None = None
    patronymic: Text100 | None = None
    description: str | None = None
    version: int


class PersonRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    full_name: str
    surname: str | None
    first_name: str | None
    patronymic: str | None
    description: str | None
    is_demo: bool
    source: str | None


class PersonPage(BaseModel):
    items: list[PersonRead]
    total: int


class PeriodFields(InputModel):
    @model_validator(mode="after")
    def _since_before_until(self) -> PeriodFields:
        since, until = getattr(self, "since", None), getattr(self, "until", None)
        if since and until and until < since:
            raise ValueError("дата окончания (until) раньше даты начала (since)")
        return self


class PostCreate(PeriodFields):
    person_id: int
    organization_id: int
    title: Annotated[str, Field(min_length=1, max_length=500)]
    since: date | None = None
    until: date | None = None


class PostUpdate(PeriodFields):
    title: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    since: date | None = None
    until: date | None = None
    version: int


class PostRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    person_id: int
    organization_id: int
    title: str
    since: date | None
    until: date | None
    is_demo: bool
    source: str | None


class PostPage(BaseModel):
    items: list[PostRead]
    total: int


class ClusterCreate(InputModel):
    name: Annotated[str, Field(min_length=1, max_length=500)]
    kind: ClusterKind
    region: Text200 | None = None
    organization_id: int | None = Field(default=None, description="Специализированная организация кластера")
    created_date: date | None = None
    description: str | None = None


class ClusterUpdate(InputModel):
    name: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    kind: ClusterKind | None = None
    region: Text200 | None = None
    organization_id: int | None = None
    created_date: date | None = None
    description: str | None = None
    version: int


class ClusterRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    name: str
    kind: ClusterKind
    region: str | None
    organization_id: int | None
    created_date: date | None
    description: str | None
    is_demo: bool
    source: str | None


class ClusterPage(BaseModel):
    items: list[ClusterRead]
    total: int


class MembershipCreate(PeriodFields):
    cluster_id: int
    organization_id: int
    role: MembershipRole = MembershipRole.member
    since: date | None = None
    until: date | None = None


class MembershipUpdate(PeriodFields):
    role: MembershipRole | None = None
    since: date | None = None
    until: date | None = None
    version: int


class MembershipRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    cluster_id: int
    organization_id: int
    role: MembershipRole
    since: date | None
    until: date | None
    is_demo: bool
    source: str | None


class MembershipPage(BaseModel):
    items: list[MembershipRead]
    total: int

"""Registry tables: organisations, people and their posts, clusters and memberships."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import JSON, Boolean, Date, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clusterdesk.db import Base, VersionedMixin


class OrganizationKind(enum.StrEnum):
    authority = "authority"
    local_government = "local_government"
    university = "university"
    research = "research"
    specialised_organisation = "specialised_organisation"
    enterprise = "enterprise"
    infrastructure = "infrastructure"
    investor = "investor"
    other = "other"


class ClusterKind(enum.StrEnum):
    innovation = "innovation"
    industrial = "industrial"


class MembershipRole(enum.StrEnum):
    anchor = "anchor"
    member = "member"
    university = "university"
    authority = "authority"
    infrastructure = "infrastructure"


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=40, validate_strings=True)


class DemoMarkMixin:
    """Demo rows are marked, with the public source each fact came from."""

    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(Text)


class Organization(DemoMarkMixin, VersionedMixin, Base):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    # indexed: lists and drop-downs read the registry in name order (the news feed's 500 names on every view)
    short_name: Mapped[str] = mapped_column(String(300), index=True)
    name: Mapped[str] = mapped_column(String(1000))
    kind: Mapped[OrganizationKind] = mapped_column(_enum(OrganizationKind))
    inn: Mapped[str | None] = mapped_column(String(12), unique=True)
    ogrn: Mapped[str | None] = mapped_column(String(15), unique=True)
    okved2: Mapped[list[str]] = mapped_column(JSON, default=list)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")

    posts: Mapped[list[Post]] = relationship(back_populates="organization", passive_deletes=True)
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organization", passive_deletes=True, foreign_keys="Membership.organization_id"
    )

    @property
    def okved2_main(self) -> str | None:
        return self.okved2[0] if self.okved2 else None


class Person(DemoMarkMixin, VersionedMixin, Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(300))
    surname: Mapped[str | None] = mapped_column(String(100))
    first_name: Mapped[str | None] = mapped_column(String(100))
    patronymic: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")

    posts: Mapped[list[Post]] = relationship(back_populates="person", passive_deletes=True)


class Post(DemoMarkMixin, VersionedMixin, Base):
    __tablename__ = "post"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="posts")
    organization: Mapped[Organization] = relationship(back_populates="posts")


class Cluster(DemoMarkMixin, VersionedMixin, Base):
    __tablename__ = "cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[ClusterKind] = mapped_column(_enum(ClusterKind))
    region: Mapped[str | None] = mapped_column(String(200))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    created_date: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)

    specialised_organization: Mapped[Organization | None] = relationship(foreign_keys=[organization_id])
    memberships: Mapped[list[Membership]] = relationship(back_populates="cluster", passive_deletes=True)


class Membership(DemoMarkMixin, VersionedMixin, Base):
    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("cluster_id", "organization_id", "since", name="uq_membership_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[MembershipRole] = mapped_column(_enum(MembershipRole))
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(500))  # why the membership ended

    cluster: Mapped[Cluster] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(
        back_populates="memberships", foreign_keys=[organization_id]
    )


# merges and proposals live in their own module; imported here so that Base.metadata finds them
from clusterdesk.registry.upkeep_models import MergeRecord, Proposal  # noqa: E402,F401

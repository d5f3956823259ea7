from __future__ import annotations

import enum

from sqlalchemy import Boolean, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from clusterdesk.db import Base, VersionedMixin


class Role(enum.StrEnum):
    admin = "admin"
    manager = "manager"
    member = "member"
    analyst = "analyst"


ROLE_LABELS = {
    Role.admin: "администратор",
    Role.manager: "менеджер кластера",
    Role.member: "представитель участника",
    Role.analyst: "аналитик",
}


class User(VersionedMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(300))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

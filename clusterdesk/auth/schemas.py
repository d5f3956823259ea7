from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from clusterdesk.auth.models import Role
from clusterdesk.types import InputModel


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class UserCreate(InputModel):
    username: str = Field(min_length=2, max_length=150, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=8, max_length=200)
    role: Role
    organization_id: int | None = None
    full_name: str | None = None


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    full_name: str | None
    role: Role
    organization_id: int | None
    is_active: bool

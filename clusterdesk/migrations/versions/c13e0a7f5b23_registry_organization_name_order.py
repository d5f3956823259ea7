"""registry: organisations read in name order from an index

Revision ID: c13e0a7f5b23
Revises: c13e0a7f5b22
Create Date: 2026-12-06 18:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "c13e0a7f5b23"
down_revision: str | None = "c13e0a7f5b22"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_short_name"), ["short_name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_short_name"))

"""registry: why a cluster membership ended

Revision ID: c13e0a7f5b22
Revises: c13e0a7f5b21
Create Date: 2026-12-06 08:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c13e0a7f5b22"
down_revision: str | None = "c13e0a7f5b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(sa.Column("end_reason", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_column("end_reason")

"""match document: covering index for the match index's change check

Revision ID: b3d4e5f6a7c8
Revises: 6ced56432d1d
Create Date: 2026-11-24 10:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "b3d4e5f6a7c8"
down_revision: str | None = "6ced56432d1d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("match_document", schema=None) as batch_op:
        batch_op.create_index("ix_match_document_kind_updated_at", ["kind", "updated_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("match_document", schema=None) as batch_op:
        batch_op.drop_index("ix_match_document_kind_updated_at")

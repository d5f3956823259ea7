"""registry: merges (with undo data) and updates proposed from the news

Revision ID: c13e0a7f5b21
Revises: 039fc098f2b7
Create Date: 2026-12-06 08:15:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c13e0a7f5b21"
down_revision: str | None = "039fc098f2b7"
branch_labels: str | Sequence[str] | None = ("registry_upkeep",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registry_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_name", sa.String(length=150), nullable=False),
        sa.Column("entity_type", sa.String(length=20), nullable=False),
        sa.Column("keep_id", sa.Integer(), nullable=False),
        sa.Column("absorb_id", sa.Integer(), nullable=False),
        sa.Column("absorbed_name", sa.String(length=1000), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("keep_before", sa.JSON(), nullable=False),
        sa.Column("keep_after_version", sa.Integer(), nullable=False),
        sa.Column("absorbed_row", sa.JSON(), nullable=False),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.Column("removed", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(length=150), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_merge")),
    )
    with op.batch_alter_table("registry_merge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registry_merge_keep_id"), ["keep_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_registry_merge_absorb_id"), ["absorb_id"], unique=False)

    op.create_table(
        "registry_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("post", "organization", "alias", name="proposalkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum("new", "accepted", "rejected", name="proposalstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("summary", sa.String(length=1000), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("news_item_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=150), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_proposal")),
        sa.UniqueConstraint("key", name=op.f("uq_registry_proposal_key")),
    )
    with op.batch_alter_table("registry_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registry_proposal_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_registry_proposal_news_item_id"), ["news_item_id"], unique=False)


def downgrade() -> None:
    op.drop_table("registry_proposal")
    op.drop_table("registry_merge")

"""reporting: campaigns, members' submissions and counterparties, KPI feeds, reminders

Revision ID: d925e4fb4c7c
Revises: 039fc098f2b7
Create Date: 2026-12-06 08:02:48.282953
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d925e4fb4c7c"
down_revision: str | None = "039fc098f2b7"
branch_labels: str | Sequence[str] | None = ("reporting",)
depends_on: str | Sequence[str] | None = "618d8f698497"


def upgrade() -> None:
    op.create_table(
        "reporting_campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("open", "closed", name="campaignstatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["cluster.id"],
            name=op.f("fk_reporting_campaign_cluster_id_cluster"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_campaign")),
        sa.UniqueConstraint("cluster_id", "period", name="uq_reporting_campaign_period"),
    )
    with op.batch_alter_table("reporting_campaign", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reporting_campaign_cluster_id"), ["cluster_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reporting_campaign_year"), ["year"], unique=False)

    op.create_table(
        "reporting_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not_started",
                "draft",
                "submitted",
                "returned",
                "accepted",
                name="submissionstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("submitted_by", sa.String(length=150), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.String(length=150), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["reporting_campaign.id"],
            name=op.f("fk_reporting_submission_campaign_id_reporting_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_reporting_submission_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_submission")),
        sa.UniqueConstraint("campaign_id", "organization_id", name="uq_reporting_submission_member"),
    )
    with op.batch_alter_table("reporting_submission", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reporting_submission_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reporting_submission_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "reporting_counterparty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("sales", sa.Float(), nullable=False),
        sa.Column("purchases", sa.Float(), nullable=False),
        sa.Column("contracts", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_reporting_counterparty_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["reporting_submission.id"],
            name=op.f("fk_reporting_counterparty_submission_id_reporting_submission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_counterparty")),
        sa.UniqueConstraint("submission_id", "organization_id", name="uq_reporting_counterparty_pair"),
    )
    with op.batch_alter_table("reporting_counterparty", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reporting_counterparty_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reporting_counterparty_submission_id"), ["submission_id"], unique=False
        )

    op.create_table(
        "reporting_kpi_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kpi_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kpi_id"], ["kpi.id"], name=op.f("fk_reporting_kpi_feed_kpi_id_kpi"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_kpi_feed")),
        sa.UniqueConstraint("kpi_id", name=op.f("uq_reporting_kpi_feed_kpi_id")),
    )
    op.create_table(
        "reporting_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["reporting_submission.id"],
            name=op.f("fk_reporting_reminder_submission_id_reporting_submission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_reminder")),
        sa.UniqueConstraint("submission_id", "due_on", name="uq_reporting_reminder_day"),
    )
    with op.batch_alter_table("reporting_reminder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reporting_reminder_submission_id"), ["submission_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reporting_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_reminder_submission_id"))

    op.drop_table("reporting_reminder")
    op.drop_table("reporting_kpi_feed")
    with op.batch_alter_table("reporting_counterparty", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_counterparty_submission_id"))
        batch_op.drop_index(batch_op.f("ix_reporting_counterparty_organization_id"))

    op.drop_table("reporting_counterparty")
    with op.batch_alter_table("reporting_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_submission_organization_id"))
        batch_op.drop_index(batch_op.f("ix_reporting_submission_campaign_id"))

    op.drop_table("reporting_submission")
    with op.batch_alter_table("reporting_campaign", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reporting_campaign_year"))
        batch_op.drop_index(batch_op.f("ix_reporting_campaign_cluster_id"))

    op.drop_table("reporting_campaign")

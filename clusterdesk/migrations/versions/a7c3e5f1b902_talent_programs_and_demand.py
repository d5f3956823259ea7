"""talent: educational programs, specialist demand, targeted training

Revision ID: a7c3e5f1b902
Revises: 039fc098f2b7
Create Date: 2026-11-24 09:34:55.843814
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a7c3e5f1b902"
down_revision: str | None = "039fc098f2b7"
branch_labels: str | Sequence[str] | None = ("talent",)
depends_on: str | Sequence[str] | None = "d5f4e030e238"


def upgrade() -> None:
    op.create_table(
        "educational_program",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("specialty_code", sa.String(length=20), nullable=False),
        sa.Column("specialty", sa.String(length=500), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column(
            "level",
            sa.Enum(
                "bachelor",
                "specialist",
                "master",
                "postgraduate",
                "secondary_vocational",
                "further_training",
                name="educationlevel",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("intake", sa.Integer(), nullable=True),
        sa.Column("graduates_per_year", sa.Integer(), nullable=True),
        sa.Column("graduates_by_year", sa.JSON(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_educational_program_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_educational_program")),
    )
    with op.batch_alter_table("educational_program", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_educational_program_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_educational_program_specialty_code"), ["specialty_code"], unique=False
        )

    op.create_table(
        "specialist_demand",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("specialty_code", sa.String(length=20), nullable=False),
        sa.Column("specialty", sa.String(length=500), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("priority_direction", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_specialist_demand_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_specialist_demand")),
    )
    with op.batch_alter_table("specialist_demand", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_specialist_demand_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_specialist_demand_specialty_code"), ["specialty_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_specialist_demand_year"), ["year"], unique=False)

    op.create_table(
        "targeted_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum("targeted", "internship", name="trainingkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
            name=op.f("fk_targeted_training_agreement_id_agreement"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_targeted_training_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["educational_program.id"],
            name=op.f("fk_targeted_training_program_id_educational_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targeted_training")),
    )
    with op.batch_alter_table("targeted_training", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_targeted_training_agreement_id"), ["agreement_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_targeted_training_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_targeted_training_program_id"), ["program_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("targeted_training", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_targeted_training_program_id"))
        batch_op.drop_index(batch_op.f("ix_targeted_training_organization_id"))
        batch_op.drop_index(batch_op.f("ix_targeted_training_agreement_id"))

    op.drop_table("targeted_training")

    with op.batch_alter_table("specialist_demand", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_specialist_demand_year"))
        batch_op.drop_index(batch_op.f("ix_specialist_demand_specialty_code"))
        batch_op.drop_index(batch_op.f("ix_specialist_demand_organization_id"))

    op.drop_table("specialist_demand")

    with op.batch_alter_table("educational_program", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_educational_program_specialty_code"))
        batch_op.drop_index(batch_op.f("ix_educational_program_organization_id"))

    op.drop_table("educational_program")

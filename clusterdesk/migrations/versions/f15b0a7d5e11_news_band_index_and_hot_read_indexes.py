"""news: persistent near-duplicate index (LSH band keys) and the indexes of the hot reads

Revision ID: f15b0a7d5e11
Revises: 0dfe61b21571
Create Date: 2026-12-06 11:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f15b0a7d5e11"
down_revision: str | None = "0dfe61b21571"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fill_bands() -> None:
    """Band keys for the items stored before the table existed (the same code the store uses)."""
    from clusterdesk.news.dedup import band_keys, signature

    bind = op.get_bind()
    item = sa.table("news_item", sa.column("id", sa.Integer), sa.column("text", sa.Text))
    band = sa.table("news_band", sa.column("key", sa.LargeBinary), sa.column("item_id", sa.Integer))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(item.c.id, item.c.text).where(item.c.id > last).order_by(item.c.id).limit(500)
        ).all()
        if not rows:
            return
        values = []
        for item_id, text in rows:
            _, minhash = signature(text)
            if minhash is not None:
                values.extend({"key": key, "item_id": item_id} for key in band_keys(minhash))
            last = item_id
        if values:
            bind.execute(band.insert(), values)


def upgrade() -> None:
    op.create_table(
        "news_band",
        sa.Column("key", sa.LargeBinary(length=16), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["news_item.id"], name=op.f("fk_news_band_item_id_news_item"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", "item_id", name=op.f("pk_news_band")),
    )
    with op.batch_alter_table("news_band", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_news_band_item_id"), ["item_id"], unique=False)
    _fill_bands()
    with op.batch_alter_table("news_mention", schema=None) as batch_op:
        batch_op.create_index(
            "ix_news_mention_org_timeline", ["organization_id", "status", "item_id"], unique=False
        )
        batch_op.create_index(
            "ix_news_mention_person_timeline", ["person_id", "status", "item_id"], unique=False
        )
    with op.batch_alter_table("news_fact_organization", schema=None) as batch_op:
        batch_op.create_index("ix_news_fact_organization_org", ["organization_id", "fact_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_news_item_search_trgm",
        "news_item",
        ["search_text"],
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
        sqlite_where=sa.text("0"),  # SQLite: an empty index, declared so that both schemas match the models
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_news_item_feed_order", "news_item", [sa.text("published DESC NULLS LAST"), sa.text("id DESC")]
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_news_item_feed_order", table_name="news_item")
    op.drop_index("ix_news_item_search_trgm", table_name="news_item")
    with op.batch_alter_table("news_fact_organization", schema=None) as batch_op:
        batch_op.drop_index("ix_news_fact_organization_org")
    with op.batch_alter_table("news_mention", schema=None) as batch_op:
        batch_op.drop_index("ix_news_mention_person_timeline")
        batch_op.drop_index("ix_news_mention_org_timeline")
    with op.batch_alter_table("news_band", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_news_band_item_id"))
    op.drop_table("news_band")

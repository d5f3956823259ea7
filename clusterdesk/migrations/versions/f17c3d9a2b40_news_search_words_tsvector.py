"""news: word search through a tsvector GIN index instead of trigrams (PostgreSQL)

Revision ID: f17c3d9a2b40
Revises: f15b0a7d5e11
Create Date: 2026-12-06 18:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f17c3d9a2b40"
down_revision: str | None = "f15b0a7d5e11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# as in news/models.py at this revision (SEARCH_WORDS_SQL)
SEARCH_WORDS = "to_tsvector('simple'::regconfig, left(search_text, 150000))"


def upgrade() -> None:
    op.drop_index("ix_news_item_search_trgm", table_name="news_item")
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_news_item_search_words", "news_item", [sa.text(SEARCH_WORDS)], postgresql_using="gin"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_news_item_search_words", table_name="news_item")
    op.create_index(
        "ix_news_item_search_trgm",
        "news_item",
        ["search_text"],
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
        sqlite_where=sa.text("0"),
    )

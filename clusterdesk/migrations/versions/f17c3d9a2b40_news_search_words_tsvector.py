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

# the search words as a tsvector (news/models.py: SEARCH_WORDS_FUNCTION; 150,000 =
# lemmas.SEARCH_TEXT_MAX_CHARS, so that an older, longer bag never exceeds a tsvector's 1 MB); COST 10000
# tells the planner that computing it per row (~0.1 ms) is dearer than reading the index
FUNCTION = """
CREATE OR REPLACE FUNCTION news_search_words(search_text text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000
AS $$ BEGIN RETURN to_tsvector('simple'::regconfig, left(search_text, 150000)); END $$
"""


def upgrade() -> None:
    op.drop_index("ix_news_item_search_trgm", table_name="news_item")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)
        op.create_index(
            "ix_news_item_search_words",
            "news_item",
            [sa.text("news_search_words(search_text)")],
            postgresql_using="gin",
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_news_item_search_words", table_name="news_item")
        op.execute("DROP FUNCTION news_search_words(text)")
    op.create_index(
        "ix_news_item_search_trgm",
        "news_item",
        ["search_text"],
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
        sqlite_where=sa.text("0"),
    )

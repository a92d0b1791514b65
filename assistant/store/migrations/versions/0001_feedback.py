"""The feedback table as the SQLite-only store made it (skipped where that store already did).

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    """Create ``feedback`` unless a database from before the migrations has it."""
    if sa.inspect(op.get_bind()).has_table("feedback"):
        return
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("answer_id", sa.Text, nullable=False),
        sa.Column("rating", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("query", sa.Text, nullable=False, server_default=""),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("citations", sa.Text, nullable=False, server_default="[]"),
        sa.Column("backend", sa.Text, nullable=False, server_default=""),
        sa.Column("refused", sa.Integer, nullable=False, server_default="0"),
        sa.Column("degraded", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("feedback_answer", "feedback", ["answer_id"])

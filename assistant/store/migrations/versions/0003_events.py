"""Analytics events: one row per thing worth counting (a refusal's reason, a content gap, a daily score).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    """Add the ``events`` table."""
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("replica", sa.String(128), nullable=False, server_default=""),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("events_kind_at", "events", ["kind", "at"])

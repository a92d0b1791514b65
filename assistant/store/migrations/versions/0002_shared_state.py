"""Shared state for replicas: client ids and end users on feedback; conversations, audit and settings.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    """Add the columns and tables."""
    with op.batch_alter_table("feedback") as table:
        table.add_column(sa.Column("feedback_id", sa.String(64), nullable=True))
        table.add_column(sa.Column("end_user", sa.String(128), nullable=True))
    op.create_index("feedback_client_id", "feedback", ["feedback_id"], unique=True)
    op.create_index("feedback_end_user", "feedback", ["end_user"])
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_user", sa.String(128), nullable=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("documents", sa.JSON, nullable=False),
        sa.Column("backend", sa.String(40), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("grounded", sa.Boolean, nullable=True),
        sa.Column("replica", sa.String(128), nullable=False),
    )
    op.create_index("conversations_at", "conversations", ["at"])
    op.create_index("conversations_end_user", "conversations", ["end_user"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("audit_at", "audit", ["at"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )

"""Alembic migrations of the shared tables; :class:`assistant.store.database.Database` runs them on first use."""

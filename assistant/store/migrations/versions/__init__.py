"""One file per schema version, oldest first (Alembic reads them)."""

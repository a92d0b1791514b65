"""Alembic's entry point: runs the migrations on the connection the caller put in ``config.attributes``.

:meth:`assistant.store.database.Database.engine` passes its connection, inside its transaction and lock;
the ``alembic`` command line, run with ``-x url=...``, connects by itself.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from assistant.store.schema import metadata


def _run(connection: object) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Run the migrations on the caller's connection, or on one to ``-x url=...``."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with create_engine(context.get_x_argument(as_dictionary=True)["url"]).begin() as own:
        _run(own)


# Alembic sets its context up before it runs this file; merely importing it (pytest's doctests) runs nothing.
if hasattr(context, "config"):
    main()

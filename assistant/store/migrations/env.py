"""Alembic's entry point: runs the migrations on the connection the caller put in ``config.attributes``.

:meth:`assistant.store.database.Database.migrate` passes its connection, inside its transaction and lock;
the ``alembic`` command line, run with ``-x url=...``, connects by itself.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from assistant.store.schema import metadata

config = context.config


def _run(connection: object) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    with create_engine(context.get_x_argument(as_dictionary=True)["url"]).begin() as own:
        _run(own)

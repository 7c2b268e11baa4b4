"""Alembic environment of transferbot's store.

``storage.migrate(engine)`` passes its connection in ``config.attributes["connection"]``.
From the command line the URL comes from ``-x url=…``, else ``DATABASE_URL``. On PostgreSQL a
transaction-level advisory lock serialises bot processes that start (and migrate) at once.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from storage.engine import make_engine
from storage.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata

#: Arbitrary constant: the advisory lock key of "transferbot is migrating".
_MIGRATION_LOCK = 0x7472_616E_7366_6572 & 0x7FFF_FFFF_FFFF_FFFF


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render our UTC TypeDecorator as the plain portable type it stores."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=_render_item,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("no database: pass -x url=… or set DATABASE_URL")
    return url


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

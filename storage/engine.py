"""The one SQLAlchemy engine, made in the composition root and injected into ``SqlStore``.

SQLite: WAL, foreign keys on, a busy timeout, and transactions begun by us rather than by the
sqlite3 module, so a write transaction can be ``BEGIN IMMEDIATE`` (writers serialise up front
instead of failing on a lock upgrade). ``sqlite://`` and ``sqlite:///:memory:`` are one shared
in-memory database (``StaticPool``) for ``transferbot replay``. PostgreSQL: ``postgresql+psycopg://``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool

logger = logging.getLogger(__name__)

#: Execution option a write transaction sets; on SQLite it makes the BEGIN ``IMMEDIATE``.
WRITE_OPTION = "transferbot_write"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite file or memory, or PostgreSQL), configured for the store."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    database = parsed.database or ""
    memory = database in ("", ":memory:") or parsed.query.get("mode") == "memory"
    if memory:
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    logger.debug("SQLite engine for %s (memory=%s)", database or ":memory:", memory)
    return engine


def unanswered(url: str, *, timeout_s: int = 3) -> str | None:
    """Why the PostgreSQL server at ``url`` cannot be reached (None: it answers a query)."""
    engine = create_engine(url, connect_args={"connect_timeout": timeout_s})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        return f"{make_url(url).render_as_string()}: {str(exc.orig).strip()}"
    finally:
        engine.dispose()
    return None

"""What every part of ``SqlStore`` shares: the engine, transactions, dialect-aware upserts."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from bot.errors import StoreError
from storage.engine import WRITE_OPTION
from storage.models import Base

logger = logging.getLogger(__name__)

Insert = postgresql.Insert | sqlite.Insert


class Repo:
    """Base of the store's parts. Each public method is one transaction."""

    def __init__(self, engine: Engine) -> None:
        if engine.dialect.name not in ("sqlite", "postgresql"):
            raise StoreError(f"unsupported database {engine.dialect.name!r}")
        self._engine = engine
        self._pg = engine.dialect.name == "postgresql"
        # one shared in-memory SQLite connection: threads must take turns with it
        self._serial: AbstractContextManager[object] = (
            threading.Lock() if isinstance(engine.pool, StaticPool) else nullcontext()
        )

    @contextmanager
    def _tx(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction. A write one is ``BEGIN IMMEDIATE`` on SQLite (writers serialise)."""
        with self._serial, Session(self._engine, expire_on_commit=False) as session:
            try:
                with session.begin():
                    session.connection(execution_options={WRITE_OPTION: write})
                    yield session
            except DBAPIError as exc:
                logger.debug("store transaction failed", exc_info=True)
                raise StoreError(f"database error: {exc.orig!r}") from exc

    @contextmanager
    def _core(self, *, write: bool = False) -> Iterator[Connection]:
        """One transaction on a bare connection, as :meth:`_tx` but without an ORM session:
        the ingest path runs Core statements only, and a session per call cost more than a
        small statement (issue 16)."""
        with self._serial, self._engine.connect() as c:
            c.execution_options(**{WRITE_OPTION: write})
            try:
                with c.begin():
                    yield c
            except DBAPIError as exc:
                logger.debug("store transaction failed", exc_info=True)
                raise StoreError(f"database error: {exc.orig!r}") from exc

    def _insert(self, model: type[Base]) -> Insert:
        """``INSERT`` of this dialect, with ``on_conflict_do_nothing/update`` available."""
        if self._pg:
            return postgresql.insert(model)
        return sqlite.insert(model)

    def _insert_ignore(self, model: type[Base], conflict: list[str], **values: Any) -> Insert:
        """``INSERT … ON CONFLICT (conflict) DO NOTHING`` of one row."""
        return self._insert(model).values(**values).on_conflict_do_nothing(index_elements=conflict)

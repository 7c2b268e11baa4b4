"""What every part of ``SqlStore`` shares: the engine, transactions, dialect-aware upserts."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

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

    @contextmanager
    def _tx(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction. A write one is ``BEGIN IMMEDIATE`` on SQLite (writers serialise)."""
        with Session(self._engine, expire_on_commit=False, autoflush=True) as session:
            try:
                with session.begin():
                    session.connection(execution_options={WRITE_OPTION: write})
                    yield session
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

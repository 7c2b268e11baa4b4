"""``SqlStore``: ``bot.ports.Store`` on SQLAlchemy 2 (SQLite or PostgreSQL).

Each part lives in its own module; this class only puts them together. Every public method is one
transaction and returns ``bot.model``/``bot.ports`` values, never ORM rows.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from storage.channels import ChannelRepo
from storage.feeds import FeedRepo
from storage.ingest import IngestRepo
from storage.outbox import DELIVERY_LEASE_S, OutboxRepo
from storage.views import ViewRepo

logger = logging.getLogger(__name__)


class SqlStore(IngestRepo, FeedRepo, OutboxRepo, ChannelRepo, ViewRepo):
    """The store. ``engine`` comes from ``storage.make_engine``; run ``storage.migrate`` first."""

    def __init__(self, engine: Engine, *, delivery_lease_s: int = DELIVERY_LEASE_S) -> None:
        super().__init__(engine, delivery_lease_s=delivery_lease_s)

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()
        logger.debug("store closed")

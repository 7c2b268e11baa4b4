"""The store: SQLAlchemy 2 models, Alembic migrations and ``SqlStore`` (``bot.ports.Store``)."""

from storage.engine import make_engine
from storage.schema import migrate
from storage.store import SqlStore

__all__ = ["SqlStore", "make_engine", "migrate"]

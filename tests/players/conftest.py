"""The real service over an in-memory SQLite store and the shipped registry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

import storage
from bot.service import Service

T0 = datetime(2025, 1, 2, 9, tzinfo=UTC)


@pytest.fixture
def store() -> Iterator[storage.SqlStore]:
    engine = storage.make_engine("sqlite://")
    storage.migrate(engine)
    sql = storage.SqlStore(engine)
    yield sql
    sql.close()
    engine.dispose()


@pytest.fixture
def service(store: storage.SqlStore) -> Service:
    return Service(store, clock=lambda: T0)

"""``make_engine``: SQLite pragmas, one shared in-memory database, parent directories; the
probe of a PostgreSQL server."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import SqlStore, make_engine, migrate
from storage.engine import unanswered

from .fakes import DISCORD, T0, FakeRules, article, claim


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"], ids=["bare", "memory"])
def test_in_memory_sqlite_is_one_shared_database(url: str) -> None:
    engine = make_engine(url)
    migrate(engine)
    store = SqlStore(engine)
    store.add_player("Jude Bellingham", [])
    names: list[str] = []
    thread = threading.Thread(target=lambda: names.extend(p.name for p in store.players()))
    thread.start()
    thread.join(5)
    assert names == ["Jude Bellingham"]  # another thread, another checkout: the same data
    store.close()


def test_sqlite_file_pragmas_and_parent_directory(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "bot.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() >= 1000
    assert path.exists()
    engine.dispose()


def test_in_memory_store_serialises_threads() -> None:
    # replay and tests use one in-memory connection: concurrent callers must take turns on it
    store = SqlStore(make_engine("sqlite://"))
    migrate(store.engine)
    store.subscribe(DISCORD, store.add_player("Trent Alexander-Arnold", []).id)
    rules = FakeRules(delay=0.05)
    results: list[int] = []

    def ingest(key: str) -> None:
        results.append(
            len(store.ingest(article(key), [claim()], rules, T0, content_hash=key).events)
        )

    threads = [threading.Thread(target=ingest, args=(f"a{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(results) == [0, 0, 0, 1]
    store.close()


def test_a_server_that_does_not_answer_is_named_with_why() -> None:
    # port 9 (discard) on loopback: nothing listens, the connection is refused at once
    problem = unanswered("postgresql+psycopg://bench:secret@127.0.0.1:9/test", timeout_s=1)
    assert problem is not None
    assert problem.startswith("postgresql+psycopg://bench:***@127.0.0.1:9/test: ")
    assert "secret" not in problem

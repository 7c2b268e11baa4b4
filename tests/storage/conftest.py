"""One store contract suite, run against every backend (SQLite file, PostgreSQL).

PostgreSQL: ``TEST_DATABASE_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``,
then the same as ``root``). A fresh database is made for the session and dropped after; tables are
truncated between tests. When no server answers the PostgreSQL tests skip, except with
``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from storage import SqlStore, make_engine, migrate
from storage.engine import unanswered
from storage.models import Base

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def _admin_url() -> str:
    configured = os.environ.get("TEST_DATABASE_URL")
    candidates = (
        [configured]
        if configured
        else [DEFAULT_PG, make_url(DEFAULT_PG).set(username="root").render_as_string(False)]
    )
    errors: list[str] = []
    for url in candidates:
        problem = unanswered(url)
        if problem is None:
            return url
        errors.append(problem)
    reason = "PostgreSQL not reachable: " + "; ".join(errors)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a fresh, migrated PostgreSQL database for this test session."""
    admin_url = _admin_url()
    name = f"transferbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        migrate(engine)
        engine.dispose()
        yield url
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "data" / "transferbot.db"  # parent made by us
    eng = make_engine(f"sqlite:///{path}")
    migrate(eng)
    eng.dispose()  # the last connection checkpoints the WAL into the file
    return path


@pytest.fixture
def engine(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Engine]:
    if backend == "sqlite":
        path = tmp_path / "transferbot.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        eng = make_engine(f"sqlite:///{path}")
    else:
        eng = make_engine(request.getfixturevalue("pg_url"))
        with eng.begin() as conn:  # DELETE beats TRUNCATE on a handful of rows
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
    yield eng
    eng.dispose()


@pytest.fixture
def store(engine: Engine) -> Iterator[SqlStore]:
    s = SqlStore(engine)
    yield s
    s.close()

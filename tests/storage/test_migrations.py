"""Alembic owns the schema: the migrations must build exactly the models, on every backend."""

from __future__ import annotations

import tomllib
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from storage import make_engine, migrate
from storage.models import Base
from storage.schema import alembic_config, downgrade


def _diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_upgrade_head_matches_the_models(engine: Engine) -> None:
    # the fixture ran ``migrate`` on an empty database (SQLite file / fresh PostgreSQL database)
    assert _diff(engine) == []
    migrate(engine)  # idempotent: runs on every start
    assert _diff(engine) == []


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/m.db")
    migrate(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    migrate(engine)
    assert _diff(engine) == []
    engine.dispose()


def test_migrate_does_not_depend_on_the_working_directory(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    engine = make_engine(f"sqlite:///{tmp_path}/cwd.db")
    migrate(engine)
    assert "deliveries" in inspect(engine).get_table_names()
    engine.dispose()
    script_location = Path(alembic_config().get_main_option("script_location") or "")
    assert script_location.is_absolute() and (script_location / "env.py").exists()


def test_migrations_ship_as_package_data() -> None:
    root = Path(__file__).resolve().parents[2]
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["storage"]
    shipped = {p for g in globs for p in (root / "storage").glob(g)}
    needed = {
        root / "storage" / "alembic.ini",
        root / "storage" / "migrations" / "env.py",
        *(root / "storage" / "migrations" / "versions").glob("*.py"),
    }
    assert needed <= shipped

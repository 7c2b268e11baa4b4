"""Alembic owns the schema: the migrations must build exactly the models, on every backend."""

from __future__ import annotations

import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot.model import Channel
from bot.records import ChannelSettings
from storage import SqlStore, make_engine, migrate
from storage.models import Base
from storage.schema import alembic_config, downgrade
from tests.storage.conftest import BACKENDS, _admin_url


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


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each backend (PostgreSQL: a fresh one, dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/empty.db"
        return
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"transferbot_mig_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(_admin_url()).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_0003_moves_each_channels_widest_min_tier_to_its_settings(empty_url: str) -> None:
    engine = make_engine(empty_url)
    migrate(engine, "0002")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO players (id, name, attributes) VALUES (1, 'A', '{}')"))
        conn.execute(text("INSERT INTO players (id, name, attributes) VALUES (2, 'B', '{}')"))
        for channel, player, tier in (("c1", 1, 1), ("c1", 2, 2), ("c2", 1, 3)):
            conn.execute(
                text(
                    "INSERT INTO subscriptions (platform, workspace, channel, player_id, "
                    "min_tier, created_at) VALUES ('discord', 'g', :c, :p, :t, :at)"
                ),
                {"c": channel, "p": player, "t": tier, "at": "2025-01-01 00:00:00.000000"},
            )
    migrate(engine)
    store = SqlStore(engine)
    c1, c2 = (Channel(platform="discord", workspace="g", channel=c) for c in ("c1", "c2"))
    assert store.channel_settings(c1) == ChannelSettings(min_tier=2)  # nobody loses alerts
    assert store.channel_settings(c2) == ChannelSettings()
    assert [p.name for p in store.channel_players(c1)] == ["A", "B"]  # the rows kept
    store.save_channel_settings(c2, ChannelSettings(min_tier=0))
    downgrade(engine, "0002")
    with engine.connect() as conn:
        tiers = conn.execute(
            text("SELECT channel, player_id, min_tier FROM subscriptions ORDER BY id")
        ).all()
    assert [tuple(t) for t in tiers] == [("c1", 1, 2), ("c1", 2, 2), ("c2", 1, 0)]
    engine.dispose()

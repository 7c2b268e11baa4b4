"""Every operator error is one line naming what is wrong (never a traceback); ``migrate`` says
what it did; ``feeds import`` tells an added feed from one already there; ``--version``."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.ops.conftest import ROOT, clean_env, transferbot

PASSWORD = "hunter2-db-password"


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        pytest.param(
            f"postgresql+psycopg://bot:{PASSWORD}@127.0.0.1:1/bot",
            "cannot connect to postgresql+psycopg://bot:***@127.0.0.1:1/bot",
            id="unreachable-postgres",
        ),
        pytest.param(
            f"postgres://bot:{PASSWORD}@127.0.0.1:1/bot", "cannot connect", id="postgres-scheme"
        ),
        pytest.param("mysql://bot@127.0.0.1/bot", "'mysql' databases are not", id="mysql"),
        pytest.param(
            "postgresql+psycopg2://bot@127.0.0.1/bot", "driver 'psycopg2'", id="other-driver"
        ),
        pytest.param("postgresql+psycopg:///bot", "no host", id="no-host"),
    ],
)
@pytest.mark.parametrize("command", [["migrate"], ["run"], ["feeds", "list"]])
def test_bad_database_is_one_line(
    tmp_path: Path, url: str, fragment: str, command: list[str]
) -> None:
    ran = transferbot(command, clean_env(tmp_path, DATABASE_URL=url))
    assert ran.code == 2, ran.err
    line = _one_line(ran.err)
    assert line.startswith("config error: DATABASE_URL: "), line
    assert fragment in line
    assert PASSWORD not in ran.err + ran.out


def test_migrate_says_what_it_did(tmp_path: Path) -> None:
    env = clean_env(tmp_path, LOG_LEVEL="WARNING")
    first = transferbot(["migrate"], env)
    assert first.code == 0, first.err
    assert "created the tables" in first.out
    assert "up to date" not in first.out
    again = transferbot(["migrate"], env)
    assert again.code == 0, again.err
    assert "already up to date" in again.out
    assert "created" not in again.out


def test_migrate_db_option_is_named(tmp_path: Path) -> None:
    ran = transferbot(["migrate", "--db", "mysql://x@127.0.0.1/x"], clean_env(tmp_path))
    assert ran.code == 2
    assert _one_line(ran.err).startswith("config error: --db: ")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        pytest.param(["feeds", "import", "/no/such/feeds.opml"], "no such file", id="import"),
        pytest.param(["demo", "--stream", "/no/such.jsonl"], "no such file", id="demo-stream"),
        pytest.param(["replay", "/no/such.jsonl", "--follow", "X"], "No such file", id="replay"),
        pytest.param(["feeds", "import", "/"], "is a directory", id="import-a-directory"),
        pytest.param(["backfill", "/no/such/feed.xml"], "no such file", id="backfill-file"),
    ],
)
def test_missing_files_are_one_line(tmp_path: Path, args: list[str], fragment: str) -> None:
    ran = transferbot(args, clean_env(tmp_path, LOG_LEVEL="WARNING"))
    assert ran.code != 0
    assert fragment in _one_line(ran.err)


@pytest.mark.parametrize("url", ["http://[::1", "gopher://example.com/rss", "not a url", "http://"])
def test_bad_feed_urls_are_one_line_naming_the_url_once(tmp_path: Path, url: str) -> None:
    ran = transferbot(["feeds", "add", url], clean_env(tmp_path, LOG_LEVEL="WARNING"))
    assert ran.code == 1
    line = _one_line(ran.err)
    assert line.startswith("error: ")
    assert line.count(url) == 1, line


def test_feed_import_tells_added_from_already_there(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    shutil.copy(ROOT / "seeds" / "sample_feed.xml", feeds / "a.xml")
    good = (feeds / "a.xml").as_uri()
    bad = (feeds / "missing.xml").as_uri()
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"{good}\n# a comment\n{bad}\n", encoding="utf-8")
    env = clean_env(tmp_path, FEED_ALLOW_HOSTS=feeds.as_uri(), LOG_LEVEL="WARNING")

    first = transferbot(["feeds", "import", str(listing)], env)
    assert first.code == 1  # one of the two failed
    assert first.out.splitlines() == [f"added feed #1: {good}"]
    assert _one_line(first.err).count(bad) == 1

    again = transferbot(["feeds", "import", str(listing)], env)
    assert not any(line.startswith("added") for line in again.out.splitlines())
    assert again.out.splitlines() == [f"feed #1 already there: {good}"]


def test_version(tmp_path: Path) -> None:
    ran = transferbot(["--version"], clean_env(tmp_path))
    assert ran.code == 0
    assert ran.out.strip() == "transferbot 0.1.0"


def test_run_whose_chat_adapter_cannot_start_exits_1_in_one_line(tmp_path: Path) -> None:
    env = clean_env(
        tmp_path,
        DISCORD_TOKEN="MTE5ODc2NTQzMjEwOTg3NjU0MzIx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB",
        DISCORD_API_BASE="http://127.0.0.1:1/api/v10",
        DISCORD_GATEWAY_URL="ws://127.0.0.1:1/",
        TRANSFERBOT_SAMPLE_FEED="off",
    )
    ran = transferbot(["run"], env)
    assert ran.code == 1  # not 0: a container's restart policy must see the failure
    assert "Traceback" not in ran.err
    stopped = [line for line in ran.err.splitlines() if "stopped" in line]
    assert len(stopped) == 1
    assert "chat adapter discord stopped: ClientConnectorError" in stopped[0]
    assert "MTE5ODc2" not in ran.err


def test_a_schema_newer_than_the_code_is_one_line(tmp_path: Path) -> None:
    env = clean_env(tmp_path, LOG_LEVEL="WARNING")
    assert transferbot(["migrate"], env).code == 0
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    ran = transferbot(["migrate"], env)
    assert ran.code == 2
    line = _one_line(ran.err)
    assert line.startswith("config error: DATABASE_URL: the schema of sqlite:///")
    assert "revision 9999, which this version of transferbot does not know" in line
    doctor = transferbot(["doctor"], env)
    assert doctor.code == 1
    assert "FAIL  migrations: the schema of" in doctor.out
    assert "fix: upgrade transferbot" in doctor.out

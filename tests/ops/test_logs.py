"""Logs: one line per event, ``key=value`` or JSON with the context as keys; tokens, signing
secrets and database passwords never appear, at any level, whoever logs them."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from adapters.logs import configure_logging
from adapters.settings import load_settings
from tests.fakes.slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, command_fields, post_command
from tests.ops.conftest import ROOT, clean_env, transferbot
from tests.slack.conftest import fake  # noqa: F401 - the fake Slack Web API fixture

DISCORD_TOKEN = "MTE5ODc2NTQzMjEwOTg3NjU0MzIx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"
APP_TOKEN = "xapp-1-A0123-4567-abcdef0123456789"
DB_PASSWORD = "pg-Pa55word-never-logged"
SECRETS = (DISCORD_TOKEN, BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, DB_PASSWORD)


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    yield stream
    root.handlers[:] = before[1]
    root.setLevel(before[0])


def _emit_everything(log: logging.Logger) -> None:
    url = f"postgresql+psycopg://bot:{DB_PASSWORD}@db.internal:5432/bot"
    log.debug("token in the message %s", DISCORD_TOKEN)
    log.debug("slack token in args: %r", {"token": BOT_TOKEN, "secret": SIGNING_SECRET})
    log.info("connecting to %s", url)
    log.info(
        "context", extra={"feed": "https://x.org/rss", "authorization": f"Bot {DISCORD_TOKEN}"}
    )
    log.warning("header Authorization: Bearer %s", APP_TOKEN)
    try:
        raise RuntimeError(f"boom with {BOT_TOKEN} and {url}")
    except RuntimeError:
        log.exception("failed")
    logging.getLogger("slack_sdk.web").warning("sdk says %s", BOT_TOKEN)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_secret_in_any_line_at_debug(captured: io.StringIO, fmt: str) -> None:
    configure_logging("DEBUG", fmt, secrets=[SIGNING_SECRET], stream=captured)
    _emit_everything(logging.getLogger("tests.ops"))
    out = captured.getvalue()
    lines = out.splitlines()
    assert len(lines) == 7  # one line per event, the traceback included
    for secret in SECRETS:
        assert secret not in out, (secret, out)
    assert out.count("***") >= 8
    assert "db.internal:5432" in out  # the rest of the URL is kept
    if fmt == "json":
        records = [json.loads(line) for line in lines]
        assert records[3]["feed"] == "https://x.org/rss"
        assert records[5]["exc"].startswith("Traceback")
        assert {"ts", "level", "logger", "msg"} <= set(records[0])


def test_key_value_lines(captured: io.StringIO) -> None:
    configure_logging("INFO", "text", stream=captured)
    log = logging.getLogger("tests.ops.kv")
    log.info("alert sent", extra={"player": "Trent Alexander-Arnold", "delivery": "4,5"})
    log.debug("not shown at INFO")
    line = captured.getvalue().rstrip("\n")
    assert "\n" not in line
    assert line.startswith("ts=")
    assert ' level=info logger=tests.ops.kv msg="alert sent" ' in line
    assert line.endswith(' player="Trent Alexander-Arnold" delivery=4,5')


def test_settings_name_every_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", DISCORD_TOKEN)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://bot:{DB_PASSWORD}@h/bot")
    assert set(load_settings().secrets) == set(SECRETS)


def test_bad_log_format_is_a_config_error(tmp_path: Path) -> None:
    ran = transferbot(["feeds", "list"], clean_env(tmp_path, LOG_FORMAT="xml"))
    assert ran.code == 2
    assert ran.err.startswith("config error: LOG_FORMAT: expected one of text, json")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_unreachable_database_with_password_at_debug(tmp_path: Path, fmt: str) -> None:
    url = f"postgresql+psycopg://bot:{DB_PASSWORD}@127.0.0.1:1/bot"
    for command in (["migrate"], ["feeds", "list"], ["doctor"]):
        ran = transferbot(
            command, clean_env(tmp_path, DATABASE_URL=url, LOG_LEVEL="DEBUG", LOG_FORMAT=fmt)
        )
        assert ran.code != 0
        assert DB_PASSWORD not in ran.out + ran.err


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test (dropped after), its URL carrying a password
    (trust auth accepts any); skip, or FAIL when CI=true, when no server answers."""
    base = make_url(
        os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    )
    admin = create_engine(
        base.set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 3},
    )
    name = f"tb_ops_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is required when CI=true: {exc}")
        pytest.skip("PostgreSQL not reachable")
    try:
        url = base.set(database=name, password=DB_PASSWORD)
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_postgres_password_never_logged_at_debug(tmp_path: Path, pg_url: str) -> None:
    for fmt in ("text", "json"):
        env = clean_env(tmp_path, DATABASE_URL=pg_url, LOG_LEVEL="DEBUG", LOG_FORMAT=fmt)
        ran = transferbot(["migrate"], env)
        assert ran.code == 0, ran.err
        assert ":***@127.0.0.1" in ran.out
        assert DB_PASSWORD not in ran.out + ran.err
        doctor = transferbot(["doctor"], env)
        assert doctor.code == 0, doctor.out
        assert DB_PASSWORD not in doctor.out + doctor.err


async def test_run_at_debug_never_logs_the_slack_secrets(
    fake: FakeSlack,  # noqa: F811
    tmp_path: Path,
) -> None:
    env = clean_env(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_BASE_URL=fake.api_base_url,
        SLACK_HTTP_HOST="127.0.0.1",
        SLACK_HTTP_PORT="0",
        LOG_LEVEL="DEBUG",
        HEALTH_PORT="0",
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli",
        "run",
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None and proc.stdout is not None
    err: list[str] = []
    try:
        port = None
        async with asyncio.timeout(30):
            while port is None:
                line = (await proc.stderr.readline()).decode()
                assert line, "".join(err)
                err.append(line)
                if "Slack HTTP mode: /transfers on http://127.0.0.1:" in line:
                    port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        url = f"http://127.0.0.1:{port}/slack/events"
        answer = await post_command(
            url, command_fields("follow Diogo Dalot", response_url=fake.response_url("p"))
        )
        assert answer.status == 200
        forged = await post_command(url, command_fields("help"), secret="wrong")
        assert forged.status == 401
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(20):
            rest = await proc.stderr.read()
            out = await proc.stdout.read()
            code = await proc.wait()
    everything = "".join(err) + rest.decode() + out.decode()
    assert code == 0, everything
    assert "level=debug" in everything  # DEBUG really was on
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in everything

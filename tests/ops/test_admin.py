"""The admin commands: ``doctor`` on good and broken configurations, ``players alias add``,
``sources tier`` and ``backfill``, each as the operator runs it (a subprocess), good and bad."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

import storage
from adapters import admin, cli
from adapters.console import CONSOLE_CHANNEL
from bot.service import Service
from storage.models import ArticleRow, DeliveryRow
from tests.ops.conftest import ROOT, clean_env, transferbot

DISCORD_TOKEN = "MTE5ODc2NTQzMjEwOTg3NjU0MzIx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"
SLACK_BOT_TOKEN = "xoxb-1111-2222-abcdefABCDEF"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"


class _Answer(BaseHTTPRequestHandler):
    def _ok(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _ok

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def api() -> Iterator[tuple[str, list[str]]]:
    """A stand-in for the chat APIs on 127.0.0.1: answers every request with 200."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    server.paths = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.paths  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def _migrated(env: dict[str, str]) -> None:
    assert transferbot(["migrate"], env).code == 0


# --------------------------------------------------------------------------- doctor


def test_doctor_good_config_with_reachable_apis(tmp_path: Path, api: tuple[str, list[str]]) -> None:
    base, paths = api
    env = clean_env(
        tmp_path,
        DISCORD_TOKEN=DISCORD_TOKEN,
        DISCORD_API_BASE=f"{base}/api/v10",
        SLACK_BOT_TOKEN=SLACK_BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_BASE_URL=f"{base}/api/",
    )
    _migrated(env)
    assert transferbot(["feeds", "defaults", "--add"], env).code == 0  # stored, never fetched
    ran = transferbot(["doctor"], env)
    assert ran.code == 0, ran.out + ran.err
    out = ran.out
    assert "FAIL" not in out
    for fragment in (
        "ok    config: every setting is valid",
        "ok    DISCORD_TOKEN: looks like a bot token",
        "ok    SLACK_BOT_TOKEN: looks like a bot token (xoxb-)",
        "ok    SLACK_SIGNING_SECRET: 32 hexadecimal characters",
        "ok    database: sqlite:///",
        "ok    migrations: schema ",
        "ok    feeds: 12 feed(s)",
        f"ok    Discord API: {base}/api/v10/gateway answers (HTTP 200)",
        f"ok    Slack API: {base}/api/api.test answers (HTTP 200)",
        "0 problem(s), 0 warning(s)",
    ):
        assert fragment in out, (fragment, out)
    assert sorted(paths) == ["/api/api.test", "/api/v10/gateway"]
    for secret in (DISCORD_TOKEN, SLACK_BOT_TOKEN, SIGNING_SECRET):
        assert secret not in out + ran.err


@pytest.mark.parametrize(
    ("extra", "migrate", "expected"),
    [
        pytest.param(
            {},
            False,
            ["FAIL  migrations: no schema yet", "fix: run transferbot migrate"],
            id="unmigrated",
        ),
        pytest.param(
            {"POLL_INTERVAL_S": "5"},
            True,
            ["FAIL  config: POLL_INTERVAL_S: ", "fix: set POLL_INTERVAL_S to a valid value"],
            id="bad-setting",
        ),
        pytest.param(
            {"DATABASE_URL": "postgresql+psycopg://bot:pw@127.0.0.1:1/bot"},
            False,
            ["FAIL  database: cannot connect to ", "fix: check DATABASE_URL"],
            id="unreachable-database",
        ),
        pytest.param(
            {"DATABASE_URL": "mysql://bot@127.0.0.1/bot"},
            False,
            ["FAIL  config: DATABASE_URL: 'mysql' databases are not supported"],
            id="mysql",
        ),
        pytest.param(
            {
                "DISCORD_TOKEN": "not-a-token",
                "DISCORD_API_BASE": "http://127.0.0.1:1/api/v10",
                "SLACK_BOT_TOKEN": "xoxp-user-token",
                "SLACK_SIGNING_SECRET": "short",
                "SLACK_API_BASE_URL": "http://127.0.0.1:1/api/",
            },
            True,
            [
                "FAIL  DISCORD_TOKEN: not shaped like a Discord bot token",
                "fix: copy it again from the developer portal",
                "FAIL  SLACK_BOT_TOKEN: does not start with xoxb- (starts 'xoxp')",
                "FAIL  SLACK_SIGNING_SECRET: 5 characters, expected 32 hexadecimal",
                "FAIL  Discord API: cannot reach http://127.0.0.1:1/api/v10/gateway",
                "FAIL  Slack API: cannot reach http://127.0.0.1:1/api/api.test",
                "fix: check this host's network",
                "5 problem(s)",
            ],
            id="bad-tokens-unreachable-apis",
        ),
        pytest.param(
            {"SLACK_BOT_TOKEN": SLACK_BOT_TOKEN, "SLACK_APP_TOKEN": "xoxb-wrong-kind"},
            True,
            ["FAIL  SLACK_APP_TOKEN: does not start with xapp-"],
            id="bad-app-token",
        ),
    ],
)
def test_doctor_says_what_is_wrong_and_how_to_fix_it(
    tmp_path: Path, extra: dict[str, str], migrate: bool, expected: list[str]
) -> None:
    env = clean_env(tmp_path)
    if migrate:
        _migrated(env)
    env.update(extra)
    if "SLACK_API_BASE_URL" not in extra and "SLACK_BOT_TOKEN" in extra:
        env["SLACK_API_BASE_URL"] = "http://127.0.0.1:1/api/"  # never the real Slack
    ran = transferbot(["doctor"], env)
    assert ran.code == 1, ran.out
    assert "Traceback" not in ran.err
    for fragment in expected:
        assert fragment in ran.out, (fragment, ran.out)
    assert "pw@" not in ran.out


def test_doctor_warns_about_no_feeds_and_disabled_ones(tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    _migrated(env)
    ran = transferbot(["doctor"], env)
    assert ran.code == 0
    assert "warn  feeds: no feeds: nothing will be read" in ran.out
    assert "fix: transferbot feeds defaults --add" in ran.out


# --------------------------------------------------------------------------- players


def test_players_alias_add(tmp_path: Path) -> None:
    env = clean_env(tmp_path, LOG_LEVEL="WARNING")
    trent = "Trent Alexander-Arnold"
    ran = transferbot(["players", "alias", "add", trent, "TAA"], env)
    assert ran.code == 0, ran.err
    assert ran.out.strip() == f"alias 'TAA' added to {trent} (aliases: {trent}, TAA)"
    again = transferbot(["players", "alias", "add", trent, "TAA"], env)
    assert again.code == 0
    assert "already an alias of Trent Alexander-Arnold" in again.out
    clash = transferbot(["players", "alias", "add", "Diogo Dalot", "taa"], env)
    assert clash.code == 1
    assert clash.err.strip() == "error: 'taa' is already an alias of Trent Alexander-Arnold"
    empty = transferbot(["players", "alias", "add", trent, "  "], env)
    assert empty.code == 1
    assert len(empty.err.strip().splitlines()) == 1
    engine = cli.make_engine(env["DATABASE_URL"])
    try:
        found = storage.SqlStore(engine).find_player("T.A.A.")
        assert found is not None and found.name == trent
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- sources


def test_sources_tier_overrides_the_gazetteer(tmp_path: Path) -> None:
    path = tmp_path / "sources.local.toml"
    env = clean_env(tmp_path, SOURCES_FILE=str(path))
    ran = transferbot(["sources", "tier", "Fabrizio Romano", "3"], env)
    assert ran.code == 0, ran.err
    assert ran.out.startswith("Fabrizio Romano: tier 3 (was 1), saved in ")
    ran = transferbot(["sources", "tier", "romano", "0", "--club", "Liverpool FC"], env)
    assert ran.code == 0, ran.err
    assert "tier 0 for Liverpool stories" in ran.out
    gazetteer = admin.gazetteer(path)
    assert gazetteer is not None
    assert gazetteer.tier("Fabrizio Romano") == 3
    assert gazetteer.tier("Fabrizio Romano", "Liverpool") == 0
    assert gazetteer.tier("BBC Sport") == 1  # the others unchanged
    assert admin.gazetteer(tmp_path / "none.toml") is None


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["Nobody Special", "1"], "no source called 'Nobody Special'"),
        (["Fabrizio Romano", "7"], "tier must be 0, 1, 2 or 3, not 7"),
        (["Fabrizio Romano", "1", "--club", "Atlantis United"], "no club called"),
    ],
)
def test_sources_tier_refuses_bad_input(tmp_path: Path, args: list[str], fragment: str) -> None:
    path = tmp_path / "sources.local.toml"
    ran = transferbot(["sources", "tier", *args], clean_env(tmp_path, SOURCES_FILE=str(path)))
    assert ran.code == 1
    assert ran.err.startswith("error: ") and fragment in ran.err
    assert len(ran.err.strip().splitlines()) == 1
    assert not path.exists()  # nothing changed


# --------------------------------------------------------------------------- backfill


def test_backfill_records_history_and_alerts_nothing(tmp_path: Path) -> None:
    env = clean_env(tmp_path, LOG_LEVEL="WARNING")
    feed_file = tmp_path / "feed.xml"
    shutil.copy(ROOT / "seeds" / "sample_feed.xml", feed_file)
    engine = cli.make_engine(env["DATABASE_URL"])
    store = storage.SqlStore(engine)
    try:
        Service(store).follow(CONSOLE_CHANNEL, "Trent Alexander-Arnold")
    finally:
        store.close()

    ran = transferbot(["backfill", str(feed_file)], env)
    assert ran.code == 0, ran.err
    assert "backfill [" in ran.err and "] 2/2" in ran.err  # the progress bar
    assert ran.out.strip().startswith(f"backfilled 2 item(s) of {feed_file.as_uri()}: 2 new")
    assert "nothing alerted" in ran.out
    with engine.connect() as conn:
        assert conn.execute(select(func.count(ArticleRow.id))).scalar() == 2
        assert conn.execute(select(func.count(DeliveryRow.id))).scalar() == 0

    again = transferbot(["backfill", str(feed_file)], env)
    assert "0 new, 2 already known" in again.out
    engine.dispose()


def test_backfill_a_stored_feed_by_id(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    shutil.copy(ROOT / "seeds" / "sample_feed.xml", feeds / "a.xml")
    env = clean_env(tmp_path, LOG_LEVEL="WARNING", FEED_ALLOW_HOSTS=feeds.as_uri())
    assert transferbot(["feeds", "add", (feeds / "a.xml").as_uri()], env).code == 0
    ran = transferbot(["backfill", "1"], env)
    assert ran.code == 0, ran.err
    assert "2 new" in ran.out


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("/no/such/feed.xml", "FEED: no such file: /no/such/feed.xml"),
        ("http://127.0.0.1:9/feed.xml", "refused"),  # not allowed by the operator
        (str(ROOT / "README.md"), "not a feed"),
    ],
    ids=["missing-file", "refused-address", "not-a-feed"],
)
def test_backfill_errors_are_one_line(tmp_path: Path, target: str, fragment: str) -> None:
    ran = transferbot(["backfill", target], clean_env(tmp_path, LOG_LEVEL="WARNING"))
    assert ran.code == 1
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    assert fragment in lines[0]

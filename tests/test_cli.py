"""The composition root: scheduler jobs, the adapter registry, config errors, ``run`` and
``demo`` in a subprocess (stdin piped, stopped by EOF, SIGINT or SIGTERM)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from adapters.cli import build_parser, main, read_feed_list
from adapters.feeds import opml
from adapters.registry import REGISTRY, AdapterContext, ConsoleAdapter, build_adapters, selected
from adapters.scheduler import MISFIRE_GRACE_S, Jobs, make_scheduler
from adapters.settings import Settings
from bot.errors import ConfigError
from bot.model import Feed
from bot.ports import ChatSender

ROOT = Path(__file__).resolve().parent.parent
ENV_VARS = [name.upper() for name in Settings.model_fields]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


# --------------------------------------------------------------------------- scheduler jobs


class CountingDeliverer:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[Mapping[str, ChatSender]] = []
        self.fail = fail

    async def deliver(self, senders: Mapping[str, ChatSender]) -> int:
        self.calls.append(senders)
        if self.fail:
            raise RuntimeError("outbox on fire")
        return 2


class CountingPoller:
    def __init__(self, fail: bool = False) -> None:
        self.calls = 0
        self.fail = fail

    async def poll_due(self) -> object:
        self.calls += 1
        if self.fail:
            raise RuntimeError("poller on fire")
        return {"feeds": 0}


async def test_job_bodies_call_through() -> None:
    deliverer, poller = CountingDeliverer(), CountingPoller()
    senders: dict[str, ChatSender] = {}
    jobs = Jobs(deliverer=deliverer, senders=senders, poller=poller)
    assert await jobs.deliver_due() == 2
    await jobs.poll_due_feeds()
    assert deliverer.calls == [senders]
    assert poller.calls == 1


class NewsPoller(CountingPoller):
    async def poll_due(self) -> object:
        self.calls += 1

        @dataclass
        class Stats:
            events: int

        return Stats(events=self.events)

    events = 0


async def test_a_poll_that_found_news_delivers_at_once() -> None:
    """No wait for the delivery job's next tick (the alert latency bench measured it: every
    alert waited the whole 2 s period, the jobs being in step); a poll with no news delivers
    nothing extra."""
    deliverer, poller = CountingDeliverer(), NewsPoller()
    jobs = Jobs(deliverer=deliverer, senders={}, poller=poller)
    await jobs.poll_due_feeds()
    assert deliverer.calls == []
    poller.events = 3
    await jobs.poll_due_feeds()
    assert len(deliverer.calls) == 1
    assert jobs.runs == {"poll": 2, "deliver": 1}


class SlowDeliverer(CountingDeliverer):
    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()

    async def deliver(self, senders: Mapping[str, ChatSender]) -> int:
        self.calls.append(senders)
        await self.release.wait()
        return 1


async def test_news_found_mid_poll_delivers_at_once_one_run_at_a_time() -> None:
    """A feed's alerts go out while the poll goes on (``Poller.on_news`` → ``news_found``): one
    delivery run at a time; news found while it runs makes it run once more, not once per
    feed; nothing after shutdown began, nothing where a test steps delivery itself."""
    deliverer = SlowDeliverer()
    jobs = Jobs(deliverer=deliverer, senders={})
    jobs.news_found()
    await asyncio.sleep(0)
    assert len(deliverer.calls) == 1  # under way, not waiting for a poll's end or a tick
    jobs.news_found()
    jobs.news_found()  # two more feeds with news while it runs: one more run
    deliverer.release.set()
    for _ in range(20):
        await asyncio.sleep(0)
    assert len(deliverer.calls) == 2
    await jobs.drain()
    jobs.news_found()
    await asyncio.sleep(0)
    assert len(deliverer.calls) == 2  # stopping: no new run
    stepped = Jobs(deliverer=CountingDeliverer(), senders={}, deliver_after_poll=False)
    stepped.news_found()
    await asyncio.sleep(0)
    assert stepped.deliverer.calls == []  # type: ignore[attr-defined]


async def test_job_failures_are_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    jobs = Jobs(deliverer=CountingDeliverer(fail=True), senders={}, poller=CountingPoller(True))
    assert await jobs.deliver_due() == 0
    await jobs.poll_due_feeds()
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert messages == ["delivering the outbox failed", "polling the due feeds failed"]
    assert all(r.exc_info for r in caplog.records if r.levelno == logging.ERROR)


async def test_scheduler_runs_both_jobs_with_safe_defaults() -> None:
    deliverer, poller = CountingDeliverer(), CountingPoller()
    jobs = Jobs(deliverer=deliverer, senders={}, poller=poller)
    scheduler = make_scheduler(jobs, poll_every_s=0.05, deliver_every_s=0.05)
    scheduler.start()  # job defaults are applied when the pending jobs are added, at start
    try:
        by_id = {job.id: job for job in scheduler.get_jobs()}
        assert set(by_id) == {"poll_due_feeds", "deliver_due"}
        for job in by_id.values():
            assert job.coalesce is True
            assert job.max_instances == 1
            assert job.misfire_grace_time == MISFIRE_GRACE_S
        for _ in range(100):
            if len(deliverer.calls) >= 2 and poller.calls >= 2:
                break
            await asyncio.sleep(0.02)
    finally:
        scheduler.shutdown(wait=False)
    assert len(deliverer.calls) >= 2
    assert poller.calls >= 2


def test_scheduler_without_poller_only_delivers() -> None:
    jobs = Jobs(deliverer=CountingDeliverer(), senders={})
    assert [job.id for job in make_scheduler(jobs).get_jobs()] == ["deliver_due"]


# --------------------------------------------------------------------------- registry


def _settings(**values: object) -> Settings:
    return Settings(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param({}, ["console"], id="no-tokens-console"),
        pytest.param({"discord_token": "t"}, ["discord"], id="discord"),
        pytest.param(
            {"slack_bot_token": "x", "slack_app_token": "y"}, ["slack"], id="slack-socket-mode"
        ),
        pytest.param(
            {"discord_token": "t", "slack_bot_token": "x", "slack_signing_secret": "s"},
            ["discord", "slack"],
            id="both",
        ),
    ],
)
def test_selected_adapters(values: dict[str, object], expected: list[str]) -> None:
    assert selected(_settings(**values)) == expected


def test_registry_is_explicit() -> None:
    assert list(REGISTRY) == ["console", "discord", "slack"]


def test_console_adapter_is_built_by_default() -> None:
    context = AdapterContext(settings=_settings(), service=object(), stdin=io.StringIO())  # type: ignore[arg-type]
    [adapter] = build_adapters(context)
    assert isinstance(adapter, ConsoleAdapter)
    assert adapter.sender.platform == "console"


def test_unknown_adapter_name() -> None:
    context = AdapterContext(settings=_settings(), service=object())  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="unknown adapter"):
        build_adapters(context, ["telegram"])


# --------------------------------------------------------------------------- parser, OPML, errors


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(["run"], {"command": "run", "no_sample_feed": False}, id="run"),
        pytest.param(["demo"], {"delay": 4.0, "db": "sqlite://"}, id="demo-defaults"),
        pytest.param(["demo", "--delay", "0"], {"delay": 0.0}, id="demo-delay"),
        pytest.param(
            ["replay", "f.jsonl", "--follow", "A", "--follow", "B"],
            {"items": "f.jsonl", "follow": ["A", "B"], "format": "jsonl", "db": "sqlite://"},
            id="replay",
        ),
        pytest.param(["feeds", "remove", "3"], {"url_or_id": "3"}, id="feeds-remove"),
        pytest.param(["feeds", "export"], {"feeds_command": "export"}, id="feeds-export"),
    ],
)
def test_parser(argv: list[str], expected: dict[str, object]) -> None:
    args = vars(build_parser().parse_args(argv))
    assert {key: args[key] for key in expected} == expected


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["replay", "f.jsonl"], id="replay-needs-follow"),
        pytest.param(["demo", "--delay", "-1"], id="negative-delay"),
        pytest.param(["feeds"], id="feeds-needs-action"),
        pytest.param([], id="no-command"),
    ],
)
def test_parser_rejects(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(argv)
    assert caught.value.code == 2


def test_config_error_exits_2_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POLL_INTERVAL_S", "5")
    assert main(["migrate"]) == 2
    assert capsys.readouterr().err.startswith("config error: POLL_INTERVAL_S: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            b"https://a.org/rss\n# comment\n\nhttps://b.org/atom  # trailing\n",
            ["https://a.org/rss", "https://b.org/atom"],
            id="url-list",
        ),
        pytest.param(
            b'<?xml version="1.0"?><opml version="2.0"><body>'
            b'<outline text="g"><outline type="rss" xmlUrl="https://a.org/rss"/></outline>'
            b'<outline text="no url"/></body></opml>',
            ["https://a.org/rss"],
            id="opml-nested",
        ),
    ],
)
def test_read_feed_list(text: bytes, expected: list[str]) -> None:
    assert read_feed_list(text) == expected


def test_opml_round_trip() -> None:
    feeds = [
        Feed(id=1, url="https://a.org/rss?x=1&y=2", title="A & B"),
        Feed(id=2, url="file:///s"),
    ]
    assert read_feed_list(opml.export_opml(feeds)) == [feed.url for feed in feeds]


# --------------------------------------------------------------------------- subprocesses


class Proc:
    """A ``transferbot`` subprocess whose stdout lines are read in a thread."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "adapters.cli", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.err: list[str] = []
        self._threads = [
            threading.Thread(target=self._pump, daemon=True),
            threading.Thread(target=self._pump_err, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _pump(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self.lines.put(line.rstrip("\n"))

    def _pump_err(self) -> None:
        assert self.popen.stderr is not None
        self.err.extend(self.popen.stderr)

    def send(self, text: str) -> None:
        assert self.popen.stdin is not None
        self.popen.stdin.write(text)
        self.popen.stdin.flush()

    def wait_for(self, fragment: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.popen.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if fragment in line:
                return line
        raise AssertionError(f"{fragment!r} not seen; stdout so far: {self.seen}")

    def finish(self, timeout: float = 20) -> tuple[int, str]:
        try:
            code = self.popen.wait(timeout=timeout)
        finally:
            if self.popen.poll() is None:
                self.popen.kill()
        for thread in self._threads:
            thread.join(timeout=5)
        for pipe in (self.popen.stdin, self.popen.stdout, self.popen.stderr):
            if pipe is not None and not pipe.closed:
                with contextlib.suppress(BrokenPipeError):
                    pipe.close()
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code, "".join(self.err)

    def close_stdin(self) -> None:
        assert self.popen.stdin is not None
        self.popen.stdin.close()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.upper() not in ENV_VARS}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", PYTHONUNBUFFERED="1", **extra)
    env.setdefault("TRANSFERBOT_DEFAULT_FEEDS", "off")  # the public feeds are never fetched here
    return env


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_run_console_session_stops_cleanly_on_signal(tmp_path: Path, signum: int) -> None:
    proc = Proc(["run"], _env(tmp_path))
    proc.wait_for("transferbot demo")  # the banner says what to try
    proc.send("/follow Trent Alexander-Arnold\n")
    proc.wait_for("Now following Trent Alexander-Arnold")
    proc.send("/following\n")
    proc.wait_for("Following: Trent Alexander-Arnold")
    proc.popen.send_signal(signum)
    code, err = proc.finish()
    assert code == 0, err
    assert "Traceback" not in err


def test_run_stops_at_eof_and_keeps_state(tmp_path: Path) -> None:
    proc = Proc(["run", "--no-sample-feed"], _env(tmp_path))
    proc.send("/follow Diogo Dalot\n/dance\n/latest Nobody Atall\n")
    proc.close_stdin()
    code, err = proc.finish()
    assert code == 0, err
    assert "Traceback" not in err
    out = "\n".join(proc.seen)
    assert "Now following Diogo Dalot." in out
    assert "error: unknown command: /dance" in out
    assert "error: I don't know a player called 'Nobody Atall'." in out
    # the subscription is in the database: a second run sees it
    again = Proc(["run", "--no-sample-feed"], _env(tmp_path))
    again.send("/following\n")
    again.close_stdin()
    code, err = again.finish()
    assert code == 0, err
    assert "Following: Diogo Dalot" in again.seen


def test_run_with_bad_config_exits_2(tmp_path: Path) -> None:
    proc = Proc(["run"], _env(tmp_path, POLL_INTERVAL_S="10"))
    code, err = proc.finish()
    assert code == 2
    assert err.startswith("config error: POLL_INTERVAL_S: ")


def test_demo_prints_alerts_offline(tmp_path: Path) -> None:
    proc = Proc(["demo", "--delay", "0"], _env(tmp_path))
    proc.close_stdin()  # the demo runs to the end anyway
    code, err = proc.finish(timeout=40)
    assert code == 0, err
    assert "Traceback" not in err
    out = "\n".join(proc.seen)
    assert "demo: following Trent Alexander-Arnold" in out
    assert "demo: following Diogo Dalot" in out
    assert "*** Trent Alexander-Arnold" in out  # at least one alert was printed
    assert "demo: stream done" in out


def test_demo_saga_keeps_the_stories_dates(tmp_path: Path) -> None:
    proc = Proc(["demo", "--delay", "0"], _env(tmp_path))
    proc.wait_for("demo: stream done")
    proc.send("/latest Trent Alexander-Arnold\n")
    proc.wait_for("Timeline:")
    proc.close_stdin()
    code, err = proc.finish(timeout=40)
    assert code == 0, err
    out = "\n".join(proc.seen)
    assert "last news 2025-01-02" in out  # the seed stories' date, not the day the demo ran


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://127.0.0.1:9/feed.xml", id="loopback-literal"),
        pytest.param("http://169.254.169.254/latest/meta-data/", id="cloud-metadata"),
        pytest.param("http://localhost/rss", id="hostname-to-loopback"),
        pytest.param("file:///etc/passwd", id="local-file"),
        pytest.param("gopher://example.com/feed", id="bad-scheme"),
    ],
)
def test_cli_feeds_add_refuses_unsafe_urls_like_chat(
    url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    assert main(["feeds", "add", url]) != 0
    err = capsys.readouterr().err
    assert url in err
    assert "refused" in err.lower() or "only http(s)" in err.lower()
    assert main(["feeds", "list"]) == 0
    assert "no feeds" in capsys.readouterr().out.lower()


def test_help_answers_before_the_bot_is_imported() -> None:
    """``--help`` and a malformed command are parsed with the standard library only (issue 16):
    neither the composition root nor SQLAlchemy, aiohttp or the claim engine is loaded."""
    probe = (
        "import contextlib, io, sys\n"
        "from adapters.commandline import main\n"
        "for argv in (['--help'], ['feeds', '--help'], ['bogus']):\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()), "
        "contextlib.redirect_stderr(io.StringIO()):\n"
        "        main(argv)\n"
        "heavy = {'adapters.cli', 'sqlalchemy', 'aiohttp', 'bot.claims', 'feedparser'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"

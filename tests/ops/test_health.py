"""``/healthz`` and ``/metrics``: each health check passing and failing, every metric family
counted by the wrappers the composition root puts around the core, scraped over HTTP on
127.0.0.1 and read back with prometheus_client's own text parser; and a ``transferbot run``
process serving both."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine

import storage
from adapters import cli
from adapters.console import CONSOLE_CHANNEL
from adapters.health import HealthServer, Runtime
from adapters.metrics import MeteredFetcher, MeteredIngest, MeteredSender, Metrics
from adapters.replay import parse_item
from bot.errors import (
    ChannelGoneError,
    FeedHTTPError,
    FeedTimeoutError,
    PermanentDeliveryError,
    RateLimitedError,
)
from bot.ingest import Ingest
from bot.model import Alert, Channel, Feed
from bot.records import FetchResult, Sent
from bot.service import Service
from tests.ops.conftest import ROOT, clean_env, transferbot

SEED = (ROOT / "seeds" / "seeds.jsonl").read_text("utf-8").splitlines()[0]


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape, keyed by (name, sorted labels), via prometheus_client's parser."""
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


class FakeAdapter:
    name = "console"

    def __init__(self) -> None:
        self.ready = asyncio.Event()


class ScriptedFetcher:
    def __init__(self, outcomes: list[Any]) -> None:
        self.outcomes = outcomes

    async def fetch(self, feed: Feed) -> FetchResult:
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


class ScriptedSender:
    platform = "console"

    def __init__(self, outcomes: list[Exception | None]) -> None:
        self.outcomes = outcomes
        self.told: list[tuple[Channel, str]] = []

    async def send(self, alert: Alert) -> Sent:
        await asyncio.sleep(0.01)
        outcome = self.outcomes.pop(0)
        if outcome is not None:
            raise outcome
        return Sent(message_id=f"m{len(self.outcomes)}")

    async def send_notice(self, channel: Channel, text: str) -> None:
        return None

    async def tell_admins(self, channel: Channel, reason: str, *, alert: str | None = None) -> None:
        self.told.append((channel, reason))


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = cli.make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
async def served(engine: Engine) -> AsyncIterator[tuple[HealthServer, str]]:
    metrics = Metrics()
    metrics.watch_store(engine)
    adapter = FakeAdapter()
    runtime = Runtime(adapters=[adapter])  # type: ignore[list-item]
    server = HealthServer(engine=engine, metrics=metrics, runtime=runtime, host="127.0.0.1", port=0)
    await server.start()
    try:
        yield server, f"http://127.0.0.1:{server.port}"
    finally:
        await server.stop()


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def test_healthz_passes_only_when_every_check_does(
    served: tuple[HealthServer, str],
) -> None:
    server, base = served
    status, body = await get(base + "/healthz")
    assert status == 503  # scheduler not started, adapter not connected yet
    checks = json.loads(body)["checks"]
    assert checks["process"] == "ok"
    assert checks["database"] == "ok"
    assert checks["scheduler"] == "stopped"
    assert checks["adapters"] == {"console": "connecting"}

    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start()
    server.runtime.scheduler = scheduler
    server.runtime.adapters[0].ready.set()  # type: ignore[attr-defined]
    try:
        status, body = await get(base + "/healthz")
        assert status == 200, body
        assert json.loads(body) == {
            "status": "ok",
            "checks": {
                "adapters": {"console": "ok"},
                "database": "ok",
                "process": "ok",
                "scheduler": "ok",
            },
        }
    finally:
        scheduler.shutdown(wait=False)
    await asyncio.sleep(0)
    status, body = await get(base + "/healthz")
    assert status == 503
    assert json.loads(body)["checks"]["scheduler"] == "stopped"


async def test_healthz_reports_an_unreachable_database() -> None:
    dead = storage.make_engine("postgresql+psycopg://bot@127.0.0.1:1/bot?connect_timeout=2")
    metrics = Metrics()
    server = HealthServer(engine=dead, metrics=metrics, runtime=Runtime(), host="127.0.0.1", port=0)
    await server.start()
    try:
        status, body = await get(f"http://127.0.0.1:{server.port}/healthz")
        assert status == 503
        assert json.loads(body)["checks"]["database"].startswith("error: OperationalError")
        status, _ = await get(f"http://127.0.0.1:{server.port}/metrics")
        assert status == 200  # the counters need no database; none is registered here
    finally:
        await server.stop()
        dead.dispose()


async def test_metrics_count_what_the_wrapped_core_did(
    engine: Engine, served: tuple[HealthServer, str]
) -> None:
    server, base = served
    metrics = server.metrics
    store = storage.SqlStore(engine)
    feed = Feed(id=1, url="http://127.0.0.1:9/feed.xml")
    fetcher = MeteredFetcher(
        ScriptedFetcher(
            [
                FetchResult(items=()),
                FetchResult(items=None),
                FeedTimeoutError("timed out"),
                FeedHTTPError(404),
                FeedHTTPError(503),
            ]
        ),
        metrics,
    )
    for _ in range(5):
        with contextlib.suppress(FeedTimeoutError, FeedHTTPError):
            await fetcher.fetch(feed)

    Service(store).follow(CONSOLE_CHANNEL, "Trent Alexander-Arnold")
    article = parse_item(SEED)
    ingest = MeteredIngest(Ingest(store, clock=lambda: article.published), metrics)
    result = ingest(article, silent=False)
    assert result.events
    assert ingest(article).status.value == "duplicate"

    scripted = ScriptedSender(
        [None, PermanentDeliveryError("gone"), RateLimitedError("slow", 5), ChannelGoneError("x")]
    )
    sender = MeteredSender(scripted, metrics)
    alert = Alert(
        channel=CONSOLE_CHANNEL,
        player="X",
        lines=("a",),
        stage=None,
        link=None,
        outlet="o",
        published=article.published,
        delivery_ids=(1,),
    )
    assert await sender.send(alert) == Sent(message_id="m3")  # the platform's answer, passed on
    for _ in range(3):
        with contextlib.suppress(PermanentDeliveryError, RateLimitedError):
            await sender.send(alert)
    await sender.tell_admins(CONSOLE_CHANNEL, "gone")
    assert scripted.told == [(CONSOLE_CHANNEL, "gone")]

    status, text = await get(base + "/metrics")
    assert status == 200
    got = samples(text)
    assert got[("transferbot_feed_polls_total", (("result", "ok"),))] == 1
    assert got[("transferbot_feed_polls_total", (("result", "not_modified"),))] == 1
    assert got[("transferbot_feed_polls_total", (("result", "error"),))] == 3
    assert got[("transferbot_feed_fetch_errors_total", (("reason", "timeout"),))] == 1
    assert got[("transferbot_feed_fetch_errors_total", (("reason", "http_4xx"),))] == 1
    assert got[("transferbot_feed_fetch_errors_total", (("reason", "http_5xx"),))] == 1
    assert got[("transferbot_items_total", (("status", "new"),))] == 1
    assert got[("transferbot_items_total", (("status", "duplicate"),))] == 1
    assert got[("transferbot_claims_total", ())] >= len(result.events)
    events = {k[1][0][1]: v for k, v in got.items() if k[0] == "transferbot_events_total"}
    assert sum(events.values()) == len(result.events)
    assert set(events) == {str(e.kind.value) for e in result.events}
    assert got[("transferbot_alerts_sent_total", (("platform", "console"),))] == 1
    failed = (("platform", "console"), ("reason", "permanent"))
    assert got[("transferbot_alerts_failed_total", failed)] == 1
    gone = (("platform", "console"), ("reason", "channel_gone"))
    assert got[("transferbot_alerts_failed_total", gone)] == 1
    limited = (("platform", "console"), ("reason", "rate_limited"))
    assert got[("transferbot_alerts_failed_total", limited)] == 1
    latency = got[("transferbot_chat_api_seconds_count", (("platform", "console"),))]
    assert latency == 4
    assert got[("transferbot_chat_api_seconds_sum", (("platform", "console"),))] >= 0.03
    assert got[("transferbot_outbox_depth", ())] == result.deliveries > 0
    assert got[("transferbot_outbox_oldest_age_seconds", ())] >= 0
    assert got[("transferbot_poll_lag_seconds", ())] == 0
    store.close()


async def test_poll_lag_and_feed_states_come_from_the_database(
    engine: Engine, served: tuple[HealthServer, str]
) -> None:
    store = storage.SqlStore(engine)
    feed = store.add_feed("https://example.org/rss", channel=None, title="Example")
    store.save_feed(replace(feed, next_poll_at=datetime.now(UTC) - timedelta(seconds=120)))
    _, text = await get(served[1] + "/metrics")
    got = samples(text)
    assert 119 <= got[("transferbot_poll_lag_seconds", ())] < 200
    assert got[("transferbot_feeds", (("state", "active"),))] == 1
    store.close()


def test_run_serves_healthz_and_metrics(tmp_path: Path) -> None:
    env = clean_env(tmp_path, HEALTH_PORT="0", HEALTH_HOST="127.0.0.1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "run", "--no-sample-feed"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    found = threading.Event()

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if "health endpoint on" in line:
                found.set()

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    try:
        assert found.wait(30), "".join(lines)
        url = (
            next(line for line in lines if "health endpoint on" in line).split("on ")[1].split()[0]
        )
        base = url.removesuffix("/healthz")
        deadline = time.monotonic() + 15
        while True:  # the scheduler starts a moment after the endpoint
            status, body = asyncio.run(get(base + "/healthz"))
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert status == 200, body
        assert json.loads(body)["checks"]["adapters"] == {"console": "ok"}
        status, text = asyncio.run(get(base + "/metrics"))
        assert status == 200
        names = {f.name for f in text_string_to_metric_families(text)}
        assert {"transferbot_outbox_depth", "transferbot_poll_lag_seconds"} <= names
        assert {"transferbot_feed_polls", "transferbot_alerts_sent"} <= names
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
        thread.join(timeout=5)
        for pipe in (proc.stdin, proc.stderr):
            if pipe is not None:
                pipe.close()
    assert code == 0, "".join(lines)
    assert "Traceback" not in "".join(lines)


def test_a_busy_health_port_is_a_one_line_config_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        ran = transferbot(["run"], clean_env(tmp_path, HEALTH_PORT=str(port)), stdin="")
    assert ran.code == 2
    lines = [line for line in ran.err.splitlines() if "HEALTH_PORT" in line]
    assert lines == [
        f"config error: HEALTH_PORT: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]
    assert "Traceback" not in ran.err

"""Hostile feeds (the corpus of ``tests/feeds/hostile.py``): what each costs the bot, and whether
the next feed is polled on time.

For each hostile body, one ``poll_due`` through the real fetcher (its parser pool: 2 worker
processes, 15 s limit, 64 MB cap, newest 200 items), the real ingest and a SQLite store, with the
hostile feed and an ordinary 20-item feed ("next") due together; both feeds were polled before,
so their items are judged and may alert. Measured:

* the bot process's peak RSS over its RSS just before the poll (VmHWM, reset per case);
* the parser worker's peak RSS over its idle size (sampled every 10 ms; VmHWM, reset per job);
* when the next feed's poll was saved, against the same poll without the hostile feed;
* the poll's wall time (the scheduler polls every 30 s), and what the hostile feed's row says.

Run: ``.venv/bin/python -m bench.hostile_bench``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from aiohttp import web

from adapters.feeds.fetcher import HttpFeedFetcher
from adapters.feeds.ssrf import AddressPolicy
from bot.feeds.polling import Poller, PollStats
from bot.ingest import Ingest
from bot.model import Channel, Feed
from bot.service import Service
from storage import SqlStore, make_engine, migrate
from tests.fakes import hostile_feeds as hostile

CH = Channel(platform="console", workspace="bench", channel="transfers")
TARGET_MB = 50


def _kb(field: str, pid: int | str = "self") -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")


def _children() -> set[int]:
    """This process's parser workers (not a child between fork and exec, which still shows
    this process's memory)."""
    pids: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):
            pids.update(int(p) for p in (task / "children").read_text().split())
    return {pid for pid in pids if _is_worker(pid)}


def _is_worker(pid: int) -> bool:
    try:
        return b"adapters.feeds.parsepool" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


class ChildPeaks:
    """The largest growth of a child (a parser worker) during a case: its peak RSS (sampled
    every 10 ms, VmHWM reset at the start) over its RSS at the start, or over ``idle_kb`` for a
    worker started during the case."""

    def __init__(self, idle_kb: int) -> None:
        self.idle_kb = idle_kb
        self.base = {pid: _kb("VmRSS", pid) for pid in _children()}
        for pid in self.base:
            with contextlib.suppress(OSError), open(f"/proc/{pid}/clear_refs", "w") as f:
                f.write("5")
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def growth_kb(self) -> int:
        return max(
            (peak - self.base.get(pid, self.idle_kb) for pid, peak in self.peaks.items()),
            default=0,
        )

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in _children():
                self.peaks[pid] = max(self.peaks.get(pid, 0), _kb("VmHWM", pid))
            self._stop.wait(0.01)

    @contextlib.contextmanager
    def sampling(self) -> Iterator[ChildPeaks]:
        self._thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            self._thread.join()


@dataclass
class Case:
    name: str
    body_bytes: int
    main_mb: float
    worker_mb: float
    next_s: float
    poll_s: float
    outcome: str


class Timed(SqlStore):
    """The store, noting when each feed's poll was saved."""

    saved_at: dict[str, float]

    def save_feed(self, feed: Feed) -> None:
        super().save_feed(feed)
        self.saved_at[feed.url] = time.perf_counter()


async def _serve(routes: dict[str, bytes]) -> tuple[web.AppRunner, str]:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(
            body=routes[request.match_info["name"]], content_type="application/rss+xml"
        )

    app = web.Application()
    app.router.add_get("/{name}", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


async def _poll(
    fetcher: HttpFeedFetcher, base: str, names: list[str], db: Path, rounds: int = 1
) -> tuple[Timed, PollStats, float]:
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    store = Timed(engine)
    store.saved_at = {}
    Service(store).follow(CH, "Trent Alexander-Arnold")
    for name in names:
        feed = store.add_feed(f"{base}/{name}", channel=CH)
        store.save_feed(replace(feed, first_polled=True))
    poller = Poller(store, fetcher, Ingest(store).ingest)
    started = time.perf_counter()
    stats = await poller.poll_due()
    return store, stats, started


def _short(outcome: str) -> str:
    return outcome.replace(
        "the feed's DOCTYPE declares nested XML entities (the shape of an entity-expansion "
        "attack); nothing was expanded",
        "nested XML entities",
    ).replace(" (the feed takes too long to parse)", "")


def _next_body() -> bytes:
    story = (
        "Real Madrid have approached Liverpool about signing Trent Alexander-Arnold, according "
        "to Fabrizio Romano. Liverpool insist he is not for sale in January."
    )
    return hostile.rss("".join(hostile.item(i, description=story) for i in range(20)), title="Next")


async def run_cases(bodies: dict[str, Callable[[], bytes]]) -> tuple[float, list[Case]]:
    policy = AddressPolicy.from_setting("127.0.0.1")
    routes = {"next": _next_body()}
    runner, base = await _serve(routes)
    cases = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            async with HttpFeedFetcher(policy, chat_policy=policy) as fetcher:
                # warm-up: workers started, engine and gazetteer loaded; then the reference
                await _poll(fetcher, base, ["next"], Path(tmp) / "warm.db")
                store, _, started = await _poll(fetcher, base, ["next"], Path(tmp) / "ref.db")
                alone = store.saved_at[f"{base}/next"] - started
                store.close()
                for i, (name, make) in enumerate(bodies.items()):
                    routes["evil"] = body = make()
                    idle = max((w.ready.get("rss_kb", 0) for w in fetcher.parser._idle), default=0)
                    before = _kb("VmRSS")
                    _reset_peak()
                    with ChildPeaks(idle).sampling() as children:
                        store, stats, started = await _poll(
                            fetcher, base, ["evil", "next"], Path(tmp) / f"case{i}.db"
                        )
                        ended = time.perf_counter()
                    peak = _kb("VmHWM")
                    evil = store.find_feed(f"{base}/evil")
                    assert evil is not None
                    outcome = (
                        f"error: {evil.last_error}"
                        if evil.last_error
                        else f"ok: {stats.items - 20} items read, {stats.over_cap} over the cap, "
                        f"{stats.events} events, item error: {evil.item_error or 'none'}"
                    )
                    cases.append(
                        Case(
                            name=name,
                            body_bytes=len(body),
                            main_mb=(peak - before) / 1024,
                            worker_mb=max(0, children.growth_kb) / 1024,
                            next_s=store.saved_at[f"{base}/next"] - started,
                            poll_s=ended - started,
                            outcome=outcome,
                        )
                    )
                    store.close()
    finally:
        await runner.cleanup()
    return alone, cases


def _loud_items(n: int = 10_000) -> bytes:
    """``n`` items that each name a followed player and a transfer step: every one may alert."""
    story = (
        "Real Madrid have approached Liverpool about signing Trent Alexander-Arnold, according "
        "to Fabrizio Romano."
    )
    return hostile.rss("".join(hostile.item(i, description=story) for i in range(n)))


def main() -> None:
    logging.basicConfig(level=logging.ERROR)  # each refusal is logged as a warning
    bodies = {**hostile.BODIES, "10,000 items naming a followed player": _loud_items}
    alone, cases = asyncio.run(run_cases(bodies))
    print(f"next feed alone: saved {alone:.2f} s after the poll started")
    head = (
        f"{'hostile feed':<38} {'bytes':>9} {'bot +MB':>7} {'parser +MB':>10} "
        f"{'next s':>6} {'poll s':>6}  outcome"
    )
    print(head)
    print("-" * len(head))
    for c in cases:
        flag = "" if c.main_mb <= TARGET_MB and c.worker_mb <= TARGET_MB else "  (over target)"
        print(
            f"{c.name:<38} {c.body_bytes:>9,} {c.main_mb:>7.1f} {c.worker_mb:>10.1f} "
            f"{c.next_s:>6.2f} {c.poll_s:>6.2f}  {_short(c.outcome)}{flag}"
        )
    print(f"(pid {os.getpid()}; target: bot and parser each within +{TARGET_MB} MB)")


if __name__ == "__main__":
    main()

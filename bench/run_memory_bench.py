"""Peak RSS of ``transferbot run`` itself (issue 16): 5,000 feeds, 10,000 subscriptions, 1M
stored claims; goal ≤ 150 MB.

The store is a SQLite file made with the perf bench's generators: 10,000 followed players, each
subscribed in one console channel (``_followed_store``), 1,000,000 stored claims
(``grow_history``), and 5,000 operator feeds on a loopback feed server (``FEED_ALLOW_HOSTS=
127.0.0.1``, as the reliability harness runs it). The feeds count as polled before, with an ETag
stored, so that the bot's polls are those of a bot that has been running:

* every 100th feed has news: three new items per round, bids for followed players (alerts,
  delivered to the console);
* every 10th other feed serves the same item each time (about a player nobody follows), no ETag;
* the rest answer 304 to the stored ETag.

``transferbot run`` then runs as a real process (the console adapter, stdin kept open) with the
reliability harness's settings (poll job every 0.5 s, delivery job every 0.25 s). Round 1 is its
first poll of every feed; the feeds are then made due at once (``Db.nudge``) for round 2. The
bench reads VmHWM (the kernel's peak RSS) from ``/proc/<pid>/status`` of the bot and, every
0.25 s, of its children (the parse workers, which reset their own VmHWM at each job and are
replaced when they grow): "with children" is the bot's peak plus the largest sum of its
children's seen in one sample. Then SIGTERM, and the exit is waited for.

Run: ``.venv/bin/python -m bench.run_memory_bench [--quick]`` (``--quick``: 500 feeds, 1,000
followed, 100k claims).
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web
from sqlalchemy import update

from adapters.feeds.parsepool import _status_kb
from bench.latency_bench import _poll_done
from bench.perf_bench import Databases, _followed_store, _item_text, grow_history
from storage.models import FeedRow
from tests.fakes.reliability import Bot, Db, FeedServer, _wait, prepare, story

GOAL_MB = 150.0
ETAG = '"known"'
NEWS_EVERY = 100  # every 100th feed has news each round
SAME_EVERY = 10  # every 10th other one serves the same item each time
NEWS_ITEMS = 3
SAMPLE_S = 0.25


@dataclass(frozen=True, slots=True)
class Size:
    feeds: int
    followed: int
    claims: int


FULL = Size(feeds=5_000, followed=10_000, claims=1_000_000)
QUICK = Size(feeds=500, followed=1_000, claims=100_000)


# --------------------------------------------------------------------------- /proc


def children(pid: int) -> list[int]:
    """The children of ``pid``, made by any of its threads (the kernel lists them per thread)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


@dataclass(slots=True)
class Peaks:
    """The bot's own VmHWM and the largest sum of its children's VmHWM seen in one sample."""

    bot_kb: int = 0
    children_kb: int = 0
    seen: set[int] = field(default_factory=set)  # every child pid sampled

    def sample(self, pid: int) -> None:
        kids = children(pid)
        self.seen.update(kids)
        self.bot_kb = max(self.bot_kb, _status_kb("VmHWM", pid))
        self.children_kb = max(self.children_kb, sum(_status_kb("VmHWM", c) for c in kids))

    @property
    def total_kb(self) -> int:
        return self.bot_kb + self.children_kb


# --------------------------------------------------------------------------- the feeds


@dataclass
class Feeds(FeedServer):
    """The harness's feed server, with the stored ETag answered 304 by the feeds without news
    nor a standing item; at its first request it reads the VmHWM of ``bot_pid``."""

    bot_pid: int = 0
    at_first_fetch_kb: int = 0

    def kind(self, n: int) -> str:
        if n % NEWS_EVERY == 0:
            return "news"
        return "same" if n % SAME_EVERY == 0 else "304"

    async def _feed(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        if not self.fetches and self.bot_pid:
            self.at_first_fetch_kb = _status_kb("VmHWM", self.bot_pid)
        if self.kind(n) == "304" and request.headers.get("If-None-Match") == ETAG:
            self.fetches.append((time.monotonic(), n))
            return web.Response(status=304, headers={"ETag": ETAG})
        return await super()._feed(request)

    def publish_news(self, rng: random.Random) -> int:
        count = 0
        for n in range(0, self.feeds, NEWS_EVERY):
            for _ in range(NEWS_ITEMS):
                self.publish(n, _item_text(rng, 65))
                count += 1
        return count


def _known_feeds(url: str) -> None:
    """Every feed polled before, its ETag stored: the bot's polls are a running bot's."""
    db = Db(url)
    try:
        db.mark_polled()
        with db.engine.begin() as conn:
            conn.execute(update(FeedRow).values(etag=ETAG))
    finally:
        db.close()


# --------------------------------------------------------------------------- the run


@dataclass(slots=True)
class Result:
    size: Size
    peaks: Peaks
    at_first_fetch_kb: int = 0  # the bot's VmHWM when its first fetch arrived
    after_round1_kb: int = 0
    rounds: int = 0  # polls of the least-polled feed
    fetches: int = 0
    news_items: int = 0
    alerts: int = 0  # alert lines the console printed
    prepare_s: float = 0.0
    run_s: float = 0.0
    stop_s: float = 0.0
    load: str = ""


async def _sampler(peaks: Peaks, pid: int) -> None:
    while True:
        peaks.sample(pid)
        await asyncio.sleep(SAMPLE_S)


async def _nudge_until_fetched(server: Feeds, db: Db, since: float) -> None:
    """Once the last feed of round 1 is saved (no lease held), make every feed due until the
    poller has fetched one (a nudge meeting a busy database is skipped): every feed is due
    again at once, and none twice."""
    await _wait(lambda: db.leases_held() == 0, 60, every_s=0.1)
    while not any(t >= since for t, _ in server.fetches[-server.feeds :]):
        await asyncio.to_thread(db.nudge)
        await asyncio.sleep(0.2)


async def measure(size: Size, tmp: Path) -> Result:
    result = Result(size=size, peaks=Peaks())
    started = time.monotonic()
    rng = random.Random(16)
    server = Feeds(size.feeds)
    await server.start()
    try:
        engine, _, _ = await asyncio.to_thread(
            _followed_store, Databases(tmp), "run", size.followed
        )
        await asyncio.to_thread(grow_history, engine, size.claims)
        url = engine.url.render_as_string(hide_password=False)
        engine.dispose()
        await asyncio.to_thread(prepare, url, server, [], interval_s=3600)
        await asyncio.to_thread(_known_feeds, url)
        for n in range(size.feeds):
            if server.kind(n) == "same":
                server.publish(n, story(f"Nando Zanetti {n}"))
        result.news_items = server.publish_news(rng)
        result.prepare_s = time.monotonic() - started
        db = Db(url)
        bot = Bot(url, None, tmp, name="run-memory")
        print(f"code: {_imports_from(bot)}", flush=True)
        try:
            begun = time.monotonic()
            await bot.start()
            assert bot.proc is not None
            pid = server.bot_pid = bot.proc.pid
            sampler = asyncio.ensure_future(_sampler(result.peaks, pid))
            first_done = await _poll_done(server, begun, 600)
            result.after_round1_kb = _status_kb("VmHWM", pid)
            result.news_items += server.publish_news(rng)
            nudged = max(first_done, time.monotonic())
            await _nudge_until_fetched(server, db, nudged)
            await _poll_done(server, nudged, 600)
            await asyncio.sleep(3.0)  # the last feeds' ingests and the deliveries of round 2
            sampler.cancel()
            result.peaks.sample(pid)
            result.run_s = time.monotonic() - begun
            result.load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            result.stop_s = await bot.stop()
        finally:
            await bot.kill()
            db.close()
    finally:
        await server.close()
    times = server.fetch_times()
    result.at_first_fetch_kb = server.at_first_fetch_kb
    result.rounds = min((len(times.get(n, [])) for n in range(size.feeds)), default=0)
    result.fetches = len(server.fetches)
    log = (tmp / "run-memory-1.log").read_text(errors="replace")
    result.alerts = sum(1 for line in log.splitlines() if line.startswith("*** "))
    return result


def _imports_from(bot: Bot) -> str:
    """Where the bot's interpreter, with its environment, imports ``bot`` from."""
    done = subprocess.run(
        [sys.executable, "-c", "import bot; print(bot.__file__)"],
        env=bot.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _mb(kb: int) -> str:
    return f"{kb / 1024:.1f} MB"


def _row(figure: str, kb: int) -> str:
    met = "met" if kb / 1024 <= GOAL_MB else "MISSED"
    return f"| {figure} | {kb / 1024:.1f} MB | ≤ {GOAL_MB:g} MB | {met} |"


def report(r: Result) -> None:
    s = r.size
    what = f"{s.feeds:,} feeds, {s.followed:,} subscriptions, {s.claims:,} claims"
    print("| figure | measured | goal | |")
    print("|---|---|---|---|")
    print(_row(f"peak RSS (VmHWM) of `transferbot run`, {what}", r.peaks.bot_kb))
    print(_row(f"the same with its {len(r.peaks.seen)} parse worker(s) seen", r.peaks.total_kb))
    print(
        f"the bot's VmHWM at its first fetch {_mb(r.at_first_fetch_kb)}, after round 1 "
        f"{_mb(r.after_round1_kb)}; workers' largest sum {_mb(r.peaks.children_kb)}"
    )
    print(
        f"polls: {r.rounds} of every feed ({r.fetches:,} fetches), {r.news_items} news items "
        f"published, {r.alerts} alert lines; prepare {r.prepare_s:.0f} s, run {r.run_s:.0f} s, "
        f"SIGTERM → exit {r.stop_s:.1f} s; load average {r.load}"
    )


def main(argv: list[str] | None = None) -> None:
    quick = "--quick" in (sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory() as tmp:
        report(asyncio.run(measure(QUICK if quick else FULL, Path(tmp))))


if __name__ == "__main__":
    main()

"""Alert latency (issue 16): the moment the feed server serves the response that first holds an
item → the moment the fake Slack receives the alert for it; goal ≤ 1 s.

``transferbot run`` runs as a real process on a SQLite file (the harness of
``tests/fakes/reliability.py``: a local feed server, the fake Slack, each item an approach for
its own made-up player followed in a channel of his own, so every item makes exactly one
message and no channel's pacing holds one back). The bot's first, silent poll of every feed is
over before anything is published. The bench records when it published each item; the feed
server records when it served each fetch (the handler reads the item list after noting the
time, so the first fetch of the item's feed at or after its publication is the first response
that holds it); the fake Slack records when each ``chat.postMessage`` arrived. Both servers run
in this process, on one monotonic clock. Latency = arrival − that fetch: the fetch, parse,
claims, store and outbox of the poll, the wait for the delivery job, the send.

Runs (the feeds are made due at once throughout, so each run of the poll job fetches every
feed; the poll job's own period does not count in the latency, only its phase against the
delivery job):

* defaults: ``SCHEDULER_POLL_EVERY_S=30``, ``SCHEDULER_DELIVER_EVERY_S=2``, ``POLL_JITTER``
  default; the items are published between two runs of the poll job, one poll fetches them all;
* the delivery job every 0.25 s (the reliability harness's setting), the poll job still 30 s;
* the delivery job every 2 s with the poll job every 0.7 s (out of step with it), the items
  published one by one: the wait for the delivery job falls anywhere in its 2 s.
* the same with the delivery job every 0.25 s.

Run: ``.venv/bin/python -m bench.latency_bench [--quick]``: 20 items per run, about 2 minutes
(the two runs with the default poll job wait out its 30 s); ``--quick``: 10 items, the same runs.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.fakes.reliability import (
    Bot,
    Db,
    FeedServer,
    SlackChat,
    channel_of,
    database,
    players,
    prepare,
    story,
)
from tests.fakes.slack import FakeSlack, metadata_key

GOAL_S = 1.0
FEEDS = 4


@dataclass(frozen=True)
class Setting:
    label: str
    poll_every_s: float | None  # None: the default (30 s)
    deliver_every_s: float | None  # None: the default (2 s)
    one_poll: bool  # publish everything between two runs of a slow poll job


@dataclass
class Result:
    setting: Setting
    items: int
    latencies: list[float] = field(default_factory=list)
    missing: int = 0  # published items whose alert never came (or whose fetch was never seen)
    arrivals: list[float] = field(default_factory=list)  # when each timed alert arrived
    round_start: float = 0.0  # one-poll runs: the first fetch of the poll that saw the items

    def figures(self) -> tuple[float, float, float]:
        lat = sorted(self.latencies)
        if not lat:
            return (float("nan"),) * 3
        p90 = lat[min(len(lat) - 1, round(0.9 * (len(lat) - 1)))]
        return statistics.median(lat), p90, lat[-1]

    def row(self) -> str:
        median, p90, top = self.figures()

        def cell(x: float) -> str:
            return f"{x:.2f} s ({'met' if x <= GOAL_S else 'missed'})"

        poll = f"{self.setting.poll_every_s:g} s" if self.setting.poll_every_s else "30 s (default)"
        deliver = (
            f"{self.setting.deliver_every_s:g} s"
            if self.setting.deliver_every_s
            else "2 s (default)"
        )
        return (
            f"| {self.setting.label} | {poll} | {deliver} | {len(self.latencies)}/{self.items} | "
            f"{cell(median)} | {cell(p90)} | {cell(top)} | ≤ {GOAL_S:g} s |"
        )


HEADER = (
    "| run | poll job every | delivery job every | alerts timed | median | p90 | max | goal |\n"
    "|---|---|---|---|---|---|---|---|"
)

SETTINGS = (
    Setting("defaults", None, None, one_poll=True),
    Setting("delivery 0.25 s", None, 0.25, one_poll=True),
    Setting("poll out of step", 0.7, None, one_poll=False),
    Setting("poll out of step, delivery 0.25 s", 0.7, 0.25, one_poll=False),
)


def latencies(
    published: Sequence[tuple[int, int, float]],
    fetches: Sequence[tuple[float, int]],
    posts: Sequence[tuple[float, str]],
) -> tuple[list[tuple[float, float]], int]:
    """Per published ``(player index, feed, time)``: (the first post to the player's channel,
    that minus the first fetch of his feed at or after ``time``); and how many could not be
    timed."""
    out: list[tuple[float, float]] = []
    missing = 0
    for index, feed, at in published:
        served = min((t for t, n in fetches if n == feed and t >= at), default=None)
        channel = channel_of(index).channel
        arrived = min((t for t, c in posts if c == channel), default=None)
        if served is None or arrived is None or arrived < served:
            missing += 1
            continue
        out.append((arrived, arrived - served))
    return out, missing


async def _poll_done(server: FeedServer, since: float, within_s: float) -> float:
    """Wait for a round of fetches of every feed after ``since``; the time of its last fetch."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        seen = {n: t for t, n in server.fetches if t >= since}
        if len(seen) == server.feeds:
            return max(seen.values())
        await asyncio.sleep(0.05)
    raise TimeoutError("the bot did not poll every feed")


async def measure(setting: Setting, items: int, tmp: Path) -> Result:
    result = Result(setting, items)
    names = players(items)
    server, chat = FeedServer(FEEDS), SlackChat()
    slack = chat.fake
    await server.start()
    await chat.start()
    try:
        with database("sqlite", tmp) as url:
            await asyncio.to_thread(prepare, url, server, names, interval_s=60)
            db = Db(url)
            bot = Bot(url, chat, tmp, name=setting.label.replace(" ", "-"))
            for key in ("SCHEDULER_POLL_EVERY_S", "SCHEDULER_DELIVER_EVERY_S", "POLL_JITTER"):
                bot.env.pop(key, None)
            if setting.poll_every_s is not None:
                bot.env["SCHEDULER_POLL_EVERY_S"] = str(setting.poll_every_s)
            if setting.deliver_every_s is not None:
                bot.env["SCHEDULER_DELIVER_EVERY_S"] = str(setting.deliver_every_s)
            published: list[tuple[int, int, float]] = []
            try:
                started = time.monotonic()
                await bot.start()
                first = await _poll_done(server, started, 60)  # the silent first poll
                if setting.one_poll:
                    # the poll job's next run is 30 s after its first: publish in between
                    await asyncio.sleep(1.0)
                    for i in range(items):
                        server.publish(i % FEEDS, story(names[i]))
                        published.append((i, i % FEEDS, time.monotonic()))
                        await asyncio.sleep(min(0.5, 20.0 / items))
                    await asyncio.to_thread(db.nudge)  # every feed due at the poll job's next run
                    await _poll_done(server, first + 1.0, 45)
                else:
                    for i in range(items):
                        server.publish(i % FEEDS, story(names[i]))
                        published.append((i, i % FEEDS, time.monotonic()))
                        await asyncio.to_thread(db.nudge)  # due at the poll job's next run
                        await asyncio.sleep(0.6 + 0.23 * (i % 3))  # out of step with both jobs
                for _ in range(3):  # a nudge that met a busy database is skipped: again
                    await asyncio.to_thread(db.nudge)
                    await asyncio.sleep(0.1)
                await _settle(slack, items, 20)
            finally:
                await bot.stop()
                db.close()
    finally:
        await chat.close()
        await server.close()
    posts = [
        (call.at, str(call.params.get("channel", "")))
        for call in slack.called("chat.postMessage")
        if metadata_key(call.params)
    ]
    timed, result.missing = latencies(published, server.fetches, posts)
    result.arrivals = [a for a, _ in timed]
    result.latencies = [lat for _, lat in timed]
    if published:
        result.round_start = min(
            (t for t, _ in server.fetches if t >= published[-1][2]), default=float("nan")
        )
    return result


async def _settle(slack: FakeSlack, items: int, within_s: float) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if len({m.get("channel") for m in slack.messages if metadata_key(m)}) >= items:
            return
        await asyncio.sleep(0.1)


async def run(quick: bool) -> list[Result]:
    items = 10 if quick else 20
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for setting in SETTINGS:
            where = Path(tmp) / setting.label.replace(" ", "-")
            where.mkdir()
            results.append(await measure(setting, items, where))
            print(results[-1].row(), flush=True)
    return results


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.ERROR)
    quick = "--quick" in (sys.argv[1:] if argv is None else argv)
    print(HEADER, flush=True)
    results = asyncio.run(run(quick))
    print()
    for r in results:
        lat = r.latencies
        mean = statistics.fmean(lat) if lat else float("nan")
        line = f"{r.setting.label}: mean {mean:.2f} s, min {min(lat, default=float('nan')):.2f} s"
        if r.setting.one_poll and r.arrivals:
            first, last = min(r.arrivals) - r.round_start, max(r.arrivals) - r.round_start
            line += f"; the poll's first fetch → its alerts {first:.2f}–{last:.2f} s"
        if r.missing:
            line += f"; {r.missing} item(s) not timed"
        print(line)


if __name__ == "__main__":
    main()

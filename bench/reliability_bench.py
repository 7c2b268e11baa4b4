"""Reliability (issue 15): ``transferbot run`` as real processes, killed, faulted and run three at
a time, against a local feed server and the fake Slack (``tests/fakes/reliability.py``); prints
the README's Reliability table.

* kill -9 ×20 on SQLite, then on PostgreSQL: one bot SIGKILLed at random moments (0.5–4 s after
  each start: during start, polls, ingest and sends alike) and restarted at once while 40 items
  are published over time (each item one alert for its own player in his own channel); then a
  last run until everything is sent, and a SIGTERM; then kills aimed at the window the
  idempotency key is for: each the moment the fake Slack has taken a message (the bot has no
  answer yet, the row is not marked sent);
* faults: no kill, the fake Slack fails 30% of the sends (429 with Retry-After, 500, reset before
  posting, posted then reset, posted then no answer for longer than the bot waits);
* three processes on one PostgreSQL database: 200 feeds every 60 s, 50 followed players' news
  published during the first interval, two intervals; a feed fetched again within half an
  interval counts as fetched twice.

"lost": an expected alert that never arrived; "duplicated": messages beyond the first for one
alert, "recognised" when the fake knew the resend by its idempotency key (Slack posts it
anyway, Discord would return the first message). Run:
``.venv/bin/python -m bench.reliability_bench`` (``--quick``: 5 kills, 10 alerts, 30 feeds; about
3 minutes). Needs PostgreSQL on 127.0.0.1:5432.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from pathlib import Path

from tests.fakes.reliability import HEADER, Tally, fault_run, kill_run, three_process_run


async def run(quick: bool) -> list[Tally]:
    kills, alerts, feeds, followed = (5, 10, 30, 10) if quick else (20, 40, 200, 50)
    tallies = []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in ("sqlite", "postgresql"):
            where = Path(tmp) / f"kill-{backend}"
            where.mkdir()
            tallies.append(await kill_run(backend, where, kills=kills, alerts=alerts, seed=11))
            print(tallies[-1].row(), flush=True)
        where = Path(tmp) / "kill-on-send"
        where.mkdir()
        tallies.append(
            await kill_run("sqlite", where, kills=kills // 2, alerts=alerts, seed=3, on_send=True)
        )
        print(tallies[-1].row(), flush=True)
        where = Path(tmp) / "faults"
        where.mkdir()
        tallies.append(await fault_run("sqlite", where, alerts=alerts, rate=0.3, seed=32))
        print(tallies[-1].row(), flush=True)
        where = Path(tmp) / "three"
        where.mkdir()
        tallies.append(await three_process_run(where, feeds=feeds, alerts=followed))
        print(tallies[-1].row(), flush=True)
    return tallies


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.ERROR)
    quick = "--quick" in (sys.argv[1:] if argv is None else argv)
    print(HEADER, flush=True)
    tallies = asyncio.run(run(quick))
    print()
    for tally in tallies:
        extra = [f"outbox at the end {tally.outbox}"]
        if tally.faults:
            extra.append(f"faults {tally.faults}")
        if tally.kills:
            extra.append(f"last start → every feed fetched again {tally.max_silence_s:.1f} s")
        extra += tally.notes
        print(f"{tally.run}: {'PASS' if tally.ok() else 'FAIL'}; " + "; ".join(extra))


if __name__ == "__main__":
    main()

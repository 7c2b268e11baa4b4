"""Reliability (issue 15): ``transferbot run`` as real processes, killed, faulted and run three at
a time, against a local feed server and the fake Slack or the fake Discord
(``tests/fakes/reliability.py``); prints the README's Reliability table.

* kill -9 ×20 on SQLite, then on PostgreSQL: one bot SIGKILLed at random moments (0.5–4 s after
  each start: during start, polls, ingest and sends alike) and restarted at once while 40 items
  are published over time (each item one alert for its own player in his own channel); then a
  last run until everything is sent, and a SIGTERM; then kills aimed at the window the
  idempotency key is for: each the moment the fake Slack has taken a message (the bot has no
  answer yet, the row is not marked sent);
* faults: no kill, the fake Slack fails 30% of the sends (429 with Retry-After, 500, reset before
  posting, posted then reset, posted then no answer for longer than the bot waits);
* Discord as the chat (the fake Discord's REST and gateway on 127.0.0.1, the real discord.py
  client), SQLite: kill -9 ×10 at random, kill -9 ×10 right after a send (the moment the fake
  Discord took a message), and 30% faults (429 with ``retry_after``, 500, reset before the
  message is made, reset after it is made);
* three processes on one PostgreSQL database: 200 feeds every 60 s, 50 followed players' news
  published during the first interval, two intervals; a feed fetched again within half an
  interval counts as fetched twice.

"lost": an expected alert that never arrived; "duplicated": messages beyond the first for one
alert, "recognised" when the fake knew the resend by its idempotency key (Slack posts it
anyway); on Discord a resend whose nonce the fake had seen makes no message (it gets the first
one back): "absorbed". Run: ``.venv/bin/python -m bench.reliability_bench`` (``--quick``: 5
kills, 10 alerts, 30 feeds; ``--discord``: the Discord runs only, 64 s of ``--quick`` here). Needs
PostgreSQL on 127.0.0.1:5432.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from pathlib import Path

from tests.fakes.reliability import HEADER, Tally, fault_run, kill_run, three_process_run


async def run(quick: bool, discord_only: bool = False) -> list[Tally]:
    kills, alerts, feeds, followed = (5, 10, 30, 10) if quick else (20, 40, 200, 50)
    tallies = []
    with tempfile.TemporaryDirectory() as tmp:
        tallies += await discord_runs(Path(tmp), kills=kills // 2, alerts=alerts)
        if discord_only:
            return tallies
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


async def discord_runs(tmp: Path, *, kills: int, alerts: int) -> list[Tally]:
    """The fake Discord as the chat, SQLite: kills at random, kills right after a send, faults."""
    tallies = []
    for name, on_send, seed in (("random", False, 11), ("on-send", True, 3)):
        where = tmp / f"discord-kill-{name}"
        where.mkdir()
        tallies.append(
            await kill_run(
                "sqlite",
                where,
                kills=kills,
                alerts=alerts,
                seed=seed,
                on_send=on_send,
                platform="discord",
            )
        )
        print(tallies[-1].row(), flush=True)
    where = tmp / "discord-faults"
    where.mkdir()
    tallies.append(
        await fault_run("sqlite", where, alerts=alerts, rate=0.3, seed=32, platform="discord")
    )
    print(tallies[-1].row(), flush=True)
    return tallies


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.ERROR)
    args = sys.argv[1:] if argv is None else argv
    print(HEADER, flush=True)
    tallies = asyncio.run(run("--quick" in args, discord_only="--discord" in args))
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

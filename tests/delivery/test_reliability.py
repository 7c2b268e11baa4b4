"""The proof harness of issue 15, fast variants (``bench/reliability_bench.py`` runs the long
ones and prints the README's Reliability table): ``transferbot run`` as real processes against a
local feed server and the fake Slack or the fake Discord (``tests/fakes/reliability.py``).

* kill -9 (SQLite): four SIGKILLs at random moments while news is published, restarting each
  time: no alert lost, none repeated unless the fake recognised the resend by its idempotency
  key; the restarted bot polls every feed again at once (a dead process's lease is freed at
  start); a SIGTERM at the end exits within the drain bound and leaves no lease held.
  PostgreSQL: three kills, each the moment Slack took a message (before the bot has the
  answer): the resends are all known by their idempotency key.
* kill -9 with Discord as the chat (the fake Discord's REST and gateway, the real discord.py
  client; SQLite): three SIGKILLs, each the moment the fake Discord took a message: no alert
  lost, no second message (each resend's nonce got the first message back).
* faults: 30% of the sends fail (429, 500, resets, lost answers, timeouts): the same; on
  Discord 30% of the posts answered 429 (``retry_after``) or 500: one message each all the same.
* three processes on one PostgreSQL database, all 40 feeds due at once in each: each fetched
  once, each alert delivered once (the bench runs two 60 s intervals of 200 feeds).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes.reliability import (
    HEADER,
    Tally,
    fault_run,
    kill_run,
    three_process_run,
)
from tests.storage.conftest import _admin_url

pytestmark = pytest.mark.timeout(400)

#: SIGTERM → exit: the runs in flight get 10 s to finish, then are cancelled (another 10 s).
STOP_BOUND_S = 25.0
#: The last start → every feed fetched again: a start (a few seconds here, the machine busy)
#: and a scheduler tick, far below the lease's 300 s that a killed poll used to cost.
SILENCE_BOUND_S = 60.0


def _check(tally: Tally) -> None:
    print(f"\n{HEADER}\n{tally.row()}\n{tally}")
    assert tally.lost == 0, tally
    assert tally.unrecognised == 0, tally  # a resend the fake did not know by its key
    assert tally.outbox.get("failed", 0) == 0, tally  # nothing given up
    assert "pending" not in tally.outbox, tally
    assert tally.stop_s < STOP_BOUND_S, tally
    assert tally.leases_left == 0, tally


async def test_kill_9_at_random_loses_and_repeats_nothing_on_sqlite(tmp_path: Path) -> None:
    tally = await kill_run("sqlite", tmp_path, kills=4, alerts=8, feeds=3, seed=5)
    _check(tally)
    assert tally.kills == 4
    assert tally.max_silence_s < SILENCE_BOUND_S, tally


@pytest.mark.postgres
async def test_kill_9_right_after_a_send_repeats_only_what_the_key_knows_on_postgresql(
    tmp_path: Path,
) -> None:
    tally = await kill_run(
        "postgresql",
        tmp_path,
        kills=3,
        alerts=6,
        feeds=2,
        seed=2,
        on_send=True,
        pg_admin=_admin_url(),
    )
    _check(tally)
    assert tally.kills == 3
    assert tally.duplicated >= 1, tally  # the kills did land between the send and the mark
    assert tally.max_silence_s < SILENCE_BOUND_S, tally


async def test_kill_9_right_after_a_send_makes_no_second_message_on_discord(
    tmp_path: Path,
) -> None:
    tally = await kill_run(
        "sqlite", tmp_path, kills=3, alerts=6, feeds=2, seed=5, on_send=True, platform="discord"
    )
    _check(tally)
    assert tally.kills == 3
    assert tally.duplicated == 0, tally  # a second message in a channel: the nonce failed
    assert tally.absorbed >= 1, tally  # the kills did land between the send and the mark
    assert tally.max_silence_s < SILENCE_BOUND_S, tally


async def test_chat_faults_lose_and_repeat_nothing(tmp_path: Path) -> None:
    # seed 25: among the first ten sends, two resets, an answer that never comes, a 500
    tally = await fault_run("sqlite", tmp_path, alerts=6, rate=0.3, seed=25)
    _check(tally)
    assert sum(tally.faults.values()) >= 2, tally  # the faults were there to survive


async def test_discord_429_and_500_lose_and_repeat_nothing(tmp_path: Path) -> None:
    # discord.py itself waits a 429's retry_after and retries a 500: no backoff of the outbox,
    # so the run stays short (a reset costs the outbox's 30 s retry: the bench has those)
    tally = await fault_run(
        "sqlite", tmp_path, alerts=6, rate=0.3, seed=25, platform="discord", kinds=("429", "500")
    )
    _check(tally)
    assert tally.duplicated == 0, tally
    assert sum(tally.faults.values()) >= 2, tally  # the faults were there to survive


@pytest.mark.postgres
async def test_three_processes_fetch_each_feed_once_per_interval(tmp_path: Path) -> None:
    tally = await three_process_run(
        tmp_path, processes=3, feeds=40, alerts=10, rounds=1, pg_admin=_admin_url()
    )
    _check(tally)
    assert tally.duplicated == 0, tally
    assert tally.double_fetches == 0, tally  # a second fetch within the run is one
    assert tally.notes == [], tally
    assert tally.fetches == 40, tally  # each feed once: the three processes never shared one

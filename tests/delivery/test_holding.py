"""Quiet hours, digest mode and pacing applied by the outbox worker over the real SQLite store,
on an injected clock: held rows stay pending with no attempt counted, and go out later; nothing
is dropped."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.delivery import RETRY_JITTER, Delivery
from bot.model import Alert
from storage.store import SqlStore
from tests import test_service
from tests.fakes.chat import RecordingSender
from tests.test_channels import (
    HERE,
    PLAYER,
    TIER1_AGREEMENT,
    TIER1_APPROACH,
    UNATTRIBUTED_BID,
    World,
)
from tests.test_service import T0

store = test_service.store  # the same SQLite store fixture

OTHER = "Luca Bianchi"
OTHER_APPROACH = (
    "Napoli approach Genoa for Luca Bianchi",
    "Napoli have made an approach to Genoa about signing Luca Bianchi, according to "
    "Fabrizio Romano.",
)


@pytest.fixture
def world(store: SqlStore) -> World:
    w = World(store)
    w.service.follow(HERE, PLAYER, new=True)
    return w


def _at(world: World, hours: float) -> None:
    world.clock.now = T0 + timedelta(hours=hours)


def _attempts(world: World) -> list[tuple[int, datetime | None]]:
    """The pending rows' attempts and due times (peeking takes a lease: it is let go after)."""
    rows = world.store.pending_deliveries(world.clock.now + timedelta(days=30))
    for row in rows:
        assert row.due_at is not None
        world.store.hold([row.id], row.due_at)
    return sorted((r.attempts, r.due_at) for r in rows)


# --------------------------------------------------------------------------- quiet hours


async def test_an_alert_in_quiet_hours_is_held_and_sent_when_they_end(world: World) -> None:
    world.service.change_setting(HERE, "quiet_hours", "09-12")  # T0 is 09:00 UTC
    sender = RecordingSender()
    world.publish(TIER1_APPROACH)
    assert await world.deliver(sender) == 0
    _at(world, 2.99)
    assert await world.deliver(sender) == 0
    assert sender.alerts == [] and _attempts(world) == [(0, T0 + timedelta(hours=3))]
    _at(world, 3)
    assert await world.deliver(sender) == 1
    assert [a.lines[0].label for a in sender.alerts] == ["NEW SAGA"]
    _at(world, 30)
    assert await world.deliver(sender) == 0  # sent once


async def test_held_alerts_go_out_grouped_as_always_in_the_channels_zone(world: World) -> None:
    world.service.change_setting(HERE, "timezone", "America/New_York")
    world.service.change_setting(HERE, "quiet_hours", "22:30-07:00")  # T0 is 04:00 EST
    sender = RecordingSender()
    world.publish(TIER1_APPROACH)
    world.publish(UNATTRIBUTED_BID)
    assert await world.deliver(sender) == 0
    _at(world, 8)  # 12:00 EST... and 07:00 EST was 12:00 UTC
    assert await world.deliver(sender) == 2  # one alert per article, as without quiet hours
    assert [len(a.lines) for a in sender.alerts] == [1, 2]
    assert all(a.player == PLAYER for a in sender.alerts)


async def test_quiet_hours_do_not_use_up_retries(world: World) -> None:
    world.service.change_setting(HERE, "quiet_hours", "09-10")
    world.publish(TIER1_APPROACH)
    for minutes in range(10, 60, 5):  # many runs in quiet hours
        world.clock.now = T0 + timedelta(minutes=minutes)
        assert await world.deliver(RecordingSender()) == 0
    assert _attempts(world) == [(0, T0 + timedelta(hours=1))]


# --------------------------------------------------------------------------- digest


async def test_a_digest_channel_gets_the_days_news_in_one_message_at_its_hour(
    world: World,
) -> None:
    world.service.follow(HERE, OTHER, new=True)
    world.service.change_setting(HERE, "mode", "digest")
    world.service.change_setting(HERE, "digest_hour", "18")
    sender = RecordingSender()
    world.publish(UNATTRIBUTED_BID)  # no saga yet: a bid starts one (stage + fee)
    world.publish(OTHER_APPROACH)
    world.publish(TIER1_AGREEMENT)
    assert await world.deliver(sender) == 0
    _at(world, 8.99)
    assert await world.deliver(sender) == 0 and sender.alerts == []
    _at(world, 9)  # 18:00
    assert await world.deliver(sender) == 1
    (digest,) = sender.alerts
    assert digest.player.startswith("Daily digest: 2 players")
    players = [line.headline.split(":")[0] for line in digest.lines]
    assert players == sorted(players, key=str.casefold)  # per player
    assert set(players) == {PLAYER, OTHER}
    assert digest.thread is None and digest.outlet == "Calcio Daily"
    _at(world, 9.5)
    assert await world.deliver(sender) == 0  # nothing twice


async def test_a_digest_missed_while_the_bot_was_down_goes_at_the_next_run(world: World) -> None:
    world.service.change_setting(HERE, "mode", "digest")
    world.service.change_setting(HERE, "digest_hour", "8")
    sender = RecordingSender()
    world.publish(TIER1_APPROACH)  # 09:10: after today's digest hour
    assert await world.deliver(sender) == 0  # held for tomorrow 08:00
    _at(world, 24 + 5)  # the bot was down from 09:10 until tomorrow 14:00
    world.publish(UNATTRIBUTED_BID)  # news after tomorrow's digest hour: the day after's
    assert await world.deliver(sender) == 1
    assert [line.label for line in sender.alerts[0].lines] == ["NEW SAGA"]
    _at(world, 48 + 8)
    assert await world.deliver(sender) == 1
    assert len(sender.alerts[1].lines) == 2


async def test_a_failed_digest_is_retried_soon_not_tomorrow(world: World) -> None:
    world.service.change_setting(HERE, "mode", "digest")
    world.service.change_setting(HERE, "digest_hour", "10")
    world.publish(TIER1_APPROACH)
    assert await world.deliver(RecordingSender()) == 0
    _at(world, 1)
    flaky = RecordingSender(fail=1)
    assert await world.deliver(flaky) == 0
    world.clock.now += timedelta(seconds=30 * (1 + RETRY_JITTER))  # the longest first wait
    assert await world.deliver(flaky) == 1
    assert flaky.alerts[0].player.startswith("Daily digest: Marco Rinaldi")


# --------------------------------------------------------------------------- pacing


def _lines(alerts: list[Alert]) -> int:
    return sum(len(a.lines) for a in alerts)


async def test_beyond_the_pace_alerts_are_batched_into_one_message(world: World) -> None:
    world.delivery = Delivery(
        world.store, clock=world.clock, pace_limit=2, pace_window=timedelta(hours=1)
    )
    world.service.follow(HERE, OTHER, new=True)
    world.service.change_setting(HERE, "threads", "on")  # a batch still goes to the channel
    rows = sum(world.publish(s) for s in (TIER1_APPROACH, UNATTRIBUTED_BID, TIER1_AGREEMENT))
    sender = RecordingSender()
    assert await world.deliver(sender) == 2  # the cap: one alert, then one batch of the rest
    single, batch = sender.alerts
    assert single.player == PLAYER and len(single.lines) == 1
    assert batch.player == f"More news: {PLAYER}, {rows - 1} pieces of news"
    assert len(batch.lines) == rows - 1 and batch.thread is None
    sent_at = world.clock.now

    rows += world.publish(OTHER_APPROACH)  # the window is full: held, not failed, not dropped
    assert await world.deliver(sender) == 0
    world.clock.now = sent_at + timedelta(minutes=59)
    assert await world.deliver(sender) == 0
    world.clock.now = sent_at + timedelta(hours=1)
    assert await world.deliver(sender) == 1
    assert sender.alerts[-1].player == OTHER
    assert _lines(sender.alerts) == rows  # every event, once


async def test_the_default_pace_is_ten_a_window(world: World) -> None:
    for n in range(12):
        world.service.follow(HERE, f"Player Number{n}", new=True)
    for n in range(12):
        world.publish(
            (
                f"Napoli approach Genoa for Player Number{n}",
                f"Napoli have made an approach to Genoa about signing Player Number{n}, "
                "according to Fabrizio Romano.",
            )
        )
    sender = RecordingSender()
    assert await world.deliver(sender) == 10
    assert [len(a.lines) for a in sender.alerts] == [1] * 9 + [3]


async def test_the_pace_is_shared_by_processes_and_kept_across_a_restart(world: World) -> None:
    """The window counts the store's sends, not one process's memory: a second deliverer on
    the same store (another process, or this one restarted) sees the messages already sent."""
    first = Delivery(world.store, clock=world.clock, pace_limit=2, pace_window=timedelta(hours=1))
    world.delivery = first
    world.service.follow(HERE, OTHER, new=True)
    world.publish(TIER1_APPROACH)
    world.publish(OTHER_APPROACH)
    sender = RecordingSender()
    assert await world.deliver(sender) == 2  # the window is full
    world.publish(TIER1_AGREEMENT)
    world.delivery = Delivery(  # a restart, or a second process
        world.store, clock=world.clock, pace_limit=2, pace_window=timedelta(hours=1)
    )
    assert await world.deliver(sender) == 0  # held: it counts the first one's two messages
    world.clock.now += timedelta(hours=1)
    assert await world.deliver(sender) == 1
    assert len(sender.alerts) == 3

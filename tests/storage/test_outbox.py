"""The outbox: leases, platform filter, delivered / retried / given up. Every backend."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.model import ClaimKind, EventKind
from bot.records import ChannelSettings
from storage import SqlStore

from .fakes import DISCORD, SLACK, T0, FakeRules, article, claim


@pytest.fixture
def two_events(store: SqlStore) -> int:
    """Two events for a player followed on Discord and Slack: four outbox rows."""
    trent = store.add_player("Trent Alexander-Arnold", ["TAA"])
    store.subscribe(DISCORD, trent.id)
    store.subscribe(SLACK, trent.id)
    result = store.ingest(
        article("a1"),
        [claim(ClaimKind.APPROACH), claim(ClaimKind.BID, fee_m=25)],
        FakeRules(),
        T0,
        content_hash="h1",
    )
    assert result.deliveries == 4
    return trent.id


def test_pending_deliveries_rebuild_the_event_and_its_article(
    store: SqlStore, two_events: int
) -> None:
    rows = store.pending_deliveries(T0, platform="discord")
    assert len(rows) == 2
    first = rows[0]
    assert first.subscription.channel == DISCORD
    assert first.subscription.player.name == "Trent Alexander-Arnold"
    assert first.subscription.player.aliases == ("Trent Alexander-Arnold", "TAA")
    assert first.settings == ChannelSettings()  # the channel's: nobody set any
    assert first.saga_id == rows[1].saga_id > 0
    assert first.event.kind is EventKind.NEW_SAGA
    assert first.event.claim == claim(ClaimKind.APPROACH)  # full round trip through JSON
    assert rows[1].event.claim.fee is not None and rows[1].event.claim.fee.eur_min == 25e6
    assert first.article_key == "a1"
    assert first.link == "https://news.example/a1"
    assert first.outlet == "The Times"
    assert first.published == T0
    assert first.saga_stage == ClaimKind.BID.value  # the saga's stage now, not at the event
    assert first.attempts == 0


def test_pending_deliveries_are_leased(store: SqlStore, two_events: int) -> None:
    assert len(store.pending_deliveries(T0, platform="slack", limit=1)) == 1
    assert len(store.pending_deliveries(T0, platform="slack")) == 1  # the other one
    assert store.pending_deliveries(T0, platform="slack") == []
    assert len(store.pending_deliveries(T0)) == 2  # discord's, no platform filter
    # a sender that died: its lease runs out and the rows come back
    assert len(store.pending_deliveries(T0 + timedelta(minutes=10))) == 4


def test_pending_deliveries_wait_until_due(store: SqlStore, two_events: int) -> None:
    assert store.pending_deliveries(T0 - timedelta(seconds=1)) == []


def test_mark_delivered_removes_rows_from_the_outbox(store: SqlStore, two_events: int) -> None:
    rows = store.pending_deliveries(T0)
    store.mark_delivered([r.id for r in rows[:3]], T0)
    later = store.pending_deliveries(T0 + timedelta(hours=1))
    assert [r.id for r in later] == [rows[3].id]


def test_mark_failed_retries_then_gives_up(store: SqlStore, two_events: int) -> None:
    rows = store.pending_deliveries(T0, platform="discord")
    ids = [r.id for r in rows]
    store.mark_failed(ids, "HTTP 503", retry_at=T0 + timedelta(minutes=1))
    assert store.pending_deliveries(T0 + timedelta(seconds=30), platform="discord") == []
    retried = store.pending_deliveries(T0 + timedelta(minutes=1), platform="discord")
    assert [r.id for r in retried] == ids
    assert {r.attempts for r in retried} == {1}
    store.mark_failed(ids, "channel gone", retry_at=None)
    assert store.pending_deliveries(T0 + timedelta(days=1), platform="discord") == []
    store.mark_failed([], "nothing", retry_at=None)
    store.mark_delivered([], T0)


def test_hold_releases_the_lease_counts_no_attempt_and_keeps_the_row(
    store: SqlStore, two_events: int
) -> None:
    rows = store.pending_deliveries(T0, platform="discord")
    assert {r.due_at for r in rows} == {T0}
    ids = [r.id for r in rows]
    until = T0 + timedelta(hours=7)
    store.hold(ids, until)
    assert store.pending_deliveries(until - timedelta(seconds=1), platform="discord") == []
    back = store.pending_deliveries(until, platform="discord")  # the lease was let go
    assert [r.id for r in back] == ids
    assert {(r.attempts, r.due_at) for r in back} == {(0, until)}
    store.mark_delivered(ids, until)
    store.hold(ids, T0)  # a sent row is not brought back
    assert store.pending_deliveries(T0 + timedelta(days=1), platform="discord") == []
    store.hold([], T0)


def test_unsubscribing_drops_pending_deliveries(store: SqlStore, two_events: int) -> None:
    store.unsubscribe(SLACK, two_events)
    assert {r.subscription.channel for r in store.pending_deliveries(T0)} == {DISCORD}


def test_sent_since_gives_one_time_per_message_sent_to_the_channel(
    store: SqlStore, two_events: int
) -> None:
    rows = store.pending_deliveries(T0, platform="discord")
    assert len(rows) == 2
    store.mark_delivered([rows[0].id, rows[1].id], T0, message_id="m1")  # one message, two rows
    slack = store.pending_deliveries(T0, platform="slack")
    store.mark_delivered([slack[0].id], T0 + timedelta(minutes=1), message_id="s1")
    assert store.sent_since(DISCORD, T0 - timedelta(minutes=10)) == [T0]
    assert store.sent_since(DISCORD, T0 + timedelta(seconds=1)) == []
    assert store.sent_since(SLACK, T0) == [T0 + timedelta(minutes=1)]  # its own channel only

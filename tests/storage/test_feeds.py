"""Feeds: add/link/remove, channel scoping, leases. Contract tests on every backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.model import FeedState
from storage import SqlStore

from .fakes import DISCORD, DISCORD_2, SLACK, T0

URL = "https://news.example/feed.xml"
URL2 = "https://other.example/rss"


def test_add_feed_is_idempotent_per_url_and_links_channels(store: SqlStore) -> None:
    a = store.add_feed(URL, channel=DISCORD, title="News")
    b = store.add_feed(URL, channel=SLACK, title="Other title")
    c = store.add_feed(URL, channel=SLACK)
    assert a.id == b.id == c.id
    assert b.title == "News"  # the first title stays
    assert store.feed_channels(a.id) == [DISCORD, SLACK]
    assert store.find_feed(URL) == store.get_feed(a.id)
    assert store.find_feed(URL2) is None
    assert store.get_feed(a.id + 100) is None


def test_list_feeds_by_channel(store: SqlStore) -> None:
    a = store.add_feed(URL, channel=DISCORD)
    b = store.add_feed(URL2, channel=SLACK)
    ops = store.add_feed("https://ops.example/atom", channel=None)
    assert [f.id for f in store.list_feeds()] == [a.id, b.id, ops.id]
    assert [f.id for f in store.list_feeds(DISCORD)] == [a.id]
    assert [f.id for f in store.list_feeds(SLACK)] == [b.id]
    assert store.list_feeds(DISCORD_2) == []


def test_remove_feed_unlinks_and_drops_unused_feeds(store: SqlStore) -> None:
    feed = store.add_feed(URL, channel=DISCORD)
    store.add_feed(URL, channel=SLACK)
    assert store.remove_feed(feed.id, channel=DISCORD_2) is False  # was never linked there
    assert store.remove_feed(feed.id, channel=DISCORD) is True
    assert store.get_feed(feed.id) is not None  # Slack still uses it
    assert store.remove_feed(feed.id, channel=SLACK) is True
    assert store.get_feed(feed.id) is None
    assert store.remove_feed(feed.id, channel=SLACK) is False


def test_operator_feeds_survive_channel_removal_and_go_on_operator_removal(store: SqlStore) -> None:
    feed = store.add_feed(URL, channel=None)
    store.add_feed(URL, channel=DISCORD)
    assert store.remove_feed(feed.id, channel=DISCORD) is True
    assert store.get_feed(feed.id) is not None  # operator-configured: kept
    store.add_feed(URL, channel=SLACK)
    assert store.remove_feed(feed.id, channel=None) is True
    assert store.get_feed(feed.id) is None
    assert store.list_feeds(SLACK) == []


def test_claim_due_feeds_leases_due_feeds_once(store: SqlStore) -> None:
    never = store.add_feed("https://a.example/1", channel=None)
    due = store.add_feed("https://a.example/2", channel=None)
    later = store.add_feed("https://a.example/3", channel=None)
    off = store.add_feed("https://a.example/4", channel=None)
    store.save_feed(replace(due, next_poll_at=T0 - timedelta(seconds=1)))
    store.save_feed(replace(later, next_poll_at=T0 + timedelta(minutes=5)))
    store.save_feed(replace(off, state=FeedState.DISABLED))

    got = store.claim_due_feeds(T0, limit=10, lease_s=60)
    assert [f.id for f in got] == [never.id, due.id]  # never polled first
    assert store.claim_due_feeds(T0, limit=10, lease_s=60) == []  # leased
    # the lease runs out: due again
    again = store.claim_due_feeds(T0 + timedelta(seconds=61), limit=1, lease_s=60)
    assert [f.id for f in again] == [never.id]


def test_save_feed_persists_state_and_ends_the_lease(store: SqlStore) -> None:
    store.add_feed(URL, channel=DISCORD)
    (feed,) = store.claim_due_feeds(T0, limit=5, lease_s=600)
    polled = replace(
        feed,
        title="Transfer news",
        etag='"abc"',
        last_modified="Fri, 10 Jan 2025 12:00:00 GMT",
        body_hash="h1",
        next_poll_at=T0,  # due at once: only the lease could hide it
        last_poll_at=T0,
        last_success_at=T0,
        failures=2,
        last_error="HTTP 500",
        state=FeedState.BACKING_OFF,
        items_seen=12,
        first_polled=True,
    )
    store.save_feed(polled)
    assert store.get_feed(feed.id) == polled
    assert store.get_feed(feed.id).next_poll_at.tzinfo is not None  # type: ignore[union-attr]
    assert [f.id for f in store.claim_due_feeds(T0, limit=5, lease_s=600)] == [feed.id]

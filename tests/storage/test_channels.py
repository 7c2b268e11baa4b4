"""Channels' settings and broken state, sagas' first alerts and threads, message ids, skipped
rows. Every backend."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from bot.model import ClaimKind, ThreadRef
from bot.records import Broken, ChannelSettings, DeliveryMode, QuietHours
from storage import SqlStore
from storage.models import DeliveryRow

from .fakes import DISCORD, DISCORD_2, SLACK, T0, FakeRules, article, claim


def test_a_channel_nobody_configured_has_the_defaults(store: SqlStore) -> None:
    assert store.channel_settings(DISCORD) == ChannelSettings()
    assert store.clear_channel_broken(DISCORD) is False


def test_settings_round_trip_per_channel(store: SqlStore) -> None:
    chosen = ChannelSettings(
        min_tier=1,
        mode=DeliveryMode.DIGEST,
        digest_hour=19,
        quiet_hours=QuietHours(start=time(22, 30), end=time(7)),
        timezone="Europe/London",
        threads=True,
    )
    store.save_channel_settings(DISCORD, chosen)
    assert store.channel_settings(DISCORD) == chosen
    assert store.channel_settings(DISCORD_2) == ChannelSettings()  # another channel: untouched
    assert store.channel_settings(SLACK) == ChannelSettings()
    store.save_channel_settings(DISCORD, ChannelSettings(min_tier=2))  # an update, not a 2nd row
    assert store.channel_settings(DISCORD) == ChannelSettings(min_tier=2)


def test_a_channel_is_marked_broken_once_and_cleared(store: SqlStore) -> None:
    store.save_channel_settings(DISCORD, ChannelSettings(min_tier=1))
    assert store.mark_channel_broken(DISCORD, "Discord 403 (code 50001)", T0) is True
    assert store.mark_channel_broken(DISCORD, "again", T0 + timedelta(hours=1)) is False
    settings = store.channel_settings(DISCORD)
    assert settings.broken == Broken(reason="Discord 403 (code 50001)", since=T0)
    assert settings.min_tier == 1  # the settings stay
    assert store.clear_channel_broken(DISCORD) is True
    assert store.channel_settings(DISCORD).broken is None
    assert store.clear_channel_broken(DISCORD) is False
    # a channel without settings can break too (its row is made with the defaults)
    assert store.mark_channel_broken(SLACK, "Slack: is_archived", T0) is True
    assert store.channel_settings(SLACK).broken is not None
    assert store.channel_settings(SLACK).min_tier == 3


@pytest.fixture
def saga(store: SqlStore) -> int:
    """A followed player's saga with one pending row on Discord and one on Slack."""
    trent = store.add_player("Trent Alexander-Arnold", [])
    store.subscribe(DISCORD, trent.id)
    store.subscribe(SLACK, trent.id)
    store.ingest(article("a1"), [claim(ClaimKind.APPROACH)], FakeRules(), T0, content_hash="h")
    [row, _] = store.pending_deliveries(T0)
    return row.saga_id


def test_the_first_root_of_a_saga_wins_and_its_thread_is_kept(store: SqlStore, saga: int) -> None:
    assert store.saga_thread(DISCORD, saga) is None
    store.save_saga_thread(DISCORD, saga, ThreadRef(root="111"))
    store.save_saga_thread(DISCORD, saga, ThreadRef(root="222"))  # a later alert: not the root
    assert store.saga_thread(DISCORD, saga) == ThreadRef(root="111")
    store.save_saga_thread(DISCORD, saga, ThreadRef(root="111", thread="111"))
    store.save_saga_thread(DISCORD, saga, ThreadRef(root="111", thread="999"))  # kept: first
    assert store.saga_thread(DISCORD, saga) == ThreadRef(root="111", thread="111")
    assert store.saga_thread(SLACK, saga) is None  # per channel
    # the platform lost the first alert: the one posted in its place becomes the root
    store.save_saga_thread(DISCORD, saga, ThreadRef(root="333"), replace=True)
    assert store.saga_thread(DISCORD, saga) == ThreadRef(root="333")


def test_a_sent_row_keeps_the_platforms_message_id(store: SqlStore, saga: int) -> None:
    rows = store.pending_deliveries(T0 + timedelta(hours=1))
    store.mark_delivered([rows[0].id], T0, message_id="1700000001.000001")
    store.mark_skipped([rows[1].id], "source tier above the channel's min_tier")
    with store.engine.connect() as conn:
        got = {
            r.id: (r.status, r.message_id, r.error) for r in conn.execute(select(DeliveryRow)).all()
        }
    assert got[rows[0].id] == ("sent", "1700000001.000001", None)
    assert got[rows[1].id] == ("skipped", None, "source tier above the channel's min_tier")
    assert store.pending_deliveries(T0 + timedelta(days=1)) == []
    store.mark_skipped([], "nothing")

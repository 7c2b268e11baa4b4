"""Ingest: new / duplicate / edited / silent / near-duplicate, history, fan-out. Every backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.model import ClaimKind, EventKind
from bot.records import ChannelSettings, IngestStatus
from storage import SqlStore
from storage.models import ClaimRow, DeliveryRow, EventRow

from .fakes import BLOG, DISCORD, DISCORD_2, ROMANO, SLACK, T0, FakeRules, article, claim

TRENT = "Trent Alexander-Arnold"


def _count(store: SqlStore, model: type) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.fixture
def followed(store: SqlStore) -> int:
    trent = store.add_player(TRENT, ["Alexander-Arnold"])
    store.subscribe(DISCORD, trent.id)
    store.subscribe(SLACK, trent.id)
    return trent.id


def test_new_article_makes_events_and_deliveries(store: SqlStore, followed: int) -> None:
    rules = FakeRules()
    result = store.ingest(
        article("a1"),
        [claim(ClaimKind.APPROACH), claim(ClaimKind.BID_REJECTED, source=ROMANO)],
        rules,
        T0,
        content_hash="h1",
    )
    assert result.status is IngestStatus.NEW
    assert [e.kind for e in result.events] == [EventKind.NEW_SAGA, EventKind.STAGE]
    assert result.deliveries == 4  # 2 events × 2 channels
    assert _count(store, DeliveryRow) == 4


def test_duplicate_article_does_nothing(store: SqlStore, followed: int) -> None:
    rules = FakeRules()
    store.ingest(article("a1"), [claim()], rules, T0, content_hash="h1")
    again = store.ingest(
        article("a1"), [claim()], rules, T0 + timedelta(hours=1), content_hash="h1"
    )
    assert again.status is IngestStatus.DUPLICATE
    assert again.events == () and again.deliveries == 0
    assert len(rules.seen) == 1  # not even judged
    assert _count(store, EventRow) == 1


def test_edited_article_is_reread_without_recounting_old_facts(
    store: SqlStore, followed: int
) -> None:
    rules = FakeRules()
    store.ingest(article("a1"), [claim(ClaimKind.APPROACH)], rules, T0, content_hash="h1")
    edited = store.ingest(
        article("a1"),
        [claim(ClaimKind.APPROACH), claim(ClaimKind.BID, fee_m=25)],
        rules,
        T0 + timedelta(minutes=30),
        content_hash="h2",
    )
    assert edited.status is IngestStatus.EDITED
    assert [e.claim.kind for e in edited.events] == [ClaimKind.BID]  # only the new fact
    (view,) = store.saga_views(followed)
    times = {cv.record.kind: cv.record.times_seen for cv in view.claims}
    assert times == {ClaimKind.APPROACH: 1, ClaimKind.BID: 1}


def test_silent_ingest_records_history_without_events(store: SqlStore, followed: int) -> None:
    rules = FakeRules()
    quiet = store.ingest(article("a1"), [claim()], rules, T0, content_hash="h1", silent=True)
    assert quiet.status is IngestStatus.NEW and quiet.events == () and quiet.deliveries == 0
    later = store.ingest(
        article("a2"), [claim()], rules, T0 + timedelta(hours=1), content_hash="h2"
    )
    assert later.events == ()  # the fact was already known
    assert _count(store, EventRow) == 0 and _count(store, DeliveryRow) == 0


def test_near_duplicate_counts_as_evidence_only(store: SqlStore, followed: int) -> None:
    rules = FakeRules()
    store.ingest(article("a1"), [claim()], rules, T0, content_hash="h1")
    copy = store.ingest(
        article("a1-copy", outlet="Syndicate"),
        [claim(ClaimKind.BID, fee_m=30), claim()],
        rules,
        T0 + timedelta(minutes=5),
        content_hash="h9",
        near_duplicate_of="a1",
    )
    assert copy.status is IngestStatus.NEW
    assert copy.events == () and copy.deliveries == 0
    (view,) = store.saga_views(followed)
    approach = next(cv for cv in view.claims if cv.record.kind is ClaimKind.APPROACH)
    assert approach.record.times_seen == 2
    assert approach.record.outlets == 2
    assert [e.outlet for e in approach.evidence] == ["Syndicate", "The Times"]


def test_judge_sees_earlier_claims_of_the_same_article(store: SqlStore, followed: int) -> None:
    rules = FakeRules()
    result = store.ingest(
        article("a1"),
        [claim(ClaimKind.APPROACH), claim(ClaimKind.APPROACH), claim(ClaimKind.TALKS)],
        rules,
        T0,
        content_hash="h1",
    )
    assert [e.claim.kind for e in result.events] == [ClaimKind.APPROACH, ClaimKind.TALKS]
    histories = [h for _, h in rules.seen]
    assert histories[0].saga is None
    assert [c.fact_key for c in histories[1].claims] == ["approach|+|"]
    assert histories[1].saga is not None and histories[1].saga.stage is ClaimKind.APPROACH
    assert histories[2].claims[0].times_seen == 1  # the repeat in one article is one sighting


def test_history_carries_records_across_articles(store: SqlStore, followed: int) -> None:
    rules = FakeRules()
    store.ingest(article("a1"), [claim(source=BLOG)], rules, T0, content_hash="h1")
    store.ingest(
        article("a2", outlet="BBC"),
        [claim(source=ROMANO)],
        rules,
        T0 + timedelta(days=1),
        content_hash="h2",
    )
    store.ingest(
        article("a3"),
        [claim(ClaimKind.BID, fee_m=20)],
        rules,
        T0 + timedelta(days=2),
        content_hash="h3",
    )
    (record,) = rules.seen[-1][1].claims
    assert record.fact_key == "approach|+|"
    assert record.times_seen == 2
    assert record.best_tier == 1
    assert record.outlets == 2
    assert record.first_seen == T0
    assert record.last_seen == T0 + timedelta(days=1)
    assert rules.seen[-1][1].saga.best_tier == 1  # type: ignore[union-attr]


def test_history_spans_every_saga_of_the_player(store: SqlStore, followed: int) -> None:
    """A claim naming no club may be about any deal: judge sees the player's other sagas' facts,
    but ``saga`` is None until this saga has a fact of its own."""
    rules = FakeRules()
    store.ingest(article("a1"), [claim(buyer="Real Madrid")], rules, T0, content_hash="h1")
    store.ingest(
        article("a2"), [claim(ClaimKind.CONTRACT, buyer=None)], rules, T0, content_hash="h2"
    )
    unnamed = rules.seen[-1][1]
    assert unnamed.saga is None
    assert [r.fact_key for r in unnamed.claims] == ["approach|+|"]
    store.ingest(
        article("a3"), [claim(ClaimKind.BID, buyer="Chelsea")], rules, T0, content_hash="h3"
    )
    assert sorted(r.fact_key for r in rules.seen[-1][1].claims) == ["approach|+|", "contract|+|"]


def test_claims_about_unknown_players_create_them_unfollowed(store: SqlStore) -> None:
    rules = FakeRules()
    result = store.ingest(
        article("a1"), [claim(player="Jude Bellingham")], rules, T0, content_hash="h1"
    )
    assert [e.kind for e in result.events] == [EventKind.NEW_SAGA]
    assert result.deliveries == 0
    jude = store.find_player("jude bellingham")
    assert jude is not None and not jude.followed
    assert len(store.saga_views(jude.id)) == 1


def test_fan_out_makes_a_row_per_subscription_whatever_the_tier(
    store: SqlStore, followed: int
) -> None:
    """A channel's min_tier is the delivery worker's call, on the settings of the moment the row
    is due (``tests/test_channels.py``): the store fans out to every subscription."""
    picky = store.add_player(TRENT, [])
    store.subscribe(DISCORD_2, picky.id)
    store.save_channel_settings(DISCORD_2, ChannelSettings(min_tier=1))
    rules = FakeRules()
    tier1 = store.ingest(article("a1"), [claim(source=ROMANO)], rules, T0, content_hash="h1")
    tier3 = store.ingest(
        article("a2"), [claim(ClaimKind.TALKS, source=BLOG)], rules, T0, content_hash="h2"
    )
    unattributed = store.ingest(
        article("a3"), [claim(ClaimKind.BID, source=None)], rules, T0, content_hash="h3"
    )
    assert (tier1.deliveries, tier3.deliveries, unattributed.deliveries) == (3, 3, 3)
    picky_rows = [r for r in store.pending_deliveries(T0) if r.subscription.channel == DISCORD_2]
    assert {r.settings.min_tier for r in picky_rows} == {1}


def test_claim_rows_keep_the_newest_claim_and_best_tier(store: SqlStore, followed: int) -> None:
    rules = FakeRules()
    store.ingest(
        article("a1"), [claim(source=BLOG, sentence="first")], rules, T0, content_hash="h1"
    )
    store.ingest(
        article("a2"),
        [claim(source=ROMANO, sentence="second")],
        rules,
        T0 + timedelta(hours=2),
        content_hash="h2",
    )
    store.ingest(
        article("a3"),
        [claim(source=BLOG, sentence="third")],
        rules,
        T0 + timedelta(hours=3),
        content_hash="h3",
    )
    with store.engine.connect() as conn:
        row = conn.execute(
            select(ClaimRow.best_tier, ClaimRow.times_seen, ClaimRow.last_claim)
        ).one()
    assert row.best_tier == 1 and row.times_seen == 3
    assert row.last_claim["sentence"] == "third"


def test_find_near_duplicate(store: SqlStore) -> None:
    rules = FakeRules()
    sig = list(range(1000, 1064))
    store.ingest(article("orig"), [], rules, T0, content_hash="h1", signature=sig)
    store.ingest(
        article("other"), [], rules, T0, content_hash="h2", signature=list(range(5000, 5064))
    )
    close = sig[:52] + [7] * 12  # 52/64 = 0.81 agree; the first 13 bands shared
    far = sig[:40] + [7] * 24  # 0.62 agree: shares bands, rejected on the whole signature
    assert store.find_near_duplicate(close, since=T0 - timedelta(days=1)) == "orig"
    assert store.find_near_duplicate(far, since=T0 - timedelta(days=1)) is None
    assert store.find_near_duplicate(close, since=T0 + timedelta(seconds=1)) is None
    assert store.find_near_duplicate([], since=T0) is None


def test_a_near_duplicate_sharing_the_fewest_bands_possible_is_found(store: SqlStore) -> None:
    # the lookup reads only articles sharing min_shared_bands (4 of 16) bands: 12 differences,
    # one in each of 12 bands, agree on 52/64 = 0.81 and share just the other 4
    sig = list(range(2000, 2064))
    store.ingest(article("orig"), [], FakeRules(), T0, content_hash="h1", signature=sig)
    spread = [v + 1 if i % 4 == 0 and i < 48 else v for i, v in enumerate(sig)]
    assert sum(a == b for a, b in zip(sig, spread, strict=True)) == 52
    assert store.find_near_duplicate(spread, since=T0) == "orig"
    # one difference more (51/64 = 0.797) is no near-duplicate, whatever it shares
    assert store.find_near_duplicate([*spread[:63], 0], since=T0) is None


def test_edited_article_replaces_its_bands(store: SqlStore) -> None:
    rules = FakeRules()
    sig = list(range(64))
    store.ingest(article("a"), [], rules, T0, content_hash="h1", signature=sig)
    new_sig = list(range(100, 164))
    store.ingest(article("a"), [], rules, T0, content_hash="h2", signature=new_sig)
    assert store.find_near_duplicate(sig, since=T0) is None
    assert store.find_near_duplicate(new_sig, since=T0) == "a"


def test_naive_now_is_taken_as_utc(store: SqlStore, followed: int) -> None:
    rules = FakeRules()
    store.ingest(article("a1"), [claim()], rules, T0.replace(tzinfo=None), content_hash="h1")
    (view,) = store.saga_views(followed)
    assert view.state.first_seen == T0
    assert replace(view.claims[0].record).first_seen == T0

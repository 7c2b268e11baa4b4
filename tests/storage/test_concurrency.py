"""Races between connections: one set of events per article and per fact, one poller per feed,
one sender per delivery. Run on every backend; on PostgreSQL they exercise row locks,
ON CONFLICT and SKIP LOCKED, on SQLite ``BEGIN IMMEDIATE``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import TypeVar

import pytest
from sqlalchemy import func, select

from bot.model import ClaimKind
from bot.records import IngestStatus
from storage import SqlStore
from storage.models import DeliveryRow, EventRow

from .fakes import DISCORD, SLACK, T0, FakeRules, article, claim

R = TypeVar("R")


def _together(*calls: Callable[[], R]) -> list[R]:
    """Run the calls on their own threads (own connections), released at the same moment."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], R]) -> R:
        barrier.wait(timeout=10)
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return [f.result(timeout=30) for f in [pool.submit(run, c) for c in calls]]


def _count(store: SqlStore, model: type) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.fixture
def followed(store: SqlStore) -> int:
    trent = store.add_player("Trent Alexander-Arnold", [])
    store.subscribe(DISCORD, trent.id)
    store.subscribe(SLACK, trent.id)
    return trent.id


def test_same_article_twice_at_once_yields_one_set_of_events(
    store: SqlStore, followed: int
) -> None:
    rules = FakeRules(delay=0.15)  # a slow judge holds the first transaction open

    def ingest() -> tuple[IngestStatus, int, int]:
        r = store.ingest(
            article("a1"), [claim(), claim(ClaimKind.BID, fee_m=20)], rules, T0, content_hash="h1"
        )
        return r.status, len(r.events), r.deliveries

    results = sorted(_together(ingest, ingest))
    assert results == [(IngestStatus.DUPLICATE, 0, 0), (IngestStatus.NEW, 2, 4)]
    assert _count(store, EventRow) == 2
    assert _count(store, DeliveryRow) == 4


@pytest.mark.parametrize("saga_exists", [False, True], ids=["new-saga", "known-saga"])
def test_one_new_fact_in_two_articles_at_once_yields_one_event(
    store: SqlStore, followed: int, saga_exists: bool
) -> None:
    if saga_exists:  # the saga row is there already: only its row lock serialises the two
        store.ingest(article("a0"), [claim(ClaimKind.INTEREST)], FakeRules(), T0, content_hash="0")
    before = _count(store, EventRow)
    rules = FakeRules(delay=0.15)

    def ingest(key: str) -> Callable[[], int]:
        return lambda: len(
            store.ingest(article(key), [claim()], rules, T0, content_hash=key).events
        )

    assert sorted(_together(ingest("a1"), ingest("a2"))) == [0, 1]
    assert _count(store, EventRow) - before == 1
    (view,) = store.saga_views(followed)
    approach = next(cv for cv in view.claims if cv.record.kind is ClaimKind.APPROACH)
    assert approach.record.times_seen == 2  # both articles are evidence
    # the loser judged against the winner's committed history
    known = [c.fact_key for _, h in rules.seen for c in h.claims]
    assert known.count("approach|+|") == 1


def test_sagas_locked_in_one_order_do_not_deadlock(store: SqlStore, followed: int) -> None:
    rules = FakeRules(delay=0.05)
    real = claim(buyer="Real Madrid")
    city = claim(buyer="Manchester City")

    def ingest(key: str, claims: list[object]) -> Callable[[], IngestStatus]:
        return lambda: store.ingest(article(key), claims, rules, T0, content_hash=key).status  # type: ignore[arg-type]

    assert _together(ingest("a1", [real, city]), ingest("a2", [city, real])) == [
        IngestStatus.NEW,
        IngestStatus.NEW,
    ]
    assert _count(store, EventRow) == 2  # one NEW_SAGA per saga


def test_concurrent_pollers_never_lease_the_same_feed(store: SqlStore) -> None:
    for i in range(20):
        store.add_feed(f"https://feeds.example/{i}", channel=None)
    now = T0
    for _ in range(3):  # each round the previous leases have run out
        a, b = _together(
            lambda now=now: store.claim_due_feeds(now, limit=15, lease_s=60),
            lambda now=now: store.claim_due_feeds(now, limit=15, lease_s=60),
        )
        ids_a, ids_b = {f.id for f in a}, {f.id for f in b}
        assert not ids_a & ids_b
        assert len(ids_a | ids_b) == 20
        now += timedelta(seconds=61)


def test_concurrent_senders_never_take_the_same_delivery(store: SqlStore, followed: int) -> None:
    rules = FakeRules()
    for i in range(6):
        store.ingest(
            article(f"a{i}"), [claim(ClaimKind.BID, fee_m=10 + i)], rules, T0, content_hash="h"
        )
    assert _count(store, DeliveryRow) == 12
    a, b = _together(
        lambda: store.pending_deliveries(T0, limit=8), lambda: store.pending_deliveries(T0, limit=8)
    )
    ids_a, ids_b = {d.id for d in a}, {d.id for d in b}
    assert not ids_a & ids_b
    assert len(ids_a | ids_b) == 12

"""A player's history kept between ingests (issue 16): used only while the store's facts of
him are as it holds them, never after another writer moved them or a rolled-back ingest.
Every backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bot.errors import StoreError
from bot.model import ClaimKind, SagaHistory
from storage import SqlStore
from storage import ingest as ingest_module

from .fakes import BLOG, DISCORD, ROMANO, T0, FakeRules, article, claim

TRENT = "Trent Alexander-Arnold"


@pytest.fixture
def two_stores(engine: Engine) -> Iterator[tuple[SqlStore, SqlStore]]:
    """Two stores on one database, as two processes of the bot would be."""
    first, second = SqlStore(engine), SqlStore(engine)
    trent = first.add_player(TRENT, ["Alexander-Arnold"])
    first.subscribe(DISCORD, trent.id)
    yield first, second


def _last_history(rules: FakeRules) -> SagaHistory:
    return rules.seen[-1][1]


def _ingest(store: SqlStore, key: str, rules: FakeRules, **claim_kw: object) -> int:
    result = store.ingest(
        article(key, outlet=str(claim_kw.pop("outlet", "The Times"))),
        [claim(**claim_kw)],  # type: ignore[arg-type]
        rules,
        T0,
        content_hash=key,
    )
    return len(result.events)


def test_a_fact_another_store_added_is_seen(two_stores: tuple[SqlStore, SqlStore]) -> None:
    first, second = two_stores
    rules = FakeRules()
    assert _ingest(first, "a1", rules) == 1  # the approach: first's copy of his history kept
    assert _ingest(second, "b1", rules, kind=ClaimKind.BID) == 1  # the bid, by the other
    # the bid again through the first: its copy lacks the bid, the store has it, no news
    assert _ingest(first, "a2", rules, kind=ClaimKind.BID) == 0
    assert {c.fact_key for c in _last_history(rules).claims} >= {"approach|+|", "bid|+|"}


def test_evidence_another_store_added_is_seen(two_stores: tuple[SqlStore, SqlStore]) -> None:
    first, second = two_stores
    rules = FakeRules()
    _ingest(first, "a1", rules, outlet="The Times")
    _ingest(second, "b1", rules, outlet="Marca", source=BLOG)  # one more outlet, no new fact
    _ingest(first, "a2", rules, outlet="Kicker")
    (record,) = _last_history(rules).claims
    # what the first saw of the fact: both earlier reports, from two outlets
    assert (record.times_seen, record.outlets, record.best_tier) == (2, 2, ROMANO.tier)


def test_a_rolled_back_ingest_leaves_no_copy(
    two_stores: tuple[SqlStore, SqlStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = two_stores
    rules = FakeRules()
    _ingest(first, "a1", rules)

    def fail(*_args: object, **_kw: object) -> None:
        raise StoreError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr(first, "_note_spellings", fail)  # after the claims were judged
        with pytest.raises(StoreError):
            _ingest(first, "a2", rules, kind=ClaimKind.BID)
    # nothing of a2 was stored: its bid is still news, and the history is the store's
    assert _ingest(first, "a3", rules, kind=ClaimKind.BID) == 1
    assert [c.fact_key for c in rules.seen[-1][1].claims] == ["approach|+|"]


def test_the_copy_spares_the_history_read(store: SqlStore, monkeypatch: pytest.MonkeyPatch) -> None:
    trent = store.add_player(TRENT, ["Alexander-Arnold"])
    store.subscribe(DISCORD, trent.id)
    rules = FakeRules()
    reads: list[set[int]] = []
    read = ingest_module._PlayerHistory.read.__func__  # type: ignore[attr-defined]

    def counting(cls: type, c: object, player_ids: set[int]) -> object:
        reads.append(set(player_ids))
        return read(cls, c, player_ids)

    monkeypatch.setattr(ingest_module._PlayerHistory, "read", classmethod(counting))
    for n in range(4):
        _ingest(store, f"a{n}", rules, kind=ClaimKind.BID if n % 2 else ClaimKind.APPROACH)
    assert [r for r in reads if r] == [{trent.id}]  # read once, then the copy
    assert [c.fact_key for c in rules.seen[-1][1].claims] == ["approach|+|", "bid|+|"]
    (record, _) = rules.seen[-1][1].claims
    assert record.times_seen == 2

"""``saga_views``: sagas newest first, facts with evidence, timeline oldest first. Every backend."""

from __future__ import annotations

from datetime import timedelta

from bot.model import ClaimKind, EventKind
from storage import SqlStore

from .fakes import BLOG, DISCORD, ROMANO, T0, FakeRules, article, claim


def test_saga_views(store: SqlStore) -> None:
    trent = store.add_player("Trent Alexander-Arnold", [])
    store.subscribe(DISCORD, trent.id)
    rules = FakeRules()
    store.ingest(
        article("a1"), [claim(ClaimKind.APPROACH, source=BLOG)], rules, T0, content_hash="1"
    )
    store.ingest(
        article("a2", outlet="BBC"),
        [claim(ClaimKind.APPROACH, source=ROMANO), claim(ClaimKind.BID, fee_m=20)],
        rules,
        T0 + timedelta(hours=1),
        content_hash="2",
    )
    store.ingest(
        article("a3"),
        [claim(ClaimKind.INTEREST, buyer="Chelsea")],
        rules,
        T0 + timedelta(hours=2),
        content_hash="3",
    )
    chelsea, real = store.saga_views(trent.id)
    assert chelsea.state.key.counterpart == "Chelsea"
    assert real.state.key.counterpart == "Real Madrid"
    assert real.state.key.player == "Trent Alexander-Arnold"
    assert real.state.stage is ClaimKind.BID
    assert real.state.best_tier == 1
    assert real.state.last_fee is not None and real.state.last_fee.eur_min == 20e6
    # facts newest first (the bid and the approach were both last seen at +1h: newest row first)
    assert [cv.record.kind for cv in real.claims] == [ClaimKind.BID, ClaimKind.APPROACH]
    approach = real.claims[1]
    assert approach.claim.source == ROMANO  # the newest claim stating the fact
    assert [(e.outlet, e.source, e.tier) for e in approach.evidence] == [
        ("BBC", "Fabrizio Romano", 1),
        ("The Times", "Fan blog", 3),
    ]
    assert approach.evidence[0].link == "https://news.example/a2"
    assert [(t.event.kind, t.outlet) for t in real.timeline] == [
        (EventKind.NEW_SAGA, "The Times"),
        (EventKind.STAGE, "BBC"),
    ]
    assert real.timeline[0].at == T0
    assert store.saga_views(trent.id + 100) == []

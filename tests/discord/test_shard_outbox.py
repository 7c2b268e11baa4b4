"""Two processes holding different shards share one outbox: each claims only the rows of the
servers on its shards (``(guild_id >> 22) % count``; no server: shard 0), so together they send
every alert exactly once. The claim is SQL, so it runs on every backend (the ``store`` fixture of
the store contract suite, through ``conftest.py``; PostgreSQL fails rather than skips with CI=true).
"""

from __future__ import annotations

import asyncio
from collections import Counter

from bot.delivery import Delivery
from bot.model import Alert, Channel, ClaimKind
from bot.ports import Shards
from bot.records import Sent
from storage import SqlStore
from tests.fakes.chat import RecordingSender
from tests.storage.fakes import T0, FakeRules, article, claim

COUNT = 3
#: Servers spread over the shards, and workspaces that are no server id (all shard 0's).
WORKSPACES = [
    *(str(720000000000000002 + n * (1 << 22) + n) for n in range(9)),  # shards 0, 1, 2 thrice
    "1234567890123456789",  # a 19-digit id, as new servers have
    "8999999999999999999",  # the largest the rule reads as an id
    "9000000000000000000",  # beyond it: shard 0
    "None",  # a DM
    "",
    "00000000000000000001",  # 20 characters
    "-4194304",
    "١٢",  # digits, but not ASCII ones
]


def expected_shard(workspace: str) -> int:
    """Discord's rule, written out independently of ``Shards``."""
    if workspace.isdigit() and len(workspace) <= 19 and int(workspace) < 9 * 10**18:
        return (int(workspace) >> 22) % COUNT
    return 0


class SlowSender(RecordingSender):
    """Yields to the other process's deliverer on every send, so the two interleave."""

    async def send(self, alert: Alert) -> Sent:
        await asyncio.sleep(0)
        return await super().send(alert)


def _outbox(store: SqlStore) -> list[Channel]:
    """Two alerts (two articles) for each Discord channel, and one for a Slack channel."""
    player = store.add_player("Trent Alexander-Arnold", ["TAA"])
    channels = [Channel(platform="discord", workspace=w, channel="c1") for w in WORKSPACES]
    for channel in channels:
        store.subscribe(channel, player.id)
    store.subscribe(Channel(platform="slack", workspace="T1", channel="c1"), player.id)
    rules = FakeRules()
    first = store.ingest(article("a1"), [claim(ClaimKind.APPROACH)], rules, T0, content_hash="h1")
    bid = [claim(ClaimKind.BID, fee_m=25)]
    second = store.ingest(article("a2", minutes=5), bid, rules, T0, content_hash="h2")
    assert first.deliveries == second.deliveries == len(channels) + 1
    return channels


async def test_two_deliverers_on_different_shards_send_every_alert_once(store: SqlStore) -> None:
    channels = _outbox(store)
    assert {expected_shard(c.workspace) for c in channels} == {0, 1, 2}
    senders = [SlowSender("discord"), SlowSender("discord")]
    held = [frozenset({0, 2}), frozenset({1})]  # process A: shards 0 and 2; process B: 1
    deliverers = [
        Delivery(store, clock=lambda: T0, shards={"discord": Shards(count=COUNT, ids=ids)})
        for ids in held
    ]

    rounds = 0
    while True:
        runs = [d.deliver({"discord": s}) for d, s in zip(deliverers, senders, strict=True)]
        if sum(await asyncio.gather(*runs)) == 0:
            break
        rounds += 1
        assert rounds < 10

    sent = [[(a.channel.workspace, a.link) for a in s.alerts] for s in senders]
    for ids, alerts in zip(held, sent, strict=True):
        assert alerts, "each process had servers to serve"
        assert {expected_shard(workspace) for workspace, _ in alerts} <= ids
    assert not set(sent[0]) & set(sent[1])  # disjoint
    everything = Counter(sent[0] + sent[1])
    links = ("https://news.example/a1", "https://news.example/a2")
    assert set(everything) == {(c.workspace, link) for c in channels for link in links}
    assert set(everything.values()) == {1}  # each once
    rows = Counter(i for s in senders for a in s.alerts for i in a.delivery_ids)
    assert len(rows) == 2 * len(channels) and set(rows.values()) == {1}
    # nothing Discord's is left; the Slack row waits for a Slack sender
    assert store.pending_deliveries(T0, platform="discord") == []
    left = store.pending_deliveries(T0)
    assert [r.subscription.channel.platform for r in left] == ["slack", "slack"]


async def test_the_claim_takes_only_the_shards_rows_and_leaves_the_others_unleased(
    store: SqlStore,
) -> None:
    channels = _outbox(store)
    zero = Shards(count=COUNT, ids=frozenset({0}))
    rows = store.pending_deliveries(T0, platform="discord", shards=zero)
    assert {r.subscription.channel.workspace for r in rows} == {
        c.workspace for c in channels if expected_shard(c.workspace) == 0
    }
    assert all(zero.holds(r.subscription.channel.workspace) for r in rows)
    # the other shards' rows were not leased: their process takes them at once
    rest = Shards(count=COUNT, ids=frozenset({1, 2}))
    others = store.pending_deliveries(T0, platform="discord", shards=rest)
    assert len(rows) + len(others) == 2 * len(channels)
    assert store.pending_deliveries(T0, platform="discord") == []


def test_shards_holds_follows_discords_rule() -> None:
    for ids in ({0}, {1}, {2}, {0, 2}):
        shards = Shards(count=COUNT, ids=frozenset(ids))
        for workspace in WORKSPACES:
            assert shards.holds(workspace) == (expected_shard(workspace) in ids), workspace

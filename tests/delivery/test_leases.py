"""Leases name their holder (issue 15): a process that starts frees at once the feed and outbox
leases of the processes of its host that are gone (a ``kill -9`` during a poll no longer
silences the restarted bot for the lease's five minutes), never those of a live process or of
another host; a graceful stop frees its own. Every backend."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.model import ClaimKind
from storage import SqlStore
from storage.leases import is_gone, process_identity
from tests.storage.conftest import (  # noqa: F401 - the store on every backend
    backend,
    engine,
    pg_url,
    sqlite_template,
    store,
)
from tests.storage.fakes import DISCORD, T0, FakeRules, article, claim


def _dead_pid() -> int:
    """The pid of a process of this host that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


DEAD = f"{socket.gethostname()}:{_dead_pid()}:12345"
ALIVE = process_identity(1)  # init: alive as long as the machine is
ELSEWHERE = "another-host:4242:1"


@pytest.fixture
def leased(store: SqlStore) -> Iterator[SqlStore]:  # noqa: F811
    """A feed and two outbox rows; the store as a second process: ``as_process`` below."""
    store.add_feed("https://feeds.example/a.xml", channel=None)
    trent = store.add_player("Trent Alexander-Arnold", ["TAA"])
    store.subscribe(DISCORD, trent.id)
    store.ingest(
        article("a1"),
        [claim(ClaimKind.APPROACH), claim(ClaimKind.BID, fee_m=25)],
        FakeRules(),
        T0,
        content_hash="h1",
    )
    yield store
    store.lease_owner = process_identity()


def _take_all(store: SqlStore, owner: str) -> None:  # noqa: F811
    """``owner`` takes the feed and the outbox rows (a poll and a send under way)."""
    store.lease_owner = owner
    assert len(store.claim_due_feeds(T0, limit=10, lease_s=300)) == 1
    assert len(store.pending_deliveries(T0)) == 2
    store.lease_owner = process_identity()


def test_the_identity_tells_a_gone_process_from_a_live_one() -> None:
    assert not is_gone(process_identity())
    assert not is_gone(ALIVE)
    assert is_gone(DEAD)
    assert not is_gone(ELSEWHERE)  # another host's: not ours to judge
    assert not is_gone("garbage")
    pid_reused = process_identity(1).rsplit(":", 1)[0] + ":1"  # pid 1, another start time
    assert is_gone(pid_reused)


def test_a_dead_process_s_leases_are_freed_at_once_on_start(leased: SqlStore) -> None:
    _take_all(leased, DEAD)
    soon = T0 + timedelta(seconds=5)
    assert leased.claim_due_feeds(soon, limit=10, lease_s=300) == []  # leased: before the fix,
    assert leased.pending_deliveries(soon) == []  # nothing for 300 s (feeds) / 120 s (outbox)
    assert leased.reclaim_dead_leases(soon) == {"feeds": 1, "deliveries": 2}
    assert len(leased.claim_due_feeds(soon, limit=10, lease_s=300)) == 1
    assert len(leased.pending_deliveries(soon)) == 2
    assert leased.reclaim_dead_leases(soon) == {"feeds": 0, "deliveries": 0}  # now ours


@pytest.mark.parametrize("owner", [ALIVE, ELSEWHERE], ids=["live-process", "other-host"])
def test_a_live_or_foreign_process_s_leases_are_left_to_run_out(
    leased: SqlStore, owner: str
) -> None:
    _take_all(leased, owner)
    soon = T0 + timedelta(seconds=5)
    assert leased.reclaim_dead_leases(soon) == {"feeds": 0, "deliveries": 0}
    assert leased.claim_due_feeds(soon, limit=10, lease_s=300) == []
    assert leased.pending_deliveries(soon) == []
    later = T0 + timedelta(seconds=301)  # they still run out, as before
    assert len(leased.claim_due_feeds(later, limit=10, lease_s=300)) == 1
    assert len(leased.pending_deliveries(later)) == 2


def test_a_graceful_stop_frees_its_own_leases_only(leased: SqlStore) -> None:
    leased.lease_owner = ELSEWHERE
    assert len(leased.pending_deliveries(T0, limit=1)) == 1
    leased.lease_owner = process_identity()
    assert len(leased.claim_due_feeds(T0, limit=10, lease_s=300)) == 1
    assert len(leased.pending_deliveries(T0)) == 1
    assert leased.release_leases() == {"feeds": 1, "deliveries": 1}
    soon = T0 + timedelta(seconds=5)
    assert len(leased.claim_due_feeds(soon, limit=10, lease_s=300)) == 1
    assert len(leased.pending_deliveries(soon)) == 1  # the other holder's is still held

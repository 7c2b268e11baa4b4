"""The parser's worker processes: a parse over its time limit or its memory cap is really stopped
(its process is gone), the caller gets a feed error, and the next parse works; cancelling a
parse kills it; only the newest items come back."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator

import pytest

from adapters.feeds.parsepool import ParsePool
from bot.errors import FeedNotAFeedError, FeedTimeoutError, FeedTooLargeError
from tests.fakes import hostile_feeds as hostile

SMALL = hostile.many_items(3)


@pytest.fixture
def pool() -> Iterator[ParsePool]:
    p = ParsePool(workers=1, timeout_s=20)
    yield p
    p.close()


def _worker_pids(pool: ParsePool) -> list[int]:
    return [w.proc.pid for w in pool._idle]


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_parses_in_a_reused_worker(pool: ParsePool) -> None:
    first = pool.parse(SMALL, {})
    (pid,) = _worker_pids(pool)
    second = pool.parse(SMALL, {})
    assert _worker_pids(pool) == [pid] and pid != os.getpid()
    assert [i.title for i in first.items] == [i.title for i in second.items]
    assert first.items[0].title == "story 0: Real Madrid approach" and first.total == 3
    assert first.items[0].published == hostile.AT


def test_a_parse_over_its_time_limit_is_killed(pool: ParsePool) -> None:
    pool.parse(SMALL, {})
    (pid,) = _worker_pids(pool)
    pool.timeout_s = 0.2  # a 3,000-item feed takes over a second
    with pytest.raises(FeedTimeoutError, match=r"parsing stopped after 0.2 s"):
        pool.parse(hostile.many_items(3000), {})
    assert _gone(pid) and _worker_pids(pool) == []
    pool.timeout_s = 20
    assert pool.parse(SMALL, {}).total == 3  # a new worker


def test_a_parse_over_its_memory_cap_is_stopped() -> None:
    pool = ParsePool(workers=1, memory_mb=8)  # 10,000 items need ~30 MB
    try:
        with pytest.raises(FeedTooLargeError, match="over the parser's 8 MB memory cap"):
            pool.parse(hostile.many_items(10_000), {})
        assert _worker_pids(pool) == []  # a worker that ran out of memory does not serve again
        assert pool.parse(SMALL, {}).total == 3
    finally:
        pool.close()


def test_only_the_newest_items_come_back() -> None:
    pool = ParsePool(workers=1, max_items=50)
    try:
        parsed = pool.parse(hostile.many_items(1000), {})
    finally:
        pool.close()
    assert parsed.total == 1000 and len(parsed.items) == 50
    assert [i.guid for i in parsed.items] == [f"http://example.com/s/{i}" for i in range(50)]


def test_refusals_come_back_as_feed_errors(pool: ParsePool) -> None:
    with pytest.raises(FeedNotAFeedError, match="nested XML entities"):
        pool.parse(hostile.billion_laughs(), {})
    with pytest.raises(FeedNotAFeedError, match="no RSS/Atom/RDF"):
        pool.parse(b"<html><p>hello</p></html>", {"content-type": "text/html"})
    assert len(_worker_pids(pool)) == 1  # refusing is not a reason to restart


async def test_cancelling_a_parse_kills_its_worker(pool: ParsePool) -> None:
    await pool.parse_async(SMALL, {})
    (pid,) = _worker_pids(pool)
    task = asyncio.create_task(pool.parse_async(hostile.many_items(5000), {}))
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(100):  # the job's thread notices within 50 ms
        if _gone(pid):
            break
        await asyncio.sleep(0.05)
    assert _gone(pid)
    assert (await pool.parse_async(SMALL, {})).total == 3


def test_workers_are_bounded_and_close_stops_them() -> None:
    pool = ParsePool(workers=2)
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(pool.parse(SMALL, {}).total))
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pids = _worker_pids(pool)
    assert results == [3] * 6 and 1 <= len(pids) <= 2
    pool.close()
    assert all(_gone(pid) for pid in pids)

"""APScheduler 3.11 wiring: poll the due feeds, deliver the outbox.

Jobs live in memory, one scheduler per process; the work itself is claimed from the database
(leases), so several processes never poll a feed or send a delivery twice. The job bodies are
plain coroutines (:meth:`Jobs.poll_due_feeds`, :meth:`Jobs.deliver_due`) that tests call directly.
A feed whose items put alerts in the outbox has them delivered at once, while the poll goes on
(:meth:`Jobs.news_found`), and a poll that found news runs a delivery right after it; the outbox's
leases keep those runs and the delivery job's own from sending a row twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from adapters.ports import Deliverer, DuePoller
from bot.ports import ChatSender

logger = logging.getLogger(__name__)

POLL_EVERY_S = 30.0
DELIVER_EVERY_S = 2.0
#: A run late by up to this much still runs (the default of 1 s silently drops busy-loop runs).
MISFIRE_GRACE_S = 60


@dataclass(slots=True, kw_only=True)
class Jobs:
    """The scheduled work of one process. A failing run is logged and the next one goes on.

    :meth:`drain` lets the runs in flight finish at shutdown (and cancels them, quietly, after a
    bound), so stopping the bot never leaves a half-run job to be torn down by the loop.
    """

    deliverer: Deliverer
    senders: Mapping[str, ChatSender]
    poller: DuePoller | None = None
    # a poll that found news delivers right after it; off where a test steps delivery itself
    deliver_after_poll: bool = True
    runs: dict[str, int] = field(default_factory=lambda: {"poll": 0, "deliver": 0})
    _running: set[asyncio.Task[object]] = field(default_factory=set)
    _stopping: bool = False
    _news_run: asyncio.Task[None] | None = None
    _more_news: bool = False

    async def poll_due_feeds(self) -> None:
        if self.poller is None or self._stopping:
            return
        self.runs["poll"] += 1
        with self._tracked():
            try:
                result = await self.poller.poll_due()
            except asyncio.CancelledError:
                if not self._stopping:
                    raise
                logger.info("polling cancelled at shutdown")
            except Exception:
                logger.exception("polling the due feeds failed")
            else:
                logger.debug("poll_due_feeds: %s", result)
                news: object = getattr(result, "events", 0)
                if self.deliver_after_poll and news:
                    # the news the poll found goes out now, not at the delivery job's next tick
                    # (up to DELIVER_EVERY_S later, and always that, the two jobs being in step)
                    await self.deliver_due()

    def news_found(self) -> None:
        """An ingest just put alerts in the outbox: deliver them now, not at the end of the poll
        (a poll of thousands of feeds takes seconds) nor at the delivery job's next tick. One
        such run at a time; news found while it runs makes it run once more."""
        if self._stopping or not self.deliver_after_poll:
            return
        if self._news_run is not None and not self._news_run.done():
            self._more_news = True
            return
        self._news_run = asyncio.get_running_loop().create_task(self._deliver_news())

    async def _deliver_news(self) -> None:
        while True:
            self._more_news = False
            await self.deliver_due()
            if not self._more_news or self._stopping:
                return

    async def deliver_due(self) -> int:
        if self._stopping:
            return 0
        self.runs["deliver"] += 1
        with self._tracked():
            try:
                sent = await self.deliverer.deliver(self.senders)
            except asyncio.CancelledError:
                if not self._stopping:
                    raise
                logger.info("delivery cancelled at shutdown")
                return 0
            except Exception:
                logger.exception("delivering the outbox failed")
                return 0
        if sent:
            logger.info("delivered %d alert(s)", sent)
        return sent

    async def drain(self, timeout_s: float = 10.0) -> None:
        """Stop starting runs; wait up to ``timeout_s`` for those in flight, then cancel them."""
        self._stopping = True
        running = set(self._running)
        if not running:
            return
        _, late = await asyncio.wait(running, timeout=timeout_s)
        for task in late:
            task.cancel()
        if late:
            logger.warning("cancelled %d job run(s) still going at shutdown", len(late))
            await asyncio.wait(late, timeout=timeout_s)

    @contextlib.contextmanager
    def _tracked(self) -> Iterator[None]:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            yield
        finally:
            if task is not None:
                self._running.discard(task)


def make_scheduler(
    jobs: Jobs,
    *,
    poll_every_s: float = POLL_EVERY_S,
    deliver_every_s: float = DELIVER_EVERY_S,
) -> AsyncIOScheduler:
    """A scheduler (not started: ``start()`` needs a running loop) with the two jobs."""
    scheduler = AsyncIOScheduler(
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE_S,
        },
        timezone="UTC",
    )
    if jobs.poller is not None:
        scheduler.add_job(
            jobs.poll_due_feeds,
            "interval",
            seconds=poll_every_s,
            id="poll_due_feeds",
            name="poll_due_feeds",
            next_run_time=_soon(),
        )
    scheduler.add_job(
        jobs.deliver_due,
        "interval",
        seconds=deliver_every_s,
        id="deliver_due",
        name="deliver_due",
        next_run_time=_soon(),
    )
    return scheduler


def _soon() -> datetime:
    """First run right away (the wall clock is only the trigger's anchor)."""
    return datetime.now(UTC)

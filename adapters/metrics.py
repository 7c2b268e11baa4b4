"""Prometheus metrics of one bot process (prometheus-client), gathered without touching the core.

The composition root wraps what the core is handed: the poller's fetcher (:class:`MeteredFetcher`:
polls, fetch errors by reason), its ingest (:class:`MeteredIngest`, the same ``ArticleIngest``
shape: items, claims, events by kind) and each chat sender (:class:`MeteredSender`: alerts sent
and failed, chat API latency). The outbox and the feeds' schedule are read from the database at
each scrape (:class:`StoreCollector`: outbox depth and age, poll lag, feeds by state).

Every process has its own :class:`Metrics` (its own registry): nothing is global, tests included.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select

from bot.errors import (
    ChannelGoneError,
    DeliveryError,
    FeedError,
    FeedHTTPError,
    FeedNotAFeedError,
    FeedTimeoutError,
    FeedTooLargeError,
    PermanentDeliveryError,
    RateLimitedError,
    UnsafeAddressError,
)
from bot.ingest import Ingest
from bot.model import Alert, Article, Channel, Feed
from bot.ports import ChatSender, FeedFetcher
from bot.records import FetchResult, IngestResult, Sent
from storage.models import DeliveryRow, FeedRow

logger = logging.getLogger(__name__)

#: Seconds buckets of the chat API latency histogram (a send is one or a few HTTP requests).
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """The counters and histograms of one process, in their own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.polls = Counter(
            "transferbot_feed_polls",
            "Feed fetches by the poller, by result",
            ["result"],
            registry=r,
        )
        self.fetch_errors = Counter(
            "transferbot_feed_fetch_errors",
            "Failed feed fetches, by reason",
            ["reason"],
            registry=r,
        )
        self.items = Counter(
            "transferbot_items", "Feed items ingested, by outcome", ["status"], registry=r
        )
        self.claims = Counter(
            "transferbot_claims", "Claims about followed players found in items", registry=r
        )
        self.events = Counter(
            "transferbot_events", "New-information events, by kind", ["kind"], registry=r
        )
        self.alerts_sent = Counter(
            "transferbot_alerts_sent", "Alerts a chat platform accepted", ["platform"], registry=r
        )
        self.alerts_failed = Counter(
            "transferbot_alerts_failed",
            "Alerts a chat platform did not accept, by reason",
            ["platform", "reason"],
            registry=r,
        )
        self.chat_latency = Histogram(
            "transferbot_chat_api_seconds",
            "Time to send one alert through a chat platform's API",
            ["platform"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )

    def watch_store(self, engine: Engine, clock: Callable[[], datetime] | None = None) -> None:
        """Also export the outbox and the feed schedule, read from ``engine`` at each scrape."""
        self.registry.register(StoreCollector(engine, clock or (lambda: datetime.now(UTC))))

    def render(self) -> bytes:
        """The Prometheus text exposition of everything registered."""
        return generate_latest(self.registry)


def fetch_error_reason(exc: BaseException) -> str:
    """A small, fixed set of labels (never the error text: it would explode the series)."""
    match exc:
        case FeedHTTPError():
            return f"http_{exc.status // 100}xx" if 100 <= exc.status < 600 else "http_other"
        case FeedTimeoutError():
            return "timeout"
        case FeedTooLargeError():
            return "too_large"
        case FeedNotAFeedError():
            return "not_a_feed"
        case UnsafeAddressError():
            return "unsafe_address"
        case FeedError():
            return "network"
        case _:
            return "internal"


class MeteredFetcher:
    """A ``FeedFetcher`` that counts each fetch and each failure's reason."""

    def __init__(self, inner: FeedFetcher, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    async def fetch(self, feed: Feed) -> FetchResult:
        try:
            result = await self._inner.fetch(feed)
        except BaseException as exc:
            if isinstance(exc, Exception):
                reason = fetch_error_reason(exc)
                self._metrics.polls.labels(result="error").inc()
                self._metrics.fetch_errors.labels(reason=reason).inc()
                logger.debug("fetch failed", extra={"feed": feed.url, "reason": reason})
            raise
        outcome = "not_modified" if result.items is None else "ok"
        self._metrics.polls.labels(result=outcome).inc()
        items = len(result.items or ())
        logger.debug("fetched", extra={"feed": feed.url, "result": outcome, "items": items})
        return result


class MeteredIngest:
    """``ArticleIngest`` (``ingest(article, silent=...)``) counting items, claims and events."""

    def __init__(self, inner: Ingest, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    def __call__(self, article: Article, *, silent: bool = False) -> IngestResult:
        report = self._inner.read(article, silent=silent)  # ``Ingest.ingest`` is ``read().result``
        result = report.result
        self._metrics.items.labels(status=result.status.value).inc()
        self._metrics.claims.inc(len(report.claims))
        for event in result.events:
            self._metrics.events.labels(kind=str(event.kind.value)).inc()
            logger.info(
                "event",
                extra={
                    "feed": article.feed_id,
                    "article": article.key,
                    "player": event.claim.player,
                    "event": str(event.kind.value),
                    "deliveries": result.deliveries,
                },
            )
        logger.debug(
            "ingested",
            extra={
                "feed": article.feed_id,
                "article": article.key,
                "status": result.status.value,
                "claims": len(report.claims),
                "silent": silent,
            },
        )
        return result


def delivery_failure_reason(exc: BaseException) -> str:
    match exc:
        case ChannelGoneError():
            return "channel_gone"
        case PermanentDeliveryError():
            return "permanent"
        case RateLimitedError():
            return "rate_limited"
        case DeliveryError():
            return "transient"
        case _:
            return "internal"


class MeteredSender:
    """A ``ChatSender`` that times each alert and counts what the platform accepted or refused."""

    def __init__(self, inner: ChatSender, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics
        self.platform = inner.platform

    async def send(self, alert: Alert) -> Sent:
        started = time.perf_counter()
        context = {
            "platform": self.platform,
            "channel": alert.channel.channel,
            "player": alert.player,
            "delivery": ",".join(str(i) for i in alert.delivery_ids),
        }
        try:
            sent = await self._inner.send(alert)
        except Exception as exc:
            reason = delivery_failure_reason(exc)
            self._metrics.alerts_failed.labels(platform=self.platform, reason=reason).inc()
            logger.info("alert not sent", extra={**context, "reason": reason})
            raise
        finally:
            elapsed = time.perf_counter() - started
            self._metrics.chat_latency.labels(platform=self.platform).observe(elapsed)
        self._metrics.alerts_sent.labels(platform=self.platform).inc()
        logger.info("alert sent", extra={**context, "seconds": round(elapsed, 3)})
        return sent

    async def send_notice(self, channel: Channel, text: str) -> None:
        await self._inner.send_notice(channel, text)

    async def tell_admins(self, channel: Channel, reason: str, *, alert: str | None = None) -> None:
        await self._inner.tell_admins(channel, reason, alert=alert)


class StoreCollector(Collector):
    """Gauges read from the database at scrape time (every replica sees the same values)."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self._engine = engine
        self._clock = clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self._clock()
        with self._engine.connect() as conn:
            depth, oldest = conn.execute(
                select(func.count(DeliveryRow.id), func.min(DeliveryRow.next_attempt_at)).where(
                    DeliveryRow.status == "pending"
                )
            ).one()
            most_overdue = conn.execute(
                select(func.min(FeedRow.next_poll_at)).where(
                    FeedRow.state != "disabled", FeedRow.next_poll_at <= now
                )
            ).scalar()
            states = conn.execute(
                select(FeedRow.state, func.count(FeedRow.id)).group_by(FeedRow.state)
            ).all()
        yield GaugeMetricFamily(
            "transferbot_outbox_depth", "Outbox rows waiting to be sent", value=int(depth)
        )
        yield GaugeMetricFamily(
            "transferbot_outbox_oldest_age_seconds",
            "Seconds since the oldest waiting outbox row became due (0: none waiting)",
            value=_seconds_since(oldest, now),
        )
        yield GaugeMetricFamily(
            "transferbot_poll_lag_seconds",
            "Seconds the most overdue enabled feed is past its poll time (0: none overdue)",
            value=_seconds_since(most_overdue, now),
        )
        feeds = GaugeMetricFamily("transferbot_feeds", "Feeds by state", labels=["state"])
        for state, count in states:
            feeds.add_metric([str(state)], int(count))
        yield feeds


def _seconds_since(at: datetime | str | None, now: datetime) -> float:
    if at is None:
        return 0.0
    if isinstance(at, str):  # SQLite hands an aggregate of a date column back as text
        at = datetime.fromisoformat(at)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return max(0.0, (now - at).total_seconds())

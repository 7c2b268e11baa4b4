"""Delivery: the outbox worker. Due rows become alerts (one per subscription, article and player),
sent through each platform's ``ChatSender``; a row is marked sent only after the platform took it.

Transient failures (``DeliveryError``) are retried after 30 s, 1 min, 2 min … up to
:data:`MAX_DELIVERY_ATTEMPTS`; a rate limit (``RateLimitedError``) is retried once the wait the
platform asked for is over, never sooner; permanent failures (``PermanentDeliveryError``: channel
gone, no access) are not retried.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from bot.errors import DeliveryError, PermanentDeliveryError, RateLimitedError
from bot.model import Alert
from bot.ports import ChatSender, Outbox, PendingDelivery
from bot.summaries import alert_line

logger = logging.getLogger(__name__)

#: Failed sends are retried after 30 s, 1 min, 2 min … up to this many attempts.
MAX_DELIVERY_ATTEMPTS = 8


def utcnow() -> datetime:
    return datetime.now(UTC)


class Delivery:
    def __init__(self, store: Outbox, *, clock: Callable[[], datetime] = utcnow) -> None:
        self._store = store
        self._clock = clock

    def pending_alerts(self, platform: str | None = None, limit: int = 100) -> list[Alert]:
        return group_alerts(
            self._store.pending_deliveries(self._clock(), platform=platform, limit=limit)
        )

    async def deliver(self, senders: Mapping[str, ChatSender]) -> int:
        """Send due alerts through the sender of each platform; returns how many were sent."""
        sent = 0
        now = self._clock()
        for platform, sender in senders.items():
            rows = self._store.pending_deliveries(now, platform=platform)
            attempts = {row.id: row.attempts for row in rows}
            for alert in group_alerts(rows):
                ids = alert.delivery_ids
                try:
                    await sender.send(alert)
                except PermanentDeliveryError as exc:
                    logger.warning("giving up on alert to %s: %s", alert.channel, exc)
                    self._store.mark_failed(ids, str(exc), None)
                except RateLimitedError as exc:
                    # not the alert's fault: it waits as long as asked, and is never given up
                    retry = now + timedelta(seconds=max(exc.retry_after_s, 1.0))
                    logger.warning("alert to %s rate limited until %s", alert.channel, retry)
                    self._store.mark_failed(ids, str(exc), retry)
                except DeliveryError as exc:
                    tries = max(attempts[i] for i in ids) + 1
                    retry = None
                    if tries < MAX_DELIVERY_ATTEMPTS:
                        retry = now + timedelta(seconds=30 * 2 ** (tries - 1))
                    logger.warning("alert to %s failed (try %d): %s", alert.channel, tries, exc)
                    self._store.mark_failed(ids, str(exc), retry)
                except Exception:
                    logger.exception("unexpected error sending an alert to %s", alert.channel)
                    self._store.mark_failed(ids, "internal error", now + timedelta(minutes=5))
                else:
                    self._store.mark_delivered(ids, self._clock())
                    sent += 1
        return sent


def group_alerts(rows: Sequence[PendingDelivery]) -> list[Alert]:
    """One alert per (subscription, article, player): several new claims make one message."""
    groups: dict[tuple[int, str, str], list[PendingDelivery]] = {}
    for row in rows:
        key = (row.subscription.id, row.article_key, row.event.claim.player)
        groups.setdefault(key, []).append(row)
    alerts = []
    for (_, _, player), members in groups.items():
        first = members[0]
        alerts.append(
            Alert(
                channel=first.subscription.channel,
                player=player,
                lines=tuple(alert_line(m.event) for m in members),
                stage=members[-1].saga_stage,
                link=first.link,
                outlet=first.outlet,
                published=first.published,
                delivery_ids=tuple(m.id for m in members),
            )
        )
    return alerts

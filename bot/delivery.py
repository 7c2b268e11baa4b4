"""Delivery: the outbox worker. Due rows become alerts (one per subscription, article and player),
sent through each platform's ``ChatSender``; a row is marked sent, with the platform's message
id, only after the platform took it.

The channel's settings decide here, when a row is due: a source above the channel's
``min_tier`` is skipped; with ``threads`` on, a saga's later alerts go under its first alert in
that channel (every sent alert is recorded as its sagas' first one there, when they had none).

Transient failures (``DeliveryError``) are retried after 30 s, 1 min, 2 min … up to
:data:`MAX_DELIVERY_ATTEMPTS`; a rate limit (``RateLimitedError``) is retried once the wait the
platform asked for is over, never sooner; permanent failures (``PermanentDeliveryError``) are not
retried. When the platform refuses the channel itself (``ChannelGoneError``) the channel is
marked broken (its subscriptions get nothing until someone follows or changes a setting there),
the people who run its server or workspace are told once, and its rows fail unsent.

A process that holds only some of a platform's gateway shards (``Shards``) claims only the rows
of the servers on them; the processes holding the others claim the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.channels import accepts
from bot.errors import ChannelGoneError, DeliveryError, PermanentDeliveryError, RateLimitedError
from bot.model import Alert, Channel, ThreadRef
from bot.ports import ChatSender, DeliveryStore, Shards
from bot.records import PendingDelivery, Sent
from bot.summaries import alert_line

logger = logging.getLogger(__name__)

#: Failed sends are retried after 30 s, 1 min, 2 min … up to this many attempts.
MAX_DELIVERY_ATTEMPTS = 8


def utcnow() -> datetime:
    return datetime.now(UTC)


class Delivery:
    """``shards``: per platform, the gateway shards this process holds (Discord with
    ``DISCORD_SHARD_IDS``): it sends only the rows of servers on them. Without, every row."""

    def __init__(
        self,
        store: DeliveryStore,
        *,
        clock: Callable[[], datetime] = utcnow,
        shards: Mapping[str, Shards] | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._shards = dict(shards or {})

    def pending_alerts(self, platform: str | None = None, limit: int = 100) -> list[Alert]:
        shards = self._shards.get(platform) if platform is not None else None
        rows = self._store.pending_deliveries(
            self._clock(), platform=platform, shards=shards, limit=limit
        )
        return group_alerts(rows)

    async def deliver(self, senders: Mapping[str, ChatSender]) -> int:
        """Send due alerts through the sender of each platform; returns how many were sent."""
        sent = 0
        now = self._clock()
        for platform, sender in senders.items():
            due = self._store.pending_deliveries(
                now, platform=platform, shards=self._shards.get(platform)
            )
            rows = self._wanted(due)
            attempts = {row.id: row.attempts for row in rows}
            broken: set[Channel] = set()
            for members in _groups(rows):
                alert = _alert(members)
                ids = alert.delivery_ids
                if alert.channel in broken or members[0].settings.broken is not None:
                    self._store.mark_failed(ids, "channel broken: not sent", None)
                    continue
                sagas = list(dict.fromkeys(m.saga_id for m in members))
                thread = self._thread(alert, members) if members[0].settings.threads else None
                try:
                    answer = await sender.send(replace(alert, thread=thread))
                except ChannelGoneError as exc:
                    broken.add(alert.channel)
                    await self._broken(sender, alert, str(exc), now)
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
                    self._store.mark_delivered(ids, self._clock(), message_id=answer.message_id)
                    self._remember(alert.channel, sagas, thread, answer)
                    sent += 1
        return sent

    def _wanted(self, rows: Sequence[PendingDelivery]) -> list[PendingDelivery]:
        """The rows whose channel wants them; the others are marked skipped."""
        wanted: list[PendingDelivery] = []
        skipped: list[PendingDelivery] = []
        for row in rows:
            source = row.event.claim.source
            tier = source.tier if source else None
            (wanted if accepts(row.settings, tier) else skipped).append(row)
        if skipped:
            self._store.mark_skipped(
                [row.id for row in skipped], "source tier above the channel's min_tier"
            )
        return wanted

    def _thread(self, alert: Alert, members: Sequence[PendingDelivery]) -> ThreadRef | None:
        """The thread of the first of the alert's sagas that has a first alert in the channel."""
        for row in members:
            ref = self._store.saga_thread(alert.channel, row.saga_id)
            if ref is not None:
                counterpart = row.event.claim.counterpart
                about = f" · {counterpart}" if counterpart != "*" else ""
                return replace(ref, title=f"{alert.player}{about}")
        return None

    def _remember(
        self, channel: Channel, sagas: Sequence[int], thread: ThreadRef | None, answer: Sent
    ) -> None:
        """A top-level alert is the first alert of its sagas that had none in the channel (and
        takes the place of a first alert the platform no longer has, when it was meant for its
        thread); a thread the platform made for one is kept for the next."""
        if answer.message_id is None:
            return
        if answer.thread_id is None:  # posted in the channel itself
            for saga_id in sagas:
                ref = ThreadRef(root=answer.message_id)
                self._store.save_saga_thread(channel, saga_id, ref, replace=thread is not None)
            return
        if thread is not None and thread.thread is None:
            for saga_id in sagas:
                ref = ThreadRef(root=thread.root, thread=answer.thread_id)
                self._store.save_saga_thread(channel, saga_id, ref)

    async def _broken(self, sender: ChatSender, alert: Alert, reason: str, now: datetime) -> None:
        logger.warning(
            "channel %s refused by the platform (%s): marked broken", alert.channel, reason
        )
        self._store.mark_failed(alert.delivery_ids, f"channel broken: {reason}", None)
        if self._store.mark_channel_broken(alert.channel, reason, now):
            try:
                await sender.tell_admins(alert.channel, reason)
            except Exception:
                logger.exception("could not tell the admins of %s", alert.channel)


def _groups(rows: Sequence[PendingDelivery]) -> list[list[PendingDelivery]]:
    """The rows of each alert: one per (subscription, article, player)."""
    groups: dict[tuple[int, str, str], list[PendingDelivery]] = {}
    for row in rows:
        key = (row.subscription.id, row.article_key, row.event.claim.player)
        groups.setdefault(key, []).append(row)
    return list(groups.values())


def _alert(members: Sequence[PendingDelivery]) -> Alert:
    first = members[0]
    return Alert(
        channel=first.subscription.channel,
        player=first.event.claim.player,
        lines=tuple(alert_line(m.event) for m in members),
        stage=members[-1].saga_stage,
        link=first.link,
        outlet=first.outlet,
        published=first.published,
        delivery_ids=tuple(m.id for m in members),
    )


def group_alerts(rows: Sequence[PendingDelivery]) -> list[Alert]:
    """One alert per (subscription, article, player): several new claims make one message."""
    return [_alert(members) for members in _groups(rows)]

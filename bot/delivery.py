"""Delivery: the outbox worker. Due rows become alerts (one per subscription, article and player),
sent through each platform's ``ChatSender``; a row is marked sent, with the platform's message
id, only after the platform took it.

The channel's settings decide here, when a row is due: a source above the channel's
``min_tier`` is skipped; with ``threads`` on, a saga's later alerts go under its first alert in
that channel (every sent alert is recorded as its sagas' first one there, when they had none).
Rows not to send yet are held (still pending, no attempt counted): in the channel's quiet hours
until they end; in ``digest`` mode until the digest hour, when the day's rows go as one message
(after a restart past that hour, at the next run); beyond the channel's pace
(:data:`PACE_LIMIT` messages per :data:`PACE_WINDOW`) until the window has room, when they go as
one message. A digest or batch never goes into a saga's thread.

Transient failures (``DeliveryError``, and an unexpected exception in a sender) are retried
after about 30 s, 1 min, 2 min … (each wait drawn within ±:data:`RETRY_JITTER` of that, so that
the alerts of one outage do not all come back at the same second) up to
:data:`MAX_DELIVERY_ATTEMPTS`; a rate limit (``RateLimitedError``) is retried once the wait the
platform asked for is over, never sooner; permanent failures (``PermanentDeliveryError``) are not
retried. An alert given up (tries used up, or refused for good) ends visibly: a warning in the
log, a notice to the people who run its channel's server or workspace (``tell_admins`` with the
alert's title) and a line in the admins' ``/status`` (``bot.records.DeliveryStatus``). When the
platform refuses the channel itself (``ChannelGoneError``) the channel is marked broken (its
subscriptions get nothing until someone follows or changes a setting there), the people who run
its server or workspace are told once, and its rows fail unsent.

Every message carries an idempotency key derived from its outbox rows (:func:`idempotency_key`):
Discord's ``nonce`` (with ``enforce_nonce``: a post with the nonce of a message sent a few
minutes earlier returns that message instead of posting again), Slack's message metadata
(``event_type`` :data:`ALERT_EVENT_TYPE`). A crash between the platform taking a message and the
row being marked sent can at worst send it once more; that resend carries the same key.

A process that holds only some of a platform's gateway shards (``Shards``) claims only the rows
of the servers on them; the processes holding the others claim the rest.
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot import channels
from bot.channels import accepts
from bot.errors import ChannelGoneError, DeliveryError, PermanentDeliveryError, RateLimitedError
from bot.model import Alert, Channel, ThreadRef
from bot.ports import ChatSender, DeliveryStore, Shards
from bot.records import DeliveryMode, PendingDelivery, Sent
from bot.summaries import alert_line

logger = logging.getLogger(__name__)

_UNSENT = "channel broken: not sent"

#: Failed sends are retried after 30 s, 1 min, 2 min … up to this many attempts.
MAX_DELIVERY_ATTEMPTS = 8
#: Each retry's wait is drawn in [1 - this, 1 + this) times its step of the backoff.
RETRY_JITTER = 0.2


#: Pacing: at most this many messages to one channel in any window of this length; the alerts
#: beyond wait for room and then go as one message.
PACE_LIMIT = 10
PACE_WINDOW = timedelta(minutes=10)


#: The Slack metadata ``event_type`` of an alert (its payload holds the idempotency key).
ALERT_EVENT_TYPE = "transferbot_alert"


def idempotency_key(alert: Alert) -> str | None:
    """The key of the message that sends these outbox rows: the same rows, the same key, in
    any process and after any restart. 22 characters (Discord takes a nonce of up to 25).
    None for a message that is no outbox row's (a demo line, a notice)."""
    if not alert.delivery_ids:
        return None
    ids = ",".join(str(i) for i in sorted(set(alert.delivery_ids)))
    return "tb" + hashlib.sha256(ids.encode("ascii")).hexdigest()[:20]


def utcnow() -> datetime:
    return datetime.now(UTC)


class Delivery:
    """``shards``: per platform, the gateway shards this process holds (Discord with
    ``DISCORD_SHARD_IDS``): it sends only the rows of servers on them. Without, every row.
    ``pace_limit`` messages per ``pace_window`` at most to one channel (counted in the store: every
    process's sends, before a restart too).
    ``draw``: a number in [0, 1) for the retries' jitter (tests inject their own)."""

    def __init__(
        self,
        store: DeliveryStore,
        *,
        clock: Callable[[], datetime] = utcnow,
        shards: Mapping[str, Shards] | None = None,
        pace_limit: int = PACE_LIMIT,
        pace_window: timedelta = PACE_WINDOW,
        draw: Callable[[], float] = random.random,
    ) -> None:
        self._store = store
        self._clock = clock
        self._draw = draw
        self._shards = dict(shards or {})
        self._pace_limit = max(1, pace_limit)
        self._pace_window = pace_window

    def pending_alerts(self, platform: str | None = None, limit: int = 100) -> list[Alert]:
        shards = self._shards.get(platform) if platform is not None else None
        rows = self._store.pending_deliveries(
            self._clock(), platform=platform, shards=shards, limit=limit
        )
        return group_alerts(rows)

    async def deliver(self, senders: Mapping[str, ChatSender]) -> int:
        """Send due alerts through the sender of each platform; returns how many messages were
        sent (a digest or a batch is one)."""
        sent = 0
        now = self._clock()
        for platform, sender in senders.items():
            due = self._store.pending_deliveries(
                now, platform=platform, shards=self._shards.get(platform)
            )
            rows = self._wanted(due)
            attempts = {row.id: row.attempts for row in rows}
            broken: set[Channel] = set()
            for channel, members in _by_channel(rows).items():
                if members[0].settings.broken is not None:
                    self._store.mark_failed([m.id for m in members], _UNSENT, None)
                    continue
                for alert, group, single in self._messages(channel, members, now):
                    if alert.channel in broken:
                        self._store.mark_failed(alert.delivery_ids, _UNSENT, None)
                        continue
                    if await self._send(
                        sender, alert, group, single=single, tries=attempts, broken=broken, now=now
                    ):
                        sent += 1
        return sent

    def _messages(
        self, channel: Channel, rows: Sequence[PendingDelivery], now: datetime
    ) -> list[tuple[Alert, list[PendingDelivery], bool]]:
        """What to send to one channel now, as (alert, its rows, is it one plain alert); the
        rows not to send yet are held: in quiet hours until they end, in digest mode until the
        digest hour, beyond the pace until the window has room again."""
        settings = rows[0].settings
        if settings.mode is DeliveryMode.DIGEST:
            slot = channels.last_digest(settings, now)
            ripe = [r for r in rows if r.attempts > 0 or (r.due_at or now) <= slot]
            later = [r.id for r in rows if r not in ripe]
            if later:
                self._store.hold(later, channels.next_digest(settings, now))
            if not ripe:
                return []
            alerts = group_alerts(ripe)
            return [(combined_alert(channel, alerts, digest=True), list(ripe), False)]
        quiet_end = channels.quiet_until(settings, now)
        if quiet_end is not None:
            self._store.hold([r.id for r in rows], quiet_end)
            return []
        # the window's messages as the store has them: every process's, before a restart too
        since = now - self._pace_window
        recent = [t for t in self._store.sent_since(channel, since) if since < t <= now]
        free = self._pace_limit - len(recent)
        groups = _groups(rows)
        if free <= 0:
            self._store.hold([r.id for r in rows], recent[0] + self._pace_window)
            return []
        if len(groups) <= free:
            return [(_alert(g), g, True) for g in groups]
        singles = [(_alert(g), g, True) for g in groups[: free - 1]]
        rest = groups[free - 1 :]
        batch = combined_alert(channel, [_alert(g) for g in rest], digest=False)
        return [*singles, (batch, [r for g in rest for r in g], False)]

    async def _send(
        self,
        sender: ChatSender,
        alert: Alert,
        members: Sequence[PendingDelivery],
        *,
        single: bool,
        tries: Mapping[int, int],
        broken: set[Channel],
        now: datetime,
    ) -> bool:
        """Send one message and mark its rows; True when the platform took it. A digest or a
        batch (``single`` False) goes to the channel itself, never into a saga's thread."""
        ids = alert.delivery_ids
        sagas = list(dict.fromkeys(m.saga_id for m in members))
        threaded = single and members[0].settings.threads
        thread = self._thread(alert, members) if threaded else None
        try:
            answer = await sender.send(replace(alert, thread=thread))
        except ChannelGoneError as exc:
            broken.add(alert.channel)
            await self._broken(sender, alert, str(exc), now)
        except PermanentDeliveryError as exc:
            logger.warning("giving up on alert to %s: %s", alert.channel, exc)
            self._store.mark_failed(ids, str(exc), None)
            await _tell_given_up(sender, alert, str(exc))
        except RateLimitedError as exc:
            # not the alert's fault: it waits as long as asked, and is never given up
            retry = now + timedelta(seconds=max(exc.retry_after_s, 1.0))
            logger.warning("alert to %s rate limited until %s", alert.channel, retry)
            self._store.mark_failed(ids, str(exc), retry)
        except DeliveryError as exc:
            logger.warning("alert to %s failed: %s", alert.channel, exc)
            if not self._retry_later(alert, tries, str(exc), now):
                await _tell_given_up(sender, alert, str(exc))
        except Exception as exc:  # a bug in a sender: retried like a transient error, bounded
            logger.exception("unexpected error sending an alert to %s", alert.channel)
            reason = f"internal error ({type(exc).__name__})"
            if not self._retry_later(alert, tries, reason, now):
                await _tell_given_up(sender, alert, reason)
        else:
            self._store.mark_delivered(ids, self._clock(), message_id=answer.message_id)
            if single:
                self._remember(alert.channel, sagas, thread, answer)
            return True
        return False

    def _retry_later(
        self, alert: Alert, tries: Mapping[int, int], reason: str, now: datetime
    ) -> bool:
        """Try the alert again after about 30 s, 1 min, 2 min … (:func:`retry_wait`); after
        ``MAX_DELIVERY_ATTEMPTS`` its rows are failed for good, with a warning that says so
        (issue 15: an unexpected error was retried every 5 minutes forever). False when given
        up."""
        ids = alert.delivery_ids
        attempt = max(tries[i] for i in ids) + 1
        if attempt >= MAX_DELIVERY_ATTEMPTS:
            logger.warning(
                "giving up on alert to %s after %d tries: %s", alert.channel, attempt, reason
            )
            self._store.mark_failed(ids, f"given up after {attempt} tries: {reason}", None)
            return False
        retry = now + retry_wait(attempt, self._draw())
        logger.info("alert to %s: try %d failed, next at %s", alert.channel, attempt, retry)
        self._store.mark_failed(ids, reason, retry)
        return True

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


def retry_wait(attempt: int, draw: float) -> timedelta:
    """The wait after failed try ``attempt`` (1, 2 …): 30 s doubling, times a factor in
    [1 - RETRY_JITTER, 1 + RETRY_JITTER) set by ``draw`` in [0, 1)."""
    factor = 1 - RETRY_JITTER + 2 * RETRY_JITTER * min(max(draw, 0.0), 1.0)
    return timedelta(seconds=30 * 2 ** (attempt - 1) * factor)


async def _tell_given_up(sender: ChatSender, alert: Alert, reason: str) -> None:
    """The admins of the alert's channel are told that it was not delivered (best effort)."""
    try:
        await sender.tell_admins(alert.channel, reason, alert=alert.player)
    except Exception:
        logger.exception("could not tell the admins of %s about a given-up alert", alert.channel)


def _by_channel(rows: Sequence[PendingDelivery]) -> dict[Channel, list[PendingDelivery]]:
    channels_rows: dict[Channel, list[PendingDelivery]] = {}
    for row in rows:
        channels_rows.setdefault(row.subscription.channel, []).append(row)
    return channels_rows


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


#: A digest or batch message names at most this many outlets (then "and N more").
MAX_OUTLETS_NAMED = 3


def combined_alert(channel: Channel, alerts: Sequence[Alert], *, digest: bool) -> Alert:
    """Several alerts to one channel as one message that every surface renders as an alert:
    their lines per player (players in order of name, each's news in order of publication),
    each headline led by its player's name. ``digest``: the channel's daily digest; else a
    batch of the alerts beyond the channel's pace."""
    ordered = sorted(alerts, key=lambda a: (a.player.casefold(), a.published))
    players = list(dict.fromkeys(a.player for a in ordered))
    outlets = list(dict.fromkeys(a.outlet for a in ordered if a.outlet.strip()))
    named = ", ".join(outlets[:MAX_OUTLETS_NAMED])
    if len(outlets) > MAX_OUTLETS_NAMED:
        named += f" and {len(outlets) - MAX_OUTLETS_NAMED} more"
    lines = tuple(
        replace(line, headline=f"{a.player}: {line.headline}") for a in ordered for line in a.lines
    )
    who = players[0] if len(players) == 1 else f"{len(players)} players"
    news = f"{len(lines)} piece{'s' if len(lines) != 1 else ''} of news"
    title = f"Daily digest: {who}, {news}" if digest else f"More news: {who}, {news}"
    return Alert(
        channel=channel,
        player=title,
        lines=lines,
        stage=ordered[0].stage if len(players) == 1 else None,
        link=ordered[0].link if len(ordered) == 1 else None,
        outlet=named,
        published=max(a.published for a in ordered),
        delivery_ids=tuple(i for a in ordered for i in a.delivery_ids),
    )

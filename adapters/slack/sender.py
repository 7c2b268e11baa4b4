"""The Slack ``ChatSender``: alerts out through ``chat.postMessage``, Slack's errors translated
into the bot's (``bot.errors``) at this boundary.

The outbox marks an alert sent only when :meth:`SlackSender.send` returns, that is when Slack
answered ``ok`` with the message's ``ts``. ``ratelimited`` (HTTP 429) becomes a
``RateLimitedError`` carrying ``Retry-After``; an error that can never succeed for this channel
(it is gone, archived, private without the bot, or the bot's token is dead) becomes a
``PermanentDeliveryError``, which the outbox does not retry; anything else is transient. The
errors that say the channel itself is closed to the bot (:data:`CHANNEL_GONE`) are a
``ChannelGoneError``: the outbox marks the channel broken and calls :meth:`SlackSender.tell_admins`,
which logs it and sends a direct message (the app's Messages tab) to the people who manage the
bot: the members of ``SLACK_ADMIN_GROUP``, else the workspace's owners.

Every alert carries its idempotency key (``bot.delivery.idempotency_key``) in the message's
metadata (``event_type`` ``transferbot_alert``, payload ``{"key": …}``). Slack does not refuse a
second message with the same metadata, but a resend after a crash between "Slack took it" and
"marked sent" is recognisable in the channel's history by that key.

An alert with a ``thread`` is posted with ``thread_ts`` (its saga's first alert in the channel);
if Slack no longer has that message, it is posted in the channel instead.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.mrkdwn import MAX_FALLBACK, clip, escape, fallback, section
from adapters.slack.render import alert_text, to_slack_blocks
from bot.delivery import ALERT_EVENT_TYPE, idempotency_key
from bot.errors import ChannelGoneError, DeliveryError, PermanentDeliveryError, RateLimitedError
from bot.model import Alert, Channel
from bot.records import Sent

logger = logging.getLogger(__name__)

#: Errors that say the channel is gone or closed to the bot: its subscriptions are broken.
CHANNEL_GONE = frozenset({"channel_not_found", "not_in_channel", "is_archived", "account_inactive"})
#: Errors after which sending to this channel (or with this token) will never work.
PERMANENT_ERRORS = CHANNEL_GONE | frozenset(
    {
        "restricted_action",
        # the bot's token is gone
        "token_revoked",
        "invalid_auth",
        "not_authed",
        # the message itself is refused: sending it again cannot help
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
    }
)
#: ``thread_ts`` names a message Slack no longer has: post in the channel instead.
THREAD_GONE = frozenset({"thread_not_found", "message_not_found"})
DEFAULT_RETRY_AFTER_S = 1.0
#: Who is told when a channel is refused: user ids of the workspace's admins (at most a few).
Admins = Callable[[str], Awaitable[list[str]]]


class SlackSender:
    platform = "slack"

    def __init__(self, client: AsyncWebClient, *, admins: Admins | None = None) -> None:
        self._client = client
        self._admins = admins

    async def send(self, alert: Alert) -> Sent:
        """Post one alert (in its saga's thread when it has one); returns its ``ts`` once Slack
        accepted it (raises ``DeliveryError`` if not)."""
        message: dict[str, Any] = {"text": alert_text(alert), "blocks": to_slack_blocks(alert)}
        key = idempotency_key(alert)
        if key is not None:
            message["metadata"] = {"event_type": ALERT_EVENT_TYPE, "event_payload": {"key": key}}
        if alert.thread is not None:
            thread_ts = alert.thread.thread or alert.thread.root
            try:
                answer = await self._post(alert.channel, thread_ts=thread_ts, **message)
            except _ThreadGone:
                logger.warning("saga thread %s is gone: posting in the channel", thread_ts)
            else:
                return Sent(message_id=_ts(answer), thread_id=thread_ts)
        answer = await self._post(alert.channel, **message)
        logger.debug("alert to %s posted as %s", alert.channel.channel, answer.get("ts"))
        return Sent(message_id=_ts(answer))

    async def send_notice(self, channel: Channel, text: str) -> None:
        clipped = fallback(text)
        await self._post(channel, text=clipped, blocks=[section(clipped)])

    async def tell_admins(self, channel: Channel, reason: str, *, alert: str | None = None) -> None:
        """Log it, and tell the bot's admins in a direct message from the app (``alert``: the
        title of the one alert given up; the channel still works)."""
        if alert is None:
            logger.warning(
                "Slack channel %s of workspace %s refused (%s): its alerts are stopped",
                channel.channel,
                channel.workspace,
                reason,
            )
        if self._admins is None:
            return
        try:
            users = await self._admins(channel.workspace)
        except Exception:
            logger.exception("could not find the admins of workspace %s", channel.workspace)
            return
        text = clip(  # our own words: the channel mention is meant, the reason escaped
            f":warning: transferbot can no longer post in <#{escape(channel.channel)}> "
            f"({escape(reason)}), so its transfer alerts there are stopped. Invite the bot "
            "(`/invite @transferbot`) or unarchive the channel, then run `/transfers follow …` "
            "or `/transfers settings …` there to resume.",
            MAX_FALLBACK,
        )
        if alert is not None:
            text = clip(
                f":warning: transferbot could not deliver an alert to "
                f"<#{escape(channel.channel)}> ({escape(alert)}): {escape(reason)}. It will not "
                "be tried again; the channel's other alerts go on.",
                MAX_FALLBACK,
            )
        for user in users:
            try:
                await self._post(
                    Channel(platform="slack", workspace=channel.workspace, channel=user),
                    text=text,
                    blocks=[section(text)],
                )
            except DeliveryError as exc:
                logger.warning("could not tell %s about %s: %s", user, channel.channel, exc)

    async def _post(self, channel: Channel, **message: Any) -> Mapping[str, Any]:
        try:
            response = await self._client.chat_postMessage(
                channel=channel.channel,
                unfurl_links=False,
                unfurl_media=False,
                parse="none",
                link_names=False,
                **message,
            )
        except SlackApiError as exc:
            if "thread_ts" in message and error_code(exc) in THREAD_GONE:
                raise _ThreadGone from None
            raise translate(exc) from None
        except (TimeoutError, SlackClientError, aiohttp.ClientError) as exc:
            raise DeliveryError(f"Slack unreachable: {type(exc).__name__}") from None
        data = response.data
        return data if isinstance(data, dict) else {}


class _ThreadGone(Exception):
    """Slack no longer has the message a reply was for."""


def _ts(answer: Mapping[str, Any]) -> str | None:
    ts = answer.get("ts")
    return str(ts) if ts else None


def translate(exc: SlackApiError) -> DeliveryError:
    """The bot's error for one refused Web API call."""
    response = exc.response
    error = error_code(exc)
    if response.status_code == 429 or error == "ratelimited":
        retry_after = _retry_after(response.headers)
        return RateLimitedError(f"Slack: ratelimited (retry after {retry_after:g} s)", retry_after)
    if error in CHANNEL_GONE:
        return ChannelGoneError(f"Slack: {error}")
    if error in PERMANENT_ERRORS:
        return PermanentDeliveryError(f"Slack: {error}")
    return DeliveryError(f"Slack: {error}")


def error_code(exc: SlackApiError) -> str:
    """Slack's error code (``channel_not_found`` …), or the HTTP status when the body had none."""
    data = exc.response.data
    error = data.get("error") if isinstance(data, dict) else None
    return str(error or f"HTTP {exc.response.status_code}")


def _retry_after(headers: Mapping[str, Any]) -> float:
    for name, value in headers.items():
        if str(name).lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) and value else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                break
    return DEFAULT_RETRY_AFTER_S

"""The Slack ``ChatSender``: alerts out through ``chat.postMessage``, Slack's errors translated
into the bot's (``bot.errors``) at this boundary.

The outbox marks an alert sent only when :meth:`SlackSender.send` returns, that is when Slack
answered ``ok`` with the message's ``ts``. ``ratelimited`` (HTTP 429) becomes a
``RateLimitedError`` carrying ``Retry-After``; an error that can never succeed for this channel
(it is gone, archived, private without the bot, or the bot's token is dead) becomes a
``PermanentDeliveryError``, which the outbox does not retry; anything else is transient.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.mrkdwn import fallback, section
from adapters.slack.render import alert_text, to_slack_blocks
from bot.errors import DeliveryError, PermanentDeliveryError, RateLimitedError
from bot.model import Alert, Channel

logger = logging.getLogger(__name__)

#: Errors after which sending to this channel (or with this token) will never work.
PERMANENT_ERRORS = frozenset(
    {
        # the channel is gone or closed to the bot
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "restricted_action",
        # the bot's token or its user is gone
        "account_inactive",
        "token_revoked",
        "invalid_auth",
        "not_authed",
        # the message itself is refused: sending it again cannot help
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
    }
)
DEFAULT_RETRY_AFTER_S = 1.0


class SlackSender:
    platform = "slack"

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def send(self, alert: Alert) -> None:
        """Post one alert; returns once Slack accepted it (raises ``DeliveryError`` if not)."""
        answer = await self._post(
            alert.channel,
            text=alert_text(alert),
            blocks=to_slack_blocks(alert),
        )
        logger.debug("alert to %s posted as %s", alert.channel.channel, answer.get("ts"))

    async def send_notice(self, channel: Channel, text: str) -> None:
        clipped = fallback(text)
        await self._post(channel, text=clipped, blocks=[section(clipped)])

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
            raise translate(exc) from None
        except (TimeoutError, SlackClientError, aiohttp.ClientError) as exc:
            raise DeliveryError(f"Slack unreachable: {type(exc).__name__}") from None
        data = response.data
        return data if isinstance(data, dict) else {}


def translate(exc: SlackApiError) -> DeliveryError:
    """The bot's error for one refused Web API call."""
    response = exc.response
    error = error_code(exc)
    if response.status_code == 429 or error == "ratelimited":
        retry_after = _retry_after(response.headers)
        return RateLimitedError(f"Slack: ratelimited (retry after {retry_after:g} s)", retry_after)
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

"""Alerts out to Discord: the ``bot.ports.ChatSender`` the outbox worker calls.

``send`` returns only once Discord accepted the message (``POST /channels/{id}/messages``
answered 2xx); only then does ``bot.delivery`` mark the rows sent. Discord's errors are
translated here, at the boundary, into the core's tree (``bot.errors``):

=======================================  ===============================================
Discord said                             the outbox does
=======================================  ===============================================
429 with ``retry_after`` ≤ 30 s          nothing: discord.py waits and sends again itself
429 with a longer ``retry_after``        ``RateLimitedError``: retried after that wait
10003 unknown channel, 50001 missing     ``PermanentDeliveryError``: never retried
access, 50013 missing permissions, any
other 403/404, a 400 (the request itself
is wrong: sending it again cannot help)
5xx (after discord.py's own retries),    ``DeliveryError``: retried with backoff
a connection error, a 429 without
``Via`` (Cloudflare), not logged in yet
=======================================  ===============================================
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import discord

from adapters.discord.limits import CONTENT, neutral
from adapters.discord.render import NO_MENTIONS, to_discord_embed
from bot.errors import DeliveryError, PermanentDeliveryError, RateLimitedError
from bot.model import Alert, Channel

logger = logging.getLogger(__name__)

UNKNOWN_CHANNEL = 10003
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013
#: How long a send waits for the client to log in (the outbox runs from the first second).
LOGIN_WAIT_S = 20.0


class DiscordSender:
    """Posts alerts and notices to channels by id (no guild cache needed)."""

    platform = "discord"

    def __init__(self, client: discord.Client, logged_in: asyncio.Event) -> None:
        self._client = client
        self._logged_in = logged_in

    async def send(self, alert: Alert) -> None:
        """Post the alert's embed; returns once Discord accepted it."""
        message = await self._post(alert.channel, embed=to_discord_embed(alert))
        logger.debug("alert %s posted as message %s", alert.delivery_ids, message.id)

    async def send_notice(self, channel: Channel, text: str) -> None:
        await self._post(channel, content=neutral(text, CONTENT))

    async def _post(
        self, channel: Channel, *, embed: discord.Embed | None = None, content: str | None = None
    ) -> discord.Message:
        target = _channel_id(channel)
        if not self._logged_in.is_set():
            try:
                await asyncio.wait_for(self._logged_in.wait(), LOGIN_WAIT_S)
            except TimeoutError:
                raise DeliveryError("not logged in to Discord yet") from None
        messageable = self._client.get_partial_messageable(target, guild_id=_guild_id(channel))
        try:
            if embed is not None:
                return await messageable.send(
                    content=content, embed=embed, allowed_mentions=NO_MENTIONS
                )
            return await messageable.send(content=content, allowed_mentions=NO_MENTIONS)
        except discord.RateLimited as exc:
            raise RateLimitedError(f"Discord rate limit: {exc}", exc.retry_after) from exc
        except discord.HTTPException as exc:
            raise translate(exc) from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise DeliveryError(f"cannot reach Discord: {type(exc).__name__}") from exc


def translate(exc: discord.HTTPException) -> DeliveryError:
    """The core's error for a refusal from Discord."""
    what = f"Discord {exc.status} (code {exc.code}): {exc.text[:200]}"
    if exc.code in (UNKNOWN_CHANNEL, MISSING_ACCESS, MISSING_PERMISSIONS):
        return PermanentDeliveryError(what)
    if exc.status in (400, 403, 404):
        return PermanentDeliveryError(what)
    return DeliveryError(what)


def _channel_id(channel: Channel) -> int:
    if channel.platform != "discord" or not channel.channel.isdigit():
        raise PermanentDeliveryError(f"not a Discord channel: {channel}")
    return int(channel.channel)


def _guild_id(channel: Channel) -> int | None:
    return int(channel.workspace) if channel.workspace.isdigit() else None

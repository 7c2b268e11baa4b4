"""Alerts out to Discord: the ``bot.ports.ChatSender`` the outbox worker calls.

``send`` returns only once Discord accepted the message (``POST /channels/{id}/messages``
answered 2xx); only then does ``bot.delivery`` mark the rows sent. Discord's errors are
translated here, at the boundary, into the core's tree (``bot.errors``):

=======================================  ===============================================
Discord said                             the outbox does
=======================================  ===============================================
429 with ``retry_after`` ≤ 30 s          nothing: discord.py waits and sends again itself
429 with a longer ``retry_after``        ``RateLimitedError``: retried after that wait
10003 unknown channel, 50001 missing     ``ChannelGoneError``: never retried; the channel
access, 50013 missing permissions, any   is marked broken and the server's admins told
other 403/404                            (:meth:`DiscordSender.tell_admins`)
a 400 (the request itself is wrong:      ``PermanentDeliveryError``: never retried
sending it again cannot help)
5xx (after discord.py's own retries),    ``DeliveryError``: retried with backoff
a connection error, a 429 without
``Via`` (Cloudflare), not logged in yet
=======================================  ===============================================

Every alert goes with its idempotency key (``bot.delivery.idempotency_key``) as the message's
``nonce``, and discord.py then sets ``enforce_nonce``: Discord answers a second post of that
nonce by the same bot, within a few minutes, with the message the first one made, so a resend
after a crash between "Discord took it" and "marked sent" makes no second message.

Saga threads: an alert with a ``thread`` goes into the public thread started on the saga's first
alert (created on first use; a thread's id is its starting message's id). When the thread
cannot be had or posted in (the first alert was deleted, the thread removed, no right to use
threads), the alert is posted in the channel itself instead.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Literal

import aiohttp
import discord

from adapters.discord.limits import CONTENT, clip, neutral, plain
from adapters.discord.render import NO_MENTIONS, to_discord_embed
from bot.delivery import idempotency_key
from bot.errors import ChannelGoneError, DeliveryError, PermanentDeliveryError, RateLimitedError
from bot.model import Alert, Channel, ThreadRef
from bot.records import Sent

logger = logging.getLogger(__name__)

UNKNOWN_CHANNEL = 10003
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013
UNKNOWN_MESSAGE = 10008
THREAD_ALREADY_CREATED = 160004
#: A saga thread with no new message for a week is archived; a new alert brings it back.
THREAD_ARCHIVE_MINUTES: Literal[10080] = 10080
THREAD_NAME = 100
#: How long a send waits for the client to log in (the outbox runs from the first second).
LOGIN_WAIT_S = 20.0


class DiscordSender:
    """Posts alerts and notices to channels by id (no guild cache needed)."""

    platform = "discord"

    def __init__(self, client: discord.Client, logged_in: asyncio.Event) -> None:
        self._client = client
        self._logged_in = logged_in

    async def send(self, alert: Alert) -> Sent:
        """Post the alert's embed (in its saga's thread when it has one); returns the message id
        once Discord accepted it."""
        embed = to_discord_embed(alert)
        nonce = idempotency_key(alert)
        if alert.thread is not None:
            thread_id = alert.thread.thread or await self._open_thread(alert.channel, alert.thread)
            if thread_id is not None:
                try:
                    message = await self._post(
                        alert.channel, embed=embed, to=int(thread_id), nonce=nonce
                    )
                except ChannelGoneError as exc:
                    logger.warning(
                        "saga thread %s unusable (%s): posting in the channel", thread_id, exc
                    )
                else:
                    logger.debug("alert %s posted in thread %s", alert.delivery_ids, thread_id)
                    return Sent(message_id=str(message.id), thread_id=thread_id)
        message = await self._post(alert.channel, embed=embed, nonce=nonce)
        logger.debug("alert %s posted as message %s", alert.delivery_ids, message.id)
        return Sent(message_id=str(message.id))

    async def send_notice(self, channel: Channel, text: str) -> None:
        await self._post(channel, content=neutral(text, CONTENT))

    async def tell_admins(self, channel: Channel, reason: str, *, alert: str | None = None) -> None:
        """A notice in the server's system channel (Server Settings → System Messages); logged
        only when the server has none, or it is the refused channel itself. With ``alert``
        (one alert given up, the channel still works): in the system channel, else in the
        channel itself."""
        guild_id = _guild_id(channel)
        target = await self._system_channel(guild_id) if guild_id is not None else None
        if alert is not None:
            text = (
                f"⚠️ transferbot could not deliver an alert to <#{channel.channel}> "
                f"({neutral(alert, 200)}): {neutral(reason, 300)}. It will not be tried again; "
                "the channel's other alerts go on."
            )
            try:
                await self._post(channel, content=clip(text, CONTENT), to=target)
            except DeliveryError as exc:
                logger.warning("could not tell server %s about %s: %s", guild_id, channel, exc)
            return
        if target is None or str(target) == channel.channel:
            logger.warning(
                "Discord channel %s refused (%s); server %s has no other system channel to tell",
                channel.channel,
                reason,
                channel.workspace,
            )
            return
        text = (
            f"⚠️ transferbot can no longer post in <#{channel.channel}> "
            f"({neutral(reason, 300)}), so its transfer alerts there are stopped. Give the bot "
            "View Channel, Send Messages and Embed Links there (and Create Public Threads, "
            "Send Messages in Threads for saga threads), then run /follow or /settings in that "
            "channel to resume."
        )
        try:
            await self._post(channel, content=clip(text, CONTENT), to=target)
        except DeliveryError as exc:
            logger.warning("could not tell server %s about %s: %s", guild_id, channel, exc)

    async def _system_channel(self, guild_id: int) -> int | None:
        guild = self._client.get_guild(guild_id)
        if guild is not None and guild.system_channel is not None:
            return guild.system_channel.id
        try:  # not in the cache (another shard's, or not streamed in yet): ask
            data = await self._client.http.get_guild(guild_id, with_counts=False)
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as exc:
            logger.warning("could not read server %s: %s", guild_id, exc)
            return None
        found = data.get("system_channel_id")
        return int(found) if found else None

    async def _open_thread(self, channel: Channel, ref: ThreadRef) -> str | None:
        """The public thread on the saga's first alert, started now if it has none yet; None
        when there can be none (the message is gone, no right to start threads)."""
        await self._wait_login()
        name = clip(plain(ref.title or "transfer news"), THREAD_NAME) or "transfer news"
        try:
            data = await self._client.http.start_thread_with_message(
                _channel_id(channel),
                int(ref.root),
                name=name,
                auto_archive_duration=THREAD_ARCHIVE_MINUTES,
            )
        except discord.RateLimited as exc:
            raise RateLimitedError(f"Discord rate limit: {exc}", exc.retry_after) from exc
        except discord.HTTPException as exc:
            if exc.code == THREAD_ALREADY_CREATED:
                return ref.root  # a thread's id is the id of the message it started on
            if exc.code == UNKNOWN_MESSAGE or exc.status in (403, 404):
                logger.warning("no saga thread on message %s: %s", ref.root, exc)
                return None
            raise translate(exc) from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise DeliveryError(f"cannot reach Discord: {type(exc).__name__}") from exc
        return str(data["id"])

    async def _wait_login(self) -> None:
        if not self._logged_in.is_set():
            try:
                await asyncio.wait_for(self._logged_in.wait(), LOGIN_WAIT_S)
            except TimeoutError:
                raise DeliveryError("not logged in to Discord yet") from None

    async def _post(
        self,
        channel: Channel,
        *,
        embed: discord.Embed | None = None,
        content: str | None = None,
        to: int | None = None,
        nonce: str | None = None,
    ) -> discord.Message:
        """Post in ``channel``, or in ``to`` (a thread of it, another channel of its server);
        with ``nonce``, Discord posts it once (``enforce_nonce``) however often it is sent."""
        target = to if to is not None else _channel_id(channel)
        await self._wait_login()
        messageable = self._client.get_partial_messageable(target, guild_id=_guild_id(channel))
        try:
            if embed is not None and nonce is not None:
                return await messageable.send(
                    content=content, embed=embed, allowed_mentions=NO_MENTIONS, nonce=nonce
                )
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
        return ChannelGoneError(what)
    if exc.status in (403, 404):
        return ChannelGoneError(what)
    if exc.status == 400:
        return PermanentDeliveryError(what)
    return DeliveryError(what)


def _channel_id(channel: Channel) -> int:
    if channel.platform != "discord" or not channel.channel.isdigit():
        raise PermanentDeliveryError(f"not a Discord channel: {channel}")
    return int(channel.channel)


def _guild_id(channel: Channel) -> int | None:
    return int(channel.workspace) if channel.workspace.isdigit() else None

"""The Discord surface as a ``ChatAdapter``: a discord.py client, its command tree, the sender.

``run()`` logs in, syncs the app commands (to ``DISCORD_GUILD_ID`` when set: instant, for
development; else globally) and serves the gateway until ``close()``. With
``DISCORD_SHARD_COUNT`` the client is an ``AutoShardedClient`` holding ``DISCORD_SHARD_IDS``
(default: every shard); the outbox then gives this process only its shards' servers' rows
(``Settings.discord_shards``, wired in by ``transferbot run``). The two test seams
``DISCORD_API_BASE`` and ``DISCORD_GATEWAY_URL`` are process-global in discord.py
(``Route.BASE``, ``DiscordWebSocket.DEFAULT_GATEWAY``); they are set here, when given.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.chat.base import AdapterContext
from adapters.discord.handler import DEFER_AFTER_S, Handler
from adapters.discord.render import CHOOSE_PREFIX, NO_MENTIONS
from adapters.discord.sender import DiscordSender
from adapters.discord.tree import build_tree
from adapters.settings import Settings
from bot.errors import ConfigError

logger = logging.getLogger(__name__)

#: How long discord.py waits after the last GUILD_CREATE before it says it is ready.
GUILD_READY_TIMEOUT_S = 2.0
#: How long closing waits for a pending "ready" (see ``close``): a little over the guild wait.
READY_GRACE_S = GUILD_READY_TIMEOUT_S + 1.0
#: A rate limit longer than this is not slept through in the request: the outbox retries later.
MAX_RATELIMIT_WAIT_S = 30.0  # discord.py's smallest allowed value
#: A sharded client waits this long between two shards' IDENTIFYs (Discord allows one per 5 s).
IDENTIFY_GAP_S = 5.0


def apply_endpoints(settings: Settings) -> None:
    """Point discord.py at ``DISCORD_API_BASE`` / ``DISCORD_GATEWAY_URL`` (tests only)."""
    if settings.discord_api_base:
        Route.BASE = settings.discord_api_base
    if settings.discord_gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


class _Hooks:
    """What both clients do on discord.py's hooks: hand over to the adapter."""

    _adapter: DiscordAdapter

    async def setup_hook(self) -> None:
        await self._adapter.on_login()

    async def on_ready(self) -> None:
        self._adapter.on_ready()

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        await self._adapter.on_interaction(interaction)


class _Client(_Hooks, discord.Client):
    def __init__(self, adapter: DiscordAdapter, **options: Any) -> None:
        super().__init__(**options)
        self._adapter = adapter


class _ShardedClient(_Hooks, discord.AutoShardedClient):
    """``DISCORD_SHARD_COUNT`` (None: Discord's recommended count, from ``GET /gateway/bot``) and
    the shards this process holds (``DISCORD_SHARD_IDS``; None: all of them)."""

    def __init__(self, adapter: DiscordAdapter, **options: Any) -> None:
        super().__init__(**options)
        self._adapter = adapter

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if not initial:
            await asyncio.sleep(IDENTIFY_GAP_S)


class DiscordAdapter:
    """Slash commands in, alert embeds out."""

    name = "discord"

    def __init__(
        self,
        context: AdapterContext,
        *,
        defer_after_s: float = DEFER_AFTER_S,
        guild_ready_timeout_s: float | None = None,
    ) -> None:
        settings = context.settings
        if not settings.discord_token:
            raise ConfigError("DISCORD_TOKEN", "required for the Discord adapter")
        apply_endpoints(settings)
        self._token = settings.discord_token
        self._guild_id = settings.discord_guild_id
        self._shard_ids = settings.discord_shard_ids
        # the bot has no voice: discord.py's warnings about voice libraries are noise
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True  # roles, for DISCORD_ADMIN_ROLE; no privileged intent is needed
        options: dict[str, Any] = {
            "intents": intents,
            "allowed_mentions": NO_MENTIONS,
            "max_ratelimit_timeout": MAX_RATELIMIT_WAIT_S,
            "guild_ready_timeout": guild_ready_timeout_s or GUILD_READY_TIMEOUT_S,
        }
        self.client: discord.Client
        if settings.discord_shard_count is None:
            self.client = _Client(self, **options)
        else:
            count = settings.discord_shard_count
            self.client = _ShardedClient(
                self,
                shard_count=None if count == "auto" else count,
                shard_ids=list(settings.discord_shard_ids) or None,
                **options,
            )
        self.handler = Handler(
            context.service, admin_role=settings.discord_admin_role, defer_after_s=defer_after_s
        )
        self.tree = build_tree(self.client, self.handler)
        self.logged_in = asyncio.Event()
        self.synced: list[app_commands.AppCommand] = []
        self.sender = DiscordSender(self.client, self.logged_in)

    async def on_login(self) -> None:
        """Logged in (before the gateway connects): alerts may go out; sync the commands (the
        process holding shard 0 does, when several processes share the shards)."""
        self.logged_in.set()
        if self._shard_ids and 0 not in self._shard_ids:
            logger.info("Discord: commands are synced by the process holding shard 0")
            return
        guild = discord.Object(id=self._guild_id) if self._guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        try:
            self.synced = await self.tree.sync(guild=guild)
        except (discord.HTTPException, discord.RateLimited) as exc:
            where = f"server {self._guild_id}" if guild else "globally"
            logger.error(
                "Discord: could not sync the commands %s (%s); commands synced before still work",
                where,
                exc,
            )
            return
        logger.info(
            "Discord: %d command(s) synced %s",
            len(self.synced),
            f"to server {self._guild_id}" if guild else "globally (may take up to an hour)",
        )

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """A click on a question's button (the commands go through the tree)."""
        if interaction.type is not discord.InteractionType.component:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id") or "")
        if custom_id.startswith(CHOOSE_PREFIX):
            await self.handler.clicked(interaction)

    def on_ready(self) -> None:
        client = self.client
        shards = ""
        if isinstance(client, discord.AutoShardedClient):
            shards = f", shard(s) {sorted(client.shards)} of {client.shard_count}"
        logger.info(
            "Discord: connected as %s, in %d server(s)%s", client.user, len(client.guilds), shards
        )

    async def run(self) -> None:
        try:
            await self.client.start(self._token)
        except discord.LoginFailure as exc:
            raise ConfigError("DISCORD_TOKEN", f"Discord refused the token ({exc})") from None
        except discord.PrivilegedIntentsRequired as exc:  # pragma: no cover - we ask for none
            raise ConfigError("DISCORD_TOKEN", str(exc)) from None

    async def close(self) -> None:
        # discord.py dispatches "ready" from a task of its own once the guilds have streamed in;
        # closing before it fires leaves that task to run on a closed client (a traceback at
        # shutdown). Give it a moment to fire first.
        if not self.client.is_closed() and not self.client.is_ready():
            with contextlib.suppress(TimeoutError, RuntimeError):
                await asyncio.wait_for(self.client.wait_until_ready(), READY_GRACE_S)
        await self.client.close()

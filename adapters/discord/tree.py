"""The app commands: names, options, descriptions and autocomplete, on a ``CommandTree``.

Each callback only hands its options to :class:`adapters.discord.handler.Handler`. Permissions
are checked at run time, not hidden with ``default_permissions``, so that the admin role of
``DISCORD_ADMIN_ROLE`` works without a server admin editing the command's settings, and a
member without the right is told why instead of not seeing the command.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, Literal

import discord
from discord import app_commands

from adapters.chat.replies import Failed
from adapters.discord.handler import Handler
from adapters.discord.render import render_reply

logger = logging.getLogger(__name__)

Complete = Callable[
    [discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]


class TextChannelOption(app_commands.Transformer[Any]):
    """A text or announcement channel, as Discord resolved it (no cache needed): it carries the
    caller's permissions in that channel."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(
        self, interaction: discord.Interaction[Any], value: Any, /
    ) -> app_commands.AppCommandChannel:
        if not isinstance(value, app_commands.AppCommandChannel):
            raise app_commands.TransformerError(value, self.type, self)
        return value


def _quiet(complete: Complete) -> Complete:
    """Autocomplete that answers no choices, logged, rather than failing the interaction."""

    async def choices(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            return await complete(interaction, current)
        except Exception:
            logger.exception("autocomplete failed")
            return []

    return choices


PlayerName = app_commands.Range[str, 1, 80]
TargetChannel = app_commands.Transform[app_commands.AppCommandChannel, TextChannelOption]


def build_tree(client: discord.Client, handler: Handler) -> app_commands.CommandTree[Any]:
    """The command tree of ``client``, every command answered by ``handler``."""
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(
        client, allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True)
    )
    players = _quiet(handler.complete_player)

    @tree.command(name="follow", description="Follow a player: his transfer news is posted here")
    @app_commands.describe(
        player="the player's name (or an alias)",
        channel="post his news in another channel (needs Manage Channels there)",
    )
    @app_commands.autocomplete(player=players)
    async def follow(
        interaction: discord.Interaction[Any],
        player: PlayerName,
        channel: TargetChannel | None = None,
    ) -> None:
        await handler.follow(interaction, player, channel)

    @tree.command(name="unfollow", description="Stop following a player in this channel")
    @app_commands.describe(player="one of the players this channel follows")
    @app_commands.autocomplete(player=_quiet(handler.complete_followed))
    async def unfollow(interaction: discord.Interaction[Any], player: PlayerName) -> None:
        await handler.run(interaction, "unfollow", player)

    @tree.command(name="following", description="The players this channel follows")
    async def following(interaction: discord.Interaction[Any]) -> None:
        await handler.run(interaction, "following")

    @tree.command(name="latest", description="A player's transfer saga so far")
    @app_commands.describe(player="the player's name (or an alias)")
    @app_commands.autocomplete(player=players)
    async def latest(interaction: discord.Interaction[Any], player: PlayerName) -> None:
        await handler.run(interaction, "latest", player)

    @tree.command(
        name="status",
        description="This channel's alerts given up, and whether Discord refuses it (admins)",
    )
    async def status(interaction: discord.Interaction[Any]) -> None:
        await handler.run(interaction, "status")

    @tree.command(name="help", description="What transferbot can do")
    async def help_(interaction: discord.Interaction[Any]) -> None:
        await handler.run(interaction, "help")

    feeds = app_commands.Group(
        name="feeds", description="The news feeds the bot reads (Manage Server or the admin role)"
    )

    @feeds.command(name="add", description="Read a news feed (RSS or Atom)")
    @app_commands.describe(url="the feed's address, https://…")
    async def feeds_add(
        interaction: discord.Interaction[Any], url: app_commands.Range[str, 1, 2000]
    ) -> None:
        await handler.run(interaction, "feeds_add", url)

    @feeds.command(name="remove", description="Stop reading a feed this channel added")
    @app_commands.describe(feed="the feed (its number or address)")
    @app_commands.autocomplete(feed=_quiet(handler.complete_feed))
    async def feeds_remove(
        interaction: discord.Interaction[Any], feed: app_commands.Range[str, 1, 2000]
    ) -> None:
        await handler.run(interaction, "feeds_remove", feed)

    @feeds.command(name="list", description="The feeds and their health")
    async def feeds_list(interaction: discord.Interaction[Any]) -> None:
        await handler.run(interaction, "feeds_list")

    tree.add_command(feeds)

    @tree.command(
        name="settings",
        description="This channel's alert settings: show them, or set one (Manage Server)",
    )
    @app_commands.describe(
        min_tier="alert only on sources of this tier or better (0 club, 1 top media … 3 all)",
        mode="instant, or one daily digest at digest_hour",
        digest_hour="the hour of the daily digest, 0-23, in the channel's time zone",
        quiet_hours="no alerts between, e.g. 22-07 or 22:30-07:00, or off (kept, not applied yet)",
        timezone="the channel's time zone, e.g. Europe/London",
        threads="later alerts of a saga go in a thread under its first alert",
    )
    async def settings(  # noqa: PLR0917 (discord.py reads the options off the signature)
        interaction: discord.Interaction[Any],
        min_tier: app_commands.Range[int, 0, 3] | None = None,
        mode: Literal["instant", "digest"] | None = None,
        digest_hour: app_commands.Range[int, 0, 23] | None = None,
        quiet_hours: app_commands.Range[str, 1, 40] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        threads: Literal["on", "off"] | None = None,
    ) -> None:
        given = {
            "min_tier": min_tier,
            "mode": mode,
            "digest_hour": digest_hour,
            "quiet_hours": quiet_hours,
            "timezone": timezone,
            "threads": threads,
        }
        await handler.settings(interaction, {k: str(v) for k, v in given.items() if v is not None})

    tree.error(_on_error)
    return tree


async def _on_error(
    interaction: discord.Interaction[Any], error: app_commands.AppCommandError
) -> None:
    """A failure discord.py caught (a bad option, a callback that raised): logged, and the caller
    told, ephemerally, if nobody answered yet."""
    command = interaction.command.qualified_name if interaction.command else "?"
    if isinstance(error, app_commands.TransformerError):
        message = Failed(message=f"/{command}: that option is not one I can use here.")
    else:
        logger.error("/%s failed", command, exc_info=error)
        message = Failed(message="the command failed (see the bot's log)", internal=True)
    if interaction.response.is_done():
        return
    reply = render_reply(message)
    try:
        await interaction.response.send_message(
            content=reply.content, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )
    except discord.HTTPException as exc:
        logger.warning("could not report an error to the caller: %s", exc)

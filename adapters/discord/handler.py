"""The Discord handler: an interaction becomes a shared ``Command`` and a ``Caller``, its reply
is rendered by :mod:`adapters.discord.render` and posted back.

Who may do what is decided here, from what Discord tells us in the interaction: Manage Server
(or the ``DISCORD_ADMIN_ROLE``) manages the bot in a server; following for another channel needs
Manage Channels there; a direct message has no channel. A reply that is not ready within
:data:`DEFER_AFTER_S` is deferred first (Discord drops an interaction unanswered after 3 s) and
posted when it is.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands

from adapters.chat.base import Caller, ChatService
from adapters.chat.commands import Command, Commands, parse_command
from adapters.discord import limits
from adapters.discord.render import (
    CHOOSE_PREFIX,
    NO_MENTIONS,
    Message,
    discord_command,
    render_reply,
)
from bot.model import Channel
from bot.names import normalise

logger = logging.getLogger(__name__)

#: A reply not ready after this long is deferred (Discord's limit for the first answer is 3 s).
DEFER_AFTER_S = 1.5
#: Commands whose work is slow by nature (a feed is fetched): deferred unless answered at once.
ALWAYS_DEFER = frozenset({"feeds_add"})
#: Commands whose answer is for the whole channel when they succeed (``Reply.public``).
PUBLIC_ON_SUCCESS = frozenset({"follow", "latest"})
MAX_CHOICES = 25
#: The commands a question's button may run (they need no right to manage).
CLICKABLE = frozenset({"follow", "latest"})


def channel_of(interaction: discord.Interaction[Any]) -> Channel | None:
    """The channel a command came from; None in a direct message (no server)."""
    if interaction.guild_id is None or interaction.channel_id is None:
        return None
    return Channel(
        platform="discord", workspace=str(interaction.guild_id), channel=str(interaction.channel_id)
    )


def can_manage(interaction: discord.Interaction[Any], admin_role: str | None) -> bool:
    """Manage Server (or Administrator) here, or the configured admin role (name or id)."""
    if interaction.guild_id is None:
        return False
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return True
    member = interaction.user
    if admin_role is None or not isinstance(member, discord.Member):
        return False
    wanted = admin_role.casefold()
    return any(
        str(role.id) == admin_role or role.name.casefold() == wanted for role in member.roles
    )


class Handler:
    """Answers the app commands of :mod:`adapters.discord.tree` through the shared commands."""

    def __init__(
        self,
        service: ChatService,
        *,
        admin_role: str | None = None,
        defer_after_s: float = DEFER_AFTER_S,
    ) -> None:
        self.service = service
        self.commands = Commands(service)
        self.admin_role = admin_role
        self.defer_after_s = defer_after_s

    def caller(self, interaction: discord.Interaction[Any]) -> Caller:
        return Caller(
            channel=channel_of(interaction), can_manage=can_manage(interaction, self.admin_role)
        )

    async def run(self, interaction: discord.Interaction[Any], name: str, arg: str = "") -> None:
        await self.answer(interaction, Command(name=name, arg=arg), self.caller(interaction))

    async def settings(self, interaction: discord.Interaction[Any], given: dict[str, str]) -> None:
        """``/settings`` shows the channel's settings; with one option it sets that one."""
        caller = self.caller(interaction)
        if len(given) > 1 and caller.can_manage:
            refusal = Message(
                content="⚠️ One setting at a time, please: "
                + ", ".join(f"`{key}`" for key in given)
                + " were given."
            )
            await self.post(interaction, refusal, deferred=None)
            return
        arg = " ".join(next(iter(given.items()), ()))
        await self.answer(interaction, Command(name="settings", arg=arg), caller)

    async def follow(
        self,
        interaction: discord.Interaction[Any],
        player: str,
        target: app_commands.AppCommandChannel | None,
    ) -> None:
        """``/follow player [channel]``: another channel than this one needs Manage Channels
        there (Discord resolves the caller's permissions in that channel for us)."""
        caller = self.caller(interaction)
        if target is None or caller.channel is None or target.id == interaction.channel_id:
            await self.answer(interaction, Command(name="follow", arg=player), caller)
            return
        if not (target.permissions.manage_channels or target.permissions.administrator):
            refusal = Message(
                content=f"🚫 To follow a player for <#{target.id}> you need the Manage Channels "
                "permission there. Run /follow in that channel, or ask someone who has it."
            )
            await self.post(interaction, refusal, deferred=None)
            return
        there = Channel(
            platform="discord", workspace=caller.channel.workspace, channel=str(target.id)
        )
        await self.answer(
            interaction,
            Command(name="follow", arg=player),
            Caller(channel=there, can_manage=caller.can_manage),
            channel_id=target.id,
        )

    async def answer(
        self,
        interaction: discord.Interaction[Any],
        command: Command,
        caller: Caller,
        *,
        channel_id: int | None = None,
    ) -> None:
        """Run ``command`` and post its reply; defer first when the work is slow."""
        work = asyncio.ensure_future(self.commands.run(command, caller))
        deferred: bool | None = None  # None: not deferred; else whether deferred in public
        # slow by nature: deferred unless it finished at once (a refusal, a bad argument)
        within = 0.0 if command.name in ALWAYS_DEFER else self.defer_after_s
        try:
            if not await _finished(work, within):
                deferred = command.name in PUBLIC_ON_SUCCESS
                await interaction.response.defer(ephemeral=not deferred, thinking=True)
        except discord.HTTPException as exc:
            logger.warning("could not defer /%s: %s", command.name, exc)
        reply = await work
        await self.post(interaction, render_reply(reply, channel_id=channel_id), deferred=deferred)

    async def post(
        self, interaction: discord.Interaction[Any], message: Message, *, deferred: bool | None
    ) -> None:
        """Post ``message`` as the answer; ``deferred``: None, or whether the defer was public."""
        kwargs = _message_kwargs(message)
        try:
            if deferred is None:
                await interaction.response.send_message(ephemeral=message.ephemeral, **kwargs)
            elif deferred != message.ephemeral:  # the defer showed what the answer shows
                await interaction.edit_original_response(**kwargs)
            else:  # deferred in public, but the answer is for the caller only
                await interaction.delete_original_response()
                await interaction.followup.send(ephemeral=True, **kwargs)
        except discord.HTTPException as exc:
            logger.warning("could not answer an interaction: %s", exc)

    # ---------------------------------------------------------------- buttons

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        """A click on a question's button (custom_id: :data:`CHOOSE_PREFIX` + the command): the
        command runs for the channel of the click. A public answer replaces the question with
        what was chosen and is posted to the channel; a private one replaces the question."""
        data: dict[str, Any] = dict(interaction.data or {})
        value = str(data.get("custom_id") or "").removeprefix(CHOOSE_PREFIX)
        parsed = parse_command(value)
        if not isinstance(parsed, Command) or parsed.name not in CLICKABLE:
            refusal = Message(content="⚠️ That button runs nothing I know.")
            await self.post(interaction, refusal, deferred=None)
            return
        work = asyncio.ensure_future(self.commands.run(parsed, self.caller(interaction)))
        deferred = False
        try:
            if not await _finished(work, self.defer_after_s):
                await interaction.response.defer()  # a component's defer: the message updates
                deferred = True
        except discord.HTTPException as exc:
            logger.warning("could not defer a click on %r: %s", value[:80], exc)
        message = render_reply(await work)
        kwargs = _message_kwargs(message)
        chosen = f"✅ `{limits.plain(discord_command(value)).replace('`', 'ˋ')}`"
        try:
            if message.ephemeral:
                await self._update(interaction, deferred, view=None, **kwargs)
                return
            await self._update(interaction, deferred, content=chosen, embeds=[], view=None)
            await interaction.followup.send(ephemeral=False, **kwargs)
        except discord.HTTPException as exc:
            logger.warning("could not answer a click on %r: %s", value[:80], exc)

    async def _update(
        self, interaction: discord.Interaction[Any], deferred: bool, **kwargs: Any
    ) -> None:
        """Replace the message the clicked button is on."""
        if deferred:
            await interaction.edit_original_response(**kwargs)
        else:
            await interaction.response.edit_message(**kwargs)

    # ---------------------------------------------------------------- autocomplete

    async def complete_player(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """Known and followed players and their names, ranked as ``/follow`` resolves them."""
        names = await self.commands.suggest(current.strip()[:80], MAX_CHOICES)
        return _choices((name, name) for name in names)

    async def complete_followed(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """The players this channel follows, those matching what was typed first."""
        channel = channel_of(interaction)
        if channel is None:
            return []
        players = await asyncio.to_thread(self.service.following, channel)
        key = normalise(current)
        names = [p.name for p in players]
        ranked = [n for n in names if normalise(n).startswith(key)]
        ranked += [n for n in names if key in normalise(n) and n not in ranked]
        return _choices((name, name) for name in ranked)

    async def complete_feed(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """The feeds this channel added (the ones ``/feeds remove`` may remove)."""
        channel = channel_of(interaction)
        if channel is None:
            return []
        listing = await asyncio.to_thread(self.service.feeds, channel)
        key = current.strip().lower()
        mine = [f for f in listing.feeds if f.id in listing.mine]
        found = [f for f in mine if key in f.url.lower() or key in (f.title or "").lower()]
        found += [f for f in mine if key == str(f.id) and f not in found]
        return _choices((f"#{f.id} {f.title or f.url}", str(f.id)) for f in found)


def _message_kwargs(message: Message) -> dict[str, Any]:
    """What ``send_message`` / ``edit_*`` take for ``message``: its buttons as a view."""
    kwargs: dict[str, Any] = {"embeds": list(message.embeds), "allowed_mentions": NO_MENTIONS}
    if message.content is not None:
        kwargs["content"] = message.content
    if message.buttons:
        kwargs["view"] = buttons_view(message.buttons)
    return kwargs


def buttons_view(buttons: tuple[tuple[str, str], ...]) -> discord.ui.View:
    """A view of one button per (label, custom_id). It is stopped before it is sent, so
    discord.py keeps nothing: a click, whenever it comes, reaches :meth:`Handler.clicked`
    through the client's ``on_interaction``."""
    view = discord.ui.View(timeout=None)
    for label, custom_id in buttons:
        view.add_item(discord.ui.Button(label=label, custom_id=custom_id))
    view.stop()
    return view


def _choices(pairs: Any) -> list[app_commands.Choice[str]]:
    out = []
    for name, value in pairs:
        if len(value) > limits.CHOICE:
            continue  # a value Discord would refuse: the whole answer would be rejected
        label = limits.clip(limits.plain(name), limits.CHOICE)
        out.append(app_commands.Choice(name=label, value=value))
        if len(out) == MAX_CHOICES:
            break
    return out


async def _finished(work: asyncio.Future[Any], within_s: float) -> bool:
    done, _ = await asyncio.wait({work}, timeout=within_s)
    return bool(done)

"""The commands every surface shares: their arguments, permissions, the service calls they make
and the typed replies they give.

Text surfaces (the console, Slack's ``/transfers follow …``) parse a line with
:func:`parse_command`; Discord builds a :class:`Command` from its typed options. Either way
:meth:`Commands.run` answers it. The service is synchronous and reads the database, so every call
into it runs in a worker thread: a slow query never stalls the event loop that carries Discord's
heartbeats or Slack's three-second acks.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from adapters.chat.base import Caller, ChatService
from adapters.chat.replies import (
    Choice,
    Failed,
    FeedAdded,
    FeedRemoved,
    Feeds,
    Followed,
    Following,
    Help,
    Latest,
    Reply,
    SettingsShown,
    StatusShown,
    Unfollowed,
)
from bot.channels import KEYS, broken_note, describe
from bot.errors import AmbiguousPlayerError, UnknownPlayerError, UserError
from bot.model import Channel
from bot.records import ChannelSettings

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Written after a player's name, ``/follow`` takes it for a new player (no question asked).
NEW_FLAG = "--new"


@dataclass(frozen=True, slots=True, kw_only=True)
class Spec:
    """One command: how it is written, what it does, who may run it and where."""

    name: str  # follow, unfollow, following, latest, feeds_*, settings, help
    usage: str
    help: str
    arg: str | None = None  # the argument it needs ("<player>"), None when it takes none
    optional: bool = False  # the argument may be left out
    manage: bool = False  # needs the caller's right to manage the bot in this channel
    managed: str = "its feeds"  # what that right is for, in a refusal
    in_channel: bool = True  # belongs to a channel (refused in a direct message)


SPECS: tuple[Spec, ...] = (
    Spec(
        name="follow",
        usage="/follow <player>",
        help="follow a player in this channel",
        arg="<player>",
    ),
    Spec(
        name="unfollow", usage="/unfollow <player>", help="stop following a player", arg="<player>"
    ),
    Spec(name="following", usage="/following", help="the players this channel follows"),
    Spec(
        name="latest",
        usage="/latest <player>",
        help="the saga so far",
        arg="<player>",
        in_channel=False,
    ),
    Spec(
        name="feeds_add",
        usage="/feeds add <url>",
        help="poll a news feed (RSS/Atom)",
        arg="<url>",
        manage=True,
    ),
    Spec(
        name="feeds_remove",
        usage="/feeds remove <url|id>",
        help="stop polling a feed",
        arg="<url|id>",
        manage=True,
    ),
    Spec(name="feeds_list", usage="/feeds list", help="the feeds and their health", manage=True),
    Spec(
        name="settings",
        usage="/settings [<key> <value>]",
        help=f"this channel's alert settings: show, or set one of {', '.join(KEYS)}",
        arg="<key> <value>",
        optional=True,
        manage=True,
        managed="this channel's settings",
    ),
    Spec(
        name="status",
        usage="/status",
        help="this channel's alerts given up and whether the platform refuses it",
        manage=True,
        managed="see the delivery status",
    ),
    Spec(name="help", usage="/help", help="this list", in_channel=False),
)
BY_NAME = {spec.name: spec for spec in SPECS}
HELP = Help(lines=tuple((spec.usage, spec.help) for spec in SPECS))


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """One command to run: ``name`` as in :data:`SPECS`, ``arg`` its argument ("" when none)."""

    name: str
    arg: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BadCommand:
    """Text that is not a valid command; ``message`` is the one-line error to show."""

    message: str


def parse_command(line: str) -> Command | BadCommand | None:
    """Parse one line of text. None for a blank line; the leading ``/`` is optional."""
    text = " ".join(line.split())
    if not text:
        return None
    word, _, rest = text.partition(" ")
    name = word.removeprefix("/").lower()
    if name == "feeds":
        return _parse_feeds(rest)
    spec = BY_NAME.get(name)
    if spec is None or name.startswith("feeds_"):
        return BadCommand(message=f"unknown command: {word}")
    if spec.optional:
        return Command(name=name, arg=rest)
    if spec.arg is not None:
        if not rest:
            return BadCommand(message=f"/{name} needs a player name: {spec.usage}")
        return Command(name=name, arg=rest)
    if rest:
        return BadCommand(message=f"/{name} takes no arguments")
    return Command(name=name)


def _parse_feeds(rest: str) -> Command | BadCommand:
    sub, _, arg = rest.partition(" ")
    sub = sub.lower()
    spec = BY_NAME.get(f"feeds_{sub}") if sub else None
    if spec is None:
        if not sub:
            return BadCommand(message="/feeds needs add, remove or list")
        return BadCommand(message=f"unknown /feeds subcommand: {sub}")
    if spec.arg is None:
        if arg:
            return BadCommand(message=f"/feeds {sub} takes no arguments")
        return Command(name=spec.name)
    if not arg:
        return BadCommand(message=f"/feeds {sub} needs {spec.arg}")
    if " " in arg:
        return BadCommand(message=f"/feeds {sub} takes one argument")
    return Command(name=spec.name, arg=arg)


class Commands:
    """Runs commands for any surface against the service; never raises for a user's mistake."""

    def __init__(self, service: ChatService) -> None:
        self._service = service

    async def run(self, command: Command, caller: Caller) -> Reply:
        """The reply to ``command`` from ``caller``: a ``Failed`` for what it may not do, a bad
        argument, or an internal error (logged)."""
        spec = BY_NAME.get(command.name)
        if spec is None:
            return Failed(message=f"unknown command: {command.name}", usage=True)
        if spec.arg is not None and not spec.optional and not command.arg.strip():
            return Failed(message=f"{spec.usage.split()[0]} needs {spec.arg}", usage=True)
        if spec.in_channel and caller.channel is None:
            return Failed(
                message=f"{spec.usage.split(' <')[0]} belongs to a channel: use it in the "
                "channel that should get the alerts.",
                refused=True,
            )
        if spec.manage and not caller.can_manage:
            return Failed(
                message=f"Only people who manage this server or workspace may change "
                f"{spec.managed}.",
                refused=True,
            )
        try:
            return await self._dispatch(command, caller)
        except AmbiguousPlayerError as exc:
            choices = tuple(
                Choice(label=name, detail=detail, command=f"{exc.command} {name}")
                for name, detail in exc.choices
            )
            return Failed(message=str(exc), choices=choices, question=exc.question)
        except UnknownPlayerError as exc:
            verb = spec.usage.split()[0]
            choices = tuple(
                Choice(label=n, detail="", command=f"{verb} {n}") for n in exc.suggestions
            )
            return Failed(
                message=str(exc), choices=choices, create=exc.create, question=exc.question
            )
        except UserError as exc:
            return Failed(message=str(exc))
        except Exception:
            logger.exception("command %s %r failed", command.name, command.arg[:80])
            return Failed(message="the command failed (see the bot's log)", internal=True)

    async def suggest(self, prefix: str, limit: int = 25) -> list[str]:
        """Autocomplete for a player argument."""
        return await self._call(lambda: self._service.suggest(prefix, limit))

    async def _call(self, work: Callable[[], T]) -> T:
        return await asyncio.to_thread(work)

    async def _dispatch(self, command: Command, caller: Caller) -> Reply:
        service, arg = self._service, command.arg.strip()
        channel = caller.channel
        match command.name:
            case "follow":
                here = _channel(channel)
                name, new = split_new_flag(arg)
                result = await self._call(lambda: service.follow(here, name, new=new))
                return Followed(
                    player=result.player,
                    typed=result.typed,
                    already=result.already_following,
                    saga=result.saga,
                )
            case "unfollow":
                here = _channel(channel)
                return Unfollowed(player=await self._call(lambda: service.unfollow(here, arg)))
            case "following":
                here = _channel(channel)
                players, settings = await self._call(
                    lambda: (service.following(here), service.channel_settings(here))
                )
                return Following(players=tuple(players), broken=broken_note(settings))
            case "settings":
                here = _channel(channel)
                key, _, value = arg.partition(" ")
                if not key:
                    shown = await self._call(lambda: service.channel_settings(here))
                    return _settings(shown, None)
                changed = await self._call(lambda: service.change_setting(here, key, value))
                return _settings(changed, key.lower().replace("-", "_"))
            case "latest":
                return Latest(report=await self._call(lambda: service.saga(arg)))
            case "feeds_add":
                return FeedAdded(feed=await service.add_feed(channel, arg))
            case "feeds_remove":
                return FeedRemoved(feed=await self._call(lambda: service.remove_feed(channel, arg)))
            case "feeds_list":
                return Feeds(listing=await self._call(lambda: service.feeds(channel)))
            case "status":
                here = _channel(channel)
                return StatusShown(status=await self._call(lambda: service.delivery_status(here)))
            case _:
                return HELP


def _settings(settings: ChannelSettings, changed: str | None) -> SettingsShown:
    return SettingsShown(
        settings=settings,
        lines=tuple(describe(settings)),
        changed=changed,
        broken=broken_note(settings),
    )


def split_new_flag(arg: str) -> tuple[str, bool]:
    """``"Nobody Atall --new"`` -> ``("Nobody Atall", True)``."""
    words = arg.split()
    if NEW_FLAG in words:
        return " ".join(w for w in words if w != NEW_FLAG), True
    return arg, False


def _channel(channel: Channel | None) -> Channel:
    if channel is None:  # checked by run(); keeps the type narrow for the lambdas
        raise UserError("This command belongs to a channel.")
    return channel

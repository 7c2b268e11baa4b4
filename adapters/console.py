"""The console chat adapter: slash-commands typed on stdin, answers and alerts on stdout.

It is the default surface when no Discord or Slack token is configured, and the one the demo uses.
Parsing is a pure function (:func:`parse_command`); the handler only turns commands into service
calls; alerts are rendered by :func:`format_alert`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from typing import Protocol, TextIO

from bot.errors import UserError
from bot.model import Alert, Channel, Feed, Player

logger = logging.getLogger(__name__)

CONSOLE_CHANNEL = Channel(platform="console", workspace="local", channel="console")

USAGE = """\
commands:
  /follow <player>           follow a player in this channel
  /unfollow <player>         stop following a player
  /following                 the players this channel follows
  /latest <player>           the saga so far
  /feeds add <url>           poll a news feed (RSS/Atom)
  /feeds remove <url|id>     stop polling a feed
  /feeds list                the feeds and their health
  /help                      this text"""

BANNER = """\
transferbot console: alerts appear here as feeds bring news.
Try `/follow Trent Alexander-Arnold`, then `/latest Trent Alexander-Arnold`; `/help` lists commands.
No feeds to hand? Run `transferbot demo` to replay the seed stories with no network or token.
Ctrl-D (or Ctrl-C) quits."""


# --------------------------------------------------------------------------- parsing (pure)


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """One parsed command: ``name`` is follow, unfollow, following, latest, feeds_add,
    feeds_remove, feeds_list or help; ``arg`` its single argument ("" when none)."""

    name: str
    arg: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BadCommand:
    """A line that is not a valid command; ``message`` is the one-line error to show."""

    message: str


_NEEDS_ARG = {"follow": "<player>", "unfollow": "<player>", "latest": "<player>"}
_NO_ARG = {"following", "help"}


def parse_command(line: str) -> Command | BadCommand | None:
    """Parse one input line. None for a blank line; the leading ``/`` is optional."""
    text = " ".join(line.split())
    if not text:
        return None
    word, _, rest = text.partition(" ")
    name = word.removeprefix("/").lower()
    if name in _NEEDS_ARG:
        if not rest:
            return BadCommand(message=f"/{name} needs a player name: /{name} {_NEEDS_ARG[name]}")
        return Command(name=name, arg=rest)
    if name in _NO_ARG:
        if rest:
            return BadCommand(message=f"/{name} takes no arguments")
        return Command(name=name)
    if name == "feeds":
        return _parse_feeds(rest)
    return BadCommand(message=f"unknown command: {word}")


def _parse_feeds(rest: str) -> Command | BadCommand:
    sub, _, arg = rest.partition(" ")
    sub = sub.lower()
    if sub == "list":
        if arg:
            return BadCommand(message="/feeds list takes no arguments")
        return Command(name="feeds_list")
    if sub in ("add", "remove"):
        if not arg:
            what = "<url>" if sub == "add" else "<url|id>"
            return BadCommand(message=f"/feeds {sub} needs {what}")
        if " " in arg:
            return BadCommand(message=f"/feeds {sub} takes one argument")
        return Command(name=f"feeds_{sub}", arg=arg)
    if not sub:
        return BadCommand(message="/feeds needs add, remove or list")
    return BadCommand(message=f"unknown /feeds subcommand: {sub}")


# --------------------------------------------------------------------------- rendering (pure)


def format_alert(alert: Alert) -> str:
    """A readable multi-line alert."""
    stage = f" (stage: {alert.stage})" if alert.stage else ""
    lines = [f"*** {alert.player}{stage}"]
    for line in alert.lines:
        source = ""
        if line.source:
            tier = f", tier {line.tier}" if line.tier is not None else ""
            source = f" [{line.source}{tier}]"
        lines.append(f"  {line.label}: {line.headline}{source}")
    when = alert.published.strftime("%Y-%m-%d %H:%M UTC")
    via = f"  via {alert.outlet}, {when}" if alert.outlet else f"  {when}"
    lines.append(via)
    if alert.link:
        lines.append(f"  {alert.link}")
    return "\n".join(lines)


def _player_list(players: list[Player]) -> str:
    if not players:
        return "This channel follows nobody yet. Try /follow <player>."
    return "Following: " + ", ".join(player.name for player in players)


# --------------------------------------------------------------------------- the adapter


class ConsoleService(Protocol):
    """The part of ``bot.service.Service`` the console calls."""

    def follow(self, channel: Channel, name: str) -> object: ...

    def unfollow(self, channel: Channel, name: str) -> Player: ...

    def following(self, channel: Channel) -> list[Player]: ...

    def latest(self, name: str) -> str: ...

    def add_feed(self, channel: Channel | None, url: str) -> Awaitable[Feed]: ...

    def remove_feed(self, channel: Channel | None, url_or_id: str) -> Feed: ...

    def list_feeds(self, channel: Channel | None) -> list[str]: ...


class ConsoleChat:
    """Reads commands, answers them, and prints alerts (a ``bot.ports.ChatSender``)."""

    platform = "console"

    def __init__(
        self,
        service: ConsoleService,
        *,
        out: TextIO,
        channel: Channel = CONSOLE_CHANNEL,
    ) -> None:
        self._service = service
        self._out = out
        self.channel = channel

    # ChatSender ----------------------------------------------------------------------------
    async def send(self, alert: Alert) -> None:
        self.say(format_alert(alert))

    async def send_notice(self, channel: Channel, text: str) -> None:
        self.say(f"[notice] {text}")

    # commands ------------------------------------------------------------------------------
    def banner(self) -> None:
        self.say(BANNER)

    async def handle_line(self, line: str) -> str | None:
        """The answer to one input line (None for a blank line). Never raises."""
        parsed = parse_command(line)
        if parsed is None:
            return None
        if isinstance(parsed, BadCommand):
            return f"error: {parsed.message}\n{USAGE}"
        try:
            return await self._dispatch(parsed)
        except UserError as exc:
            return f"error: {exc}"
        except Exception:
            logger.exception("console command %r failed", line.strip())
            return "internal error: the command failed (see the log)"

    async def _dispatch(self, command: Command) -> str:
        service, channel, arg = self._service, self.channel, command.arg
        match command.name:
            case "follow":
                return _follow_answer(service.follow(channel, arg), arg)
            case "unfollow":
                player = service.unfollow(channel, arg)
                return f"Stopped following {player.name}."
            case "following":
                return _player_list(service.following(channel))
            case "latest":
                return service.latest(arg)
            case "feeds_add":
                feed = await service.add_feed(channel, arg)
                return f"Added feed #{feed.id}: {feed.url}"
            case "feeds_remove":
                feed = service.remove_feed(channel, arg)
                return f"Removed feed #{feed.id}: {feed.url}"
            case "feeds_list":
                lines = service.list_feeds(channel)
                return "\n".join(lines) if lines else "No feeds yet. Try /feeds add <url>."
            case _:
                return USAGE

    async def run(self, lines: AsyncIterator[str]) -> None:
        """Answer every line until the input ends (EOF)."""
        async for line in lines:
            answer = await self.handle_line(line)
            if answer is not None:
                self.say(answer)

    def say(self, text: str) -> None:
        """Print one message on the console."""
        self._out.write(text + "\n")
        self._out.flush()


def _follow_answer(result: object, name: str) -> str:
    player: Player | None = getattr(result, "player", None)
    shown = player.name if player is not None else name
    if getattr(result, "already_following", False):
        return f"Already following {shown}."
    answer = f"Now following {shown}."
    saga = getattr(result, "saga_so_far", None)
    if saga:
        answer += f"\n{saga}"
    return answer


# --------------------------------------------------------------------------- input


async def stream_lines(stream: TextIO) -> AsyncIterator[str]:
    """Lines of a blocking text stream, read in a daemon thread so the loop stays free.

    A daemon thread (not the loop's executor) so that a ``readline`` blocked on a terminal never
    holds up shutdown after Ctrl-C or SIGTERM.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def put(item: str | None) -> None:
        # RuntimeError: the loop closed while we were blocked in readline
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def reader() -> None:
        try:
            for line in iter(stream.readline, ""):
                put(line)
        except (OSError, ValueError):
            logger.debug("console input closed", exc_info=True)
        put(None)

    threading.Thread(target=reader, name="console-stdin", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line

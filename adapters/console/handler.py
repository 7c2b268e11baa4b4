"""The console chat adapter: slash-commands typed on stdin, answers and alerts on stdout.

It is the default surface when no Discord or Slack token is configured, and the one the demo uses.
A line is parsed and run by the shared commands (:mod:`adapters.chat.commands`); the reply and
the alerts are rendered as text by :mod:`adapters.console.render`. The person at the console
manages the bot: its ``/status`` shows every channel's (alerts given up, broken channels, what
is still to go: ``bot.records.DeliveryStatus``), not only the console's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from typing import TextIO

from adapters.chat.base import AdapterContext, Caller, ChatService
from adapters.chat.commands import HELP, BadCommand, Commands, parse_command
from adapters.chat.replies import Failed, StatusShown
from adapters.console.render import format_alert, question_commands, render_reply, usage
from bot.model import Alert, Channel
from bot.records import DeliveryStatus, Sent

logger = logging.getLogger(__name__)

CONSOLE_CHANNEL = Channel(platform="console", workspace="local", channel="console")
USAGE = usage(HELP)

BANNER = """\
transferbot console: alerts appear here as feeds bring news.
Try `/follow Trent Alexander-Arnold`, then `/latest Trent Alexander-Arnold`; `/help` lists commands.
No feeds to hand? Run `transferbot demo` to replay the seed stories with no network or token.
Ctrl-D (or Ctrl-C) quits."""


class ConsoleChat:
    """Reads commands, answers them, and prints alerts (a ``bot.ports.ChatSender``)."""

    platform = "console"

    def __init__(
        self,
        service: ChatService,
        *,
        out: TextIO,
        channel: Channel = CONSOLE_CHANNEL,
        status: Callable[[Channel | None], DeliveryStatus] | None = None,
    ) -> None:
        self._commands = Commands(service)
        self._status = status
        self._out = out
        self.channel = channel
        self._options: tuple[str, ...] = ()  # the commands of the last question's numbered lines

    # ChatSender ----------------------------------------------------------------------------
    async def send(self, alert: Alert) -> Sent:
        self.say(format_alert(alert))
        return Sent(message_id=None)  # a console line has no id, and no thread to go in

    async def send_notice(self, channel: Channel, text: str) -> None:
        self.say(f"[notice] {text}")

    async def tell_admins(self, channel: Channel, reason: str, *, alert: str | None = None) -> None:
        if alert is not None:
            self.say(f"[notice] an alert to {channel.channel} ({alert}) was given up: {reason}")
            return
        self.say(f"[notice] alerts to {channel.channel} stopped: {reason}")

    # commands ------------------------------------------------------------------------------
    def banner(self) -> None:
        self.say(BANNER)

    async def handle_line(self, line: str) -> str | None:
        """The answer to one input line (None for a blank line). Never raises. A number
        answers the last question the bot asked (its numbered lines)."""
        number = line.strip()
        if number.isdigit() and self._options:
            if not 1 <= int(number) <= len(self._options):
                return f"error: choose a number from 1 to {len(self._options)}"
            line = self._options[int(number) - 1]
        if line.strip().split()[:1] == ["/status"]:
            return await self._status_text()
        parsed = parse_command(line)
        if parsed is None:
            return None
        self._options = ()
        if isinstance(parsed, BadCommand):
            return render_reply(Failed(message=parsed.message, usage=True), HELP)
        caller = Caller(channel=self.channel, can_manage=True)
        reply = await self._commands.run(parsed, caller)
        if isinstance(reply, Failed):
            self._options = question_commands(reply)
        return render_reply(reply, HELP)

    async def _status_text(self) -> str:
        """``/status``: the whole bot's (the person at the console manages all of it)."""
        if self._status is None:
            return "error: /status needs the bot's database (transferbot run)"
        status = await asyncio.to_thread(self._status, None)
        return render_reply(StatusShown(status=status), HELP)

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


class ConsoleAdapter:
    """The console as a ``ChatAdapter``: serves stdin until EOF."""

    name = "console"

    def __init__(self, context: AdapterContext, *, banner: bool = True) -> None:
        self.chat = ConsoleChat(context.service, out=context.stdout, status=context.status)
        self.sender = self.chat
        self._stdin = context.stdin
        self._banner = banner

    async def run(self) -> None:
        if self._banner:
            self.chat.banner()
        await self.chat.run(stream_lines(self._stdin))

    async def close(self) -> None:
        return None


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

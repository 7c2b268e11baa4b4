"""The console surface: a handler (:mod:`.handler`) and a text renderer (:mod:`.render`)."""

from adapters.chat.commands import BadCommand, Command, parse_command
from adapters.console.handler import (
    BANNER,
    CONSOLE_CHANNEL,
    USAGE,
    ConsoleAdapter,
    ConsoleChat,
    stream_lines,
)
from adapters.console.render import format_alert, render_reply

__all__ = [
    "BANNER",
    "CONSOLE_CHANNEL",
    "USAGE",
    "BadCommand",
    "Command",
    "ConsoleAdapter",
    "ConsoleChat",
    "format_alert",
    "parse_command",
    "render_reply",
    "stream_lines",
]

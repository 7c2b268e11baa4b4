"""Plain-text rendering of command replies and alerts for the console (pure).

Feed text is data on a terminal too: every field of an alert goes through :func:`safe`, which
drops control characters (C0 and C1: no escape sequence reaches the terminal), bidi overrides and
other format characters, makes it one line and caps its length; an alert shows at most
:data:`MAX_LINES` lines of news.
"""

from __future__ import annotations

import unicodedata

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
from bot.model import Alert

ELLIPSIS = "…"
#: Caps, in characters, of what a feed can put in an alert's line.
MAX_FIELD = 300
MAX_HEADLINE = 500
MAX_LINK = 2048
#: An alert (a digest) shows this many lines of news at the most, then says how many more.
MAX_LINES = 50


def safe(text: str, limit: int = MAX_FIELD) -> str:
    """``text`` printable on a terminal: one line, no control or format character, at most
    ``limit`` characters (cut with "…")."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "\t\n\r\v\f\x85\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(ch)
    folded = " ".join("".join(out).split())
    return folded if len(folded) <= limit else folded[: limit - 1].rstrip() + ELLIPSIS


def usage(help_reply: Help) -> str:
    width = max(len(usage) for usage, _ in help_reply.lines) + 2
    return "commands:\n" + "\n".join(
        f"  {usage:<{width}} {what}".rstrip() for usage, what in help_reply.lines
    )


def render_reply(reply: Reply, help_reply: Help) -> str:
    """The text the console prints for ``reply``."""
    match reply:
        case Followed(player=player, already=True):
            return f"Already following {player.name}."
        case Followed(player=player, saga=saga, typed=typed):
            answer = f"Now following {player.name}" + (f" (you typed {typed})." if typed else ".")
            return f"{answer}\n{saga.text()}" if saga is not None else answer
        case Unfollowed(player=player):
            return f"Stopped following {player.name}."
        case Following(players=(), broken=broken):
            return _with_note("This channel follows nobody yet. Try /follow <player>.", broken)
        case Following(players=players, broken=broken):
            names = "Following: " + ", ".join(player.name for player in players)
            return _with_note(names, broken)
        case SettingsShown(lines=lines, changed=changed, broken=broken):
            title = f"Set {changed}. Settings:" if changed else "Settings of this channel:"
            width = max(len(key) for key, _ in lines)
            rows = [f"  {key:<{width}}  {value}" for key, value in lines]
            footer = "Change one with /settings <key> <value>, e.g. /settings min_tier 1"
            return _with_note("\n".join([title, *rows, footer]), broken)
        case Latest(report=report):
            return report.text()
        case FeedAdded(feed=feed):
            return f"Added feed #{feed.id}: {feed.url}"
        case FeedRemoved(feed=feed):
            return f"Removed feed #{feed.id}: {feed.url}"
        case Feeds(listing=listing):
            return "\n".join(listing.lines())
        case StatusShown(status=status):
            return "\n".join(safe(line, MAX_HEADLINE) for line in status.lines())
        case Help():
            return usage(reply)
        case Failed(choices=choices) if choices or reply.create:
            return render_question(reply)
        case Failed(message=message, internal=True):
            return f"internal error: {message}"
        case Failed(message=message, usage=True):
            return f"error: {message}\n{usage(help_reply)}"
        case Failed(message=message):
            return f"error: {message}"
    raise TypeError(f"no console rendering for {type(reply).__name__}")  # pragma: no cover


def _with_note(text: str, note: str | None) -> str:
    return f"{text}\n⚠ {note}" if note else text


def question_commands(reply: Failed) -> tuple[str, ...]:
    """The commands of a question's numbered lines, in order (empty when it asks nothing)."""
    commands = [choice.command for choice in reply.choices]
    return (*commands, reply.create) if reply.create else tuple(commands)


def render_question(reply: Failed) -> str:
    """The bot asking back: the message's first sentence, then one numbered line per choice
    (typing the number runs it), then "follow anyway" when the name is new."""
    options = [*reply.choices]
    if reply.create:
        options.append(Choice(label="follow anyway", detail="", command=reply.create))
    lines = [reply.question or reply.message]
    if reply.create and reply.choices:
        lines.append("Did you mean:")
    for i, option in enumerate(options, 1):
        detail = f" ({option.detail})" if option.detail else ""
        lines.append(f"  {i}. {option.label}{detail}: {option.command}")
    lines.append("Type a number to choose.")
    return "\n".join(lines)


def format_alert(alert: Alert) -> str:
    """A readable multi-line alert."""
    stage = f" (stage: {safe(alert.stage)})" if alert.stage else ""
    lines = [f"*** {safe(alert.player)}{stage}"]
    for line in alert.lines[:MAX_LINES]:
        source = ""
        if line.source:
            tier = f", tier {line.tier}" if line.tier is not None else ""
            source = f" [{safe(line.source)}{tier}]"
        lines.append(f"  {safe(line.label)}: {safe(line.headline, MAX_HEADLINE)}{source}")
    if len(alert.lines) > MAX_LINES:
        lines.append(f"  … and {len(alert.lines) - MAX_LINES} more")
    when = alert.published.strftime("%Y-%m-%d %H:%M UTC")
    outlet = safe(alert.outlet)
    via = f"  via {outlet}, {when}" if outlet else f"  {when}"
    lines.append(via)
    if alert.link:
        lines.append(f"  {safe(alert.link, MAX_LINK)}")
    return "\n".join(lines)

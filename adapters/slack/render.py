"""Alerts and command replies as Block Kit messages (pure: no network, no clock).

:func:`to_slack_blocks` and :func:`alert_text` turn a ``bot.model.Alert`` into the ``blocks`` and
the notification ``text`` of one ``chat.postMessage``; :func:`render_reply` turns a typed reply of
the shared commands (:mod:`adapters.chat.replies`) into a :class:`SlackMessage` for ``ack()`` or
``respond()``. Every piece of feed or user text goes through :mod:`adapters.slack.mrkdwn`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from adapters.chat.commands import HELP
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
from adapters.slack.mrkdwn import (
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_SECTION,
    Block,
    button,
    clip,
    context,
    escape,
    fallback,
    fit,
    header,
    plain,
    safe_url,
    section,
)
from adapters.slack.saga import saga_blocks, saga_text
from bot.model import Alert, AlertLine, EventKind

DEFAULT_COMMAND = "/transfers"
OPEN_ARTICLE = "open_article"  # action_id of the link button (acked, nothing else to do)
#: action_id prefix of a question's buttons ("choose:0", …); the button's value is its command
CHOOSE = "choose"
MAX_BUTTONS = 25  # Slack's limit of elements in one actions block
MAX_VALUE = 2000  # Slack's limit of a button's value

_EMOJI = {
    EventKind.NEW_SAGA: ":new:",
    EventKind.STAGE: ":arrow_forward:",
    EventKind.FEE: ":moneybag:",
    EventKind.CONTRADICTION: ":twisted_rightwards_arrows:",
    EventKind.CORROBORATED: ":white_check_mark:",
    EventKind.REVIVED: ":recycle:",
    EventKind.CONTEXT: ":information_source:",
}
_SHARED_COMMAND = re.compile(r"(?<![\w/])/(follow|unfollow|following|latest|feeds|settings|help)\b")


@dataclass(frozen=True, slots=True, kw_only=True)
class SlackMessage:
    """One message: the notification ``text``, its ``blocks``, and whether the whole channel
    sees it (``in_channel``) or only the caller (``ephemeral``)."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    public: bool = False

    def payload(self) -> dict[str, Any]:
        """The body of ``ack()`` / ``respond()``."""
        return {
            "response_type": "in_channel" if self.public else "ephemeral",
            "text": self.text,
            "blocks": self.blocks,
        }


# --------------------------------------------------------------------------- alerts


def to_slack_blocks(alert: Alert) -> list[Block]:
    """The alert as Block Kit: a header, what is new (label, headline, source and tier), the
    saga's stage with the outlet and time, and a button to the article; at most 50 blocks."""
    blocks: list[Block] = [header(alert.player)]
    footer = [_footer(alert)]
    url = safe_url(alert.link)
    if url:
        label = f"Read on {alert.outlet}" if alert.outlet else "Read the article"
        footer.append({"type": "actions", "elements": [button(label, url, OPEN_ARTICLE)]})
    room = MAX_BLOCKS - len(blocks) - len(footer)
    lines = list(alert.lines)
    shown = lines if 2 * len(lines) <= room else lines[: (room - 1) // 2]
    for line in shown:
        blocks.append(
            section(
                f"{_EMOJI.get(line.event, '')} *{escape(line.label)}*\n"
                f"{escape(line.headline)}".strip()
            )
        )
        blocks.append(context(_source(line)))
    if len(shown) < len(lines):
        blocks.append(context(f"… and {len(lines) - len(shown)} more new claims in this article"))
    return [*blocks, *footer]


def alert_text(alert: Alert) -> str:
    """The notification text (shown where blocks are not: push notifications, some clients)."""
    if not alert.lines:
        return fallback(f"{alert.player}: news")
    first = alert.lines[0]
    more = f" (+{len(alert.lines) - 1} more)" if len(alert.lines) > 1 else ""
    return fallback(f"{alert.player} — {first.label}: {first.headline}{more}")


def _source(line: AlertLine) -> str:
    if not line.source:
        return "Source: unattributed"
    tier = f" · tier {line.tier}" if line.tier is not None else ""
    return f"Source: *{escape(line.source)}*{tier}"


def _footer(alert: Alert) -> Block:
    stage = f"Stage: *{escape(alert.stage)}*" if alert.stage else "Stage: none yet"
    stamp = int(alert.published.timestamp())
    utc = f"{alert.published:%Y-%m-%d %H:%M} UTC"
    when = f"<!date^{stamp}^{{date_short_pretty}} {{time}}|{utc}>"
    via = f"via {escape(alert.outlet)} · {when}" if alert.outlet else when
    return context(stage, via)


# --------------------------------------------------------------------------- replies


def render_reply(reply: Reply, command: str = DEFAULT_COMMAND) -> SlackMessage:
    """The message answering ``reply``; ``command`` is the slash command's name (help texts)."""
    public = reply.public
    match reply:
        case Followed(player=player, already=True):
            return _say(f"Already following *{escape(player.name)}* here.", public)
        case Followed(player=player, saga=saga, typed=typed):
            you_typed = f" (you typed _{escape(typed)}_)" if typed else ""
            said = f"Now following *{escape(player.name)}* in this channel{you_typed}."
            if saga is None:
                return _say(said, public)
            blocks = [section(said), *saga_blocks(saga)][:MAX_BLOCKS]
            return SlackMessage(
                text=fallback(f"Now following {player.name}"), blocks=blocks, public=public
            )
        case Unfollowed(player=player):
            return _say(f"Stopped following *{escape(player.name)}*.", public)
        case Following(players=(), broken=broken):
            return _say(
                f"This channel follows nobody yet. Try `{escape(command + ' follow <player>')}`."
                + _note(broken, command),
                public,
            )
        case Following(players=players, broken=broken):
            names = ", ".join(escape(p.name) for p in players)
            return _say(f"*Following* ({len(players)}): {names}{_note(broken, command)}", public)
        case SettingsShown(lines=shown, changed=changed, broken=broken):
            title = f"Set `{escape(changed)}`." if changed else "*Settings of this channel*"
            rows = "\n".join(f"`{escape(key)}` {escape(value)}" for key, value in shown)
            how = escape(f"{command} settings <key> <value>")
            blocks = [section(f"{title}\n{rows}{_note(broken, command)}")]
            blocks.append(
                context(f"Change one with `{how}`, e.g. `{escape(command)} settings min_tier 1`")
            )
            return SlackMessage(
                text=fallback("Settings of this channel"), blocks=blocks, public=public
            )
        case Latest(report=report):
            return SlackMessage(
                text=fallback(saga_text(report)), blocks=saga_blocks(report), public=public
            )
        case FeedAdded(feed=feed):
            return _say(f"Added feed #{feed.id}: {escape(feed.url)}", public)
        case FeedRemoved(feed=feed):
            return _say(f"Removed feed #{feed.id}: {escape(feed.url)}", public)
        case Feeds(listing=listing):
            lines = [escape(slash_words(line, command)) for line in listing.lines()]
            if not listing.feeds:
                return _say("\n".join(lines) or "No feeds yet.", public)
            count = len(listing.feeds)
            blocks = [
                section(f"*{count} feed{'s' if count != 1 else ''}* (`*` added from here)"),
                *(section(chunk) for chunk in _chunks(lines)),
            ]
            return SlackMessage(
                text=f"{count} feed{'s' if count != 1 else ''}",
                blocks=fit(blocks),
                public=public,
            )
        case StatusShown(status=status):
            return _say("\n".join(escape(line) for line in status.lines()), public)
        case Help():
            return _say(help_text(reply, command), public)
        case Failed(choices=choices, create=create) if choices or create:
            return question(reply, command)
        case Failed(message=message, internal=True):
            return _say(f":x: {escape(slash_words(message, command))}", public)
        case Failed(message=message, usage=True):
            text = f":warning: {escape(slash_words(message, command))}"
            return _say(f"{text}\n{help_text(None, command)}", public)
        case Failed(message=message, refused=True):
            return _say(f":no_entry: {escape(slash_words(message, command))}", public)
        case Failed(message=message):
            return _say(f":warning: {escape(slash_words(message, command))}", public)
    raise TypeError(f"no Slack rendering for {type(reply).__name__}")  # pragma: no cover


def question(reply: Failed, command: str = DEFAULT_COMMAND) -> SlackMessage:
    """The bot asking back: the question, one line per choice with the exact command to type,
    and a button per choice (plus "Follow anyway" for a new name) whose value is that command."""
    options = list(reply.choices)
    if reply.create:
        options.append(Choice(label="Follow anyway", detail="", command=reply.create))
    head = escape(slash_words(reply.question or reply.message, command))
    if reply.create and reply.choices:
        head += "\nDid you mean:"
    rows = []
    for option in options:
        detail = f" ({escape(option.detail)})" if option.detail else ""
        typed = escape(slash_words(option.command, command)).replace("`", "'")
        rows.append(f"• *{escape(option.label)}*{detail}: `{typed}`")
    texts = [section(f":question: {head}"), *(section(chunk) for chunk in _chunks(rows))]
    buttons = [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": plain(option.label, MAX_BUTTON_TEXT)},
            "action_id": f"{CHOOSE}:{number}",
            "value": option.command,
            **({"style": "primary"} if option.command == reply.create else {}),
        }
        for number, option in enumerate(options)
        if len(option.command) <= MAX_VALUE
    ][:MAX_BUTTONS]
    blocks = fit(texts)[: MAX_BLOCKS - 1]  # room for the buttons, whatever the rows
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    return SlackMessage(
        text=fallback(slash_words(reply.question or reply.message, command)),
        blocks=blocks,
        public=reply.public,
    )


def _note(broken: str | None, command: str) -> str:
    """Why the channel gets no alerts, on a line of its own (empty when it gets them)."""
    return f"\n:warning: {escape(slash_words(broken, command))}" if broken else ""


def help_text(reply: Help | None, command: str = DEFAULT_COMMAND) -> str:
    """The command list as mrkdwn, each usage written as a subcommand of ``command``."""
    lines = (reply or HELP).lines
    rows = [f"`{escape(slash_words(usage, command))}` {escape(what)}" for usage, what in lines]
    return f"*{escape(command)}* commands:\n" + "\n".join(rows)


def slash_words(text: str, command: str = DEFAULT_COMMAND) -> str:
    """The shared commands' ``/follow`` written the Slack way: ``/transfers follow``."""
    return _SHARED_COMMAND.sub(lambda m: f"{command} {m.group(1)}", text)


def _say(text: str, public: bool) -> SlackMessage:
    clipped = clip(text, MAX_SECTION)
    return SlackMessage(text=clipped, blocks=[section(clipped)], public=public)


def _chunks(lines: list[str]) -> list[str]:
    """Lines joined into sections of at most :data:`MAX_SECTION` characters."""
    chunks: list[str] = []
    current = ""
    for raw in lines:
        line = clip(raw, MAX_SECTION)
        if current and len(current) + 1 + len(line) > MAX_SECTION:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks

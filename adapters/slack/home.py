"""What a workspace follows, as a Block Kit view (pure: no network, no clock).

:func:`home_view` is the App Home tab (``views.publish``), :func:`modal_view` the same content
in the global shortcut's modal (``views.open`` / ``views.update``). Both take a
:class:`Overview` that :mod:`adapters.slack.workspace` gathers. Player names and stages come from
users and feeds: every piece goes through :mod:`adapters.slack.mrkdwn`, so nothing in them can
ping a channel, a user or a group, or become a link. A view holds at most :data:`MAX_VIEW_BLOCKS`
blocks (Slack's limit for Home tabs and modals); channels past that are counted, not dropped
silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from adapters.slack.mrkdwn import (
    MAX_CONTEXT_TEXT,
    MAX_SECTION,
    Block,
    clip,
    context,
    divider,
    escape,
    header,
    plain,
    section,
)
from adapters.slack.render import DEFAULT_COMMAND, slash_words
from bot.channels import TIER_MEANING
from bot.model import SagaStatus
from bot.records import ChannelSettings, SagaView
from bot.summaries import stage_name

MAX_VIEW_BLOCKS = 100  # Home tab and modal
MAX_MODAL_TITLE = 24
SHORTCUT = "what_we_follow"  # callback_id of the global shortcut (as in the manifest)
TITLE = "What this workspace follows"
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,20}")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlayerLine:
    """One player a channel follows; ``stage``: his current saga in words, None when not looked
    up (too many players to ask about)."""

    name: str
    stage: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelFollows:
    channel_id: str
    name: str  # the channel's name as Slack gave it (shown when the id is not a channel id)
    players: tuple[PlayerLine, ...]
    settings: ChannelSettings | None = None  # None: not shown to this user
    broken: str | None = None  # why the channel gets no alerts


@dataclass(frozen=True, slots=True, kw_only=True)
class Overview:
    """What the channels of one workspace follow, as one user may see it."""

    channels: tuple[ChannelFollows, ...]
    now: datetime
    settings_shown: bool = False  # the user may see the channels' settings
    settings_rule: str = "workspace admins and owners"  # who may, in words
    error: str | None = None  # why the channel list is missing or incomplete
    more_channels: bool = False  # Slack had more channels than were read
    unstaged: int = 0  # players whose stage was not looked up
    channels_read: int = 0  # how many channels were looked at
    command: str = DEFAULT_COMMAND


def current_stage(sagas: Sequence[SagaView]) -> str:
    """A player's saga in a few words: the newest open saga naming a club (else the newest),
    e.g. ``Real Madrid (transfer): medical``; "no news yet" without any."""
    if not sagas:
        return "no news yet"
    named = [v for v in sagas if v.state.key.counterpart != "*"]
    pool = [v for v in named if v.state.status is SagaStatus.OPEN] or named
    if not pool:
        return "reports naming no club"
    state = max(pool, key=lambda v: v.state.last_seen).state
    status = "" if state.status is SagaStatus.OPEN else f", {state.status.value}"
    more = f" (+{len(named) - 1} more)" if len(named) > 1 else ""
    return (
        f"{state.key.counterpart} ({state.key.deal.value}): {stage_name(state.stage)}{status}{more}"
    )


def settings_summary(settings: ChannelSettings) -> str:
    """A channel's settings on one line of escaped mrkdwn."""
    quiet = settings.quiet_hours
    parts = [
        f"min tier {settings.min_tier} ({TIER_MEANING[settings.min_tier]})",
        f"threads {'on' if settings.threads else 'off'}",
        f"{settings.mode.value}"
        + (f" at {settings.digest_hour:02d}:00" if settings.mode.value == "digest" else ""),
        f"quiet hours {quiet.start:%H:%M}-{quiet.end:%H:%M}" if quiet else "no quiet hours",
        settings.timezone,
    ]
    return ":gear: " + " · ".join(escape(part) for part in parts)


def overview_blocks(overview: Overview) -> list[Block]:
    """The blocks of the Home tab and of the modal: at most :data:`MAX_VIEW_BLOCKS`."""
    command = overview.command
    follow = escape(f"{command} follow <player>")
    following = [c for c in overview.channels if c.players]
    top: list[Block] = [header(TITLE)]
    if overview.error:
        top.append(section(f":warning: {escape(overview.error)}"))
    if not following:
        if not overview.error:
            top.append(
                section(
                    "No channel of this workspace follows anyone yet.\n"
                    f"In a channel, type `{follow}` (e.g. `{escape(command)} follow Jude "
                    "Bellingham`): the bot then posts there only what is *new* about him: a new "
                    "stage, a fee, a new club, a contradiction."
                )
            )
        top.append(context(_help_line(overview)))
        return top
    players = {p.name for c in following for p in c.players}
    many = len(following)
    top.append(
        context(
            f"{many} channel{_s(many)} follow{'s' if many == 1 else ''} "
            f"{len(players)} player{_s(len(players))} · as of {overview.now:%Y-%m-%d %H:%M} UTC"
        )
    )
    top.append(divider())
    tail = [divider(), context(_help_line(overview))]
    room = MAX_VIEW_BLOCKS - len(top) - len(tail)
    per_channel = [_channel_blocks(c, command) for c in following]
    body: list[Block] = []
    shown = 0
    for blocks in per_channel:
        left = len(per_channel) - shown
        reserve = 1 if left > 1 else 0  # the "… more channels" line, if any is left out
        if len(body) + len(blocks) + reserve > room:
            break
        body.extend(blocks)
        shown += 1
    if shown < len(per_channel):
        rest = len(per_channel) - shown
        body.append(
            context(
                f"… and {rest} more channel{_s(rest)} following players: "
                f"`{escape(command)} following` in each"
            )
        )
    return [*top, *body, *tail]


def home_view(overview: Overview) -> Block:
    """The App Home tab (``views.publish``)."""
    return {"type": "home", "blocks": overview_blocks(overview)}


def modal_view(overview: Overview | None, *, title: str = "What we follow") -> Block:
    """The shortcut's modal: the overview, or a loading notice while it is gathered."""
    blocks = (
        overview_blocks(overview)
        if overview is not None
        else [section(":hourglass_flowing_sand: Looking at this workspace's channels…")]
    )
    return {
        "type": "modal",
        "callback_id": SHORTCUT,
        "title": {"type": "plain_text", "text": plain(title, MAX_MODAL_TITLE)},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": blocks,
    }


def _channel_blocks(follows: ChannelFollows, command: str) -> list[Block]:
    where = (
        f"<#{follows.channel_id}>"
        if _CHANNEL_ID.fullmatch(follows.channel_id)
        else f"#{escape(follows.name or follows.channel_id)}"
    )
    count = len(follows.players)
    head = f"*{where}* follows {count} player{_s(count)}:"
    lines: list[str] = []
    used = len(head)
    for i, player in enumerate(follows.players):
        stage = f" · {escape(player.stage)}" if player.stage else ""
        line = f"\n• *{escape(player.name)}*{stage}"
        rest = count - i - 1
        reserve = len(f"\n… and {rest} more") if rest else 0
        if used + len(line) + reserve > MAX_SECTION:
            if not lines:  # even the first is too long: show it cut
                lines.append(clip(line, MAX_SECTION - used - reserve))
            if count > len(lines):
                lines.append(f"\n… and {count - len(lines)} more")
            break
        lines.append(line)
        used += len(line)
    blocks = [section(head + "".join(lines))]
    notes: list[str] = []
    if follows.settings is not None:
        notes.append(settings_summary(follows.settings))
    if follows.broken:
        notes.append(f":warning: {escape(slash_words(follows.broken, command))}")
    if notes:
        blocks.append(context(*(clip(n, MAX_CONTEXT_TEXT) for n in notes)))
    return blocks


def _help_line(overview: Overview) -> str:
    command = escape(overview.command)
    parts = [f"`{command} help` lists the commands"]
    if overview.channels_read:
        read = overview.channels_read
        parts.append(f"{read} public channel{_s(read)} looked at")
    if overview.more_channels:
        parts.append("the workspace has more channels than were read")
    if overview.unstaged:
        parts.append(
            f"stage not shown for {overview.unstaged} player{_s(overview.unstaged)}: "
            f"`{escape(overview.command + ' latest <player>')}`"
        )
    if not overview.settings_shown and any(c.players for c in overview.channels):
        parts.append(f"channel settings are shown to {escape(overview.settings_rule)}")
    return " · ".join(parts)


def _s(count: int) -> str:
    return "" if count == 1 else "s"

"""Alerts, sagas and command replies as Discord embeds and messages (pure: no network).

:func:`to_discord_embed` turns an ``Alert`` into the embed a channel gets; :func:`to_saga_embed`
renders ``/latest``; :func:`render_reply` any typed reply of the shared commands. Every text
from a feed or a user goes through :func:`adapters.discord.limits.neutral`, and every embed is
fitted to Discord's limits by :class:`adapters.discord.limits.Card`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import discord

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
from adapters.discord import limits
from adapters.discord.limits import Card, neutral, plain
from bot.model import Alert, AlertLine, EventKind, SagaStatus
from bot.records import ClaimView, SagaView
from bot.service import SagaReport
from bot.summaries import NEWEST_CLAIMS, TIMELINE_ENTRIES, event_label, headline, stage_name

#: One colour per event kind; a setback (a STAGE event of a negative kind) is orange.
COLOURS: dict[EventKind, int] = {
    EventKind.NEW_SAGA: 0x3498DB,  # blue
    EventKind.STAGE: 0x2ECC71,  # green
    EventKind.FEE: 0xF1C40F,  # gold
    EventKind.CONTRADICTION: 0xE74C3C,  # red
    EventKind.CORROBORATED: 0x1ABC9C,  # teal
    EventKind.REVIVED: 0x9B59B6,  # purple
    EventKind.CONTEXT: 0x95A5A6,  # grey
}
SETBACK = 0xE67E22  # orange
SAGA_COLOUR = 0x5865F2  # Discord blurple
NO_MENTIONS = discord.AllowedMentions.none()


def colour(line: AlertLine) -> int:
    if line.event is EventKind.STAGE and line.label.startswith("SETBACK"):
        return SETBACK
    return COLOURS[line.event]


def _source(line: AlertLine) -> str:
    if not line.source:
        return "unattributed"
    tier = f" · tier {line.tier}" if line.tier is not None else ""
    return f"{neutral(line.source, 200)}{tier}"


def to_discord_embed(alert: Alert) -> discord.Embed:
    """The embed of one alert: what is new (title), each new claim with its event kind, source
    and tier, the saga's stage, the outlet, the link and the publish time."""
    first = alert.lines[0] if alert.lines else None
    title = neutral(first.headline, limits.TITLE) if first else f"News about {alert.player}"
    body = [
        f"**{neutral(line.label, 120)}** — {neutral(line.headline, 600)}\n{_source(line)}"
        for line in alert.lines
    ]
    card = Card(
        title=title,
        url=limits.safe_url(alert.link),
        description="\n\n".join(body),
        colour=colour(first) if first else COLOURS[EventKind.CONTEXT],
        timestamp=alert.published,
        author=alert.player,
        footer=f"via {plain(alert.outlet)}" if alert.outlet.strip() else "",
        fields=[("Saga stage", neutral(stage_name(alert.stage), 200), True)],
    )
    if first is not None:
        card.fields.append(("Source", _source(first), True))
    if alert.outlet.strip():
        card.fields.append(("Outlet", neutral(alert.outlet, 200), True))
    return card.embed()


# --------------------------------------------------------------------------- /latest


def _saga_order(view: SagaView) -> tuple[bool, float]:
    # deals with a club first (most recent first), reports naming no club last
    return (view.state.key.counterpart == "*", -view.state.last_seen.timestamp())


def _saga_name(view: SagaView) -> str:
    state = view.state
    if state.key.counterpart == "*":
        return "Reports naming no club"
    status = "" if state.status is SagaStatus.OPEN else f" · {state.status.value}"
    return (
        f"{neutral(state.key.counterpart, 100)} ({state.key.deal.value}) · "
        f"stage {neutral(stage_name(state.stage), 60)}{status}"
    )


def _claim_line(view: ClaimView, siblings: Sequence[ClaimView]) -> str:
    record, claim = view.record, view.claim
    if claim.source is not None:
        src = f"{neutral(claim.source.name, 80)} (tier {claim.source.tier})"
    else:
        src = neutral(claim.carrier or "unattributed", 80)
    outlets = f"{record.outlets} outlet{'s' if record.outlets != 1 else ''}"
    contradicted = any(
        s.record.kind is record.kind
        and s.record.polarity != record.polarity
        and s.claim.counterpart == claim.counterpart
        for s in siblings
    )
    flag = " ⚠ contradicted" if contradicted else ""
    return f"• {record.last_seen:%Y-%m-%d} {neutral(headline(claim), 300)} — {src}, {outlets}{flag}"


def _fit_lines(lines: Sequence[str], limit: int) -> str:
    """As many whole lines as fit in ``limit``, then how many were left out."""
    out: list[str] = []
    for number, line in enumerate(lines):
        rest = len(lines) - number
        note = f"… and {rest} more" if rest else ""
        candidate = "\n".join([*out, line])
        if limits.units(candidate) + (limits.units(note) + 1 if rest > 1 else 0) > limit:
            return "\n".join([*out, f"… and {rest} more"])
        out.append(line)
    return "\n".join(out)


def to_saga_embed(report: SagaReport) -> discord.Embed:
    """``/latest`` as an embed: one field per saga (its stage and newest claims with their
    sources), then a short timeline; within Discord's limits however long the saga."""
    player = report.player.name
    if not report.sagas:
        return Card(
            title=f"{player}: no transfer news yet",
            description="I'll post in the channels that follow him when there is.",
            colour=SAGA_COLOUR,
        ).embed()
    count = len(report.sagas)
    card = Card(
        title=f"{player} — {count} saga{'s' if count != 1 else ''}",
        colour=SAGA_COLOUR,
        timestamp=report.now,
        footer="newest claims first · /follow to get alerts",
    )
    summary = []
    for view in sorted(report.sagas, key=_saga_order):
        newest = sorted(view.claims, key=lambda c: c.record.last_seen, reverse=True)
        lines = [_claim_line(c, view.claims) for c in newest[:NEWEST_CLAIMS]]
        if len(newest) > NEWEST_CLAIMS:
            lines.append(f"… and {len(newest) - NEWEST_CLAIMS} older claims")
        value = _fit_lines(lines, limits.FIELD_VALUE) or "no claims kept"
        card.fields.append((_saga_name(view), value, False))
        summary.append(f"**{_saga_name(view)}** · last news {view.state.last_seen:%Y-%m-%d}")
    card.description = _fit_lines(summary, 1500)
    timeline = sorted((t for v in report.sagas for t in v.timeline), key=lambda t: t.at)
    if timeline:
        entries = [
            f"{t.at:%Y-%m-%d} **{neutral(event_label(t.event), 80)}** "
            f"{neutral(headline(t.event.claim), 200)}"
            for t in timeline[-TIMELINE_ENTRIES:]
        ]
        # the timeline goes first among the fields so that a cut of the total never drops it
        card.fields.insert(0, ("Timeline", _fit_lines(entries, limits.FIELD_VALUE), False))
    return card.embed()


# --------------------------------------------------------------------------- command replies


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    """What one reply posts: text and/or embeds, for the channel or only for the caller."""

    content: str | None = None
    embeds: tuple[discord.Embed, ...] = ()
    ephemeral: bool = True
    buttons: tuple[tuple[str, str], ...] = ()  # (label, custom_id): a question's answers


def _noted(text: str, note: str | None) -> str:
    """``text``, and why the channel gets no alerts when it gets none, within a message."""
    if not note:
        return limits.clip(text, limits.CONTENT)
    warning = f"\n⚠️ {neutral(note, 1000)}"  # kept whole: the list is cut first
    return limits.clip(text, limits.CONTENT - len(warning)) + warning


def _help_embed(reply: Help) -> discord.Embed:
    lines = [f"`{usage}` — {what}" for usage, what in reply.lines]
    card = Card(title="transferbot commands", description="\n".join(lines), colour=SAGA_COLOUR)
    return card.embed()


def _code_block(lines: Sequence[str]) -> str:
    body = "\n".join(plain(line).replace("`", "ˋ") for line in lines)
    return "```\n" + limits.clip(body, limits.DESCRIPTION - 8) + "\n```"


def _link(url: str) -> str:
    """A URL as an unfurl-free link, or as inert text when it is not a plain http(s) URL."""
    safe = limits.safe_url(url)
    return f"<{safe}>" if safe else neutral(url, 1800)


def render_reply(reply: Reply, *, channel_id: int | None = None) -> Message:
    """The message that answers ``reply``; ``channel_id``: where a follow's alerts will go."""
    private = not reply.public
    match reply:
        case Followed(player=player, already=True):
            return Message(content=f"Already following **{neutral(player.name, 100)}**.")
        case Followed(player=player, saga=saga, typed=typed):
            name = f"**{neutral(player.name, 100)}**"
            if typed:
                name += f" (you typed {neutral(typed, 100)})"
            if channel_id:
                text = f"Now following {name}: his alerts go to <#{channel_id}>."
            else:
                text = f"Now following {name}: alerts land here when something new is said."
            embeds = (to_saga_embed(saga),) if saga is not None else ()
            return Message(content=text, embeds=embeds, ephemeral=private)
        case Unfollowed(player=player):
            return Message(content=f"Stopped following **{neutral(player.name, 100)}**.")
        case Following(players=(), broken=broken):
            return Message(
                content=_noted("This channel follows nobody yet. Try `/follow`.", broken)
            )
        case Following(players=players, broken=broken):
            names = ", ".join(neutral(p.name, 100) for p in players)
            return Message(content=_noted(f"Following: {names}", broken))
        case SettingsShown(lines=lines, changed=changed, broken=broken):
            card = Card(
                title=f"Set {changed}" if changed else "Settings of this channel",
                description=f"⚠️ {neutral(broken, 1000)}" if broken else "",
                colour=SETBACK if broken else SAGA_COLOUR,
                footer="/settings with one option changes it, e.g. /settings min_tier:1",
                fields=[(key, neutral(value, 200), True) for key, value in lines],
            )
            return Message(embeds=(card.embed(),))
        case Latest(report=report):
            return Message(embeds=(to_saga_embed(report),), ephemeral=private)
        case FeedAdded(feed=feed):
            return Message(content=f"Added feed #{feed.id}: {_link(feed.url)}")
        case FeedRemoved(feed=feed):
            return Message(content=f"Removed feed #{feed.id}: {_link(feed.url)}")
        case Feeds(listing=listing):
            embed = Card(
                title="Feeds (* added here)",
                description=_code_block(listing.lines()),
                colour=SAGA_COLOUR,
            ).embed()
            return Message(embeds=(embed,))
        case StatusShown(status=status):
            text = "\n".join(neutral(line, 400) for line in status.lines())
            return Message(content=limits.clip(text, limits.CONTENT), ephemeral=private)
        case Help():
            return Message(embeds=(_help_embed(reply),))
        case Failed(choices=choices, create=create) if choices or create:
            return Message(content=question_text(reply), buttons=question_buttons(reply))
        case Failed(message=message, internal=True):
            return Message(content=f"Sorry, that failed on my side: {neutral(message, 1500)}")
        case Failed(message=message, refused=True):
            return Message(content=f"🚫 {neutral(message, 1800)}")
        case Failed(message=message):
            return Message(content=f"⚠️ {neutral(message, 1800)}")
    raise TypeError(f"no Discord rendering for {type(reply).__name__}")  # pragma: no cover


# --------------------------------------------------------------------------- questions

#: custom_id of a question's button: this prefix, then the shared command it runs
CHOOSE_PREFIX = "tb:"
MAX_CUSTOM_ID = 100  # Discord's limits
MAX_BUTTON_LABEL = 80
MAX_BUTTONS = 25  # five rows of five
_PLAYER_OPTION = re.compile(r"^/(follow|latest) (?!player:)")


def discord_command(command: str) -> str:
    """A shared command as one types it in Discord: ``/follow player:Bruno Fernandes``."""
    return _PLAYER_OPTION.sub(r"/\1 player:", command)


def question_options(reply: Failed) -> list[Choice]:
    """The answers a question offers, in order: its choices, then "Follow anyway"."""
    options = list(reply.choices)
    if reply.create:
        options.append(Choice(label="Follow anyway", detail="", command=reply.create))
    return options


def question_text(reply: Failed) -> str:
    """The bot asking back, as text: the question, then one numbered line per answer with the
    exact command to type (what a button would run)."""
    asked = reply.question or reply.message
    if reply.create:  # the command is on its own line below
        asked = asked.replace(f" (`{reply.create}`)", "")
    lines = [f"❓ {neutral(asked, 300)}"]
    if reply.create and reply.choices:
        lines.append("Did you mean:")
    for number, option in enumerate(question_options(reply), 1):
        detail = f" ({neutral(option.detail, 200)})" if option.detail else ""
        typed = plain(discord_command(option.command)).replace("`", "ˋ")
        lines.append(
            f"{number}. **{neutral(option.label, 100)}**{detail}: `{limits.clip(typed, 200)}`"
        )
    return limits.clip("\n".join(lines), limits.CONTENT)


def question_buttons(reply: Failed) -> tuple[tuple[str, str], ...]:
    """(label, custom_id) of a question's buttons; an answer whose command is too long for a
    custom_id has none (its line in the text says what to type)."""
    out = []
    for option in question_options(reply):
        custom_id = CHOOSE_PREFIX + option.command
        if len(custom_id) <= MAX_CUSTOM_ID:
            out.append((limits.clip(plain(option.label) or "-", MAX_BUTTON_LABEL), custom_id))
    return tuple(out[:MAX_BUTTONS])

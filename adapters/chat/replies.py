"""Typed answers to chat commands: each surface renders them (text, embeds, Block Kit).

``public`` says whether the answer is for the whole channel (a follow, a saga) or only for the
caller (lists, settings, errors): Discord and Slack answer the latter ephemerally.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import Feed, Player
from bot.records import ChannelSettings, DeliveryStatus
from bot.service import FeedListing, SagaReport


@dataclass(frozen=True, slots=True, kw_only=True)
class Followed:
    player: Player
    typed: str  # what the caller typed when he gets another spelling ("TAA"), else ""
    already: bool
    saga: SagaReport | None  # his saga so far, on a new follow of a player with history
    public = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Unfollowed:
    player: Player
    public = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Following:
    players: tuple[Player, ...]
    broken: str | None = None  # why the channel gets no alerts (``bot.channels.broken_note``)
    public = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SettingsShown:
    """The channel's settings; ``changed``: the key just set, if any. ``lines`` are (key, value
    in words) pairs (``bot.channels.describe``), ``broken`` why no alert reaches the channel."""

    settings: ChannelSettings
    lines: tuple[tuple[str, str], ...]
    changed: str | None = None
    broken: str | None = None
    public = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Latest:
    report: SagaReport
    public = True


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedAdded:
    feed: Feed
    public = False


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedRemoved:
    feed: Feed
    public = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Feeds:
    listing: FeedListing
    public = False


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusShown:
    """``/status``: the channel's alerts given up, whether the platform refuses it, what is
    still to go (``bot.delivery.DeliveryStatus``)."""

    status: DeliveryStatus
    public = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Help:
    """The command list; ``lines`` are (usage, what it does) pairs."""

    lines: tuple[tuple[str, str], ...]
    public = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """One answer to a question the bot asks back: a player to pick (``command`` picks him, a
    surface may show it as a button or a numbered line), or "follow anyway"."""

    label: str  # "Bernardo Silva", or the typed name for "follow anyway"
    detail: str  # "Manchester City, midfielder, Portugal, born 1994"
    command: str  # "/follow Bernardo Silva"


@dataclass(frozen=True, slots=True, kw_only=True)
class Failed:
    """A command that did nothing: ``message`` says why, for the caller.

    ``usage``: the command was malformed (show the help); ``refused``: the caller may not do it;
    ``internal``: the bot failed (logged), not the caller. ``choices``: the bot asks back
    (several players carry the name typed, or close names to an unknown one); ``create``: the
    command that follows an unknown name anyway (``/follow Nobody Atall --new``). ``message``
    says all of it in plain text, for a surface that shows no buttons.
    """

    message: str
    usage: bool = False
    refused: bool = False
    internal: bool = False
    choices: tuple[Choice, ...] = ()
    create: str | None = None
    question: str = ""  # the message without its list of choices, to show above them
    public = False


Reply = (
    Followed
    | Unfollowed
    | Following
    | Latest
    | FeedAdded
    | FeedRemoved
    | Feeds
    | SettingsShown
    | StatusShown
    | Help
    | Failed
)

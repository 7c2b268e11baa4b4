"""What a chat surface is, what it is given, and what it may call.

:class:`ChatAdapter` is a running surface: a ``ChatSender`` for alerts plus ``run()`` serving its
users. :class:`AdapterContext` is what the registry hands a factory. :class:`Caller` is who sent
a command, as the surface knows it. :class:`ChatService` is the part of ``bot.service.Service``
that the shared commands call.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from adapters.settings import Settings
from bot.model import Channel, Feed, Player
from bot.ports import ChatSender
from bot.records import ChannelSettings, DeliveryStatus
from bot.service import FeedListing, FollowResult, SagaReport


class ChatService(Protocol):
    """The use cases the chat commands call (``bot.service.Service`` has them)."""

    def follow(self, channel: Channel, name: str, *, new: bool = False) -> FollowResult: ...

    def unfollow(self, channel: Channel, name: str) -> Player: ...

    def following(self, channel: Channel) -> list[Player]: ...

    def saga(self, name: str) -> SagaReport: ...

    def suggest(self, prefix: str, limit: int = 10) -> list[str]: ...

    async def add_feed(self, channel: Channel | None, url: str) -> Feed: ...

    def remove_feed(self, channel: Channel | None, url_or_id: str) -> Feed: ...

    def feeds(self, channel: Channel | None) -> FeedListing: ...

    def channel_settings(self, channel: Channel) -> ChannelSettings: ...

    def change_setting(self, channel: Channel, key: str, value: str) -> ChannelSettings: ...

    def delivery_status(self, channel: Channel) -> DeliveryStatus: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Caller:
    """Who sent a command: the channel it came from (None in a direct message) and whether the
    surface says they may manage the bot there (Discord: Manage Server or the admin role; Slack:
    a workspace admin; the console: always)."""

    channel: Channel | None
    can_manage: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AdapterContext:
    """What a factory may use to build its adapter."""

    settings: Settings
    service: ChatService
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    #: the outbox's state for an admin's ``/status`` (a channel's, or all with None)
    status: Callable[[Channel | None], DeliveryStatus] | None = None


class ChatAdapter(Protocol):
    """A running chat surface.

    ``run()`` returns when the surface is done (the console at EOF); the composition root then
    stops the bot if no other adapter is left. ``close()`` releases connections.
    """

    name: str

    @property
    def sender(self) -> ChatSender:
        """Where alerts for this platform are sent."""
        ...

    async def run(self) -> None: ...

    async def close(self) -> None: ...

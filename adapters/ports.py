"""What the adapters' own machinery asks of the core, as small Protocols: the scheduler's jobs and
the replay's service. The chat surfaces' contract is :mod:`adapters.chat.base`; the core's ports
(store, fetcher, sender) are :mod:`bot.ports`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from bot.ingest import IngestReport
from bot.model import Article, Channel
from bot.ports import ChatSender


class DuePoller(Protocol):
    async def poll_due(self) -> object:
        """Poll every feed that is due; returns whatever the poller reports."""
        ...


class Deliverer(Protocol):
    async def deliver(self, senders: Mapping[str, ChatSender]) -> int:
        """Send pending alerts through the senders; the number sent."""
        ...


class Follows(Protocol):
    def follow(self, channel: Channel, name: str, *, new: bool = False) -> object:
        """``new``: a name nobody knows is followed as a new player (no question asked)."""
        ...


class Ingests(Protocol):
    def read(self, article: Article, *, silent: bool = False) -> IngestReport: ...

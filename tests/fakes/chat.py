"""The recording fake chat sender that ships with the tests (STYLE §4): any surface's stand-in."""

from __future__ import annotations

from bot.errors import ChannelGoneError, DeliveryError
from bot.model import Alert, Channel
from bot.records import Sent


class RecordingSender:
    """A ``bot.ports.ChatSender`` that records what it is given.

    ``fail``: the first N sends raise ``DeliveryError`` (a transient failure);
    ``gone``: every send raises ``ChannelGoneError`` (the channel is gone). Each accepted
    alert gets a message id ``m1``, ``m2`` …; one sent in a thread reports the thread's id
    (its root's, as on Slack). ``threads`` False: a thread cannot be had (its first alert was
    deleted), so every alert is posted in the channel.
    """

    def __init__(
        self, platform: str = "console", fail: int = 0, *, gone: bool = False, threads: bool = True
    ) -> None:
        self.platform = platform
        self.alerts: list[Alert] = []
        self.notices: list[tuple[Channel, str]] = []
        self.told: list[tuple[Channel, str]] = []  # tell_admins calls for a refused channel
        self.given_up: list[tuple[Channel, str, str]] = []  # (channel, reason, alert title)
        self._fail = fail
        self._gone = gone
        self.threads = threads

    async def send(self, alert: Alert) -> Sent:
        if self._gone:
            raise ChannelGoneError("channel not found")
        if self._fail:
            self._fail -= 1
            raise DeliveryError("platform said no")
        self.alerts.append(alert)
        thread = alert.thread.thread or alert.thread.root if alert.thread else None
        if not self.threads:
            thread = None
        return Sent(message_id=f"m{len(self.alerts)}", thread_id=thread)

    async def send_notice(self, channel: Channel, text: str) -> None:
        self.notices.append((channel, text))

    async def tell_admins(self, channel: Channel, reason: str, *, alert: str | None = None) -> None:
        if alert is None:
            self.told.append((channel, reason))
        else:
            self.given_up.append((channel, reason, alert))

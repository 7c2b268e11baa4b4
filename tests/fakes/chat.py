"""The recording fake chat sender that ships with the tests (STYLE §4): any surface's stand-in."""

from __future__ import annotations

from bot.errors import DeliveryError, PermanentDeliveryError
from bot.model import Alert, Channel


class RecordingSender:
    """A ``bot.ports.ChatSender`` that records what it is given.

    ``fail``: the first N sends raise ``DeliveryError`` (a transient failure);
    ``gone``: every send raises ``PermanentDeliveryError`` (the channel is gone).
    """

    def __init__(self, platform: str = "console", fail: int = 0, *, gone: bool = False) -> None:
        self.platform = platform
        self.alerts: list[Alert] = []
        self.notices: list[tuple[Channel, str]] = []
        self._fail = fail
        self._gone = gone

    async def send(self, alert: Alert) -> None:
        if self._gone:
            raise PermanentDeliveryError("channel not found")
        if self._fail:
            self._fail -= 1
            raise DeliveryError("platform said no")
        self.alerts.append(alert)

    async def send_notice(self, channel: Channel, text: str) -> None:
        self.notices.append((channel, text))

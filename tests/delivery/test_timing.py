"""When a channel's quiet hours end and when its digest is due: wall-clock hours of its zone,
spans over midnight, days with a DST change (pure functions of ``bot.channels``)."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot import channels
from bot.records import ChannelSettings, QuietHours


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _quiet(start: time, end: time, zone: str = "UTC") -> ChannelSettings:
    return ChannelSettings(quiet_hours=QuietHours(start=start, end=end), timezone=zone)


NIGHT = _quiet(time(22), time(7))


@pytest.mark.parametrize(
    ("settings", "now", "until"),
    [
        pytest.param(NIGHT, _at(2025, 1, 2, 23), _at(2025, 1, 3, 7), id="after-start"),
        pytest.param(NIGHT, _at(2025, 1, 2, 22), _at(2025, 1, 3, 7), id="at-start"),
        pytest.param(NIGHT, _at(2025, 1, 3, 6, 59), _at(2025, 1, 3, 7), id="after-midnight"),
        pytest.param(NIGHT, _at(2025, 1, 3, 7), None, id="at-end-not-quiet"),
        pytest.param(NIGHT, _at(2025, 1, 2, 21, 59), None, id="before-start"),
        pytest.param(NIGHT, _at(2025, 1, 2, 12), None, id="midday"),
        pytest.param(
            _quiet(time(12), time(14, 30)), _at(2025, 1, 2, 13), _at(2025, 1, 2, 14, 30), id="day"
        ),
        pytest.param(_quiet(time(12), time(14)), _at(2025, 1, 2, 14), None, id="day-end"),
        pytest.param(
            _quiet(time(22), time(7), "America/New_York"),
            _at(2025, 1, 3, 4),  # 23:00 EST
            _at(2025, 1, 3, 12),  # 07:00 EST
            id="zone",
        ),
        pytest.param(
            _quiet(time(22), time(7), "America/New_York"),
            _at(2025, 1, 3, 13),  # 08:00 EST: quiet in UTC, not there
            None,
            id="zone-not-quiet",
        ),
        pytest.param(
            _quiet(time(22), time(7), "Europe/London"),
            _at(2025, 3, 29, 23),  # 23:00 GMT, the night the clocks go forward
            _at(2025, 3, 30, 6),  # 07:00 BST: a night an hour shorter
            id="spring-forward",
        ),
        pytest.param(
            _quiet(time(22), time(7), "Europe/London"),
            _at(2025, 10, 25, 21),  # 22:00 BST, the night the clocks go back
            _at(2025, 10, 26, 7),  # 07:00 GMT: a night an hour longer
            id="fall-back",
        ),
        pytest.param(
            _quiet(time(0), time(1, 30), "America/New_York"),
            _at(2025, 11, 2, 5, 15),  # 01:15 EDT, the first time
            _at(2025, 11, 2, 5, 30),  # 01:30 EDT
            id="repeated-hour-first",
        ),
        pytest.param(
            _quiet(time(0), time(1, 30), "America/New_York"),
            _at(2025, 11, 2, 6, 15),  # 01:15 EST, the second time
            _at(2025, 11, 2, 6, 30),  # 01:30 EST
            id="repeated-hour-second",
        ),
    ],
)
def test_quiet_until(settings: ChannelSettings, now: datetime, until: datetime | None) -> None:
    assert channels.quiet_until(settings, now) == until


def test_no_quiet_hours_is_never_quiet() -> None:
    assert channels.quiet_until(ChannelSettings(), _at(2025, 1, 2, 3)) is None


@pytest.mark.parametrize(
    ("zone", "hour", "now", "last", "following"),
    [
        pytest.param(
            "UTC", 8, _at(2025, 1, 2, 9), _at(2025, 1, 2, 8), _at(2025, 1, 3, 8), id="after"
        ),
        pytest.param(
            "UTC", 8, _at(2025, 1, 2, 8), _at(2025, 1, 2, 8), _at(2025, 1, 3, 8), id="at-the-hour"
        ),
        pytest.param(
            "UTC", 8, _at(2025, 1, 2, 7), _at(2025, 1, 1, 8), _at(2025, 1, 2, 8), id="before"
        ),
        pytest.param(
            "Europe/Berlin",
            8,
            _at(2025, 1, 2, 6, 30),  # 07:30 CET
            _at(2025, 1, 1, 7),
            _at(2025, 1, 2, 7),
            id="zone",
        ),
        pytest.param(
            "Europe/London",
            8,
            _at(2025, 3, 30, 12),  # BST since 01:00 UTC
            _at(2025, 3, 30, 7),
            _at(2025, 3, 31, 7),
            id="dst-day",
        ),
        pytest.param(
            "Europe/London",
            8,
            _at(2025, 3, 30, 7, 30),  # 08:30 BST; yesterday's 08:00 was GMT
            _at(2025, 3, 30, 7),
            _at(2025, 3, 31, 7),
            id="dst-day-after-the-hour",
        ),
        pytest.param(
            "Europe/London",
            8,
            _at(2025, 3, 30, 6),  # 07:00 BST
            _at(2025, 3, 29, 8),  # yesterday 08:00 GMT
            _at(2025, 3, 30, 7),
            id="dst-day-before-the-hour",
        ),
    ],
)
def test_digest_times(
    zone: str, hour: int, now: datetime, last: datetime, following: datetime
) -> None:
    settings = ChannelSettings(digest_hour=hour, timezone=zone)
    assert channels.last_digest(settings, now) == last
    assert channels.next_digest(settings, now) == following

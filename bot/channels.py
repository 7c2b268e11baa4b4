"""A channel's settings: what each key means, how a typed value is read and checked, what the
delivery worker does with them. Pure: the store keeps ``ChannelSettings``, the service calls
:func:`change` and the surfaces render :func:`describe`.

=============  ==============================  ============================================
key            values                          effect
=============  ==============================  ============================================
min_tier       0, 1, 2 or 3                    alert only on sources of tier <= N
mode           instant | digest                digest: one message a day at digest_hour
digest_hour    0-23                            the local hour of the daily digest
quiet_hours    HH[:MM]-HH[:MM] | off           alerts due then are held until they end
timezone       an IANA name (Europe/London)    the zone of the digest hour and quiet hours
threads        on | off                        a saga's later alerts in a thread under its first
=============  ==============================  ============================================
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import UsageError
from bot.model import UNKNOWN_TIER
from bot.records import ChannelSettings, DeliveryMode, QuietHours

KEYS = ("min_tier", "mode", "digest_hour", "quiet_hours", "timezone", "threads")
TIER_MEANING = {
    0: "only the clubs and players on the record",
    1: "tier 0-1 sources: top media and reporters",
    2: "tier 0-2 sources: adds established national media",
    3: "every source",
}
_ON = frozenset({"on", "yes", "true", "1"})
_OFF = frozenset({"off", "no", "false", "0", "none"})
_CLOCK = re.compile(r"^([01]?\d|2[0-3])(?::([0-5]\d))?$")
_NAME_OK = re.compile(r"^[A-Za-z0-9_+\-/]{1,64}$")


def change(settings: ChannelSettings, key: str, value: str) -> ChannelSettings:
    """``settings`` with ``key`` set to the typed ``value``; ``UsageError`` (naming the key and
    what it takes) when either is not valid."""
    key = key.strip().lower().replace("-", "_")
    value = " ".join(value.split())
    if key not in KEYS:
        raise UsageError(f"unknown setting {key[:30]!r}: the settings are {', '.join(KEYS)}")
    if not value:
        raise UsageError(f"{key} needs a value: {usage(key)}")
    match key:
        case "min_tier":
            if value not in ("0", "1", "2", "3"):
                raise UsageError(f"min_tier takes 0, 1, 2 or 3, not {value[:30]!r}")
            return replace(settings, min_tier=int(value))
        case "mode":
            try:
                return replace(settings, mode=DeliveryMode(value.lower()))
            except ValueError:
                raise UsageError(f"mode is instant or digest, not {value[:30]!r}") from None
        case "digest_hour":
            if not value.isdigit() or not 0 <= int(value) <= 23:
                raise UsageError(f"digest_hour is an hour from 0 to 23, not {value[:30]!r}")
            return replace(settings, digest_hour=int(value))
        case "quiet_hours":
            return replace(settings, quiet_hours=_quiet_hours(value))
        case "timezone":
            return replace(settings, timezone=_timezone(value))
        case _:  # threads
            word = value.lower()
            if word not in _ON | _OFF:
                raise UsageError(f"threads is on or off, not {value[:30]!r}")
            return replace(settings, threads=word in _ON)


def usage(key: str) -> str:
    return {
        "min_tier": "min_tier 0|1|2|3",
        "mode": "mode instant|digest",
        "digest_hour": "digest_hour 0-23",
        "quiet_hours": "quiet_hours 22-07 (or 22:30-07:00, or off)",
        "timezone": "timezone Europe/London",
        "threads": "threads on|off",
    }.get(key, "settings <key> <value>")


def _quiet_hours(value: str) -> QuietHours | None:
    if value.lower() in _OFF:
        return None
    start, sep, end = value.replace("–", "-").replace(" ", "").partition("-")
    first, last = _CLOCK.match(start), _CLOCK.match(end)
    if not sep or first is None or last is None:
        raise UsageError(
            f"quiet_hours is start-end in 24-hour time, e.g. 22-07 or 22:30-07:00, or off; "
            f"not {value[:30]!r}"
        )
    span = QuietHours(
        start=time(int(first[1]), int(first[2] or 0)), end=time(int(last[1]), int(last[2] or 0))
    )
    if span.start == span.end:
        raise UsageError("quiet_hours must start and end at different times")
    return span


def _timezone(value: str) -> str:
    if value.upper() == "UTC":
        return "UTC"
    if _NAME_OK.match(value) and ".." not in value:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            pass
        else:
            return value
    raise UsageError(
        f"unknown time zone {value[:40]!r}: give an IANA name such as Europe/London, "
        "America/New_York or UTC"
    )


def accepts(settings: ChannelSettings, tier: int | None) -> bool:
    """Does the channel want an alert from a source of this tier (None: unknown, tier 3)?"""
    return (UNKNOWN_TIER if tier is None else tier) <= settings.min_tier


def _clock(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def describe(settings: ChannelSettings) -> list[tuple[str, str]]:
    """Each setting as (key, value in words), for every surface to render."""
    quiet = settings.quiet_hours
    mode = "instant: each alert as it comes"
    if settings.mode is DeliveryMode.DIGEST:
        mode = f"digest at {settings.digest_hour:02d}:00: the day's news in one message"
    return [
        ("min_tier", f"{settings.min_tier} ({TIER_MEANING[settings.min_tier]})"),
        ("mode", mode),
        ("digest_hour", f"{settings.digest_hour:02d}:00"),
        (
            "quiet_hours",
            f"{_clock(quiet.start)}-{_clock(quiet.end)} (alerts held until then)"
            if quiet
            else "off",
        ),
        ("timezone", settings.timezone),
        ("threads", "on: a saga's later alerts go in a thread" if settings.threads else "off"),
    ]


def _local(settings: ChannelSettings, day: datetime, at: time, fold: int = 0) -> datetime:
    """``at`` on ``day``'s local date in the channel's zone, as UTC. A wall time the zone skips
    (spring forward) lands just after the gap; one it repeats (fall back) is its ``fold``."""
    zone = ZoneInfo(settings.timezone)
    return datetime.combine(day.date(), at, tzinfo=zone).replace(fold=fold).astimezone(UTC)


def quiet_until(settings: ChannelSettings, now: datetime) -> datetime | None:
    """When the quiet hours ``now`` falls in end (UTC); None when ``now`` is not in them.
    Wall-clock hours of the channel's zone: a span with ``end`` before ``start`` crosses
    midnight, and a day with a DST change is as long as it really is."""
    quiet = settings.quiet_hours
    if quiet is None:
        return None
    local = now.astimezone(ZoneInfo(settings.timezone))
    wall = local.time().replace(tzinfo=None)
    if quiet.start < quiet.end:
        inside = quiet.start <= wall < quiet.end
        end_day = local
    else:  # crosses midnight: inside after the start, or before the end
        inside = wall >= quiet.start or wall < quiet.end
        end_day = local + timedelta(days=1) if wall >= quiet.start else local
    if not inside:
        return None
    for fold in (0, 1):  # an end in the repeated hour: the first one still to come
        end = _local(settings, end_day, quiet.end, fold)
        if end > now:
            return end
    return None


def last_digest(settings: ChannelSettings, now: datetime) -> datetime:
    """The latest digest time (UTC) at or before ``now``: ``digest_hour`` local."""
    local = now.astimezone(ZoneInfo(settings.timezone))
    slot = _local(settings, local, time(settings.digest_hour))
    if slot > now:
        slot = _local(settings, local - timedelta(days=1), time(settings.digest_hour))
    return slot


def next_digest(settings: ChannelSettings, now: datetime) -> datetime:
    """The first digest time (UTC) after ``now``."""
    local = now.astimezone(ZoneInfo(settings.timezone))
    slot = _local(settings, local, time(settings.digest_hour))
    if slot <= now:
        slot = _local(settings, local + timedelta(days=1), time(settings.digest_hour))
    return slot


def broken_note(settings: ChannelSettings) -> str | None:
    """Why no alert reaches this channel, and how to resume; None when nothing is wrong."""
    broken = settings.broken
    if broken is None:
        return None
    return (
        f"Alerts to this channel are stopped since {broken.since:%Y-%m-%d %H:%M} UTC: the "
        f"platform refused it ({broken.reason}). Fix the bot's access, then /follow a player or "
        "change a /settings here to resume."
    )

"""The console adapter: command parsing (pure), alert rendering, and whole sessions."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

import storage
from adapters.console import (
    CONSOLE_CHANNEL,
    USAGE,
    ConsoleChat,
    format_alert,
    stream_lines,
)
from bot import channels
from bot.errors import UnknownPlayerError
from bot.model import Alert, AlertLine, Channel, EventKind, Feed, Player
from bot.records import ChannelSettings
from bot.service import FeedListing, FollowResult, SagaReport, Service


def _alert(**overrides: object) -> Alert:
    values: dict[str, object] = {
        "channel": CONSOLE_CHANNEL,
        "player": "Trent Alexander-Arnold",
        "lines": (
            AlertLine(
                event=EventKind.NEW_SAGA,
                headline="Real Madrid approach Liverpool for Trent Alexander-Arnold",
                label="NEW",
                source="Fabrizio Romano",
                tier=1,
            ),
            AlertLine(
                event=EventKind.FEE,
                headline="Real Madrid willing to pay just over £20m",
                label="NEW FEE",
                source=None,
                tier=None,
            ),
        ),
        "stage": "approach",
        "link": "https://example.org/a",
        "outlet": "The Times",
        "published": datetime(2025, 1, 2, 9, 0, tzinfo=UTC),
    }
    values.update(overrides)
    return Alert(**values)  # type: ignore[arg-type]


def test_format_alert() -> None:
    text = format_alert(_alert())
    assert text.splitlines() == [
        "*** Trent Alexander-Arnold (stage: approach)",
        "  NEW: Real Madrid approach Liverpool for Trent Alexander-Arnold"
        " [Fabrizio Romano, tier 1]",
        "  NEW FEE: Real Madrid willing to pay just over £20m",
        "  via The Times, 2025-01-02 09:00 UTC",
        "  https://example.org/a",
    ]


def test_format_alert_without_stage_or_link() -> None:
    text = format_alert(_alert(stage=None, link=None))
    assert text.splitlines()[0] == "*** Trent Alexander-Arnold"
    assert "https://" not in text


async def test_send_prints_alert_and_notice() -> None:
    out = io.StringIO()
    chat = ConsoleChat(FakeService(), out=out)
    assert chat.platform == "console"
    await chat.send(_alert())
    await chat.send_notice(CONSOLE_CHANNEL, "feed #1 disabled: HTTP 404")
    assert "*** Trent Alexander-Arnold" in out.getvalue()
    assert out.getvalue().endswith("[notice] feed #1 disabled: HTTP 404\n")


# --------------------------------------------------------------------------- sessions


class FakeService:
    """A stand-in for bot.service.Service, used until a real store is at hand."""

    def __init__(self) -> None:
        self.follows: dict[Channel, list[str]] = {}

    def follow(self, channel: Channel, name: str, *, new: bool = False) -> FollowResult:
        names = self.follows.setdefault(channel, [])
        already = name in names
        if not already:
            names.append(name)
        player = Player(id=len(names), name=name)
        return FollowResult(
            player=player, created_player=not already, already_following=already, saga=None
        )

    def unfollow(self, channel: Channel, name: str) -> Player:
        self.follows.get(channel, []).remove(name)
        return Player(id=1, name=name)

    def following(self, channel: Channel) -> list[Player]:
        return [Player(id=i, name=n) for i, n in enumerate(self.follows.get(channel, []))]

    def saga(self, name: str) -> SagaReport:
        if name == "boom":
            raise RuntimeError("database on fire")
        raise UnknownPlayerError(name)

    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        return []

    async def add_feed(self, channel: Channel | None, url: str) -> Feed:
        raise NotImplementedError

    def remove_feed(self, channel: Channel | None, url_or_id: str) -> Feed:
        raise NotImplementedError

    def feeds(self, channel: Channel | None) -> FeedListing:
        feed = Feed(id=1, url="https://example.org/rss", title="Example")
        return FeedListing(feeds=(feed,), mine=frozenset({1}), now=datetime(2025, 1, 2, tzinfo=UTC))

    def channel_settings(self, channel: Channel) -> ChannelSettings:
        return ChannelSettings()

    def change_setting(self, channel: Channel, key: str, value: str) -> ChannelSettings:
        return channels.change(ChannelSettings(), key, value)


async def _session(service: object, text: str) -> list[str]:
    out = io.StringIO()
    chat = ConsoleChat(service, out=out)  # type: ignore[arg-type]
    await chat.run(stream_lines(io.StringIO(text)))
    return out.getvalue().splitlines()


async def test_session_with_fake_service(caplog: pytest.LogCaptureFixture) -> None:
    lines = await _session(
        FakeService(),
        "/follow Trent Alexander-Arnold\n"
        "/follow Trent Alexander-Arnold\n"
        "\n"
        "/following\n"
        "/dance\n"
        "/follow\n"
        "/latest Nobody Atall\n"
        "/latest boom\n"
        "/feeds list\n"
        "/following\n",
    )
    usage_lines = len(USAGE.splitlines())
    expected = [
        "Now following Trent Alexander-Arnold.",
        "Already following Trent Alexander-Arnold.",
        "Following: Trent Alexander-Arnold",
        "error: unknown command: /dance",
        *USAGE.splitlines(),
        "error: /follow needs a player name: /follow <player>",
        *USAGE.splitlines(),
        "error: I don't know a player called 'Nobody Atall'.",
        "internal error: the command failed (see the bot's log)",
        *FakeService().feeds(None).lines(),
        "Following: Trent Alexander-Arnold",
    ]
    assert lines == expected
    assert usage_lines > 3
    # the unexpected exception was logged with its traceback, and the loop went on
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failures) == 1
    assert failures[0].exc_info is not None


async def test_stream_lines_reads_to_eof() -> None:
    got = [line async for line in stream_lines(io.StringIO("a\nb\n\nc"))]
    assert got == ["a\n", "b\n", "\n", "c"]


@pytest.fixture
def real_service() -> Iterator[Service]:
    engine = storage.make_engine("sqlite://")
    storage.migrate(engine)
    store = storage.SqlStore(engine)
    try:
        yield Service(store)
    finally:
        store.close()
        engine.dispose()


async def test_session_with_real_store(real_service: Service) -> None:
    lines = await _session(
        real_service,
        "/follow Trent Alexander-Arnold\n"
        "/follow trent alexander arnold\n"  # the same player, spelled loosely
        "/following\n"
        "/dance\n"
        "/follow\n"
        "/latest Nobody Atall\n"
        "/unfollow Trent Alexander-Arnold\n"
        "/following\n",
    )
    answers = [line for line in lines if line not in USAGE.splitlines()]
    assert answers[:4] == [
        "Now following Trent Alexander-Arnold.",
        "Already following Trent Alexander-Arnold.",
        "Following: Trent Alexander-Arnold",
        "error: unknown command: /dance",
    ]
    assert answers[4] == "error: /follow needs a player name: /follow <player>"
    assert answers[5].startswith("error: I don't know a player called 'Nobody Atall'.")
    assert answers[6:] == [
        "Stopped following Trent Alexander-Arnold.",
        "This channel follows nobody yet. Try /follow <player>.",
    ]
    assert lines.count("commands:") == 2  # the usage followed each malformed command


async def test_settings_shown_set_refused_and_a_broken_channel_shown(
    real_service: Service,
) -> None:
    lines = await _session(
        real_service,
        "/settings\n"
        "/settings min_tier 1\n"
        "/settings threads on\n"
        "/settings quiet_hours 22-7\n"
        "/settings timezone Nowhere/Atall\n"
        "/settings colour red\n",
    )
    text = "\n".join(lines)
    assert lines[0] == "Settings of this channel:"
    assert "  min_tier     3 (every source)" in lines
    assert "  threads      off" in lines
    assert "Set min_tier. Settings:" in lines
    assert "  min_tier     1 (tier 0-1 sources: top media and reporters)" in lines
    assert "  threads      on: a saga's later alerts go in a thread" in lines
    assert "  quiet_hours  22:00-07:00 (alerts held until then)" in lines
    assert "error: unknown time zone 'Nowhere/Atall'" in text
    assert "error: unknown setting 'colour': the settings are min_tier, mode" in text
    settings = real_service.channel_settings(CONSOLE_CHANNEL)
    assert (settings.min_tier, settings.threads, settings.timezone) == (1, True, "UTC")

    store = real_service._store  # the platform refused the channel (as delivery records it)
    store.mark_channel_broken(
        CONSOLE_CHANNEL, "channel not found", datetime(2025, 1, 2, tzinfo=UTC)
    )
    lines = await _session(real_service, "/following\n/settings\n/settings mode digest\n")
    stopped = [line for line in lines if line.startswith("⚠ Alerts to this channel are stopped")]
    assert len(stopped) == 2  # in /following and /settings, not after the change
    assert "(channel not found)" in stopped[0]
    assert real_service.channel_settings(CONSOLE_CHANNEL).broken is None

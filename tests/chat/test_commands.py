"""The commands every chat surface shares: parsing, permissions, typed replies, off the loop."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

import storage
from adapters.chat.base import Caller
from adapters.chat.commands import (
    HELP,
    SPECS,
    BadCommand,
    Command,
    Commands,
    parse_command,
)
from adapters.chat.replies import (
    Failed,
    Feeds,
    Followed,
    Following,
    Help,
    Latest,
    SettingsShown,
    Unfollowed,
)
from bot.model import Channel
from bot.records import ChannelSettings
from bot.service import Service

CH = Channel(platform="test", workspace="w", channel="c1")
OTHER = Channel(platform="test", workspace="w", channel="c2")
FAN = Caller(channel=CH)
ADMIN = Caller(channel=CH, can_manage=True)
DM = Caller(channel=None)


# --------------------------------------------------------------------------- parse_command


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("", None, id="blank"),
        pytest.param("   \n", None, id="only-space"),
        pytest.param(
            "/follow Trent Alexander-Arnold",
            Command(name="follow", arg="Trent Alexander-Arnold"),
            id="follow",
        ),
        pytest.param(
            "  /follow   Diogo    Dalot \n",
            Command(name="follow", arg="Diogo Dalot"),
            id="follow-spaces-collapsed",
        ),
        pytest.param("/FOLLOW Šeško", Command(name="follow", arg="Šeško"), id="case-and-accents"),
        pytest.param("follow Dalot", Command(name="follow", arg="Dalot"), id="slash-optional"),
        pytest.param("/unfollow Dalot", Command(name="unfollow", arg="Dalot"), id="unfollow"),
        pytest.param("/following", Command(name="following"), id="following"),
        pytest.param("/latest Trent", Command(name="latest", arg="Trent"), id="latest"),
        pytest.param("/help", Command(name="help"), id="help"),
        pytest.param("/feeds list", Command(name="feeds_list"), id="feeds-list"),
        pytest.param(
            "/feeds add https://example.org/rss",
            Command(name="feeds_add", arg="https://example.org/rss"),
            id="feeds-add",
        ),
        pytest.param("/feeds remove 3", Command(name="feeds_remove", arg="3"), id="feeds-remove"),
        pytest.param("/feeds LIST", Command(name="feeds_list"), id="feeds-sub-case"),
        pytest.param("/settings", Command(name="settings"), id="settings-show"),
        pytest.param(
            "/SETTINGS  min_tier   1",
            Command(name="settings", arg="min_tier 1"),
            id="settings-set",
        ),
    ],
)
def test_parse_command(line: str, expected: Command | None) -> None:
    assert parse_command(line) == expected


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        pytest.param("/dance", "unknown command: /dance", id="unknown"),
        pytest.param("hello there", "unknown command: hello", id="chatter"),
        pytest.param("/follow", "needs a player name", id="follow-no-name"),
        pytest.param("/latest   ", "needs a player name", id="latest-no-name"),
        pytest.param("/unfollow", "needs a player name", id="unfollow-no-name"),
        pytest.param("/following Trent", "takes no arguments", id="following-with-arg"),
        pytest.param("/help me", "takes no arguments", id="help-with-arg"),
        pytest.param("/feeds", "add, remove or list", id="feeds-bare"),
        pytest.param("/feeds add", "needs <url>", id="feeds-add-no-url"),
        pytest.param("/feeds remove", "needs <url|id>", id="feeds-remove-nothing"),
        pytest.param("/feeds add a b", "one argument", id="feeds-add-two"),
        pytest.param("/feeds list all", "takes no arguments", id="feeds-list-arg"),
        pytest.param("/feeds purge", "unknown /feeds subcommand: purge", id="feeds-unknown"),
    ],
)
def test_parse_command_errors(line: str, fragment: str) -> None:
    parsed = parse_command(line)
    assert isinstance(parsed, BadCommand)
    assert fragment in parsed.message
    assert "\n" not in parsed.message  # one line


# --------------------------------------------------------------------------- rendering


def test_every_spec_parses_from_its_own_usage() -> None:
    for spec in SPECS:
        line = spec.usage.replace("<player>", "Jude Bellingham").replace("<url|id>", "3")
        line = line.replace("<url>", "https://example.org/rss")
        parsed = parse_command(line)
        assert isinstance(parsed, Command), spec.usage
        assert parsed.name == spec.name


# --------------------------------------------------------------------------- running commands


@pytest.fixture
def service() -> Iterator[Service]:
    engine = storage.make_engine("sqlite://")
    storage.migrate(engine)
    store = storage.SqlStore(engine)
    yield Service(store, clock=lambda: datetime(2025, 1, 2, tzinfo=UTC))
    store.close()
    engine.dispose()


async def test_follow_following_unfollow_give_typed_replies(service: Service) -> None:
    commands = Commands(service)
    first = await commands.run(Command(name="follow", arg="Jude Bellingham"), FAN)
    assert isinstance(first, Followed) and not first.already and first.saga is None
    assert first.player.name == "Jude Bellingham" and first.public
    again = await commands.run(Command(name="follow", arg="jude bellingham"), FAN)
    assert isinstance(again, Followed) and again.already
    listed = await commands.run(Command(name="following"), FAN)
    assert isinstance(listed, Following)
    assert [p.name for p in listed.players] == ["Jude Bellingham"]
    assert not listed.public  # only the caller needs the list
    gone = await commands.run(Command(name="unfollow", arg="Jude Bellingham"), FAN)
    assert isinstance(gone, Unfollowed)
    empty = await commands.run(Command(name="following"), FAN)
    assert isinstance(empty, Following) and empty.players == ()


async def test_latest_and_help_work_in_a_direct_message(service: Service) -> None:
    commands = Commands(service)
    await commands.run(Command(name="follow", arg="Jude Bellingham"), FAN)
    latest = await commands.run(Command(name="latest", arg="Jude Bellingham"), DM)
    assert isinstance(latest, Latest) and latest.report.sagas == ()
    assert "No transfer news about Jude Bellingham" in latest.report.text()
    assert await commands.run(Command(name="help"), DM) == HELP


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(Command(name="follow", arg="Jude Bellingham"), id="follow"),
        pytest.param(Command(name="unfollow", arg="Jude Bellingham"), id="unfollow"),
        pytest.param(Command(name="following"), id="following"),
        pytest.param(Command(name="feeds_list"), id="feeds-list"),
        pytest.param(Command(name="settings"), id="settings"),
    ],
)
async def test_channel_commands_are_refused_in_a_direct_message(
    service: Service, command: Command
) -> None:
    reply = await Commands(service).run(command, DM)
    assert isinstance(reply, Failed) and reply.refused
    assert "belongs to a channel" in reply.message
    assert service.following(CH) == []


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(Command(name="feeds_add", arg="https://example.org/rss"), id="add"),
        pytest.param(Command(name="feeds_remove", arg="1"), id="remove"),
        pytest.param(Command(name="feeds_list"), id="list"),
    ],
)
async def test_feeds_need_the_right_to_manage(service: Service, command: Command) -> None:
    reply = await Commands(service).run(command, FAN)
    assert isinstance(reply, Failed) and reply.refused
    assert "manage" in reply.message
    assert service.feeds(None).feeds == ()  # nothing changed


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(Command(name="settings"), id="show"),
        pytest.param(Command(name="settings", arg="threads on"), id="set"),
    ],
)
async def test_settings_need_the_right_to_manage(service: Service, command: Command) -> None:
    reply = await Commands(service).run(command, FAN)
    assert isinstance(reply, Failed) and reply.refused
    assert reply.message.endswith("may change this channel's settings.")
    assert service.channel_settings(CH) == ChannelSettings()  # nothing changed


async def test_settings_shown_and_set_for_a_manager(service: Service) -> None:
    commands = Commands(service)
    shown = await commands.run(Command(name="settings"), ADMIN)
    assert isinstance(shown, SettingsShown) and not shown.public
    assert shown.changed is None and shown.settings == ChannelSettings()
    assert dict(shown.lines)["min_tier"] == "3 (every source)"
    changed = await commands.run(Command(name="settings", arg="Min-Tier 2"), ADMIN)
    assert isinstance(changed, SettingsShown) and changed.changed == "min_tier"
    assert service.channel_settings(CH).min_tier == 2
    assert service.channel_settings(OTHER).min_tier == 3
    bad = await commands.run(Command(name="settings", arg="min_tier 9"), ADMIN)
    assert isinstance(bad, Failed) and not bad.refused and not bad.internal
    assert "min_tier takes 0, 1, 2 or 3" in bad.message
    assert service.channel_settings(CH).min_tier == 2


async def test_feeds_list_and_remove_for_a_manager(service: Service) -> None:
    commands = Commands(service)
    listing = await commands.run(Command(name="feeds_list"), ADMIN)
    assert isinstance(listing, Feeds) and listing.listing.feeds == ()
    missing = await commands.run(Command(name="feeds_remove", arg="7"), ADMIN)
    assert isinstance(missing, Failed) and not missing.refused
    assert "No feed '7' here" in missing.message


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        pytest.param(Command(name="latest", arg="Nobody Atall"), "don't know", id="unknown"),
        pytest.param(Command(name="follow", arg="<@&123> lol"), "look like", id="bad-name"),
        pytest.param(Command(name="follow", arg="   "), "needs <player>", id="blank"),
        pytest.param(Command(name="dance"), "unknown command", id="unknown-command"),
        pytest.param(
            Command(name="unfollow", arg="Jude Bellingham"), "does not", id="not-followed"
        ),
    ],
)
async def test_user_mistakes_are_failed_replies(
    service: Service, command: Command, fragment: str
) -> None:
    await Commands(service).run(
        Command(name="follow", arg="Jude Bellingham"), Caller(channel=OTHER)
    )
    reply = await Commands(service).run(command, FAN)
    assert isinstance(reply, Failed) and not reply.internal
    assert fragment in reply.message


async def test_an_internal_error_is_logged_and_answered(
    service: Service, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(name: str) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(service, "saga", boom)
    reply = await Commands(service).run(Command(name="latest", arg="Jude Bellingham"), FAN)
    assert isinstance(reply, Failed) and reply.internal
    assert "database on fire" not in reply.message  # no internals shown to users
    assert any(r.exc_info for r in caplog.records)


class SlowService:
    """A service whose store takes 300 ms to answer, on whichever thread calls it."""

    def __init__(self) -> None:
        self.threads: list[int] = []

    def following(self, channel: Channel) -> list[object]:
        self.threads.append(threading.get_ident())
        time.sleep(0.3)
        return []

    def channel_settings(self, channel: Channel) -> ChannelSettings:
        return ChannelSettings()


async def test_a_slow_store_call_does_not_stall_the_event_loop() -> None:
    slow = SlowService()
    commands = Commands(slow)  # type: ignore[arg-type]
    ticks: list[float] = []

    async def heartbeat() -> None:
        for _ in range(10):
            ticks.append(time.monotonic())
            await asyncio.sleep(0.02)

    reply, _ = await asyncio.gather(commands.run(Command(name="following"), FAN), heartbeat())
    assert isinstance(reply, Following)
    assert slow.threads and slow.threads[0] != threading.get_ident()  # off the loop's thread
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) < 0.2  # the loop kept beating while the store call slept 300 ms


def test_help_lists_every_command() -> None:
    assert isinstance(HELP, Help)
    assert [usage for usage, _ in HELP.lines] == [spec.usage for spec in SPECS]

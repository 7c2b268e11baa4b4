"""A new user at the console: the names he types, the questions the bot asks back, the numbers
he answers with (the real service, store and registry)."""

from __future__ import annotations

import io

import pytest

from adapters.chat.base import Caller
from adapters.chat.commands import Command, Commands, split_new_flag
from adapters.chat.replies import Failed, Followed
from adapters.console import ConsoleChat, stream_lines
from bot.model import Channel
from bot.service import Service


async def _session(service: Service, text: str) -> list[str]:
    out = io.StringIO()
    chat = ConsoleChat(service, out=out)
    await chat.run(stream_lines(io.StringIO(text)))
    return out.getvalue().splitlines()


async def test_the_new_users_path(service: Service) -> None:
    lines = await _session(
        service,
        "/follow TAA\n"
        "/follow Kylian Mbape\n"
        "/follow Kylian Mbappé\n"
        "/follow Nobody Atall\n"
        "/following\n",
    )
    assert lines == [
        "Now following Trent Alexander-Arnold (you typed TAA).",
        "Now following Kylian Mbappé (you typed Kylian Mbape).",
        "Already following Kylian Mbappé.",
        "I don't know Nobody Atall yet: follow anyway? (`/follow Nobody Atall --new`)",
        "  1. follow anyway: /follow Nobody Atall --new",
        "Type a number to choose.",
        "Following: Kylian Mbappé, Trent Alexander-Arnold",
    ]


async def test_follow_anyway_by_number_or_by_flag(service: Service) -> None:
    lines = await _session(
        service,
        "/follow Nobody Atall\n1\n/follow Somebody Else --new\n/following\n",
    )
    assert lines[-3:] == [
        "Now following Nobody Atall.",
        "Now following Somebody Else.",
        "Following: Nobody Atall, Somebody Else",
    ]


async def test_a_shared_name_is_a_numbered_choice(service: Service) -> None:
    lines = await _session(service, "/follow Bruno\n2\n3\n/follow Bruno\n7\n/following\n")
    assert lines[:4] == [
        "Bruno could be 2 players. Which one?",
        "  1. Bruno Fernandes (Manchester United, attacking midfielder, Portugal, born 1994):"
        " /follow Bruno Fernandes",
        "  2. Bruno Guimarães (Newcastle United, midfielder, Brazil, born 1997):"
        " /follow Bruno Guimarães",
        "Type a number to choose.",
    ]
    assert lines[4] == "Now following Bruno Guimarães."
    assert lines[5].startswith("error: unknown command: 3")  # the question was answered
    assert "error: choose a number from 1 to 2" in lines
    assert lines[-1] == "Following: Bruno Guimarães"


async def test_latest_of_an_unknown_name_offers_close_names(service: Service) -> None:
    lines = await _session(service, "/latest Jose Kovacic\n1\n")
    assert lines[0] == "I don't know a player called 'Jose Kovacic'."
    assert "  1. Mateo Kovačić: /latest Mateo Kovačić" in lines
    assert lines[-1] == "No transfer news about Mateo Kovačić yet. I'll post here when there is."


async def test_the_typed_replies_carry_the_choice_for_buttons(service: Service) -> None:
    """Discord and Slack get the same values: a button per choice, its command to run."""
    commands = Commands(service)
    caller = Caller(channel=Channel(platform="slack", workspace="T", channel="C"))
    asked = await commands.run(Command(name="follow", arg="Nobody Atall"), caller)
    assert isinstance(asked, Failed)
    assert asked.create == "/follow Nobody Atall --new" and asked.choices == ()
    assert asked.message.startswith("I don't know Nobody Atall yet")
    choice = await commands.run(Command(name="follow", arg="Gabriel"), caller)
    assert isinstance(choice, Failed) and len(choice.choices) == 3
    assert choice.choices[0].command == "/follow Gabriel Jesus"
    done = await commands.run(Command(name="follow", arg="Nobody Atall --new"), caller)
    assert isinstance(done, Followed) and done.player.name == "Nobody Atall" and done.typed == ""


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        pytest.param("Nobody Atall --new", ("Nobody Atall", True), id="flag-last"),
        pytest.param("--new Nobody Atall", ("Nobody Atall", True), id="flag-first"),
        pytest.param("Nobody Atall", ("Nobody Atall", False), id="no-flag"),
        pytest.param("Nobody --newer", ("Nobody --newer", False), id="not-the-flag"),
    ],
)
def test_split_new_flag(arg: str, expected: tuple[str, bool]) -> None:
    assert split_new_flag(arg) == expected

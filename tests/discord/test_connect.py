"""The real discord.py client against the fake: connect, sync the commands, survive op 7."""

from __future__ import annotations

from discord.gateway import DiscordWebSocket
from discord.http import Route

from tests.discord.conftest import Bot
from tests.fakes.discord import GUILD_ID, TOKEN, FakeDiscord


def test_discord_py_still_has_the_two_seams() -> None:
    # canary: both are process-global class attributes in discord.py 2.7
    assert Route.BASE.startswith("http")
    assert str(DiscordWebSocket.DEFAULT_GATEWAY).startswith("ws")


async def test_connects_and_syncs_the_commands_to_the_guild(bot: Bot, fake: FakeDiscord) -> None:
    assert fake.identifies == 1
    login = next(r for r in fake.requests if r.path == "users/@me")
    assert login.headers["Authorization"] == f"Bot {TOKEN}"
    commands = {c["name"]: c for c in fake.synced[str(GUILD_ID)]}
    assert sorted(commands) == ["feeds", "follow", "following", "help", "latest", "unfollow"]
    follow = {o["name"]: o for o in commands["follow"]["options"]}
    assert follow["player"]["type"] == 3 and follow["player"]["required"] is True
    assert follow["player"]["autocomplete"] is True
    assert follow["player"]["max_length"] == 80
    assert follow["channel"]["type"] == 7 and follow["channel"].get("required", False) is False
    assert follow["channel"]["channel_types"] == [0, 5]
    subs = {o["name"]: o for o in commands["feeds"]["options"]}
    assert sorted(subs) == ["add", "list", "remove"]
    assert all(sub["type"] == 1 for sub in subs.values())
    assert subs["remove"]["options"][0]["autocomplete"] is True
    unfollow = commands["unfollow"]["options"][0]
    assert unfollow["autocomplete"] is True
    # nothing hidden by default permissions: refusals are explained at run time
    assert all(c.get("default_member_permissions") is None for c in commands.values())
    assert len(bot.adapter.synced) == 6

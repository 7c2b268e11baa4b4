"""The real discord.py client against the fake: connect, sync the commands, survive op 7."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.chat.base import AdapterContext
from adapters.registry import build_adapters
from bot.errors import ConfigError
from tests.discord.conftest import Bot, bot_settings
from tests.fakes.discord import APP_ID, GUILD_ID, TOKEN, FakeDiscord

COMMANDS = ["feeds", "follow", "following", "help", "latest", "settings", "status", "unfollow"]


def test_discord_py_still_has_the_two_seams() -> None:
    # canary: both are process-global class attributes in discord.py 2.7
    assert Route.BASE.startswith("http")
    assert str(DiscordWebSocket.DEFAULT_GATEWAY).startswith("ws")


async def test_connects_and_syncs_the_commands_to_the_guild(bot: Bot, fake: FakeDiscord) -> None:
    assert fake.identifies == 1
    login = next(r for r in fake.requests if r.path == "users/@me")
    assert login.headers["Authorization"] == f"Bot {TOKEN}"
    commands = {c["name"]: c for c in fake.synced[str(GUILD_ID)]}
    assert sorted(commands) == COMMANDS
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
    settings = {o["name"]: o for o in commands["settings"]["options"]}
    assert list(settings) == [
        "min_tier",
        "mode",
        "digest_hour",
        "quiet_hours",
        "timezone",
        "threads",
    ]
    assert not any(o.get("required", False) for o in settings.values())  # none: show them
    assert (settings["min_tier"]["type"], settings["min_tier"]["min_value"]) == (4, 0)
    assert settings["min_tier"]["max_value"] == 3
    assert (settings["digest_hour"]["min_value"], settings["digest_hour"]["max_value"]) == (0, 23)
    assert [c["value"] for c in settings["mode"]["choices"]] == ["instant", "digest"]
    assert [c["value"] for c in settings["threads"]["choices"]] == ["on", "off"]
    assert settings["timezone"]["type"] == 3 and settings["timezone"]["max_length"] == 64
    # nothing hidden by default permissions: refusals are explained at run time
    assert all(c.get("default_member_permissions") is None for c in commands.values())
    assert len(bot.adapter.synced) == len(COMMANDS)


async def test_a_refused_token_is_a_config_error_naming_the_variable(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    fake.token = "another-token"
    settings = bot_settings(fake, tmp_path)
    [adapter] = build_adapters(AdapterContext(settings=settings, service=object()))  # type: ignore[arg-type]
    try:
        with pytest.raises(ConfigError) as caught:
            await adapter.run()
    finally:
        await adapter.close()
    assert caught.value.variable == "DISCORD_TOKEN"
    assert "Discord refused the token" in str(caught.value)
    assert fake.identifies == 0 and fake.synced == {}


async def test_commands_sync_globally_without_a_guild(fake: FakeDiscord, tmp_path: Path) -> None:
    settings = bot_settings(fake, tmp_path, discord_guild_id=None)
    [adapter] = build_adapters(AdapterContext(settings=settings, service=object()))  # type: ignore[arg-type]
    task = asyncio.create_task(adapter.run())
    try:
        await fake.wait_for(lambda: "global" in fake.synced)
    finally:
        await adapter.close()
        await asyncio.wait_for(task, 10)
    assert sorted(c["name"] for c in fake.synced["global"]) == COMMANDS
    put = next(r for r in fake.requests if r.method == "PUT")
    assert put.path == f"applications/{APP_ID}/commands"
    # usable in servers and in DMs (the DM answers say what belongs to a channel)
    assert all(c["contexts"] == [0, 1] for c in fake.synced["global"])

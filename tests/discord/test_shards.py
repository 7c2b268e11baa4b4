"""Sharding: ``DISCORD_SHARD_COUNT`` makes the client an ``AutoShardedClient`` that IDENTIFYs
each shard it holds (``DISCORD_SHARD_IDS``, default all) to the fake, which answers READY per
shard with that shard's servers; commands are answered on every shard. The settings are checked
at start, with one line naming the variable."""

from __future__ import annotations

import logging
from pathlib import Path

import discord
import pytest

from adapters.cli import main
from adapters.settings import load_settings
from bot.model import Channel
from bot.ports import Shards
from tests.discord.conftest import running_bot
from tests.fakes.discord import (
    CHANNEL_ID,
    GUILD_ID,
    OTHER_GUILD_CHANNEL_ID,
    OTHER_GUILD_ID,
    FakeDiscord,
    interaction,
    option,
)

PLAYER = "Diogo Dalot"


def _shards(fake: FakeDiscord) -> list[list[int]]:
    return sorted(payload["shard"] for payload in fake.identified)


async def _follow_in(fake: FakeDiscord, guild: int, channel: int) -> str:
    payload = interaction("follow", option("player", PLAYER), guild_id=guild, channel_id=channel)
    answer = await fake.interact(payload)
    return str(answer.data["content"])


def test_the_two_servers_of_the_fake_are_on_different_shards() -> None:
    # Discord's rule, written out here rather than taken from the code under test
    assert ((GUILD_ID >> 22) % 2, (OTHER_GUILD_ID >> 22) % 2) == (1, 0)


async def test_a_sharded_client_holds_both_shards_and_answers_on_each(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.guilds = [GUILD_ID, OTHER_GUILD_ID]
    caplog.set_level(logging.INFO, logger="adapters.discord.adapter")
    async with running_bot(fake, tmp_path, discord_shard_count=2) as bot:
        client = bot.adapter.client
        assert isinstance(client, discord.AutoShardedClient)
        assert _shards(fake) == [[0, 2], [1, 2]]  # two IDENTIFYs, one per shard
        assert sorted(client.shards) == [0, 1]
        assert {g.id: g.shard_id for g in client.guilds} == {GUILD_ID: 1, OTHER_GUILD_ID: 0}
        assert str(GUILD_ID) in fake.synced  # shard 0 is here: this process syncs

        for guild, channel in ((GUILD_ID, CHANNEL_ID), (OTHER_GUILD_ID, OTHER_GUILD_CHANNEL_ID)):
            content = await _follow_in(fake, guild, channel)  # on that server's shard's socket
            assert content.startswith(f"Now following **{PLAYER}**")
            here = Channel(platform="discord", workspace=str(guild), channel=str(channel))
            assert [p.name for p in bot.service.following(here)] == [PLAYER]
        assert "in 2 server(s), shard(s) [0, 1] of 2" in caplog.text  # on_ready, by now

        # op 7 on one shard: that shard resumes its own session; the other is untouched
        await fake.reconnect(shard=1)
        await fake.wait_for(lambda: fake.resumes == 1)
        answer = await fake.interact(interaction("following"))  # GUILD_ID: shard 1
        assert answer.data["content"] == f"Following: {PLAYER}"
        assert fake.identifies == 2


async def test_a_process_holding_some_shards_connects_only_those(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    fake.guilds = [GUILD_ID, OTHER_GUILD_ID]
    async with running_bot(fake, tmp_path, discord_shard_count=2, discord_shard_ids=(1,)) as bot:
        assert _shards(fake) == [[1, 2]]
        assert [g.id for g in bot.adapter.client.guilds] == [GUILD_ID]
        assert fake.synced == {}  # the process holding shard 0 syncs the commands
        assert (await _follow_in(fake, GUILD_ID, CHANNEL_ID)).startswith("Now following")
    assert bot.settings.discord_shards == Shards(count=2, ids=frozenset({1}))


async def test_auto_takes_discords_recommended_shard_count(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    fake.guilds = [GUILD_ID, OTHER_GUILD_ID]
    fake.recommended_shards = 2
    async with running_bot(fake, tmp_path, discord_shard_count="auto") as bot:
        [asked] = [r for r in fake.requests if r.path == "gateway/bot"]
        assert asked.headers["Authorization"].startswith("Bot ")
        assert _shards(fake) == [[0, 2], [1, 2]]
        assert bot.adapter.client.shard_count == 2
        assert (await _follow_in(fake, OTHER_GUILD_ID, OTHER_GUILD_CHANNEL_ID)).startswith(
            "Now following"
        )
    assert bot.settings.discord_shards is None  # every shard here: every row


async def test_without_the_settings_one_plain_client_and_no_shard(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    async with running_bot(fake, tmp_path) as bot:
        assert not isinstance(bot.adapter.client, discord.AutoShardedClient)
        [identify] = fake.identified
        assert "shard" not in identify
        assert not any(r.path == "gateway/bot" for r in fake.requests)
    assert bot.settings.discord_shards is None


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("env", "count", "ids", "shards"),
    [
        pytest.param({}, None, (), None, id="unset: no sharding"),
        pytest.param({"DISCORD_SHARD_COUNT": "4"}, 4, (), None, id="count alone: all here"),
        pytest.param({"DISCORD_SHARD_COUNT": "AUTO"}, "auto", (), None, id="auto"),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "0, 2"},
            4,
            (0, 2),
            Shards(count=4, ids=frozenset({0, 2})),
            id="a list",
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "8", "DISCORD_SHARD_IDS": "4-7"},
            8,
            (4, 5, 6, 7),
            Shards(count=8, ids=frozenset({4, 5, 6, 7})),
            id="a range",
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "1,0"},
            2,
            (1, 0),
            None,
            id="every id listed: every row",
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "3", "DISCORD_SHARD_IDS": ""}, 3, (), None, id="empty ids"
        ),
    ],
)
def test_shard_settings(
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    count: object,
    ids: tuple[int, ...],
    shards: Shards | None,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert (settings.discord_shard_count, settings.discord_shard_ids) == (count, ids)
    assert settings.discord_shards == shards


def test_run_refuses_a_shard_out_of_range_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("DISCORD_TOKEN", "fake-token")
    monkeypatch.setenv("DISCORD_SHARD_COUNT", "2")
    monkeypatch.setenv("DISCORD_SHARD_IDS", "2")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "config error: DISCORD_SHARD_IDS: shard 2 is out of range: "
        "DISCORD_SHARD_COUNT=2 allows 0-1\n"
    )
    assert not (tmp_path / "bot.db").exists()  # refused before anything was opened

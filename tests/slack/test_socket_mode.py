"""Socket Mode: with ``SLACK_APP_TOKEN`` set the real Bolt Socket Mode client opens
``apps.connections.open`` on the fake, connects to its websocket, and answers a slash command
envelope there (the ack travels back on the socket, not over HTTP)."""

from __future__ import annotations

import asyncio

from bot.model import Channel
from tests.fakes.slack import (
    APP_TOKEN,
    FAN,
    FANS,
    TEAM_ID,
    FakeSlack,
    block_actions,
    command_fields,
    home_opened,
)
from tests.slack.conftest import Bot


async def test_socket_mode_receives_a_slash_command_and_answers_it(
    socket_bot: Bot, fake: FakeSlack
) -> None:
    await asyncio.wait_for(fake.socket_connected.wait(), 10)
    [opened] = fake.called("apps.connections.open")
    assert opened.token == APP_TOKEN
    assert socket_bot.adapter.port is None  # no HTTP listener in Socket Mode
    fields = command_fields("follow Diogo Dalot", response_url=fake.response_url("s"))
    ack = await fake.socket_command(fields)
    assert ack["response_type"] == "in_channel"
    assert "Now following *Diogo Dalot*" in ack["text"]
    here = Channel(platform="slack", workspace=TEAM_ID, channel=FANS)
    assert [p.name for p in socket_bot.store.channel_players(here)] == ["Diogo Dalot"]
    usage = await fake.socket_command(command_fields("", response_url=fake.response_url("s")))
    assert "/transfers follow" in usage["text"]


async def test_socket_mode_publishes_the_home_tab(socket_bot: Bot, fake: FakeSlack) -> None:
    await asyncio.wait_for(fake.socket_connected.wait(), 10)
    socket_bot.service.follow(
        Channel(platform="slack", workspace=TEAM_ID, channel=FANS), "A Bee", new=True
    )
    await fake.socket_send("events_api", home_opened(FAN))
    [published] = await fake.wait_for("views.publish")
    assert published.params["user_id"] == FAN
    assert "*<#C0FANS>* follows 1 player" in str(published.params["view"])


async def test_socket_mode_runs_a_questions_button(socket_bot: Bot, fake: FakeSlack) -> None:
    await asyncio.wait_for(fake.socket_connected.wait(), 10)
    asked = await fake.socket_command(
        command_fields("follow Bruno", response_url=fake.response_url("s"))
    )
    [actions] = [b for b in asked["blocks"] if b["type"] == "actions"]
    choice = actions["elements"][0]
    assert choice["value"] == "/follow Bruno Fernandes"
    await fake.socket_send("interactive", block_actions(choice, fake.response_url("click")))
    said = await fake.response("click")
    assert "Now following *Bruno Fernandes*" in said["text"]
    here = Channel(platform="slack", workspace=TEAM_ID, channel=FANS)
    assert [p.name for p in socket_bot.store.channel_players(here)] == ["Bruno Fernandes"]

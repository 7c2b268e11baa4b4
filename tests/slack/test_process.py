"""``transferbot run`` as a process in Slack HTTP mode: a signed ``/transfers follow`` POSTed to
its ``/slack/events`` is answered, the follow is in the database, a signed ``app_home_opened``
publishes the Home tab with it, SIGTERM stops it cleanly."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import storage
from bot.model import Channel
from tests.fakes.slack import (
    BOT_TOKEN,
    FANS,
    SIGNING_SECRET,
    TEAM_ID,
    FakeSlack,
    as_json,
    command_fields,
    home_opened,
    post_command,
    post_event,
)

LISTENING = re.compile(r"Slack HTTP mode: /transfers on http://127\.0\.0\.1:(\d+)/slack/events")


async def test_transferbot_run_answers_a_signed_slash_command(
    fake: FakeSlack, tmp_path: Path
) -> None:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "DATABASE"))
    }
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_BASE_URL=fake.api_base_url,
        SLACK_HTTP_HOST="127.0.0.1",
        SLACK_HTTP_PORT="0",  # any free port: the bot logs the one it got
        TRANSFERBOT_DEFAULT_FEEDS="off",
        FEED_ALLOW_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        PYTHONUNBUFFERED="1",
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli",
        "run",
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None
    err: list[str] = []
    try:
        port = None
        async with asyncio.timeout(30):
            while port is None:
                line = (await proc.stderr.readline()).decode()
                assert line, "".join(err)
                err.append(line)
                if match := LISTENING.search(line):
                    port = int(match.group(1))
        url = f"http://127.0.0.1:{port}/slack/events"
        fields = command_fields("follow Diogo Dalot", response_url=fake.response_url("p"))
        answer = await post_command(url, fields)
        assert answer.status == 200
        assert "Now following *Diogo Dalot*" in answer.json["text"]
        forged = await post_command(url, fields, secret="wrong")
        assert forged.status == 401
        assert (await post_event(url, home_opened())).status == 200
        [published] = await fake.wait_for("views.publish")
        home = str(as_json(published.params["view"]))
        assert "*<#C0FANS>* follows 1 player:\\n• *Diogo Dalot* · no news yet" in home
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(20):
            rest = await proc.stderr.read()
            code = await proc.wait()
    err.append(rest.decode())
    assert code == 0, "".join(err)
    assert "Traceback" not in "".join(err)
    # Bolt's single-team check, then the Home tab: who may see settings, the channels, the view
    methods = [call.method for call in fake.calls]
    assert methods == ["auth.test", "conversations.list", "users.info", "views.publish"]
    engine = storage.make_engine(env["DATABASE_URL"])
    try:
        here = Channel(platform="slack", workspace=TEAM_ID, channel=FANS)
        assert [p.name for p in storage.SqlStore(engine).channel_players(here)] == ["Diogo Dalot"]
    finally:
        engine.dispose()

"""Slack slash-command acks: how long a signed ``/transfers …`` POST takes to be answered.

The real Bolt app that ``transferbot run`` builds (HTTP mode, SQLite file) serves on 127.0.0.1;
the Web API is the fake of ``tests/fakes/slack.py``. Each request is timed by the client from
sending it to reading the whole answer: that is what Slack holds to three seconds. Commands run
one after another, then 20 at once; ``latest`` reads a player with 20 sagas and 40 claims.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import storage
from adapters import cli
from adapters.chat.base import AdapterContext
from adapters.registry import build_adapters
from adapters.settings import Settings
from adapters.slack import EVENTS_PATH, SlackAdapter
from bot.ingest import Ingest
from bot.model import Article, Channel
from bot.service import Service
from tests.fakes.slack import (
    ADMIN,
    BOT_TOKEN,
    FANS,
    SIGNING_SECRET,
    TEAM_ID,
    FakeSlack,
    command_fields,
    post_command,
)

PLAYER = "Jude Bellingham"
CLUBS = (
    "Arsenal",
    "Chelsea",
    "Liverpool",
    "Manchester City",
    "Manchester United",
    "Tottenham",
    "Newcastle",
    "Aston Villa",
    "Barcelona",
    "Atletico Madrid",
    "Bayern Munich",
    "Borussia Dortmund",
    "Juventus",
    "Inter",
    "AC Milan",
    "Napoli",
    "Paris Saint-Germain",
    "Benfica",
    "Porto",
    "Ajax",
)
ROUNDS = 100
CONCURRENT = 20


@contextlib.asynccontextmanager
async def running_bot(folder: Path) -> AsyncIterator[tuple[str, FakeSlack]]:
    fake = FakeSlack()
    await fake.start()
    settings = Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_base_url=fake.api_base_url,
        slack_http_host="127.0.0.1",
        slack_http_port=0,
        database_url=f"sqlite:///{folder / 'bench.db'}",
        transferbot_sample_feed=False,
    )
    engine = cli.make_engine(settings.database_url)
    store = storage.SqlStore(engine)
    service = Service(store)
    _history(store)
    [adapter] = build_adapters(AdapterContext(settings=settings, service=service))
    assert isinstance(adapter, SlackAdapter)
    task = asyncio.create_task(adapter.run())
    try:
        await asyncio.wait_for(adapter.ready.wait(), 10)
        yield f"http://127.0.0.1:{adapter.port}{EVENTS_PATH}", fake
    finally:
        await adapter.close()
        await task
        store.close()
        engine.dispose()
        await fake.close()


def _history(store: storage.SqlStore) -> None:
    ingest = Ingest(store)
    Service(store).follow(Channel(platform="slack", workspace=TEAM_ID, channel=FANS), PLAYER)
    start = datetime.now(UTC) - timedelta(days=2)
    for n, club in enumerate(CLUBS):
        for m, text in enumerate(
            (
                f"{club} have made an approach to Real Madrid for {PLAYER}, according to "
                "Fabrizio Romano.",
                f"{club} have submitted a bid of £{60 + n}m to Real Madrid for {PLAYER}, "
                "according to Fabrizio Romano.",
            )
        ):
            ingest.ingest(
                Article(
                    key=f"bench-{n}-{m}",
                    title=f"{club} and {PLAYER}",
                    summary=text,
                    published=start + timedelta(minutes=10 * n + m),
                    outlet="Sky Sports",
                    lang="en",
                )
            )


async def _timed(url: str, fake: FakeSlack, text: str, user: str = ADMIN) -> float:
    fields = command_fields(text, user=user, response_url=fake.response_url("bench"))
    answer = await post_command(url, fields)
    assert answer.status == 200, answer
    return answer.seconds


def _row(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    return f"| {name} | {len(ms)} | {statistics.median(ms):.1f} | {p95:.1f} | {ms[-1]:.1f} |"


async def _run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with running_bot(Path(folder)) as (url, fake):
            await _timed(url, fake, f"follow {PLAYER}")  # warm-up: auth.test, users.info cache
            await _timed(url, fake, "feeds list")
            print("| command | requests | median ms | p95 ms | max ms |")
            print("|---|---|---|---|---|")
            for text in ("help", "following", "feeds list", f"latest {PLAYER}"):
                seconds = [await _timed(url, fake, text) for _ in range(ROUNDS)]
                print(_row(text, seconds))
            toggles = []
            for _ in range(ROUNDS // 2):
                toggles.append(await _timed(url, fake, f"unfollow {PLAYER}"))
                toggles.append(await _timed(url, fake, f"follow {PLAYER}"))
            print(_row("follow / unfollow (writes)", toggles))
            burst: list[float] = []
            for _ in range(ROUNDS // CONCURRENT):
                burst += await asyncio.gather(
                    *(_timed(url, fake, f"latest {PLAYER}") for _ in range(CONCURRENT))
                )
            print(_row(f"latest, {CONCURRENT} at once", burst))
            late = sum(len(v) for v in fake.responses.values())
            print(f"answers that missed the ack and went through respond(): {late}")


def main() -> None:
    started = time.perf_counter()
    asyncio.run(_run())
    print(f"({time.perf_counter() - started:.1f} s in all)")


if __name__ == "__main__":
    main()

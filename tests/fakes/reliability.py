"""The proof harness of issue 15: ``transferbot run`` as real processes against a local feed
server and the fake Slack or the fake Discord, killed, faulted and run three at a time; what
reached the chat is counted against what should have.

* :class:`FeedServer`: RSS feeds on 127.0.0.1 whose items the harness publishes over time; it
  counts every fetch of every feed (time and feed).
* :class:`SlackChat`, :class:`DiscordChat`: the chat the bots talk to. Slack: HTTP mode on port
  0, alerts through ``chat.postMessage`` on the fake Slack; a resend is posted again and known
  by its metadata key. Discord: the fake Discord's REST and gateway on 127.0.0.1 (the real
  discord.py client), alerts through ``POST /channels/{id}/messages``; a resend with an enforced
  nonce makes no message and gets the first one back, counted as absorbed.
* :class:`Bot`: one ``transferbot run`` subprocess, started, killed with SIGKILL or stopped with
  SIGTERM.
* :func:`kill_run`, :func:`fault_run`, :func:`three_process_run`: the three runs; each returns a
  :class:`Tally` (lost, duplicated, recognised as repeats by the idempotency key, …).

Each published item reports an approach for its own made-up player, followed (``new=True``) in
a channel of his own (so that no channel's pacing batches two players' news), so each item must
make exactly one message, naming him.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import random
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import IO, Any

from aiohttp import web
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.engine import make_url

import storage
from bot.model import Channel
from bot.service import Service
from storage.models import DeliveryRow, FeedRow
from tests.fakes import discord as fake_discord
from tests.fakes.discord import FakeDiscord
from tests.fakes.slack import BOT_TOKEN, SIGNING_SECRET, TEAM_ID, FakeSlack, metadata_key

FIRST = ("Aldo", "Bruno", "Ciro", "Dino", "Elio", "Fulvio", "Gino", "Ivo", "Lino", "Nando")
LAST = (
    "Ferrante",
    "Morandi",
    "Castellani",
    "Lombardini",
    "Santorelli",
    "Testoni",
    "Bellucci",
    "Carraro",
    "Donadoni",
    "Zanetti",
)
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def players(count: int) -> list[str]:
    """``count`` made-up players (at most 100), none a prefix of another."""
    names = [f"{a} {b}" for b, a in itertools.product(LAST, FIRST)]
    return names[:count]


def story(player: str) -> tuple[str, str]:
    return (
        f"Atalanta approach Torino for {player}",
        f"Atalanta have made an approach to Torino about signing {player}, according to "
        "Fabrizio Romano.",
    )


def channel_of(index: int) -> Channel:
    return Channel(platform="slack", workspace=TEAM_ID, channel=f"C{index:05d}")


#: The Discord channels of the followed players (one each) start here, in the fake's server.
DISCORD_CHANNELS = 731000000000000000


# --------------------------------------------------------------------------- the chats


class _FakeChat:
    """What both chats do alike: start and stop their fake, and fail a share of the sends."""

    fake: FakeSlack | FakeDiscord

    async def start(self) -> None:
        await self.fake.start()

    async def close(self) -> None:
        await self.fake.close()

    def faulty(self, rate: float, seed: int, kinds: tuple[str, ...] = ()) -> None:
        """``rate`` of the sends fail, with ``kinds`` (the fake's own, all of them by default)."""
        if kinds:
            self.fake.faulty(rate, seed=seed, kinds=kinds)
        else:
            self.fake.faulty(rate, seed=seed)

    def faults(self) -> dict[str, int]:
        return dict(self.fake.faults)


class SlackChat(_FakeChat):
    """The fake Slack: alerts are ``chat.postMessage`` calls whose metadata carries the key."""

    name = "Slack"

    def __init__(self) -> None:
        self.fake = FakeSlack()

    def env(self) -> dict[str, str]:
        return {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_BASE_URL": self.fake.api_base_url,
            "SLACK_HTTP_HOST": "127.0.0.1",
            "SLACK_HTTP_PORT": "0",
        }

    def channel(self, index: int) -> Channel:
        return channel_of(index)

    def sends(self) -> int:
        return len(self.fake.called("chat.postMessage"))

    async def wait_send(self, count: int, within_s: float) -> None:
        await self.fake.wait_for("chat.postMessage", count, within_s=within_s)

    def alerts(self) -> list[str]:
        """The text of every alert message in the chat (resends included)."""
        return [
            str(m.get("text", ""))
            for m in self.fake.messages
            if str(m.get("channel", "")).startswith("C0") and metadata_key(m)
        ]

    def recognised(self) -> int:
        """Messages the fake knew as resends by their idempotency key (posted anyway)."""
        return len(self.fake.repeats)

    def absorbed(self) -> int:
        return 0  # Slack posts every resend


class DiscordChat(_FakeChat):
    """The fake Discord (REST and gateway): alerts are channel posts with an enforced nonce."""

    name = "Discord"

    def __init__(self) -> None:
        self.fake = FakeDiscord()

    def env(self) -> dict[str, str]:
        return {
            "DISCORD_TOKEN": fake_discord.TOKEN,
            "DISCORD_API_BASE": self.fake.api_base,
            "DISCORD_GATEWAY_URL": self.fake.gateway_url,
            "DISCORD_GUILD_ID": str(fake_discord.GUILD_ID),
        }

    def channel(self, index: int) -> Channel:
        return Channel(
            platform="discord",
            workspace=str(fake_discord.GUILD_ID),
            channel=str(DISCORD_CHANNELS + index),
        )

    def sends(self) -> int:
        return self.fake.post_requests()

    async def wait_send(self, count: int, within_s: float) -> None:
        await self.fake.wait_for(lambda: self.fake.post_requests() >= count, within_s)

    def alerts(self) -> list[str]:
        """The text of every alert message made (a resend Discord absorbed made none)."""
        out = []
        for post in self.fake.posts:
            body = post.body or {}
            if not body.get("nonce") or int(post.path.split("/")[1]) < DISCORD_CHANNELS:
                continue  # a notice, not an alert
            shown = [str(body.get("content") or "")]
            for embed in body.get("embeds") or []:
                shown += [str(embed.get("title", "")), str(embed.get("description", ""))]
            out.append("\n".join(shown))
        return out

    def recognised(self) -> int:
        return 0  # a second message is a duplicate the nonce did not prevent

    def absorbed(self) -> int:
        """Resends answered with the earlier message of their nonce (no second message)."""
        return len(self.fake.repeats)


Chat = SlackChat | DiscordChat


# --------------------------------------------------------------------------- the feed server


@dataclass
class FeedServer:
    """``feeds`` RSS feeds at ``/feed/<n>.xml``; :meth:`publish` adds an item to one."""

    feeds: int
    items: dict[int, list[tuple[str, str, str, datetime]]] = field(default_factory=dict)
    fetches: list[tuple[float, int]] = field(default_factory=list)  # (monotonic time, feed)
    base: str = ""
    _runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/feed/{n}.xml", self._feed)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base = f"http://{host}:{port}"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, n: int) -> str:
        return f"{self.base}/feed/{n}.xml"

    def publish(self, n: int, item: tuple[str, str]) -> None:
        entries = self.items.setdefault(n, [])
        entries.append((f"{n}-{len(entries)}", *item, datetime.now(UTC)))

    def fetch_times(self) -> dict[int, list[float]]:
        out: dict[int, list[float]] = {}
        for at, n in self.fetches:
            out.setdefault(n, []).append(at)
        return out

    async def _feed(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        self.fetches.append((time.monotonic(), n))
        entries = "".join(
            f"<item><guid>http://127.0.0.1/{guid}</guid><link>https://news.example/{guid}</link>"
            f"<title>{title}</title><description>{body}</description>"
            f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate></item>"
            for guid, title, body, when in reversed(self.items.get(n, []))
        )
        xml = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Calcio Daily {n}</title><link>https://news.example/</link>"
            f"<description>news</description>{entries}</channel></rss>"
        )
        return web.Response(body=xml.encode(), content_type="application/rss+xml")


# --------------------------------------------------------------------------- databases


@contextlib.contextmanager
def database(backend: str, tmp: Path, admin_url: str = PG_ADMIN) -> Iterator[str]:
    """A new, empty database's URL: a SQLite file, or a PostgreSQL database (made with
    ``admin_url``'s connection) dropped after."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'bot.db'}"
        return
    name = f"transferbot_rel_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def prepare(
    url: str,
    server: FeedServer,
    names: Sequence[str],
    *,
    interval_s: int,
    channel: Any = channel_of,
) -> None:
    """Migrate, add the feeds (the operator's), follow each player in his own channel."""
    engine = storage.make_engine(url)
    try:
        storage.migrate(engine)
        store = storage.SqlStore(engine)
        for n in range(server.feeds):
            store.add_feed(server.url(n), channel=None, interval_s=interval_s)
        service = Service(store)
        for i, name in enumerate(names):
            service.follow(channel(i), name, new=True)
    finally:
        engine.dispose()


class Db:
    """The harness's own look at the bot's database (never the bot's connection)."""

    def __init__(self, url: str) -> None:
        self.engine = storage.make_engine(url)

    def close(self) -> None:
        self.engine.dispose()

    def all_first_polled(self) -> bool:
        with self.engine.connect() as conn:
            left = conn.execute(
                select(func.count()).select_from(FeedRow).where(FeedRow.first_polled.is_(False))
            ).scalar_one()
        return left == 0

    def nudge(self) -> None:
        """Make every feed not being polled due now (a push from the feed, in effect)."""
        with contextlib.suppress(Exception), self.engine.begin() as conn:  # SQLite busy: next time
            conn.execute(
                update(FeedRow)
                .where(FeedRow.leased_until.is_(None))
                .values(next_poll_at=datetime.now(UTC))
            )

    def mark_polled(self) -> None:
        """Every feed as polled before: its next poll reads its news (not the silent first)."""
        with self.engine.begin() as conn:
            conn.execute(update(FeedRow).values(first_polled=True))

    def settled(self) -> bool:
        """No outbox row is left to send (or to retry)."""
        return "pending" not in self.outbox()

    def leases_held(self) -> int:
        with self.engine.connect() as conn:
            feeds = conn.execute(
                select(func.count()).select_from(FeedRow).where(FeedRow.leased_until.is_not(None))
            ).scalar_one()
            rows = conn.execute(
                select(func.count())
                .select_from(DeliveryRow)
                .where(DeliveryRow.leased_until.is_not(None))
            ).scalar_one()
        return int(feeds) + int(rows)

    def outbox(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                status: int(count)
                for status, count in conn.execute(
                    select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)
                )
            }


# --------------------------------------------------------------------------- the bot


class Bot:
    """One ``transferbot run`` process; with no ``chat``, the console adapter (its stdin is kept
    open, since the console stops at the end of its input)."""

    def __init__(self, url: str, chat: Chat | None, logs: Path, *, name: str = "bot") -> None:
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "DISCORD_", "DATABASE", "HEALTH_"))
        }
        self.env.update(
            DATABASE_URL=url,
            TRANSFERBOT_DEFAULT_FEEDS="off",
            TRANSFERBOT_SAMPLE_FEED="off",
            FEED_ALLOW_HOSTS="127.0.0.1",
            POLL_JITTER="0",
            SCHEDULER_POLL_EVERY_S="0.5",
            SCHEDULER_DELIVER_EVERY_S="0.25",
            PYTHONUNBUFFERED="1",
        )
        if chat is not None:
            self.env.update(chat.env())
        self.console = chat is None
        self.logs = logs
        self.name = name
        self.proc: asyncio.subprocess.Process | None = None
        self.starts = 0
        self._log: IO[bytes] | None = None

    async def start(self) -> None:
        self.starts += 1
        self._log = (self.logs / f"{self.name}-{self.starts}.log").open("wb")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "adapters.cli",
            "run",
            env=self.env,
            stdin=asyncio.subprocess.PIPE if self.console else asyncio.subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
        )

    async def kill(self) -> None:
        """SIGKILL: no cleanup of any kind."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()
        self._closed()

    async def stop(self, within_s: float = 30.0) -> float:
        """SIGTERM; the seconds it took to exit (it is killed after ``within_s``)."""
        started = time.monotonic()
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), within_s)
            except TimeoutError:
                await self.kill()
                return float("inf")
        self._closed()
        return time.monotonic() - started

    def _closed(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


# --------------------------------------------------------------------------- counting


@dataclass
class Tally:
    """What reached the chat, against what should have."""

    run: str
    expected: int = 0
    delivered: int = 0  # players whose alert arrived
    lost: int = 0
    duplicated: int = 0  # messages beyond the first for one player
    recognised: int = 0  # of those, the ones the fake knew by the idempotency key
    absorbed: int = 0  # resends the chat answered with the first message (Discord's nonce)
    kills: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    max_silence_s: float = 0.0  # the last start → every feed fetched again (the slowest feed)
    stop_s: float = 0.0  # SIGTERM → exit, at the end
    leases_left: int = 0  # feed and outbox leases still held after that stop
    double_fetches: int = 0  # a feed fetched twice within half its interval
    fetches: int = 0
    outbox: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def unrecognised(self) -> int:
        return self.duplicated - self.recognised

    def ok(self) -> bool:
        return self.lost == 0 and self.unrecognised == 0 and self.double_fetches == 0

    def row(self) -> str:
        faults = sum(self.faults.values())
        repeats = f"{self.duplicated} ({self.recognised} recognised)"
        if self.absorbed:
            resends = "resend" if self.absorbed == 1 else "resends"
            repeats = f"{self.duplicated} ({self.absorbed} {resends} absorbed by the nonce)"
        return (
            f"| {self.run} | {self.expected} | {self.delivered} | {self.lost} | "
            f"{repeats} | {self.kills or '-'} | "
            f"{faults or '-'} | {self.double_fetches} / {self.fetches} | {self.stop_s:.1f} s | "
            f"{self.leases_left} | {self.seconds:.0f} s |"
        )


HEADER = (
    "| run | alerts expected | delivered | lost | duplicated | kills | faults injected "
    "| feed fetched twice in an interval / fetches | SIGTERM → exit | leases left | took |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|"
)


def count(tally: Tally, chat: Chat, names: Sequence[str]) -> None:
    """Fill in delivered, lost, duplicated, recognised and absorbed from the fake's messages."""
    per_player = dict.fromkeys(names, 0)
    for shown in chat.alerts():
        for name in names:
            if name in shown:
                per_player[name] += 1
    tally.expected = len(names)
    tally.delivered = sum(1 for n in per_player.values() if n)
    tally.lost = sum(1 for n in per_player.values() if n == 0)
    tally.duplicated = sum(max(0, n - 1) for n in per_player.values())
    tally.recognised = chat.recognised()
    tally.absorbed = chat.absorbed()


async def _wait(check: Any, within_s: float, every_s: float = 0.2) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if await asyncio.to_thread(check):
            return True
        await asyncio.sleep(every_s)
    return bool(await asyncio.to_thread(check))


def chat_of(platform: str) -> Chat:
    if platform == "discord":
        return DiscordChat()
    if platform == "slack":
        return SlackChat()
    raise ValueError(f"no fake chat {platform!r}")


@contextlib.asynccontextmanager
async def _world(feeds: int, platform: str = "slack") -> AsyncIterator[tuple[FeedServer, Chat]]:
    server, chat = FeedServer(feeds), chat_of(platform)
    await server.start()
    await chat.start()
    try:
        yield server, chat
    finally:
        await chat.close()
        await server.close()


async def _publisher(
    server: FeedServer, names: Sequence[str], every_s: float, rng: random.Random
) -> None:
    for i, name in enumerate(names):
        server.publish(i % server.feeds, story(name))
        await asyncio.sleep(every_s * rng.uniform(0.5, 1.5))


async def _nudger(db: Db, every_s: float = 0.5) -> None:
    while True:
        await asyncio.to_thread(db.nudge)
        await asyncio.sleep(every_s)


def _all_sent(chat: Chat, names: Sequence[str]) -> bool:
    shown = chat.alerts()
    return all(any(name in s for s in shown) for name in names)


# --------------------------------------------------------------------------- the runs


async def kill_run(
    backend: str,
    tmp: Path,
    *,
    kills: int = 20,
    alerts: int = 40,
    feeds: int = 4,
    seed: int = 1,
    fault_rate: float = 0.0,
    settle_s: float = 120.0,
    pg_admin: str = PG_ADMIN,
    on_send: bool = False,
    platform: str = "slack",
    fault_kinds: tuple[str, ...] = (),
) -> Tally:
    """One bot, SIGKILLed ``kills`` times at random moments (0.5–4 s after each start, so
    during start, polls, ingest and sends alike) and restarted at once, while ``alerts`` items
    are published over time; then one last run until every alert is in (or ``settle_s``), and
    a SIGTERM. ``fault_rate``: the fake Slack's share of failed ``chat.postMessage`` calls.
    ``on_send``: each kill comes the moment Slack has taken a message (before the bot has its
    answer, so before the row is marked sent), or after 0.5–4 s if none comes: the window the
    idempotency key is for. ``platform``: ``slack`` or ``discord``, the chat the bot talks to."""
    rng = random.Random(seed)
    where = backend if platform == "slack" else f"{backend}, {platform}"
    label = f"kill -9 ×{kills}, {where}" if kills else f"faults {fault_rate:.0%}, {where}"
    if on_send:
        label = f"kill -9 right after a send ×{kills}, {where}"
    tally = Tally(run=label)
    started = time.monotonic()
    names = players(alerts)
    async with _world(feeds, platform) as (server, chat):
        if fault_rate:
            chat.faulty(fault_rate, seed=seed, kinds=fault_kinds)
        with database(backend, tmp, pg_admin) as url:
            await asyncio.to_thread(
                prepare, url, server, names, interval_s=60, channel=chat.channel
            )
            db = Db(url)
            bot = Bot(url, chat, tmp)
            nudger = asyncio.ensure_future(_nudger(db))
            publisher: asyncio.Future[None] | None = None
            try:
                for _ in range(kills):
                    await bot.start()
                    wait = rng.uniform(0.5, 4.0)
                    if on_send:
                        sent = chat.sends()
                        with contextlib.suppress(TimeoutError):
                            await chat.wait_send(sent + 1, within_s=wait + 8)
                    else:
                        await asyncio.sleep(wait)
                    if publisher is None and await asyncio.to_thread(db.all_first_polled):
                        publisher = asyncio.ensure_future(
                            _publisher(server, names, every_s=0.4, rng=rng)
                        )
                    await bot.kill()
                    tally.kills += 1
                await bot.start()
                last_start = time.monotonic()
                if publisher is None:
                    await _wait(db.all_first_polled, 60)
                    publisher = asyncio.ensure_future(
                        _publisher(server, names, every_s=0.4, rng=rng)
                    )
                await publisher
                await _wait(lambda: _all_sent(chat, names) and db.settled(), settle_s)
                firsts: dict[int, float] = {}

                def every_feed_again() -> bool:
                    for at, n in server.fetches:
                        if at >= last_start:
                            firsts.setdefault(n, at - last_start)
                    return len(firsts) == feeds

                if await _wait(every_feed_again, 90):
                    tally.max_silence_s = max(firsts.values())
                else:
                    tally.max_silence_s = float("inf")
                    tally.notes.append(f"{feeds - len(firsts)} feed(s) silent after the last start")
                await asyncio.to_thread(db.nudge)
                await asyncio.sleep(2.0)  # a duplicate still on its way would show now
                nudger.cancel()
                tally.stop_s = await bot.stop()
                tally.leases_left = await asyncio.to_thread(db.leases_held)
                tally.outbox = await asyncio.to_thread(db.outbox)
            finally:
                nudger.cancel()
                if publisher is not None:
                    publisher.cancel()
                await bot.kill()
                db.close()
        count(tally, chat, names)
        tally.faults = chat.faults()
        tally.fetches = len(server.fetches)
    tally.seconds = time.monotonic() - started
    return tally


async def fault_run(
    backend: str,
    tmp: Path,
    *,
    alerts: int = 20,
    rate: float = 0.3,
    seed: int = 1,
    pg_admin: str = PG_ADMIN,
    platform: str = "slack",
    kinds: tuple[str, ...] = (),
) -> Tally:
    """No kill: the fake chat fails ``rate`` of the sends (429, 500, resets, lost answers, and
    on Slack timeouts; ``kinds``: only those); every alert must still arrive once (or be
    recognised by its key)."""
    return await kill_run(
        backend,
        tmp,
        kills=0,
        alerts=alerts,
        fault_rate=rate,
        seed=seed,
        settle_s=300,
        pg_admin=pg_admin,
        platform=platform,
        fault_kinds=kinds,
    )


async def three_process_run(
    tmp: Path,
    *,
    processes: int = 3,
    feeds: int = 200,
    alerts: int = 50,
    interval_s: int = 60,
    rounds: int = 2,
    pg_admin: str = PG_ADMIN,
) -> Tally:
    """``processes`` bots on one PostgreSQL database, ``feeds`` feeds polled every
    ``interval_s`` (no nudging: the bots' own schedule), ``alerts`` players' news published
    during the first interval; run for ``rounds`` intervals and a bit. Each feed must be
    fetched once per interval (a fetch within half an interval of the last one is counted as
    a double fetch) and each alert delivered once. ``rounds`` 1 (the fast variant): the feeds
    count as polled before (their first poll is not the silent one) and the news is there when
    the bots start: one interval's worth, every feed due at once in all the processes."""
    tally = Tally(run=f"{processes} processes, PostgreSQL, {feeds} feeds, {alerts} followed")
    started = time.monotonic()
    names = players(alerts)
    rng = random.Random(7)
    async with _world(feeds) as (server, chat):
        with database("postgresql", tmp, pg_admin) as url:
            await asyncio.to_thread(prepare, url, server, names, interval_s=interval_s)
            db = Db(url)
            bots = [Bot(url, chat, tmp, name=f"bot{i}") for i in range(processes)]
            try:
                if rounds == 1:
                    await asyncio.to_thread(db.mark_polled)
                    for name in names:
                        server.publish(rng.randrange(feeds), story(name))
                await asyncio.gather(*(b.start() for b in bots))
                await _wait(db.all_first_polled, 60)
                first_round = time.monotonic()
                spread = (interval_s * 0.6) / max(1, alerts)
                for name in names if rounds > 1 else ():
                    server.publish(rng.randrange(feeds), story(name))
                    await asyncio.sleep(spread)
                end = first_round + interval_s * (rounds - 1) + min(10.0, interval_s / 4)
                await asyncio.sleep(max(0.0, end - time.monotonic()))
                await _wait(
                    lambda: (
                        _all_sent(chat, names)
                        and db.settled()
                        and len(server.fetches) >= rounds * feeds
                    ),
                    interval_s / 2,
                )
                stops = await asyncio.gather(*(b.stop() for b in bots))
                tally.stop_s = max(stops)
                tally.leases_left = await asyncio.to_thread(db.leases_held)
                tally.outbox = await asyncio.to_thread(db.outbox)
            finally:
                for b in bots:
                    await b.kill()
                db.close()
        count(tally, chat, names)
        tally.fetches = len(server.fetches)
        for times in server.fetch_times().values():
            gaps = [b - a for a, b in itertools.pairwise(sorted(times))]
            tally.double_fetches += sum(1 for g in gaps if g < interval_s / 2)
        missing = [n for n in range(feeds) if n not in server.fetch_times()]
        if missing:
            tally.notes.append(f"{len(missing)} feed(s) never fetched")
    tally.seconds = time.monotonic() - started
    return tally

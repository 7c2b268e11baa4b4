"""Performance as ratios to baselines run beside it (issue 16): what reading claims costs over
reading the feed, and whether it stays flat as history and followers grow.

Each row times the bot and its baseline in the same run, on the same items, so the ratio says
more than either figure on a shared machine:

* **ingest per item** (``Ingest.ingest`` on a SQLite file store: extraction, near-duplicate
  signature, novelty, persist) against **feedparser** parsing the same item inside an RSS body;
* the same against a **guid-dedup bot**: parse, then one indexed lookup and insert of the item's
  guid in SQLite (what MonitoRSS-like bots do per item);
* **followers**: the same items with 5 and with 1,005 followed players;
* **history**: the same items judged against 10k and against ``--history`` stored claims (1M in
  the full run), built by a generator here through the real store's tables.

Each timing is the best of 3 runs over fresh items (every item new to the store), in CPU time
of this process (the SQLite store runs in it), so that other jobs on the machine do not count. Run:
``.venv/bin/python -m bench.perf_bench [--quick]`` (``make bench`` runs it in full).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
from sqlalchemy import Engine, create_engine, insert, make_url, text

from bot.ingest import Ingest
from bot.model import Article, Channel
from bot.names import normalise
from bot.service import Service
from storage import SqlStore, make_engine, migrate
from storage.models import ClaimRow, PlayerAliasRow, PlayerRow, SagaRow, SubscriptionRow

CH = Channel(platform="console", workspace="bench", channel="transfers")
FOLLOWED = ("Luca Brennan", "Mateo Novak", "Jonas Ferreira", "Erik Kovacs", "Noah Lindqvist")
CLUBS = ("Arsenal", "Chelsea", "Juventus", "Bayern Munich", "Real Madrid", "Napoli", "Benfica")
OUTLETS = ("The Athletic", "Sky Sports", "Marca", "Kicker", "L'Equipe", "Gazzetta dello Sport")
_START = datetime(2025, 1, 2, 8, tzinfo=UTC)

# goals of issue 16 (ratios)
GOAL_ITEM_VS_PARSE = 10.0
GOAL_ARTICLE_VS_PARSE = 20.0
GOAL_FOLLOWED_VS_PARSE = 12.0
GOAL_VS_DEDUP = 10.0
GOAL_HISTORY = 1.1
GOAL_START_S = 5.0
GOAL_RSS_MB = 150.0
GOAL_HELP_S = 0.2


def _item_text(rng: random.Random, words: int) -> tuple[str, str]:
    player = rng.choice(FOLLOWED)
    buyer, seller = rng.sample(CLUBS, 2)
    fee = rng.randrange(20, 120)
    title = f"{buyer} make £{fee}m bid for {seller}'s {player}"
    sentences = [
        f"{buyer} have made an offer of £{fee}m for {player}, according to reports.",
        f"{seller} are expected to reject the bid and want more than £{fee + 10}m.",
        "The player is keen on a move and personal terms would not be a problem.",
        f"{rng.choice(CLUBS)} are also monitoring the situation ahead of the window.",
        "Talks between the two clubs are expected to continue next week.",
    ]
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(rng.choice(sentences))
    return title, " ".join(out)


def _articles(n: int, words: int, seed: int, start: datetime) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        title, summary = _item_text(rng, words)
        out.append(
            Article(
                key=f"bench-{seed}-{i}",
                title=title,
                summary=summary,
                published=start + timedelta(minutes=i),
                outlet=rng.choice(OUTLETS),
                lang="en",
            )
        )
    return out


def _rss(articles: Sequence[Article]) -> bytes:
    items = "".join(
        f"<item><title>{a.title}</title><guid>{a.key}</guid><description>{a.summary}"
        f"</description><pubDate>Thu, 02 Jan 2025 08:00:00 GMT</pubDate></item>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench</title>'
        f"{items}</channel></rss>"
    ).encode()


def _best_ms_per_item(run: Callable[[int], None], n: int, *, wall: bool = False) -> float:
    """CPU milliseconds per item of ``run`` (called with 0, 1, 2), the best of the three: CPU
    time so that other work on the machine does not count, the best so that a collection or a
    stray page fault does not either. ``wall``: wall-clock time instead (a PostgreSQL server's
    work is not this process's CPU time)."""
    clock = time.perf_counter if wall else time.process_time
    times = []
    for attempt in range(3):
        started = clock()
        run(attempt)
        times.append((clock() - started) / n * 1000)
    return min(times)


def _parse_ms(articles: Sequence[Article], *, wall: bool = False) -> float:
    body = _rss(articles)
    return _best_ms_per_item(lambda _: feedparser.parse(body), len(articles), wall=wall)


def _dedup_ms(articles: Sequence[Article], db: Path, *, wall: bool = False) -> float:
    """The guid-dedup bot: parse the feed, then per item one indexed lookup and an insert."""
    body = _rss(articles)
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE IF NOT EXISTS seen (guid TEXT PRIMARY KEY)")

    def run(attempt: int) -> None:
        parsed = feedparser.parse(body)
        for entry in parsed.entries:
            guid = f"{attempt}-{entry.get('id')}"
            if con.execute("SELECT 1 FROM seen WHERE guid = ?", (guid,)).fetchone() is None:
                con.execute("INSERT INTO seen (guid) VALUES (?)", (guid,))
        con.commit()

    try:
        return _best_ms_per_item(run, len(articles), wall=wall)
    finally:
        con.close()


def _made_up_names(n: int) -> list[str]:
    rng = random.Random(3)
    first = ("Adam", "Bruno", "Carlos", "Dario", "Emil", "Fabio", "Goran", "Hector")
    last = ("Abara", "Bertin", "Cosic", "Duval", "Eklund", "Ferro", "Gallo", "Horvat")
    names: set[str] = set()
    while len(names) < n:
        names.add(f"{rng.choice(first)} {rng.choice(last)}{rng.randrange(10 * n + 10_000)}")
    return sorted(names)


def _followed_store(dbs: Databases, name: str, followed: int) -> tuple[Engine, SqlStore]:
    """A fresh store where ``followed`` players are followed: the bench's five through the
    service, made-up others bulk-inserted (players, their names as aliases, subscriptions)."""
    engine = make_engine(dbs.url(name))
    migrate(engine)
    store = SqlStore(engine)
    service = Service(store)
    for player in FOLLOWED:
        service.follow(CH, player, new=True)
    names = _made_up_names(followed - len(FOLLOWED))
    with engine.begin() as con:
        con.execute(insert(PlayerRow), [{"name": n, "attributes": {}} for n in names])
        query = PlayerRow.__table__.select().with_only_columns(PlayerRow.name, PlayerRow.id)
        ids: dict[str, int] = {str(row[0]): int(row[1]) for row in con.execute(query)}
        con.execute(
            insert(PlayerAliasRow),
            [{"player_id": ids[n], "alias": n, "alias_norm": normalise(n)} for n in names],
        )
        con.execute(
            insert(SubscriptionRow),
            [
                {
                    "platform": CH.platform,
                    "workspace": CH.workspace,
                    "channel": CH.channel,
                    "player_id": ids[n],
                    "created_at": _START,
                }
                for n in names
            ],
        )
    return engine, store


def start_to_first_alert(dbs: Databases, followed: int) -> tuple[float, bool, Engine]:
    """Wall seconds from a new ``Ingest`` on a store where ``followed`` players are followed
    to the end of its first item, which names one of the bench's five; and whether that item
    made an alert."""
    engine, store = _followed_store(dbs, f"start{followed}", followed)
    article = _articles(1, 65, 7, _START)[0]
    started = time.perf_counter()
    ingest = Ingest(store, clock=lambda: _START + timedelta(days=1))
    result = ingest.ingest(article)
    return time.perf_counter() - started, bool(result.events), engine


_RSS_CHILD = """
import sys
from datetime import timedelta
from bench.perf_bench import _START, _articles
from bot.ingest import Ingest
from storage import SqlStore, make_engine
store = SqlStore(make_engine(sys.argv[1]))
ingest = Ingest(store, clock=lambda: _START + timedelta(days=30))
for article in _articles(20, 65, 11, _START + timedelta(days=30)):
    ingest.ingest(article)
# VmHWM: this process's own peak (ru_maxrss keeps the parent's across fork and exec)
status = open("/proc/self/status").read().split("VmHWM:")[1]
print(int(status.split()[0]) / 1024)
"""


def peak_rss_mb(dbs: Databases, followed: int, claims: int) -> tuple[float, Engine]:
    """Peak RSS (MB) of a fresh process that opens a store with ``followed`` players followed
    and ``claims`` stored claims and ingests 20 feed items (the registry loaded, as in
    ``run``)."""
    engine, _ = _followed_store(dbs, "rss", followed)
    grow_history(engine, claims)
    url = engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-c", _RSS_CHILD, url],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return float(done.stdout.split()[-1]), engine


class Databases:
    """A fresh database per bot: a SQLite file in ``folder``, or with ``admin_url`` a new
    PostgreSQL database (dropped at the end)."""

    def __init__(self, folder: Path, admin_url: str | None = None) -> None:
        self.folder = folder
        self.admin_url = admin_url
        self._created: list[str] = []

    @property
    def postgresql(self) -> bool:
        return self.admin_url is not None

    def url(self, name: str) -> str:
        if self.admin_url is None:
            return f"sqlite:///{self.folder / name}.db"
        database = f"perf_bench_{name}_{os.getpid()}"
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as con:
            con.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
            con.execute(text(f'CREATE DATABASE "{database}"'))
        admin.dispose()
        self._created.append(database)
        return make_url(self.admin_url).set(database=database).render_as_string(False)

    def drop(self, engines: Sequence[Engine]) -> None:
        for engine in engines:
            engine.dispose()
        if self.admin_url is None:
            return
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as con:
            for database in self._created:
                con.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
        admin.dispose()


class Bot:
    """The bot's ingest on a fresh store (SQLite file, or PostgreSQL)."""

    def __init__(self, dbs: Databases | Path, name: str, extra_followed: int = 0) -> None:
        dbs = dbs if isinstance(dbs, Databases) else Databases(dbs)
        self.wall = dbs.postgresql  # the server's work is not this process's CPU time
        engine = make_engine(dbs.url(name))
        migrate(engine)
        self.store = SqlStore(engine)
        self.engine = engine
        service = Service(self.store)
        for player in FOLLOWED:
            service.follow(CH, player, new=True)
        for player in _made_up_names(extra_followed):
            service.follow(CH, player, new=True)
        self.clock = _START + timedelta(days=30)
        self.ingest = Ingest(self.store, clock=lambda: self.clock)

    def ms_per_item(self, words: int, n: int, seed: int) -> float:
        batches = [
            _articles(n, words, seed * 10 + attempt, self.clock + timedelta(days=attempt))
            for attempt in range(3)
        ]
        self.ingest.ingest(batches[0][0])  # warm the gazetteer and club memory

        def run(attempt: int) -> None:
            for article in batches[attempt][1:]:
                self.ingest.ingest(article)

        return _best_ms_per_item(run, n - 1, wall=self.wall)

    def grow_history(self, claims: int) -> None:
        grow_history(self.engine, claims)


def grow_history(engine: Engine, claims: int) -> None:
    """``claims`` stored claims over sagas of 2,000 unfollowed players (the store's own
    tables, bulk-inserted), so history is large while the followed players' own is not."""
    with engine.begin() as con:
        players = [{"name": f"History Player {i}", "attributes": {}} for i in range(2_000)]
        con.execute(insert(PlayerRow), players)
        ids = [
            row[0]
            for row in con.execute(
                PlayerRow.__table__.select()
                .with_only_columns(PlayerRow.id)
                .where(PlayerRow.name.like("History Player %"))
            )
        ]
        sagas = [
            {
                "player_id": pid,
                "counterpart": club,
                "deal": "transfer",
                "status": "active",
                "first_seen": _START,
                "last_seen": _START,
            }
            for pid in ids
            for club in CLUBS[:5]
        ]
        con.execute(insert(SagaRow), sagas)
        saga_ids = [
            row[0] for row in con.execute(SagaRow.__table__.select().with_only_columns(SagaRow.id))
        ]
        kinds = ("interest", "approach", "bid", "talks", "fee", "medical", "agreement")
        batch: list[dict[str, object]] = []
        for i in range(claims):
            batch.append(
                {
                    "saga_id": saga_ids[i % len(saga_ids)],
                    "fact_key": f"k{i}",
                    "kind": kinds[i % len(kinds)],
                    "polarity": True,
                    "first_seen": _START,
                    "last_seen": _START,
                    "times_seen": 1,
                    "last_claim": {},
                }
            )
            if len(batch) == 20_000:
                con.execute(insert(ClaimRow), batch)
                batch.clear()
        if batch:
            con.execute(insert(ClaimRow), batch)


def help_seconds(runs: int = 3) -> list[float]:
    """Wall seconds of ``transferbot --help`` (the installed entry point's module, a fresh
    interpreter each run, output discarded), ``runs`` times."""
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from adapters.commandline import main; "
                "sys.argv = ['transferbot', '--help']; sys.exit(main())",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=Path(__file__).resolve().parent.parent,
        )
        out.append(time.perf_counter() - started)
    return out


def _row(name: str, value: str, ratio: float, goal: float) -> str:
    met = "met" if ratio <= goal else "MISSED"
    return f"| {name} | {value} | {ratio:.2f}× | ≤ {goal:g}× | {met} |"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.perf_bench")
    parser.add_argument("--quick", action="store_true", help="CI-size run (small history)")
    parser.add_argument(
        "--postgresql",
        metavar="URL",
        help="run the bots on PostgreSQL: a server URL whose user may create databases "
        "(one per bot, dropped at the end); timed in wall-clock time",
    )
    args = parser.parse_args(argv)
    n = 40 if args.quick else 100
    big_history = 100_000 if args.quick else 1_000_000
    start_followed = 2_000 if args.quick else 28_575
    wall = args.postgresql is not None
    store_name = "PostgreSQL" if wall else "SQLite file store"
    clock = "wall-clock ms" if wall else "CPU ms"
    print(f"Performance against baselines run beside it ({clock}, best of 3; {store_name})")
    print("| figure | measured | ratio | goal | |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dbs = Databases(folder, args.postgresql)
        engines: list[Engine] = []
        try:
            _rows(dbs, engines, n, big_history, start_followed, wall)
        finally:
            dbs.drop(engines)


def _rows(
    dbs: Databases,
    engines: list[Engine],
    n: int,
    big_history: int,
    start_followed: int,
    wall: bool,
) -> None:
    items = _articles(n, 65, 1, _START)
    articles = _articles(n // 4, 600, 2, _START)
    parse_item = _parse_ms(items, wall=wall)
    parse_article = _parse_ms(articles, wall=wall)
    dedup = _dedup_ms(items, dbs.folder / "dedup.db", wall=wall)

    small = Bot(dbs, "small")
    engines.append(small.engine)
    item = small.ms_per_item(65, n, 1)
    article = small.ms_per_item(600, n // 4, 2)
    print(
        _row(
            "ingest per feed-size item (~65 words, 5 followed) vs feedparser on it",
            f"{item:.2f} ms vs {parse_item:.3f} ms",
            item / parse_item,
            GOAL_ITEM_VS_PARSE,
        )
    )
    print(
        _row(
            "ingest per 600-word article vs feedparser on it",
            f"{article:.2f} ms vs {parse_article:.3f} ms",
            article / parse_article,
            GOAL_ARTICLE_VS_PARSE,
        )
    )
    print(
        _row(
            "the feed-size item vs a guid-dedup bot (parse + one indexed lookup)",
            f"{item:.2f} ms vs {dedup:.3f} ms",
            item / dedup,
            GOAL_VS_DEDUP,
        )
    )
    many = Bot(dbs, "many", extra_followed=1_000)
    engines.append(many.engine)
    item_many = many.ms_per_item(65, n, 1)
    print(
        _row(
            "the feed-size item with 1,005 followed vs feedparser on it",
            f"{item_many:.2f} ms vs {parse_item:.3f} ms",
            item_many / parse_item,
            GOAL_FOLLOWED_VS_PARSE,
        )
    )
    base = Bot(dbs, "h10k")
    engines.append(base.engine)
    base.grow_history(10_000)
    big = Bot(dbs, "hbig")
    engines.append(big.engine)
    big.grow_history(big_history)
    at_10k = base.ms_per_item(65, n, 3)
    at_big = big.ms_per_item(65, n, 3)
    print(
        _row(
            f"novelty + persist per item, {big_history:,} stored claims vs 10k (5 followed)",
            f"{at_big:.2f} ms vs {at_10k:.2f} ms",
            at_big / at_10k,
            GOAL_HISTORY,
        )
    )
    seconds, alerted, engine = start_to_first_alert(dbs, start_followed)
    engines.append(engine)
    met = "met" if seconds <= GOAL_START_S and alerted else "MISSED"
    print(
        f"| new ingest → end of its first item (an alert: {'yes' if alerted else 'NO'}), "
        f"{start_followed:,} followed (wall) | {seconds:.2f} s | | ≤ {GOAL_START_S:g} s | {met} |"
    )
    runs = sorted(help_seconds())
    met = "met" if runs[len(runs) // 2] <= GOAL_HELP_S else "MISSED"
    print(
        f"| `transferbot --help` (wall, best / median of {len(runs)}) | {runs[0]:.2f} / "
        f"{runs[len(runs) // 2]:.2f} s | | ≤ {GOAL_HELP_S:g} s | {met} |"
    )
    rss, engine = peak_rss_mb(dbs, 10_000, big_history)
    engines.append(engine)
    met = "met" if rss <= GOAL_RSS_MB else "MISSED"
    print(
        f"| peak RSS, a fresh process ingesting 20 items: 10,000 followed, {big_history:,} "
        f"stored claims | {rss:.0f} MB | | ≤ {GOAL_RSS_MB:g} MB | {met} |"
    )


if __name__ == "__main__":
    main()

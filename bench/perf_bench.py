"""Performance as ratios to baselines run beside it (issue 16): what reading claims costs over
reading the feed, and whether it stays flat as history and followers grow.

Each row times the bot and its baseline in the same run, on the same items, so the ratio says
more than either figure on a shared machine:

* **ingest per item** (``Ingest.ingest`` on a SQLite file store: extraction, near-duplicate
  signature, novelty, persist) against **feedparser** parsing the same item inside an RSS body;
* the same against a **guid-dedup bot**: parse, then one indexed lookup and insert of the item's
  guid in SQLite (what MonitoRSS-like bots do per item);
* **followers**: the same items with 5 and with 1,005 followed players;
* **history**: the same items judged against 10k and against 1M stored claims (100k with
  ``--quick``) of 28,575 players (2,000), built by a generator here through the real store's
  tables: first with 5 followed, then with every one of those players followed (and a new
  ``Ingest`` timed to the end of its first item).

Each timing is the best of 3 runs over fresh items (every item new to the store), in CPU time
of this process (the SQLite store runs in it), so that other jobs on the machine do not count;
then every row again on PostgreSQL in wall-clock time, when a server answers. Run:
``.venv/bin/python -m bench.perf_bench [--quick] [--postgresql URL | --sqlite-only]``
(``make bench`` runs it in full).
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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
from sqlalchemy import Engine, create_engine, insert, make_url, select, text

from bot.ingest import Ingest
from bot.model import Article, Channel, Claim, ClaimKind
from bot.names import normalise
from bot.service import Service
from storage import SqlStore, make_engine, migrate
from storage.codec import claim_to_dict
from storage.engine import unanswered
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
GOAL_EVERYONE = 1.2
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


def _followed_store(
    dbs: Databases, name: str, followed: int, *, subscribe: bool = True
) -> tuple[Engine, SqlStore, list[int]]:
    """A fresh store where ``followed`` players are followed: the bench's five through the
    service, made-up others bulk-inserted (players, their names as aliases, and with
    ``subscribe`` their subscriptions); and the made-up players' ids."""
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
    made_up = [ids[n] for n in names]
    if subscribe:
        _subscribe(engine, made_up)
    return engine, store, made_up


def _analyze(engine: Engine) -> None:
    """PostgreSQL: the planner's statistics of the tables just bulk-loaded, as autovacuum
    would have them on a database that grew to this size (without them it takes 1M claims
    for a few rows and scans: 88 ms an item instead of 12, measured on 2026-12-04)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as con:
            con.execute(text("ANALYZE"))


def _subscribe(engine: Engine, player_ids: Sequence[int]) -> None:
    """Follow ``player_ids`` in the bench's channel (bulk-inserted subscriptions)."""
    with engine.begin() as con:
        con.execute(
            insert(SubscriptionRow),
            [
                {
                    "platform": CH.platform,
                    "workspace": CH.workspace,
                    "channel": CH.channel,
                    "player_id": pid,
                    "created_at": _START,
                }
                for pid in player_ids
            ],
        )
    _analyze(engine)


def start_to_first_alert(store: SqlStore) -> tuple[float, bool]:
    """Wall seconds from a new ``Ingest`` on ``store`` to the end of its first item, which
    names one of the bench's five; and whether that item made an alert."""
    article = _articles(1, 65, 7, _START + timedelta(days=60))[0]
    started = time.perf_counter()
    ingest = Ingest(store, clock=lambda: _START + timedelta(days=61))
    result = ingest.ingest(article)
    return time.perf_counter() - started, bool(result.events)


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
    engine, _, _ = _followed_store(dbs, "rss", followed)
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

    def __init__(
        self,
        dbs: Databases | Path,
        name: str,
        extra_followed: int = 0,
        *,
        store: SqlStore | None = None,
    ) -> None:
        """A fresh store named ``name`` (the five and ``extra_followed`` more followed through
        the service), or ``store``, where the five are followed already."""
        dbs = dbs if isinstance(dbs, Databases) else Databases(dbs)
        self.wall = dbs.postgresql  # the server's work is not this process's CPU time
        if store is None:
            engine = make_engine(dbs.url(name))
            migrate(engine)
            store = SqlStore(engine)
            service = Service(store)
            for player in (*FOLLOWED, *_made_up_names(extra_followed)):
                service.follow(CH, player, new=True)
        self.store = store
        self.engine = store.engine
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


def grow_history(engine: Engine, claims: int, players: Sequence[int] = ()) -> None:
    """``claims`` stored claims over five sagas each of ``players``, or of 2,000 new players
    nobody follows (the store's own tables, bulk-inserted): history is large while the bench's
    five followed players' own is not."""
    with engine.begin() as con:
        ids = list(players)
        if not ids:
            rows = [{"name": f"History Player {i}", "attributes": {}} for i in range(2_000)]
            con.execute(insert(PlayerRow), rows)
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
                "status": "open",
                "first_seen": _START,
                "last_seen": _START,
            }
            for pid in ids
            for club in CLUBS[:5]
        ]
        con.execute(insert(SagaRow), sagas)
        # each saga's newest claim as the store writes one (/latest and club memory read it)
        newest = {
            saga_id: claim_to_dict(
                Claim(
                    player=name,
                    kind=ClaimKind.INTEREST,
                    clubs=(club,),
                    buyer=club,
                    sentence=f"{club} are interested in {name}.",
                )
            )
            for saga_id, club, name in con.execute(
                select(SagaRow.id, SagaRow.counterpart, PlayerRow.name).join(
                    PlayerRow, PlayerRow.id == SagaRow.player_id
                )
            )
        }
        saga_ids = sorted(newest)
        kinds = ("interest", "approach", "bid", "talks", "fee", "medical", "agreement")
        batch: list[dict[str, object]] = []
        for i in range(claims):
            saga_id, kind = saga_ids[i % len(saga_ids)], kinds[i % len(kinds)]
            batch.append(
                {
                    "saga_id": saga_id,
                    "fact_key": f"k{i}",
                    "kind": kind,
                    "polarity": True,
                    "first_seen": _START,
                    "last_seen": _START,
                    "times_seen": 1,
                    "last_claim": {**newest[saga_id], "kind": kind},
                }
            )
            if len(batch) == 20_000:
                con.execute(insert(ClaimRow), batch)
                batch.clear()
        if batch:
            con.execute(insert(ClaimRow), batch)
    _analyze(engine)


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


#: the PostgreSQL server ``make bench`` also runs the rows on when one answers (its user may
#: create databases: one per bot, dropped at the end)
DEFAULT_POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.perf_bench")
    parser.add_argument("--quick", action="store_true", help="CI-size run (small history)")
    parser.add_argument(
        "--postgresql",
        metavar="URL",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRESQL),
        help="the PostgreSQL server the rows also run on, timed in wall-clock time: a URL "
        "whose user may create databases (one per bot, dropped at the end); default "
        "$BENCH_DATABASE_URL or %(default)s; skipped with a line when none answers",
    )
    parser.add_argument("--sqlite-only", action="store_true", help="no PostgreSQL rows")
    args = parser.parse_args(argv)
    size = _Size.of(quick=args.quick)
    _table(size, None)
    if args.sqlite_only:
        return
    problem = unanswered(args.postgresql)
    if problem:
        print(f"\nPostgreSQL rows skipped: no server answers at {problem}")
        return
    print()
    _table(size, args.postgresql)


@dataclass(frozen=True)
class _Size:
    items: int  # feed-size items per timed run (a quarter as many 600-word articles)
    history: int  # stored claims of the big history
    everyone: int  # the players of that history, then all followed

    @classmethod
    def of(cls, *, quick: bool) -> _Size:
        return cls(40, 100_000, 2_000) if quick else cls(100, 1_000_000, 28_575)


def _table(size: _Size, postgresql: str | None) -> None:
    wall = postgresql is not None
    store_name = "PostgreSQL on loopback" if wall else "SQLite file store"
    clock = "wall-clock ms" if wall else "CPU ms"
    print(f"Performance against baselines run beside it ({clock}, best of 3; {store_name})")
    print("| figure | measured | ratio | goal | |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        dbs = Databases(Path(tmp), postgresql)
        engines: list[Engine] = []
        try:
            _rows(dbs, engines, size)
        finally:
            dbs.drop(engines)


def _rows(dbs: Databases, engines: list[Engine], size: _Size) -> None:
    n, wall = size.items, dbs.postgresql
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
    _history_rows(dbs, engines, size)
    if wall:
        return  # the rows below are the process's, not the store's: measured once
    runs = sorted(help_seconds())
    met = "met" if runs[len(runs) // 2] <= GOAL_HELP_S else "MISSED"
    print(
        f"| `transferbot --help` (wall, best / median of {len(runs)}) | {runs[0]:.2f} / "
        f"{runs[len(runs) // 2]:.2f} s | | ≤ {GOAL_HELP_S:g} s | {met} |"
    )
    rss, engine = peak_rss_mb(dbs, 10_000, size.history)
    engines.append(engine)
    met = "met" if rss <= GOAL_RSS_MB else "MISSED"
    print(
        f"| peak RSS, a fresh process ingesting 20 items: 10,000 followed, {size.history:,} "
        f"stored claims | {rss:.0f} MB | | ≤ {GOAL_RSS_MB:g} MB | {met} |"
    )


def _history_rows(dbs: Databases, engines: list[Engine], size: _Size) -> None:
    """The same items against 10k stored claims and against ``size.history``, spread over
    ``size.everyone`` players: first with none of them followed (history grows alone), then
    with every one of them followed (history and followers grow together)."""
    n = size.items
    base = Bot(dbs, "h10k")
    engines.append(base.engine)
    base.grow_history(10_000)
    engine, store, players = _followed_store(dbs, "hbig", size.everyone, subscribe=False)
    engines.append(engine)
    grow_history(engine, size.history, players)
    at_10k = base.ms_per_item(65, n, 3)
    at_big = Bot(dbs, "hbig", store=store).ms_per_item(65, n, 3)
    print(
        _row(
            f"novelty + persist per item, {size.history:,} stored claims vs 10k (5 followed)",
            f"{at_big:.2f} ms vs {at_10k:.2f} ms",
            at_big / at_10k,
            GOAL_HISTORY,
        )
    )
    _subscribe(engine, players)
    followed = size.everyone + len(FOLLOWED)
    seconds, alerted = start_to_first_alert(store)
    met = "met" if seconds <= GOAL_START_S and alerted else "MISSED"
    print(
        f"| new ingest → end of its first item (an alert: {'yes' if alerted else 'NO'}), "
        f"{followed:,} followed, {size.history:,} stored claims of theirs (wall) | "
        f"{seconds:.2f} s | | ≤ {GOAL_START_S:g} s | {met} |"
    )
    everyone = Bot(dbs, "hbig", store=store).ms_per_item(65, n, 4)
    at_10k = base.ms_per_item(65, n, 4)
    print(
        _row(
            f"the same with every player of that history followed ({followed:,}) vs 10k "
            "(5 followed)",
            f"{everyone:.2f} ms vs {at_10k:.2f} ms",
            everyone / at_10k,
            GOAL_EVERYONE,
        )
    )


if __name__ == "__main__":
    main()

"""Known players: ingest per item with 5 and with 5,000 known players, and what they cost in memory.

Every known player's claims are read and stored (history for everyone, issue 14), so the names to
look for grow with the registry and the store. Their aliases are matched by dictionary look-ups of
token n-grams (``bot.claims.lexicon.gazetteer``: a few probes per token, whatever their number);
a close misspelling is looked for only among the followed players' names. This bench follows
two players (Trent Alexander-Arnold, Diogo Dalot) and ingests the same stream into a fresh
SQLite store with 5 known players (the two, and three more of the registry) and with 5,000: made-up
names the stream never mentions (what matching more names costs: the goal is at most 1.5x the time
per item), or the 1,283 of the registry and made-up others (the stream names many of them, whose
claims are then judged and stored too: what keeping everyone's history costs). In every row the
names the stream puts next to transfer cues are learnt and tracked too (``bot.ingest``).

The stream: the labelled streams of ``tests/data/eval/`` (215
items), else the seeds. Memory: Python allocations (tracemalloc) of the registry's resolver and
of the tracked players' index, and the peak RSS of a fresh process that ingests the stream.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

from adapters.replay import parse_item
from bot.claims import Gazetteer
from bot.claims.lexicon.gazetteer import track
from bot.ingest import Ingest
from bot.model import Article, Channel
from bot.players import (
    Registry,
    RegistryPlayer,
    default_registry,
    registry_from,
    registry_players,
    registry_resolver,
)
from bot.service import Service
from storage import SqlStore, make_engine, migrate

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval"
FOLLOWED = ("Trent Alexander-Arnold", "Diogo Dalot")
SMALL = (*FOLLOWED, "Jude Bellingham", "Kylian Mbappé", "Erling Haaland")  # in this order
CH = Channel(platform="console", workspace="bench", channel="c")
RUNS = 3
_SYLLABLES = "ka lo mi ra ve tu no sa de ri vo la be zu ma ko".split()


def items() -> list[Article]:
    files = [EVAL / f"{n}.jsonl" for n in ("dev", "dev2", "dev3")]
    if not all(f.is_file() for f in files):
        files = [ROOT / "seeds" / "seeds.jsonl"]
    out = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                article = parse_item(line)
                out.append(replace(article, key=f"{path.stem}:{article.key}"))
    return sorted(out, key=lambda a: a.published)


def _synthetic(i: int) -> RegistryPlayer:
    """A made-up two-word name, different for every ``i`` (letters only, like real names)."""
    first = "".join(_SYLLABLES[(i >> s) % 16] for s in (0, 4)).capitalize()
    last = "".join(_SYLLABLES[(i >> s) % 16] for s in (8, 0, 4)).capitalize() + "sson"
    return RegistryPlayer(
        name=f"{first} {last}", club="Arsenal", position="CM", nationality="Iceland", born=2000
    )


def registry_of(size: int, *, whole: bool) -> Registry:
    """``size`` known players: the five of SMALL, then the whole registry when ``whole`` (the
    stream names many of them: their history is stored too), then made-up names it never
    names (what the matcher alone pays for them)."""
    real = default_registry()
    listed = list(real.players) if whole else [p for n in SMALL if (p := real.get(n))]
    made = [_synthetic(i) for i in range(max(0, size - len(listed)))]
    return registry_from([*listed, *made][:size], real.shared)


def ingest_ms(registry: Registry, stream: list[Article]) -> tuple[float, float]:
    """Mean CPU ms per item over the stream (the first item, which builds the matcher, apart):
    CPU time, not wall time, so that other jobs on the machine count less."""
    engine = make_engine("sqlite://")
    migrate(engine)
    store = SqlStore(engine)
    now = [stream[0].published]
    service = Service(store, registry=registry)
    for name in FOLLOWED:
        service.follow(CH, name, new=True)
    ingest = Ingest(store, clock=lambda: now[0], registry=registry)
    started = time.process_time()
    ingest.ingest(stream[0])
    first = (time.process_time() - started) * 1000
    started = time.process_time()
    for article in stream[1:]:
        now[0] = article.published
        ingest.ingest(article)
    rest = (time.process_time() - started) * 1000 / max(1, len(stream) - 1)
    store.close()
    engine.dispose()
    return first, rest


def allocated_mb(registry: Registry) -> float:
    tracemalloc.start()
    registry_resolver.cache_clear()
    registry_players.cache_clear()
    base = Gazetteer.default()
    resolver = registry_resolver(registry)
    tracked = track(registry_players(registry), clubs=base)
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del resolver, tracked
    return size / 1e6


_RSS = "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')))"


def peak_rss_mb(size: int, whole: bool) -> float:
    code = (
        "from bench.players_bench import items, ingest_ms, registry_of\n"
        f"ingest_ms(registry_of({size}, whole={whole}), items())\n{_RSS}"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    stream = items()
    print(f"{len(stream)} items, following {', '.join(FOLLOWED)}; CPU time, median of {RUNS} runs")
    print(f"{'known players':<40} {'first item ms':>14} {'ms per item':>12} {'x':>6}", end="")
    print(f" {'resolver+index MB':>18} {'peak RSS MB':>12}")
    configs = (
        ("5 (2 followed + 3 of the registry)", 5, False),
        ("2 (only the followed, and names learnt)", 2, False),
        ("5,000 (the 5 + 4,995 never named)", 5000, False),
        ("1,283 (the registry)", 1283, True),
        ("5,000 (the registry + 3,717 never named)", 5000, True),
    )
    registries = [registry_of(size, whole=whole) for _, size, whole in configs]
    runs: list[list[tuple[float, float]]] = [[] for _ in configs]
    for _ in range(RUNS):  # interleaved, so a busy spell of the machine hits every row alike
        for i, registry in enumerate(registries):
            runs[i].append(ingest_ms(registry, stream))
    base = statistics.median(r[1] for r in runs[0])
    for (label, size, whole), registry, measured in zip(configs, registries, runs, strict=True):
        first = statistics.median(r[0] for r in measured)
        per_item = statistics.median(r[1] for r in measured)
        print(
            f"{label:<40} {first:>14.1f} {per_item:>12.2f} {per_item / base:>6.2f} "
            f"{allocated_mb(registry):>18.1f} {peak_rss_mb(size, whole):>12.0f}"
        )


if __name__ == "__main__":
    main()

"""Claim engine benchmark: field accuracy on dev/dev2, articles/s, peak RSS after the gazetteer.

Field accuracy (metric defined in ``bench.metrics``) is printed twice:

* "extractor alone": ``extract_claims`` on each item knowing only the followed players;
* "pipeline, as replay prints": the claims ``transferbot replay`` prints for each item, i.e. what
  users get: the service feeds the extractor each player's club learnt from his saga so far.

Run: ``.venv/bin/python -m bench.claims_bench``.
"""

from __future__ import annotations

import random
import resource
import time
from collections.abc import Callable
from datetime import UTC, datetime

from bench.metrics import FIELDS, Score, score_file, score_replay
from bot.claims import extract_claims
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.model import Article, Player
from bot.names import derive_aliases

_SUFFIX = ["", "i", "son", "ez", "ov", "es"]
_FIRST = [
    "Luca",
    "Mateo",
    "Jonas",
    "Erik",
    "Noah",
    "Liam",
    "Kai",
    "Leon",
    "Hugo",
    "Theo",
    "Milan",
    "Rafael",
    "Tomas",
    "Nico",
    "Ivan",
    "Adam",
    "Samuel",
    "Oscar",
    "Felix",
    "Marco",
]
_LAST = [
    "Brennan",
    "Novak",
    "Ferreira",
    "Kovacs",
    "Lindqvist",
    "Moreau",
    "Duarte",
    "Halvorsen",
    "Okafor",
    "Varga",
    "Petrov",
    "Romero",
    "Castillo",
    "Jansen",
    "Ricci",
    "Keller",
    "Bauer",
    "Marin",
    "Sorensen",
    "Delgado",
    "Hartmann",
    "Quinn",
    "Abbott",
    "Ibarra",
]


def _players(n: int) -> list[Player]:
    rng = random.Random(7)
    names: set[str] = set()
    while len(names) < n:
        names.add(f"{rng.choice(_FIRST)} {rng.choice(_LAST)}{rng.choice(_SUFFIX)}")
    return [
        Player(id=i, name=n, aliases=derive_aliases(n), followed=True)
        for i, n in enumerate(sorted(names))
    ]


def _article(players: list[Player]) -> Article:
    a, b, c = players[10].name, players[500].name, players[900].name
    para = (
        f"Real Madrid have approached Liverpool about {a}, according to Fabrizio Romano. "
        "Liverpool rejected the opening offer of £40m and insist he is not for sale "
        "in January. "
        f"Manchester United are also monitoring {b}, whose contract expires in summer 2025. "
        f"Arsenal could make a bid for {c} before the window closes, "
        "with the player keen on a move. "
    )
    words = para.split()
    text = " ".join((words * (600 // len(words) + 1))[:600])
    return Article(
        key="bench",
        title=f"Real Madrid move for {a}",
        summary=text,
        published=datetime(2025, 1, 2, tzinfo=UTC),
        outlet="Bench Times",
        lang="en",
    )


def _table(title: str, scorer: Callable[[str], Score]) -> None:
    print(f"Field accuracy — {title}")
    print("| file | labels | " + " | ".join(FIELDS) + " | precision |")
    print("|---|---|" + "---|" * (len(FIELDS) + 1))
    for name in ("dev.jsonl", "dev2.jsonl"):
        s = scorer(name)
        acc = s.accuracy()
        print(
            f"| {name} | {s.labels} | "
            + " | ".join(f"{acc[f]:.3f}" for f in FIELDS)
            + f" | {acc['precision']:.3f} |"
        )
    print()


def main() -> None:
    _table("extractor alone", score_file)
    _table("pipeline, as replay prints", score_replay)
    gazetteer = Gazetteer.default()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    players = _players(1000)
    g = gazetteer.with_players(players)
    article = _article(players)
    extract_claims(article, g)
    runs, start = 0, time.perf_counter()
    while time.perf_counter() - start < 3.0:
        extract_claims(article, g)
        runs += 1
    elapsed = time.perf_counter() - start
    t0 = time.perf_counter()
    for _ in range(20):
        gazetteer.with_players(players)
    per_call = (time.perf_counter() - t0) / 20 * 1000
    print("| measure | value |")
    print("|---|---|")
    print(f"| articles/s (600 words, 3 of 1,000 followed named) | {runs / elapsed:.1f} |")
    print(f"| with_players(1,000) per call | {per_call:.1f} ms |")
    print(f"| peak RSS (gazetteer + both eval runs; replay imports the bot) | {rss:.1f} MB |")


if __name__ == "__main__":
    main()

"""Claim extraction against text length (issue 9): is reading linear in the text?

The claim engine reads one article with no budget (``read_article``, 5 followed players) for
texts of 10 KB, 100 KB and 1 MB of three shapes:

* ``prose``: ordinary transfer sentences (names, clubs, cues, fees), punctuated;
* ``no punctuation``: the same words with every full stop and comma removed, one sentence
  for the splitter to cap (the shape that was quadratic: 55 s at 80 KB);
* ``names and cues``: followed names and stage words alone, one after the other.

For each, the CPU time of one reading (best of 3 at 10 KB and 100 KB, one at 1 MB; CPU time,
not wall time, so that other work on the machine does not blur the growth) and its cost per
KB; linear means the per-KB cost stays flat as the text grows. The bot never reads that much
(feed text is capped at ``MAX_TEXT_CHARS`` before extraction, and ``EXTRACTION_BUDGET_S``
stops a slow article), so this measures the engine itself.

After it (alone with ``--items``): the claim engine's own share of the cost rows of
``bench.perf_bench`` (issue 16), the CPU time of ``read_article`` (5 followed) per feed-size item
(~65 words) and per 600-word article on that bench's items, best of 12 runs over 40 and 10.

Run: ``.venv/bin/python -m bench.extraction_bench [--items]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime

from bench.perf_bench import FOLLOWED, _articles
from bot.claims import Gazetteer, read_article
from bot.model import Article, Player
from bot.names import derive_aliases

_NAMES = ("Luca Brennan", "Mateo Novak", "Jonas Ferreira", "Erik Kovacs", "Noah Lindqvist")
_PROSE = (
    "Real Madrid have approached Liverpool about {a}, according to reports in Spain. "
    "Liverpool rejected an opening offer of £40m for {b} and insist he is not for sale. "
    "Manchester United are monitoring {c}, whose contract expires in the summer. "
    "Arsenal could bid for {d} before the window closes, with the player keen on a move. "
    "Juventus have agreed personal terms with {e} and a medical is planned. "
)
_CUES = "{a} bid {b} medical {c} agreement {d} approach {e} rejected fee "
SIZES_KB = (10, 100, 1000)


def _fill(template: str, size: int) -> str:
    unit = template.format(a=_NAMES[0], b=_NAMES[1], c=_NAMES[2], d=_NAMES[3], e=_NAMES[4])
    return (unit * (size // len(unit) + 1))[:size]


SHAPES: dict[str, Callable[[int], str]] = {
    "prose": lambda n: _fill(_PROSE, n),
    "no punctuation": lambda n: _fill(_PROSE.replace(".", "").replace(",", ""), n),
    "names and cues": lambda n: _fill(_CUES, n),
}


def _gazetteer() -> Gazetteer:
    players = [
        Player(id=i, name=n, aliases=derive_aliases(n), followed=True) for i, n in enumerate(_NAMES)
    ]
    return Gazetteer.default().with_players(players)


def _time(text: str, gazetteer: Gazetteer, repeat: int) -> tuple[float, int]:
    article = Article(
        key="bench",
        title="Transfer round-up",
        summary=text,
        published=datetime(2025, 1, 2, tzinfo=UTC),
        outlet="Bench Times",
        lang="en",
    )
    best, claims = float("inf"), 0
    for _ in range(repeat):
        start = time.process_time()
        found, _names = read_article(article, gazetteer)
        best = min(best, time.process_time() - start)
        claims = len(found)
    return best, claims


_ITEM_START = datetime(2025, 1, 2, 8, tzinfo=UTC)


def _per_item_ms(articles: list[Article], gazetteer: Gazetteer, repeat: int = 12) -> float:
    """CPU milliseconds of ``read_article`` per article, the best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for article in articles:
            read_article(article, gazetteer)
        best = min(best, (time.process_time() - start) / len(articles) * 1000)
    return best


def items() -> None:
    players = [
        Player(id=i, name=n, aliases=derive_aliases(n), followed=True)
        for i, n in enumerate(FOLLOWED)
    ]
    gazetteer = Gazetteer.default().with_players(players)
    feed, long = _articles(40, 65, 7, _ITEM_START), _articles(10, 600, 8, _ITEM_START)
    read_article(feed[0], gazetteer)  # warm-up: the lexicon's patterns are compiled on first use
    print("Claim engine per item (read_article, 5 followed, CPU, best of 12)")
    print("| item | ms |")
    print("|---|---|")
    print(f"| feed-size item (~65 words) | {_per_item_ms(feed, gazetteer):.2f} |")
    print(f"| 600-word article | {_per_item_ms(long, gazetteer):.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", action="store_true", help="the per-item table only")
    if parser.parse_args().items:
        items()
        return
    gazetteer = _gazetteer()
    _time("warm-up: Real Madrid bid for Luca Brennan.", gazetteer, 1)
    print("Claim extraction against text length (read_article, 5 followed, no budget)")
    print("| text | 10 KB | 100 KB | 1 MB | ms per KB at 10 KB / 100 KB / 1 MB |")
    print("|---|---|---|---|---|")
    for shape, make in SHAPES.items():
        cells, per_kb = [], []
        for kb in SIZES_KB:
            seconds, claims = _time(make(kb * 1000), gazetteer, 3 if kb < 1000 else 1)
            cells.append(f"{seconds:.2f} s ({claims} claims)")
            per_kb.append(f"{seconds * 1000 / kb:.2f}")
        print(f"| {shape} | " + " | ".join(cells) + " | " + " / ".join(per_kb) + " |")
    print()
    items()


if __name__ == "__main__":
    main()

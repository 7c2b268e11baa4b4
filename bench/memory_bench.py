"""Memory: peak RSS of a fresh process that loads what the running bot loads.

DESIGN §8 sets 200 MB for the whole bot at 5,000 feeds. Each step runs in a new interpreter so its
figure is the real cost of getting that far, not what an earlier step left behind.
"""

from __future__ import annotations

import subprocess
import sys

STEPS = {
    "python + the chat/feed/db libraries": (
        "import discord, slack_bolt, apscheduler, feedparser, sqlalchemy, aiohttp"
    ),
    "+ core, gazetteer, 1,000 followed (bench helpers load the CLI too)": (
        "import discord, slack_bolt, apscheduler, feedparser, sqlalchemy, aiohttp\n"
        "from bench.claims_bench import _players, _article\n"
        "from bot.claims.lexicon.gazetteer import Gazetteer\n"
        "from bot.claims.reader import extract_claims\n"
        "players = _players(1000)\n"
        "g = Gazetteer.default().with_players(players)\n"
        "extract_claims(_article(players), g)\n"
    ),
    "+ SQLite store with 5,000 feeds and the service": (
        "import discord, slack_bolt, apscheduler, feedparser, sqlalchemy, aiohttp\n"
        "from bench.claims_bench import _players, _article\n"
        "from bot.ingest import Ingest\nfrom bot.service import Service\n"
        "from storage import SqlStore, make_engine, migrate\n"
        "from bot.model import Channel\n"
        "engine = make_engine('sqlite://'); migrate(engine); store = SqlStore(engine)\n"
        "for i in range(5000):\n"
        "    store.add_feed(f'https://feeds{i % 50}.example/{i}.xml', channel=None)\n"
        "service = Service(store)\n"
        "ch = Channel(platform='console', workspace='w', channel='c')\n"
        "for p in _players(1000):\n"
        "    store.subscribe(ch, store.add_player(p.name, p.aliases).id)\n"
        "Ingest(store).ingest(_article(store.players(followed_only=True)))\n"
    ),
}

# VmHWM, not getrusage's ru_maxrss: the latter keeps the parent's high-water mark across exec.
_RSS = "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')))"


def peak_mb(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\n{_RSS}"], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    print(f"{'step':<68} {'peak RSS':>9}")
    for name, code in STEPS.items():
        print(f"{name:<68} {peak_mb(code):>7.0f} MB")


if __name__ == "__main__":
    main()

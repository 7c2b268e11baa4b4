"""``make bench``: every benchmark, each printing its own table. One explicit list, no discovery."""

from __future__ import annotations

import importlib
import sys
import time

BENCHES = (
    "bench.alerts",
    "bench.claims_bench",
    "bench.extraction_bench",
    "bench.feeds_bench",
    "bench.hostile_bench",
    "bench.latency_bench",
    "bench.memory_bench",
    "bench.perf_bench",
    "bench.players_bench",
    "bench.reliability_bench",
    "bench.run_memory_bench",
    "bench.slack_bench",
)


def main() -> int:
    for name in BENCHES:
        started = time.perf_counter()
        print(f"\n== {name}")
        importlib.import_module(name).main()
        print(f"   ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

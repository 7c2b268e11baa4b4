"""``make bench``: the alert-quality and performance benchmarks (issues 12 and 16), each printing
its own table, in one run of 6-7 minutes on 2 cores (370-396 s on 2026-12-04, the cost rows on
SQLite and PostgreSQL); ``make bench-all`` (``--all``) adds the long harness runs (hostile
feeds, players, reliability: about 11 minutes more). One explicit list, no discovery."""

from __future__ import annotations

import importlib
import sys
import time

BENCHES = (
    "bench.alerts",
    "bench.claims_bench",
    "bench.extraction_bench",
    "bench.feeds_bench",
    "bench.latency_bench",
    "bench.memory_bench",
    "bench.perf_bench",
    "bench.run_memory_bench",
    "bench.slack_bench",
)
#: with ``--all``: the fault and scale harnesses of issues 9, 14 and 15
MORE = (
    "bench.hostile_bench",
    "bench.players_bench",
    "bench.reliability_bench",
)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    names = BENCHES + MORE if "--all" in args else BENCHES
    sys.argv[1:] = []  # each bench's own main reads its flags from there: full runs, all of them
    began = time.perf_counter()
    for name in names:
        started = time.perf_counter()
        print(f"\n== {name}", flush=True)
        importlib.import_module(name).main()
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    print(f"\n{len(names)} benchmarks in {time.perf_counter() - began:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

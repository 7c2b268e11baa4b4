"""Alert quality on the labelled streams of ``tests/data/eval``: precision, recall, alert count.

Each stream is replayed from an empty history through ``transferbot replay`` itself (SQLite in
memory, the service, the claim engine, the novelty rules), and each item's ``alert`` is compared
with its ``should_alert`` label.

The baseline is what a guid-dedup feed bot would send (MonitoRSS, Slack /feed …): every new
item whose title or summary names a followed player by any of his derived aliases.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from adapters.cli import main as transferbot  # the composition root, as the console script
from bot.names import derive_aliases, normalise

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "eval"

#: The streams and who they follow (their README's table).
STREAMS: dict[str, tuple[str, ...]] = {
    "seeds.jsonl": ("Trent Alexander-Arnold", "Diogo Dalot"),
    "dev.jsonl": ("Trent Alexander-Arnold", "Diogo Dalot"),
    "dev2.jsonl": ("Jude Bellingham", "Joško Gvardiol", "Benjamin Šeško"),
    "dev3.jsonl": (
        "Erling Haaland",
        "Jack Grealish",
        "Mason Mount",
        "Frenkie de Jong",
        "Antoine Griezmann",
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Score:
    items: int
    should: int
    alerts: int
    true_pos: int
    precision: float
    recall: float
    baseline_alerts: int
    baseline_precision: float
    baseline_recall: float
    misses: tuple[str, ...]
    false_alarms: tuple[str, ...]


def replay_rows(path: Path, follows: tuple[str, ...]) -> list[dict[str, object]]:
    """The rows ``transferbot replay`` prints for ``path`` (run in process, fresh in-memory DB)."""
    argv = ["replay", str(path), *(arg for name in follows for arg in ("--follow", name))]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = transferbot(argv)
    if code != 0:
        raise RuntimeError(f"replay of {path} failed ({code}): {err.getvalue()[:500]}")
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def score(path: Path, follows: tuple[str, ...]) -> Score:
    labels = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows = {str(row["id"]): row for row in replay_rows(path, follows)}
    aliases = [normalise(a) for name in follows for a in derive_aliases(name)]
    tp = alerts = should = base_tp = base_alerts = 0
    misses: list[str] = []
    false_alarms: list[str] = []
    for item in labels:
        said = bool(rows[str(item["id"])]["alert"])
        want = bool(item["should_alert"])
        text = normalise(f"{item['title']} {item['summary']}")
        named = any(f" {a} " in f" {text} " for a in aliases)
        should += want
        alerts += said
        tp += said and want
        base_alerts += named
        base_tp += named and want
        if want and not said:
            misses.append(str(item["id"]))
        if said and not want:
            false_alarms.append(str(item["id"]))
    return Score(
        items=len(labels),
        should=should,
        alerts=alerts,
        true_pos=tp,
        precision=_ratio(tp, alerts),
        recall=_ratio(tp, should),
        baseline_alerts=base_alerts,
        baseline_precision=_ratio(base_tp, base_alerts),
        baseline_recall=_ratio(base_tp, should),
        misses=tuple(misses),
        false_alarms=tuple(false_alarms),
    )


def main() -> None:
    print("Alert quality (replay from empty history; baseline = guid-dedup feed bot)")
    header = (
        f"{'stream':<12} {'items':>5} {'should':>6} {'alerts':>6} {'precision':>9} "
        f"{'recall':>6} | {'baseline alerts':>15} {'precision':>9} {'recall':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, follows in STREAMS.items():
        s = score(EVAL_DIR / name, follows)
        print(
            f"{name:<12} {s.items:>5} {s.should:>6} {s.alerts:>6} {s.precision:>9.3f} "
            f"{s.recall:>6.3f} | {s.baseline_alerts:>15} {s.baseline_precision:>9.3f} "
            f"{s.baseline_recall:>6.3f}"
        )
        if s.misses:
            print(f"    missed: {', '.join(s.misses)}")
        if s.false_alarms:
            print(f"    false alarms: {', '.join(s.false_alarms)}")


if __name__ == "__main__":
    main()

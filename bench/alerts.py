"""Alert quality on the labelled streams of ``tests/data/eval``: precision, recall, alert count.

Each stream is replayed from an empty history through ``transferbot replay`` itself (SQLite in
memory, the service, the claim engine, the novelty rules), and each item's ``alert`` is compared
with its ``should_alert`` label.

The baseline is what a guid-dedup feed bot would send (MonitoRSS, Slack /feed …): every new
item whose title or summary names a followed player by any of his derived aliases.

``report`` breaks each stream down by the items' ``lang``: alerts, precision and recall, and event
precision (strict and lenient) as the streams' own scorer ``tools/score_events.py`` defines it. The
figures printed are that scorer's, run as a subprocess on the stream and on each language's items;
the per-event reading behind the counts and the confusion table of event kinds uses the scorer's
``MAP`` and ``norm``, read out of its file, and must agree with what it prints.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from adapters.cli import main as transferbot  # the composition root, as the console script
from bot.names import derive_aliases, normalise

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "eval"
EVENT_SCORER = EVAL_DIR / "tools" / "score_events.py"

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
    baseline_true_pos: int
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


def _labels(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(
    path: Path, follows: tuple[str, ...], *, rows: Iterable[Mapping[str, object]] | None = None
) -> Score:
    """Alert figures of ``path`` replayed with ``follows`` (or of its replay ``rows``, if given)."""
    replayed = replay_rows(path, follows) if rows is None else rows
    return _score_items(_labels(path), {str(row["id"]): row for row in replayed}, follows)


def _score_items(
    labels: list[dict[str, object]],
    rows: Mapping[str, Mapping[str, object]],
    follows: tuple[str, ...],
) -> Score:
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
        baseline_true_pos=base_tp,
        baseline_precision=_ratio(base_tp, base_alerts),
        baseline_recall=_ratio(base_tp, should),
        misses=tuple(misses),
        false_alarms=tuple(false_alarms),
    )


# --- event precision, by the streams' own scorer ---------------------------------------------

#: The last columns of the confusion table, after the label kinds: the item has labelled claims of
#: the event's player but none of them is new, or none about him at all.
OLD_ONLY = "old only"
NONE = "none"
#: Label kinds in the order of the eval README, for the columns.
LABEL_KINDS = (
    "approach", "interest", "bid", "bid_rejected", "fee", "personal_terms", "agreement", "medical",
    "official", "contract", "renewal", "denial", "alternative_target", "advocate", "other",
)  # fmt: skip


def scorer_logic(
    scorer: Path = EVENT_SCORER,
) -> tuple[dict[str, set[str]], Callable[[str | None], str]]:
    """The scorer's ``MAP`` (label kind -> the bot's kinds that match it) and ``norm``, taken from
    its file: its imports, the ``MAP`` assignment and the ``norm`` function, nothing else (its top
    level reads ``sys.argv`` and prints)."""
    tree = ast.parse(scorer.read_text(encoding="utf-8"), filename=str(scorer))
    keep: list[ast.stmt] = [
        node
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        or (isinstance(node, ast.FunctionDef) and node.name == "norm")
        or (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "MAP" for t in node.targets)
        )
    ]
    namespace: dict[str, object] = {}
    exec(compile(ast.Module(body=keep, type_ignores=[]), str(scorer), "exec"), namespace)
    kinds, norm = namespace["MAP"], namespace["norm"]
    if not isinstance(kinds, dict) or not callable(norm):
        raise RuntimeError(f"{scorer} no longer defines MAP and norm")
    return kinds, norm


@dataclass(frozen=True, slots=True, kw_only=True)
class Events:
    """The events ``replay`` printed for a set of items, read as the event scorer reads them."""

    events: int
    strict: int
    lenient: int
    #: (the event's kind, the column: the label kind it matches, or "old only" / "none") -> count
    confusion: Mapping[tuple[str, str], int]

    @property
    def precision_strict(self) -> float:
        return self.strict / self.events if self.events else 0.0

    @property
    def precision_lenient(self) -> float:
        return self.lenient / self.events if self.events else 0.0


def read_events(
    labels: list[dict[str, object]],
    rows: Mapping[str, Mapping[str, object]],
    logic: tuple[dict[str, set[str]], Callable[[str | None], str]],
) -> Events:
    """The scorer's loop, event by event, also placing each event in one column: the kind of the
    first new claim of that item for that player whose kind it matches (strict); else "other" when
    he has a new claim of that kind (lenient); else the kind of his first new claim (a wrong kind);
    else "old only" when the item has claims of his that are not new; else "none"."""
    kinds, norm = logic
    n = strict = lenient = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for item in labels:
        claims: list[dict[str, str]] = item["claims"]  # type: ignore[assignment]
        new_ids: list[int] = item.get("new_claims", [])  # type: ignore[assignment]
        new = [claims[j] for j in new_ids]
        events: list[dict[str, str]] = rows.get(str(item["id"]), {}).get("events", [])  # type: ignore[assignment]
        for event in events:
            player = norm(event.get("player"))
            mine = [c for c in new if norm(c["player"]).split()[-1] in player]
            matched = [c["kind"] for c in mine if event.get("kind") in kinds.get(c["kind"], set())]
            ok_s = bool(matched)
            ok_l = ok_s or any(c["kind"] == "other" for c in mine)
            n += 1
            strict += ok_s
            lenient += ok_l
            if matched:
                column = matched[0]
            elif ok_l:
                column = "other"
            elif mine:
                column = mine[0]["kind"]
            elif any(norm(c["player"]).split()[-1] in player for c in claims):
                column = OLD_ONLY
            else:
                column = NONE
            confusion[(str(event.get("kind")), column)] += 1
    return Events(events=n, strict=strict, lenient=lenient, confusion=dict(confusion))


def run_scorer(script: Path, labels: Path, replayed: Path) -> dict[str, object]:
    """The JSON line a scorer of ``tests/data/eval/tools`` prints for ``LABELS REPLAY_OUT``."""
    out = subprocess.run(
        [sys.executable, str(script), str(labels), str(replayed)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def official_events(
    labels: list[dict[str, object]], rows: Iterable[Mapping[str, object]]
) -> dict[str, object]:
    """What ``tools/score_events.py LABELS REPLAY_OUT`` prints for these labelled items and rows."""
    with tempfile.TemporaryDirectory(prefix="qbench-") as tmp:
        labels_file, replay_file = Path(tmp) / "labels.jsonl", Path(tmp) / "replay.jsonl"
        labels_file.write_text("".join(json.dumps(i) + "\n" for i in labels), encoding="utf-8")
        replay_file.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        return run_scorer(EVENT_SCORER, labels_file, replay_file)


@dataclass(frozen=True, slots=True, kw_only=True)
class Slice:
    """One stream, or the items of one language of it."""

    lang: str  # "all" for the whole stream
    alerts: Score
    events: Events
    #: the event scorer's own output on these items
    official: Mapping[str, object]


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamReport:
    stream: str
    whole: Slice
    langs: tuple[Slice, ...]  # by item count, largest first


def _lang(item: Mapping[str, object]) -> str:
    return str(item.get("lang") or "?")


def report(stream: str, *, rows: Iterable[Mapping[str, object]] | None = None) -> StreamReport:
    """Replay ``stream`` once (or take its replay ``rows``) and score it whole and per language
    of its items. Raises if the events read here disagree with what the event scorer prints."""
    path = EVAL_DIR / stream
    follows = STREAMS[stream]
    rows = replay_rows(path, follows) if rows is None else list(rows)
    by_id = {str(row["id"]): row for row in rows}
    labels = _labels(path)
    logic = scorer_logic()

    def one(lang: str, items: list[dict[str, object]]) -> Slice:
        events = read_events(items, by_id, logic)
        official = official_events(items, rows)
        mine = {
            "events": events.events,
            "event_precision_strict": round(events.precision_strict, 3),
            "event_precision_lenient": round(events.precision_lenient, 3),
        }
        if any(official.get(key) != value for key, value in mine.items()):
            raise RuntimeError(f"{stream} {lang}: events read {mine}, the scorer says {official}")
        alerts = (
            score(path, follows, rows=rows)
            if lang == "all"
            else _score_items(items, by_id, follows)
        )
        return Slice(lang=lang, alerts=alerts, events=events, official=official)

    counts = Counter(_lang(item) for item in labels)
    langs = sorted(counts, key=lambda lang: (-counts[lang], lang))
    return StreamReport(
        stream=stream,
        whole=one("all", labels),
        langs=tuple(one(lang, [i for i in labels if _lang(i) == lang]) for lang in langs),
    )


def _shown(value: object, den: int, width: int) -> str:
    """A ratio for the table, "-" where there is nothing to divide by (no alert, no event …)."""
    return f"{'-':>{width}}" if not den else f"{value:>{width}.3f}"


def _slice_line(label: str, s: Slice) -> str:
    a, e = s.alerts, s.official
    events = int(str(e["events"]))
    return (
        f"{label:<17} {a.items:>5} {a.should:>6} {a.alerts:>6} {_shown(a.precision, a.alerts, 6)} "
        f"{_shown(a.recall, a.should, 6)} {events:>6} "
        f"{_shown(e['event_precision_strict'], events, 6)} "
        f"{_shown(e['event_precision_lenient'], events, 7)} | {a.baseline_alerts:>6} "
        f"{_shown(a.baseline_precision, a.baseline_alerts, 6)} "
        f"{_shown(a.baseline_recall, a.should, 6)}"
    )


def confusion_lines(events: Events) -> list[str]:
    """The confusion table: a row per kind of event emitted, a column per label kind met."""
    cells = events.confusion
    seen = {column for _, column in cells}
    columns = [k for k in LABEL_KINDS if k in seen]
    columns += sorted(seen - set(LABEL_KINDS) - {OLD_ONLY, NONE})
    columns += [c for c in (OLD_ONLY, NONE) if c in seen]
    totals = Counter[str]()
    for (kind, _), count in cells.items():
        totals[kind] += count
    rows = sorted(totals, key=lambda kind: (-totals[kind], kind))
    width = max([len("event kind"), *(len(k) for k in rows)])
    head = " ".join(f"{c:>{max(len(c), 3)}}" for c in columns)
    lines = [f"    {'event kind':<{width}} {head} | {'all':>3}"]
    for kind in rows:
        row = " ".join(f"{cells.get((kind, c), 0) or '.':>{max(len(c), 3)}}" for c in columns)
        lines.append(f"    {kind:<{width}} {row} | {totals[kind]:>3}")
    return lines


def main() -> None:
    print("Alert quality (replay from empty history; baseline = guid-dedup feed bot)")
    print(
        "per stream and per language of the items; event precision (EP) strict / lenient as "
        "tests/data/eval/tools/score_events.py prints it"
    )
    header = (
        f"{'stream / lang':<17} {'items':>5} {'should':>6} {'alerts':>6} {'prec':>6} {'recall':>6} "
        f"{'events':>6} {'EP str':>6} {'EP len':>7} | {'base':>6} {'prec':>6} {'recall':>6}"
    )
    reports = [report(name) for name in STREAMS]
    print(header)
    print("-" * len(header))
    for r in reports:
        print(_slice_line(r.stream, r.whole))
        for s in r.langs:
            print(_slice_line(f"  {s.lang}", s))
    for r in reports:
        a = r.whole.alerts
        print(f"\n{r.stream}: event kinds (rows: emitted; columns: the labelled new claim kinds")
        print('    of that item for that player, "old only" / "none" when he has no new one)')
        for line in confusion_lines(r.whole.events):
            print(line)
        if a.misses:
            print(f"    missed: {', '.join(a.misses)}")
        if a.false_alarms:
            print(f"    false alarms: {', '.join(a.false_alarms)}")


if __name__ == "__main__":
    main()

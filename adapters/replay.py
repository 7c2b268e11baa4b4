"""``transferbot replay``: run the whole pipeline over a JSONL stream of news items.

Each input line is one item (``id``, ``published``, ``outlet``, ``title``, ``summary`` required;
``journalist``, ``lang``, ``link``, ``content`` optional; other keys ignored). Items are ingested in
file order as if a feed had just delivered them, with the item's ``published`` as "now", and one
JSON line per item is written out::

    {"id": …, "alert": true|false, "claims": [C, …], "events": [C + {"event": …}, …]}
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from adapters.ports import Follows, Ingests
from bot.ingest import IngestReport
from bot.model import Article, Channel, Claim, Event

logger = logging.getLogger(__name__)

REPLAY_CHANNEL = Channel(platform="replay", workspace="replay", channel="replay")
REQUIRED = ("id", "published", "outlet", "title", "summary")
OPTIONAL = ("journalist", "lang", "link", "content")
#: Files with more items than this get a progress counter (when stderr is a terminal).
PROGRESS_MIN_ITEMS = 50


class ItemError(ValueError):
    """One input line is not a valid news item."""


@dataclass(slots=True)
class ReplayClock:
    """The service's clock during a replay: set to each item's publication time."""

    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now


# --------------------------------------------------------------------------- parsing


def parse_published(value: object) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise ItemError("'published' must be an ISO 8601 date-time string")
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ItemError(f"'published' is not an ISO 8601 date-time: {value!r}") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def parse_item(line: str) -> Article:
    """The article one JSONL line describes; :class:`ItemError` says what is wrong."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ItemError(f"bad JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ItemError("expected a JSON object")
    missing = [key for key in REQUIRED if data.get(key) is None]
    if missing:
        raise ItemError(f"missing required key(s): {', '.join(missing)}")
    for key in ("id", "outlet", "title", "summary"):
        if not isinstance(data[key], str | int) or isinstance(data[key], bool):
            raise ItemError(f"{key!r} must be a string")
    optional: dict[str, str | None] = {}
    for key in OPTIONAL:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ItemError(f"{key!r} must be a string or null")
        optional[key] = value or None
    return Article(
        key=str(data["id"]),
        title=str(data["title"]),
        summary=str(data["summary"]),
        published=parse_published(data["published"]),
        content=optional["content"] or "",
        outlet=str(data["outlet"]),
        journalist=optional["journalist"],
        lang=optional["lang"],
        link=optional["link"],
    )


# --------------------------------------------------------------------------- output


def claim_json(claim: Claim) -> dict[str, Any]:
    fee = claim.fee
    return {
        "player": claim.player,
        "kind": str(claim.kind),
        "clubs": list(claim.clubs),
        "fee": fee.text if fee is not None else None,
        "fee_eur": [fee.eur_min, fee.eur_max] if fee is not None else None,
        "window": claim.window.key if claim.window is not None else None,
        "source": claim.source.name if claim.source is not None else None,
        "tier": claim.source.tier if claim.source is not None else None,
    }


def event_json(event: Event) -> dict[str, Any]:
    return {**claim_json(event.claim), "event": str(event.kind)}


def item_json(item_id: str, report: IngestReport) -> dict[str, Any]:
    events: Sequence[Event] = report.result.events
    return {
        "id": item_id,
        "alert": report.result.deliveries > 0,
        "claims": [claim_json(claim) for claim in report.claims],
        "events": [event_json(event) for event in events],
    }


def _short(entry: dict[str, Any]) -> str:
    clubs = "/".join(entry["clubs"])
    parts = [entry["kind"], clubs, entry["fee"] or "", entry["window"] or ""]
    return " ".join(part for part in parts if part)


class TableWriter:
    """``--format table``: one readable row per item, then totals."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._width = 0
        self.items = 0
        self.alerts = 0
        self._out.write(f"{'id':<16} {'alert':<5} {'claims':>6}  events\n")

    def write(self, row: dict[str, Any]) -> None:
        self.items += 1
        self.alerts += bool(row["alert"])
        events = "; ".join(f"{e['event']} {_short(e)}" for e in row["events"]) or "-"
        flag = "YES" if row["alert"] else "-"
        self._out.write(f"{row['id']:<16} {flag:<5} {len(row['claims']):>6}  {events}\n")

    def close(self, bad: int) -> None:
        self._out.write(f"\n{self.items} item(s), {self.alerts} alert(s), {bad} bad line(s)\n")


# --------------------------------------------------------------------------- the command


def replay(
    service: Follows,
    ingest: Ingests,
    clock: ReplayClock,
    lines: Iterable[str],
    *,
    follows: Sequence[str],
    out: TextIO,
    err: TextIO,
    fmt: str = "jsonl",
    progress: bool | None = None,
) -> int:
    """Replay ``lines``: follow ``follows`` through ``service``, then ingest each item in order.

    Returns the exit code (1 if any line was bad)."""
    for name in follows:
        service.follow(REPLAY_CHANNEL, name, new=True)  # the operator names them: no question
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    show_progress = progress if progress is not None else _isatty(err)
    show_progress = show_progress and len(numbered) >= PROGRESS_MIN_ITEMS
    table = TableWriter(out) if fmt == "table" else None
    bad = 0
    for done, (lineno, line) in enumerate(numbered, start=1):
        if show_progress:
            _progress(err, done, len(numbered))
        try:
            article = parse_item(line)
        except ItemError as exc:
            bad += 1
            if show_progress:
                err.write("\r\x1b[K")
            err.write(f"line {lineno}: {exc}; skipped\n")
            continue
        clock.now = article.published
        row = item_json(article.key, ingest.read(article))
        if table is not None:
            table.write(row)
        else:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if show_progress:
        err.write("\r\x1b[K")
    if table is not None:
        table.close(bad)
    out.flush()
    if bad:
        err.write(f"{bad} bad line(s) skipped\n")
    return 1 if bad else 0


def _progress(err: TextIO, done: int, total: int) -> None:
    err.write(f"\rreplaying {done}/{total}")
    err.flush()


def _isatty(stream: TextIO) -> bool:
    isatty: Callable[[], bool] | None = getattr(stream, "isatty", None)
    return bool(isatty and isatty())

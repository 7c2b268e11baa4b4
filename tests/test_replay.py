"""``transferbot replay``: item parsing, output shape, bad lines, and the command end to end."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from adapters.replay import (
    REPLAY_CHANNEL,
    ItemError,
    ReplayClock,
    claim_json,
    parse_item,
    replay,
)
from bot.ingest import IngestReport
from bot.model import Claim, ClaimKind, Event, EventKind, Fee, FeeKind, Source, Window
from bot.records import IngestResult, IngestStatus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "seeds.jsonl"

GOOD = {
    "id": "x-1",
    "published": "2025-01-02T09:00:00Z",
    "outlet": "The Times",
    "title": "Real Madrid approach Liverpool",
    "summary": "Real Madrid approached Liverpool for Trent Alexander-Arnold.",
}


def _line(**changes: object) -> str:
    item = {**GOOD, **changes}
    return json.dumps({k: v for k, v in item.items() if v is not ...})


def test_parse_item_reads_fields() -> None:
    article = parse_item(
        _line(journalist="Paul Joyce", lang="en", link="https://x.org/a", content="Body", saga="x")
    )
    assert article.key == "x-1"
    assert article.published == datetime(2025, 1, 2, 9, 0, tzinfo=UTC)
    assert (article.outlet, article.journalist, article.lang) == ("The Times", "Paul Joyce", "en")
    assert (article.link, article.content) == ("https://x.org/a", "Body")


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        pytest.param("2025-01-02T09:00:00Z", datetime(2025, 1, 2, 9, tzinfo=UTC), id="zulu"),
        pytest.param("2025-01-02T10:00:00+01:00", datetime(2025, 1, 2, 9, tzinfo=UTC), id="offset"),
        pytest.param("2025-01-02T09:00:00", datetime(2025, 1, 2, 9, tzinfo=UTC), id="naive-is-utc"),
        pytest.param("2025-01-02", datetime(2025, 1, 2, tzinfo=UTC), id="date-only"),
    ],
)
def test_parse_item_dates(published: str, expected: datetime) -> None:
    assert parse_item(_line(published=published)).published == expected


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        pytest.param("{not json", "bad JSON", id="bad-json"),
        pytest.param("[1, 2]", "JSON object", id="not-object"),
        pytest.param(_line(title=...), "missing required key(s): title", id="no-title"),
        pytest.param(_line(id=None, summary=...), "id, summary", id="two-missing"),
        pytest.param(_line(published="yesterday"), "ISO 8601", id="bad-date"),
        pytest.param(_line(published=20250102), "ISO 8601", id="date-not-string"),
        pytest.param(_line(title=["a"]), "'title' must be a string", id="title-list"),
        pytest.param(_line(lang=3), "'lang' must be a string or null", id="lang-number"),
    ],
)
def test_parse_item_errors(line: str, fragment: str) -> None:
    with pytest.raises(ItemError, match=None) as caught:
        parse_item(line)
    assert fragment in str(caught.value)


CLAIM = Claim(
    player="Trent Alexander-Arnold",
    kind=ClaimKind.FEE,
    clubs=("Real Madrid", "Liverpool"),
    buyer="Real Madrid",
    fee=Fee(text="just over £20 million", eur_min=24e6, eur_max=26e6, kind=FeeKind.OFFER),
    window=Window(key="january-2025", start=date(2025, 1, 1), end=date(2025, 2, 3)),
    source=Source(name="Paul Joyce", tier=1),
)


def test_claim_json() -> None:
    assert claim_json(CLAIM) == {
        "player": "Trent Alexander-Arnold",
        "kind": "fee",
        "clubs": ["Real Madrid", "Liverpool"],
        "fee": "just over £20 million",
        "fee_eur": [24e6, 26e6],
        "window": "january-2025",
        "source": "Paul Joyce",
        "tier": 1,
    }
    bare = claim_json(Claim(player="Diogo Dalot", kind=ClaimKind.INTEREST))
    assert (
        bare["fee"] is bare["fee_eur"] is bare["window"] is bare["source"] is bare["tier"] is None
    )


class FakeService:
    """Records follows and the clock at each ingest; the first article alerts, others do not."""

    def __init__(self, clock: ReplayClock) -> None:
        self.clock = clock
        self.followed: list[tuple[object, str]] = []
        self.seen: list[tuple[str, datetime]] = []

    def follow(self, channel: object, name: str, *, new: bool = False) -> None:
        self.followed.append((channel, name))

    def read(self, article: object, *, silent: bool = False) -> IngestReport:
        key = article.key  # type: ignore[attr-defined]
        self.seen.append((key, self.clock()))
        first = len(self.seen) == 1
        event = Event(kind=EventKind.NEW_SAGA, claim=CLAIM, fact_key="k")
        result = IngestResult(
            status=IngestStatus.NEW, events=(event,) if first else (), deliveries=int(first)
        )
        return IngestReport(result=result, claims=(CLAIM,))


def test_replay_writes_one_line_per_good_item_and_reports_bad_ones() -> None:
    clock = ReplayClock()
    service = FakeService(clock)
    lines = [
        _line(id="a"),
        "",  # blank lines are skipped silently
        "{oops",
        _line(id="b", published="2025-01-03T10:00:00Z"),
        _line(id="c", outlet=...),
    ]
    out, err = io.StringIO(), io.StringIO()
    code = replay(service, service, clock, lines, follows=["Trent", "Dalot"], out=out, err=err)
    assert code == 1
    assert service.followed == [(REPLAY_CHANNEL, "Trent"), (REPLAY_CHANNEL, "Dalot")]
    # the item's publication time is "now" for its ingest
    assert service.seen == [
        ("a", datetime(2025, 1, 2, 9, tzinfo=UTC)),
        ("b", datetime(2025, 1, 3, 10, tzinfo=UTC)),
    ]
    rows = [json.loads(row) for row in out.getvalue().splitlines()]
    assert [row["id"] for row in rows] == ["a", "b"]
    assert [row["alert"] for row in rows] == [True, False]
    assert rows[0]["events"] == [{**claim_json(CLAIM), "event": "NEW_SAGA"}]
    assert rows[1]["events"] == []
    assert rows[1]["claims"] == [claim_json(CLAIM)]
    problems = err.getvalue().splitlines()
    assert problems[0].startswith("line 3: bad JSON")
    assert problems[1].startswith("line 5: missing required key(s): outlet")
    assert problems[2] == "2 bad line(s) skipped"


def test_replay_table_and_progress() -> None:
    clock = ReplayClock()
    out, err = io.StringIO(), io.StringIO()
    lines = [_line(id=f"i{n}") for n in range(60)]
    fake = FakeService(clock)
    code = replay(
        fake, fake, clock, lines, follows=[], out=out, err=err, fmt="table", progress=True
    )
    assert code == 0
    table = out.getvalue().splitlines()
    assert table[0].split() == ["id", "alert", "claims", "events"]
    assert table[1].split()[:3] == ["i0", "YES", "1"]
    assert "NEW_SAGA fee Real Madrid/Liverpool just over £20 million january-2025" in table[1]
    assert table[2].split()[:4] == ["i1", "-", "1", "-"]
    assert table[-1] == "60 item(s), 1 alert(s), 0 bad line(s)"
    assert "\rreplaying 60/60" in err.getvalue()


def test_replay_no_progress_when_not_a_terminal() -> None:
    clock = ReplayClock()
    err = io.StringIO()  # isatty() is False
    lines = [_line(id=f"i{n}") for n in range(60)]
    replay(fake := FakeService(clock), fake, clock, lines, follows=[], out=io.StringIO(), err=err)
    assert err.getvalue() == ""


# --------------------------------------------------------------------------- the command


def _run(
    args: list[str], tmp_path: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "LOG_LEVEL")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'unused.db'}"
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", "replay", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


FOLLOWS = ["--follow", "Trent Alexander-Arnold", "--follow", "Diogo Dalot"]
CLAIM_KEYS = {"player", "kind", "clubs", "fee", "fee_eur", "window", "source", "tier"}


def test_replay_seeds_jsonl(tmp_path: Path) -> None:
    done = _run([str(SEEDS), *FOLLOWS], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    ids = [json.loads(line)["id"] for line in SEEDS.read_text().splitlines() if line.strip()]
    assert [row["id"] for row in rows] == ids  # one line per item, in file order
    for row in rows:
        assert set(row) == {"id", "alert", "claims", "events"}
        assert isinstance(row["alert"], bool)
        for claim in row["claims"]:
            assert set(claim) == CLAIM_KEYS
        for event in row["events"]:
            assert set(event) == CLAIM_KEYS | {"event"}
        # an alert is raised iff the item produced events for a followed player
        assert row["alert"] == bool(row["events"])
    assert rows[0]["alert"] is True  # the first report of a saga is news
    assert not (tmp_path / "unused.db").exists()  # default --db is in memory


def test_replay_same_stream_twice_alerts_once(tmp_path: Path) -> None:
    # the same items again (new ids, later dates) carry nothing new: no alert the second time
    items = [json.loads(line) for line in SEEDS.read_text().splitlines() if line.strip()]
    again = [
        {**item, "id": item["id"] + "-again", "published": "2025-01-03T12:00:00Z"} for item in items
    ]
    stream = "\n".join(json.dumps(item) for item in items + again) + "\n"
    done = _run(["-", *FOLLOWS], tmp_path, stdin=stream)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["alert"] for row in rows[len(items) :]] == [False] * len(items)


def test_replay_bad_line_is_reported_and_skipped(tmp_path: Path) -> None:
    lines = SEEDS.read_text().splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([lines[0], "{not json", _line(published="soon"), lines[1]]) + "\n")
    done = _run([str(broken), *FOLLOWS], tmp_path)
    assert done.returncode == 1
    assert "line 2: bad JSON" in done.stderr
    assert "line 3: 'published' is not an ISO 8601 date-time" in done.stderr
    assert "Traceback" not in done.stderr
    assert [json.loads(row)["id"] for row in done.stdout.splitlines()] == ["seed-000", "seed-002"]


def test_replay_table_format(tmp_path: Path) -> None:
    done = _run([str(SEEDS), *FOLLOWS, "--format", "table"], tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[0].split() == ["id", "alert", "claims", "events"]
    assert out[1].startswith("seed-000")
    assert out[-1].startswith("2 item(s), ")


def test_replay_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    done = _run([str(tmp_path / "nope.jsonl"), *FOLLOWS], tmp_path)
    assert done.returncode == 2
    assert "cannot read" in done.stderr
    assert "Traceback" not in done.stderr

"""Claim-field accuracy of ``extract_claims`` against the labelled eval streams.

Definitions (what the figures mean):

* Labelled claims counted: those about a followed player whose label kind is not ``other``.
* The bot's finer kinds are mapped to label kinds before comparing: talks → approach,
  here_we_go → agreement, release_clause → contract (labels file clauses under contract),
  loan → bid, collapse → denial, intent, deadline and exclusion → other (left out, as the
  labels' other is); a stage stated negative (polarity −: "no agreement exists", "no
  offer has arrived") → denial, as the labels file them; every other kind maps to itself.
  Replay rows do not print polarity yet: a row without a ``polarity`` key counts as positive.
* Matching: within one item, each labelled claim is paired with an extracted claim of the same
  player and mapped kind, one-to-one (an extracted claim pairs with at most one label), choosing
  among candidates the one that agrees on most of the fields below.
* kind accuracy = matched labels / labelled claims (a recall of kinds).
* For matched pairs only:
  - clubs: the label's clubs are a subset of the extracted ``Claim.clubs`` (buyer and seller);
  - fee: both without a figure, or both with one whose EUR ranges overlap or whose midpoints are
    within 10% of the larger (the label's
    ``amount`` is parsed with ``bot.claims.lexicon.money.find_fees``; a label amount it cannot
    parse counts as
    no figure);
  - window: equal keys (both None counts as equal);
  - source: the same canonical source (``gazetteer.source``/``gazetteer.club`` on both) or equal
    normalised names; a label naming several ("The Times / Paul Joyce", "AS (Real Madrid
    sources)") matches any of its parts.
* precision = extracted claims (about followed players) paired with a label / extracted claims.

Two ways of getting the claims are scored by the same rules:

* ``score_file`` — the extractor alone: ``extract_claims`` on each item with only the followed
  players known (no club learnt from the saga, no history).
* ``score_replay`` — the pipeline, as ``transferbot replay`` prints it (run in process through
  ``adapters.cli.main`` like ``bench.alerts``): the claims the service extracted while replaying
  the stream in order, so with each player's club learnt from his saga so far
  (``bot/clubmemory.py``). A row's ``clubs`` list (buyer first, then seller) is taken as a set;
  its ``fee_eur`` range is the figure; its ``kind`` is the bot's kind, mapped as above.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bench.alerts import EVAL_DIR, replay_rows
from bot.claims import extract_claims
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.claims.lexicon.money import find_fees
from bot.model import Article, Claim, ClaimKind, Fee, Player
from bot.names import derive_aliases, normalise

EVAL = EVAL_DIR  # tests/data/eval in the repository
FOLLOW = {
    "seeds.jsonl": ("Trent Alexander-Arnold", "Diogo Dalot"),
    "dev.jsonl": ("Trent Alexander-Arnold", "Diogo Dalot"),
    "dev2.jsonl": ("Jude Bellingham", "Joško Gvardiol", "Benjamin Šeško"),
}
KIND_MAP = {
    ClaimKind.TALKS: "approach",
    ClaimKind.HERE_WE_GO: "agreement",
    ClaimKind.RELEASE_CLAUSE: "contract",
    ClaimKind.LOAN: "bid",
    ClaimKind.COLLAPSE: "denial",
    # kinds of ours the labels file under ``other``, which the figures leave out on both sides
    ClaimKind.INTENT: "other",
    ClaimKind.DEADLINE: "other",
    ClaimKind.EXCLUSION: "other",
}
NEGATIVE = frozenset({ClaimKind.BID_REJECTED, ClaimKind.DENIAL, ClaimKind.COLLAPSE})
FIELDS = ("kind", "clubs", "fee", "window", "source")


def label_kind(kind: ClaimKind, polarity: bool = True) -> str:
    if not polarity and kind not in NEGATIVE:
        return "denial"  # a stage stated negative ("no agreement", "no offer") is a denial
    return KIND_MAP.get(kind, kind.value)


@dataclass(slots=True)
class Score:
    labels: int = 0
    extracted: int = 0
    matched: int = 0
    fields: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS[1:], 0))
    misses: list[str] = field(default_factory=list)

    def accuracy(self) -> dict[str, float]:
        out = {"kind": self.matched / self.labels if self.labels else 0.0}
        for name, good in self.fields.items():
            out[name] = good / self.matched if self.matched else 0.0
        out["precision"] = self.matched / self.extracted if self.extracted else 0.0
        return out


def article_of(item: dict[str, Any]) -> Article:
    return Article(
        key=item["id"],
        title=item["title"],
        summary=item["summary"],
        published=datetime.fromisoformat(item["published"].replace("Z", "+00:00")),
        outlet=item.get("outlet") or "",
        journalist=item.get("journalist"),
        lang=item.get("lang"),
    )


def players_for(names: Iterable[str]) -> list[Player]:
    return [
        Player(id=i, name=n, aliases=derive_aliases(n), followed=True)
        for i, n in enumerate(names, 1)
    ]


def _label_fee(amount: str | None) -> Fee | None:
    if not amount:
        return None
    found = find_fees(amount, "en")
    return found[0].fee if found else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Got:
    """One extracted claim, reduced to the fields scored (from a ``Claim`` or a replay row)."""

    player: str
    kind: str  # the label kind (``label_kind`` of the bot's kind)
    clubs: tuple[str, ...]
    fee_eur: tuple[float, float] | None
    window: str | None
    source: str | None

    @classmethod
    def of_claim(cls, claim: Claim) -> Got:
        fee = claim.fee
        return cls(
            player=claim.player,
            kind=label_kind(claim.kind, claim.polarity),
            clubs=tuple(claim.clubs),
            fee_eur=(fee.eur_min, fee.eur_max) if fee is not None else None,
            window=claim.window.key if claim.window else None,
            source=claim.source.name if claim.source is not None else None,
        )

    @classmethod
    def of_row(cls, row: dict[str, Any]) -> Got:
        fee = row.get("fee_eur")
        return cls(
            player=str(row["player"]),
            kind=label_kind(ClaimKind(row["kind"]), bool(row.get("polarity", True))),
            clubs=tuple(row.get("clubs") or ()),
            fee_eur=(float(fee[0]), float(fee[1])) if fee else None,
            window=row.get("window") or None,
            source=row.get("source") or None,
        )


def _fee_ok(label: str | None, got: Got) -> bool:
    want = _label_fee(label)
    if want is None or got.fee_eur is None:
        return want is None and got.fee_eur is None
    lo, hi = got.fee_eur
    overlap = want.eur_min <= hi and lo <= want.eur_max
    mid = (lo + hi) / 2
    return overlap or abs(want.eur_mid - mid) <= 0.10 * max(want.eur_mid, mid)


def _canon(name: str, gazetteer: Gazetteer) -> str:
    src = gazetteer.source(name)
    if src is not None:
        return src.name
    club = gazetteer.club(name)
    if club is not None:
        return club.name
    return normalise(name)


def _source_ok(label: str | None, got: Got, gazetteer: Gazetteer) -> bool:
    if not label or got.source is None:
        return not label and got.source is None
    parts = [p.strip() for p in re.split(r"[/;,()]|\bvia\b|\band\b|\bto\b", label) if p.strip()]
    parts = [
        re.sub(r"\b(?:official|statement|sources?|reports?)\b", "", p).strip() or p for p in parts
    ]
    name = _canon(got.source, gazetteer)
    return any(_canon(p, gazetteer) == name for p in [*parts, label])


def _field_hits(label: dict[str, Any], got: Got, gazetteer: Gazetteer) -> dict[str, bool]:
    want_clubs = {_canon(c, gazetteer) for c in label.get("clubs") or []}
    got_clubs = {_canon(c, gazetteer) for c in got.clubs}
    return {
        "clubs": want_clubs <= got_clubs,
        "fee": _fee_ok(label.get("amount"), got),
        "window": (label.get("window") or None) == got.window,
        "source": _source_ok(label.get("source"), got, gazetteer),
    }


def _score_item(
    score: Score,
    item: dict[str, Any],
    claims: Sequence[Got],
    follow: Sequence[str],
    gazetteer: Gazetteer,
) -> None:
    claims = [c for c in claims if c.player in follow and c.kind != "other"]
    score.extracted += len(claims)
    used: set[int] = set()
    for label in item.get("claims", []):
        if label["player"] not in follow or label["kind"] == "other":
            continue
        score.labels += 1
        best: tuple[int, int, dict[str, bool]] | None = None
        for i, got in enumerate(claims):
            if i in used or got.player != label["player"] or got.kind != label["kind"]:
                continue
            hits = _field_hits(label, got, gazetteer)
            if best is None or sum(hits.values()) > best[1]:
                best = (i, sum(hits.values()), hits)
        if best is None:
            score.misses.append(f"{item['id']}: {label['kind']} {label['player']}")
            continue
        used.add(best[0])
        score.matched += 1
        for name, ok in best[2].items():
            score.fields[name] += ok


def score_items(
    items: Sequence[dict[str, Any]], follow: Sequence[str], gazetteer: Gazetteer
) -> Score:
    """The extractor alone on each item (only the followed players known)."""
    g = gazetteer.with_players(players_for(follow))
    score = Score()
    for item in items:
        got = [Got.of_claim(c) for c in extract_claims(article_of(item), g)]
        _score_item(score, item, got, follow, g)
    return score


def score_rows(
    items: Sequence[dict[str, Any]],
    rows: Sequence[dict[str, Any]],
    follow: Sequence[str],
    gazetteer: Gazetteer,
) -> Score:
    """The claims of replay rows (matched to items by ``id``) against the items' labels."""
    g = gazetteer.with_players(players_for(follow))
    by_id = {str(row["id"]): row for row in rows}
    score = Score()
    for item in items:
        row = by_id.get(str(item["id"]), {})
        got = [Got.of_row(c) for c in row.get("claims", [])]
        _score_item(score, item, got, follow, g)
    return score


def load(name: str) -> list[dict[str, Any]]:
    path = EVAL / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score_file(name: str, gazetteer: Gazetteer | None = None) -> Score:
    return score_items(load(name), FOLLOW[name], gazetteer or Gazetteer.default())


def score_replay(name: str, gazetteer: Gazetteer | None = None) -> Score:
    """The pipeline's claims: ``transferbot replay`` over the stream, in process."""
    rows = replay_rows(EVAL / name, FOLLOW[name])
    return score_rows(load(name), rows, FOLLOW[name], gazetteer or Gazetteer.default())

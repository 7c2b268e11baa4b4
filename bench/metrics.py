"""Claim-field accuracy of ``extract_claims`` against the labelled eval streams.

Definitions (what the figures mean):

* Labelled claims counted: those about a followed player whose label kind is not ``other``.
* The bot's finer kinds are mapped to label kinds before comparing: talks → approach,
  here_we_go → agreement, release_clause → contract (labels file clauses under contract),
  loan → bid, collapse → denial; every other kind maps to itself.
* Matching: within one item, each labelled claim is paired with an extracted claim of the same
  player and mapped kind, one-to-one (an extracted claim pairs with at most one label), choosing
  among candidates the one that agrees on most of the fields below.
* kind accuracy = matched labels / labelled claims (a recall of kinds).
* For matched pairs only:
  - clubs: the label's clubs are a subset of the extracted ``Claim.clubs`` (buyer and seller);
  - fee: both without a figure, or both with one whose EUR ranges overlap or whose midpoints are
    within 10% of the larger (the label's
    ``amount`` is parsed with ``bot.money.find_fees``; a label amount it cannot parse counts as
    no figure);
  - window: equal keys (both None counts as equal);
  - source: the same canonical source (``gazetteer.source``/``gazetteer.club`` on both) or equal
    normalised names; a label naming several ("The Times / Paul Joyce", "AS (Real Madrid
    sources)") matches any of its parts.
* precision = extracted claims (about followed players) paired with a label / extracted claims.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.claims import extract_claims
from bot.gazetteer import Gazetteer
from bot.model import Article, Claim, ClaimKind, Fee, Player
from bot.money import find_fees
from bot.names import derive_aliases, normalise

EVAL = Path("/work/shared/eval")
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
}
FIELDS = ("kind", "clubs", "fee", "window", "source")


def label_kind(kind: ClaimKind) -> str:
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


def _fee_ok(label: str | None, claim: Claim) -> bool:
    want = _label_fee(label)
    got = claim.fee
    if want is None or got is None:
        return want is None and got is None
    overlap = want.eur_min <= got.eur_max and got.eur_min <= want.eur_max
    return overlap or abs(want.eur_mid - got.eur_mid) <= 0.10 * max(want.eur_mid, got.eur_mid)


def _canon(name: str, gazetteer: Gazetteer) -> str:
    src = gazetteer.source(name)
    if src is not None:
        return src.name
    club = gazetteer.club(name)
    if club is not None:
        return club.name
    return normalise(name)


def _source_ok(label: str | None, claim: Claim, gazetteer: Gazetteer) -> bool:
    if not label or claim.source is None:
        return not label and claim.source is None
    parts = [p.strip() for p in re.split(r"[/;,()]|\bvia\b|\band\b|\bto\b", label) if p.strip()]
    parts = [
        re.sub(r"\b(?:official|statement|sources?|reports?)\b", "", p).strip() or p for p in parts
    ]
    got = _canon(claim.source.name, gazetteer)
    return any(_canon(p, gazetteer) == got for p in [*parts, label])


def _field_hits(label: dict[str, Any], claim: Claim, gazetteer: Gazetteer) -> dict[str, bool]:
    want_clubs = {_canon(c, gazetteer) for c in label.get("clubs") or []}
    got_clubs = {_canon(c, gazetteer) for c in claim.clubs}
    return {
        "clubs": want_clubs <= got_clubs,
        "fee": _fee_ok(label.get("amount"), claim),
        "window": (label.get("window") or None) == (claim.window.key if claim.window else None),
        "source": _source_ok(label.get("source"), claim, gazetteer),
    }


def score_items(
    items: Sequence[dict[str, Any]], follow: Sequence[str], gazetteer: Gazetteer
) -> Score:
    g = gazetteer.with_players(players_for(follow))
    score = Score()
    for item in items:
        claims = [c for c in extract_claims(article_of(item), g) if c.player in follow]
        score.extracted += len(claims)
        used: set[int] = set()
        for label in item.get("claims", []):
            if label["player"] not in follow or label["kind"] == "other":
                continue
            score.labels += 1
            best: tuple[int, int, dict[str, bool]] | None = None
            for i, claim in enumerate(claims):
                if i in used or claim.player != label["player"]:
                    continue
                if label_kind(claim.kind) != label["kind"]:
                    continue
                hits = _field_hits(label, claim, g)
                if best is None or sum(hits.values()) > best[1]:
                    best = (i, sum(hits.values()), hits)
            if best is None:
                score.misses.append(f"{item['id']}: {label['kind']} {label['player']}")
                continue
            used.add(best[0])
            score.matched += 1
            for name, ok in best[2].items():
                score.fields[name] += ok
    return score


def load(name: str) -> list[dict[str, Any]]:
    path = EVAL / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score_file(name: str, gazetteer: Gazetteer | None = None) -> Score:
    return score_items(load(name), FOLLOW[name], gazetteer or Gazetteer.default())

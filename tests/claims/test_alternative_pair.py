"""An alternative pairing of two followed players is one fact, and it is the alternative's
(issue 12, "a followed player as background"): "Arsenal see A as their fallback should they
fail to sign B" tells A's fans something about A; B is the reference point, as he is in "B
fallback" (tests/claims/test_fallback_reference.py). B keeps the alternatives nobody follows
("Pedro and Marco as alternatives to B": his fans hear of them, nobody else would). When the
sentence does not say who stands in for whom ("A and B on a list of alternatives") both get the
pairing, once: told from either side, it is no news from the other (``bot.novelty``)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bench.alerts import replay_rows
from bot.claims import extract_claims
from bot.model import ClaimKind, ClaimRecord, SagaHistory
from bot.novelty import judge
from tests.claims.support import article
from tests.claims.test_generalising import BRENNAN, NOVAK, PAIR_GAZETTEER
from tests.test_novelty import NOW, claim, history_of

ALT = ClaimKind.ALTERNATIVE_TARGET


def _pairs(text: str, lang: str) -> set[tuple[str, str | None]]:
    claims = extract_claims(article(text, lang=lang), PAIR_GAZETTEER)
    return {(c.player, c.related_player) for c in claims if c.kind is ALT}


# (lang, text): Brennan stands in for Novak, both followed
STANDS_IN = [
    pytest.param(
        "en",
        "Arsenal see Kai Brennan as their fallback should they fail to sign Luka Novak.",
        id="en-fail-to-sign",
    ),
    pytest.param("es", "El Arsenal ve a Kai Brennan como alternativa a Luka Novak.", id="es-a"),
    pytest.param("de", "Arsenal sieht Kai Brennan als Alternative zu Luka Novak.", id="de-zu"),
    pytest.param(
        "en",
        "Arsenal want Luka Novak. Should that fail, Kai Brennan is another name on their list.",
        id="en-named-before",
    ),
    pytest.param(
        "es",
        "El Arsenal quiere a Luka Novak. Si fracasa, Kai Brennan es otra opción en su lista.",
        id="es-named-before",
    ),
]


@pytest.mark.parametrize(("lang", "text"), STANDS_IN)
def test_the_pairing_is_the_alternative_s(lang: str, text: str) -> None:
    assert _pairs(text, lang) == {(BRENNAN, NOVAK)}


# must not fire: the one stood in for keeps the alternatives nobody follows; with nobody stood
# in for, each followed player has the pairing
KEEPS = [
    pytest.param(
        "en",
        "Arsenal list Pedro Ruiz and Marco Lenz as alternatives to Luka Novak.",
        {(NOVAK, "Pedro Ruiz"), (NOVAK, "Marco Lenz")},
        id="neg-en-unfollowed-alternatives",
    ),
    pytest.param(
        "es",
        "El Arsenal estudia a Pedro Ruiz y a Marco Lenz como alternativas a Luka Novak.",
        {(NOVAK, "Pedro Ruiz"), (NOVAK, "Marco Lenz")},
        id="neg-es-unfollowed-alternatives",
    ),
    pytest.param(
        "es",
        "El Arsenal tiene a Kai Brennan y a Luka Novak en su lista de alternativas.",
        {(BRENNAN, NOVAK), (NOVAK, BRENNAN)},
        id="neg-es-nobody-stood-in-for",
    ),
    pytest.param(
        "de",
        "Arsenal hat Kai Brennan und Luka Novak als Alternativen auf der Liste.",
        {(BRENNAN, NOVAK), (NOVAK, BRENNAN)},
        id="neg-de-nobody-stood-in-for",
    ),
]


@pytest.mark.parametrize(("lang", "text", "pairs"), KEEPS)
def test_the_one_stood_in_for_keeps_the_names_nobody_follows(
    lang: str, text: str, pairs: set[tuple[str, str]]
) -> None:
    assert _pairs(text, lang) == pairs


def test_a_pairing_known_from_the_other_side_is_no_news() -> None:
    theirs = claim(ALT, player="Diogo Dalot", related_player="Trent Alexander-Arnold")
    other_side = tuple(
        replace(r, related_player=theirs.related_player)
        for r in history_of((theirs, NOW - timedelta(days=2))).claims
    )
    mine = claim(ALT, related_player="Diogo Dalot")  # Alexander-Arnold's, same buyer
    assert judge(mine, history_of(), NOW) is not None  # alone, a new fact of his
    assert judge(mine, replace_paired(other_side), NOW) is None
    elsewhere = claim(ALT, related_player="Diogo Dalot", buyer="Arsenal", clubs=("Arsenal",))
    assert judge(elsewhere, replace_paired(other_side), NOW) is not None  # another buyer's list
    # Dalot paired with somebody else says nothing of Dalot and Alexander-Arnold
    not_him = tuple(replace(r, related_player="Pedro Porro") for r in other_side)
    assert judge(mine, replace_paired(not_him), NOW) is not None


def replace_paired(paired: tuple[ClaimRecord, ...]) -> SagaHistory:
    return replace(history_of(), paired=paired)


def _stream(tmp_path: Path, *summaries: str) -> Path:
    path = tmp_path / "items.jsonl"
    rows = [
        {
            "id": f"i{n}",
            "title": "",
            "summary": text,
            "published": f"2025-01-0{n + 1}T09:00:00Z",
            "outlet": "Fan Blog",
            "lang": "en",
        }
        for n, text in enumerate(summaries)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _alternative_events(rows: list[dict[str, object]]) -> list[list[str]]:
    return [
        [str(e["player"]) for e in row["events"] if e["kind"] == "alternative_target"]  # type: ignore[attr-defined]
        for row in rows
    ]


def test_through_the_store_a_pair_alerts_once(tmp_path: Path) -> None:
    told = "Arsenal see Kai Brennan as their fallback should they fail to sign Luka Novak."
    both = "Arsenal have Kai Brennan, Luka Novak and Marco Lenz on a list of alternatives."
    follows = (BRENNAN, NOVAK)
    rows = replay_rows(_stream(tmp_path, told, both), follows)
    # the second names Brennan and Novak side by side: the pair is known from Brennan's side;
    # Novak's Lenz and Brennan's Lenz are new
    assert _alternative_events(rows) == [[BRENNAN], [BRENNAN, NOVAK]]
    fresh = replay_rows(_stream(tmp_path, both), follows)
    assert sorted(_alternative_events(fresh)[0]) == [BRENNAN, BRENNAN, NOVAK, NOVAK]

"""A player named only as the one someone else would replace (issue 12, "a followed player
as background"): "as X fallback", "als X-Alternative" make X a reference point; the stage the
sentence states (an approach for the other player) is not his. Named as the target himself, he
has it. ("Pedro as an alternative to X", naming someone nobody follows, still gives X the
alternative: tests/claims/test_languages.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.claims import extract_claims
from bot.model import ClaimKind, EventKind, Source
from bot.novelty import judge
from tests.claims.support import article, small_gazetteer
from tests.test_novelty import FAN, NOW, claim, eur, history_of

GAZETTEER = small_gazetteer()
BRENNAN, NOVAK = "Kai Brennan", "Luka Novak"

ROWS = [
    pytest.param(
        "en", "Arsenal sound out Luka Novak's camp as Kai Brennan fallback.", id="en-as-x-fallback"
    ),
    pytest.param(
        "en",
        "Arsenal make contact with Luka Novak, their Kai Brennan fallback.",
        id="en-their-x-fallback",
    ),
    pytest.param(
        "de", "Arsenal kontaktiert Luka Novak als Brennan-Alternative.", id="de-x-alternative"
    ),
    pytest.param(
        "de",
        "Arsenal kontaktiert Luka Novak als Kai-Brennan-Alternative.",
        id="de-full-name-alternative",
    ),
]


@pytest.mark.parametrize(("lang", "text"), ROWS)
def test_the_one_to_be_replaced_gets_no_stage(lang: str, text: str) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    assert ClaimKind.APPROACH in {c.kind for c in claims if c.player == NOVAK}, claims
    assert ClaimKind.APPROACH not in {c.kind for c in claims if c.player == BRENNAN}, claims


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param("en", "Arsenal sound out Kai Brennan's camp.", id="en-target-himself"),
        pytest.param(
            "es", "El Arsenal contacta con el entorno de Kai Brennan.", id="es-target-himself"
        ),
    ],
)
def test_the_target_himself_has_the_stage(lang: str, text: str) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    assert ClaimKind.APPROACH in {c.kind for c in claims if c.player == BRENNAN}, claims


# One rumour of a late stage by a lesser source must not silence the first report of an
# earlier stage by a top source (issue 12, class 5: errors compound).
def test_a_top_source_s_first_report_of_a_stage_is_news_after_a_lesser_source_s_rumour() -> None:
    rumour = claim(ClaimKind.AGREEMENT, source=FAN)
    history = history_of((rumour, NOW - timedelta(days=3)))
    approach = claim(ClaimKind.APPROACH)  # Romano, tier 1
    event = judge(approach, history, NOW)
    assert event is not None and event.kind is EventKind.STAGE
    lesser = claim(ClaimKind.APPROACH, source=Source(name="Blog", tier=3))
    assert judge(lesser, history, NOW) is None  # a lesser source's: the saga is past it
    top = history_of((claim(ClaimKind.AGREEMENT), NOW - timedelta(days=3)))
    assert judge(approach, top, NOW) is None  # a top source already put it further


def test_a_stage_a_lesser_source_already_reported_is_no_new_stage_from_a_top_one() -> None:
    """The rule above is for a stage nobody had reported: Romano's "€30m bid" after a blog's
    "a bid" is a new figure, not the bid stage again."""
    history = history_of((claim(ClaimKind.BID, source=FAN), NOW - timedelta(days=1)))
    event = judge(claim(ClaimKind.BID, fee=eur(30)), history, NOW)
    assert event is not None and event.kind is EventKind.FEE

"""A stage stated negative beside one stated reached (issue 12, "agreement" read in the wrong
sense): "has agreed personal terms, but the clubs have not agreed a fee" says the fee is still
to agree, and denies nothing; alone, "Arsenal have not agreed a fee" is a denial. (A denial
worded as one, "a bid, but no agreement has been reached", is still read as a denial: not
covered here.)"""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from tests.claims.support import article, small_gazetteer

GAZETTEER = small_gazetteer()

ROWS = [
    pytest.param(
        "en",
        "Kai Brennan has agreed personal terms with Arsenal, but the clubs have not agreed a fee.",
        {"personal_terms"},
        {"denial"},
        id="en-terms-but-no-fee-yet",
    ),
    pytest.param(
        "es",
        "Kai Brennan ya tiene un acuerdo personal con el Arsenal, pero los clubes no han acordado "
        "el traspaso.",
        {"personal_terms"},
        {"denial"},
        id="es-acuerdo-personal-pero-no",
    ),
    pytest.param(
        "en",
        "Arsenal have not agreed a fee for Kai Brennan.",
        {"denial"},
        set(),
        id="en-alone-a-denial",
    ),
    pytest.param(
        "es",
        "El Arsenal no ha acordado nada con el Liverpool por Kai Brennan.",
        {"denial"},
        set(),
        id="es-alone-a-denial",
    ),
]


@pytest.mark.parametrize(("lang", "text", "must", "never"), ROWS)
def test_a_stage_not_reached_beside_one_reached_is_no_denial(
    lang: str, text: str, must: set[str], never: set[str]
) -> None:
    kinds = {c.kind.value for c in extract_claims(article(text, lang=lang), GAZETTEER)}
    assert must <= kinds, kinds
    assert not (never & kinds), kinds

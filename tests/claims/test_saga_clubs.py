"""A nickname shared by several clubs ("United") that the article never pins down names the club
a player it names plays for, as his saga tells (``Player.attributes["club"]`` from
``bot.clubmemory``); with no such club, or a club the nickname cannot mean, it names nobody."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from bot.model import ClaimKind, Player
from bot.names import derive_aliases
from tests.claims.support import article, small_gazetteer

BRENNAN = "Kai Brennan"


def _buyers(text: str, lang: str, club: str | None) -> set[str | None]:
    player = Player(
        id=1,
        name=BRENNAN,
        aliases=derive_aliases(BRENNAN),
        followed=True,
        attributes={"club": club} if club else {},
    )
    claims = extract_claims(article(text, lang=lang), small_gazetteer([player]))
    return {c.buyer for c in claims if c.kind is ClaimKind.BID_REJECTED}


# "United" is his own club here: the sentence then names no other party, and the article's
# suitor (Arsenal) is the buyer of the refusal; unresolved, the nickname leaves it unknown.
ROWS = [
    pytest.param("en", "Arsenal want Kai Brennan. United have rejected the bid.", id="en"),
    pytest.param(
        "es", "El Arsenal quiere a Kai Brennan. El United ha rechazado la oferta.", id="es"
    ),
]


@pytest.mark.parametrize(("lang", "text"), ROWS)
def test_the_shared_nickname_is_the_club_he_plays_for(lang: str, text: str) -> None:
    assert _buyers(text, lang, "Manchester United") == {"Arsenal"}
    assert _buyers(text, lang, "Newcastle United") == {"Arsenal"}


@pytest.mark.parametrize(("lang", "text"), ROWS)
def test_no_known_club_or_another_leaves_it_unresolved(lang: str, text: str) -> None:
    assert "Arsenal" not in _buyers(text, lang, None)
    assert "Arsenal" not in _buyers(text, lang, "Liverpool")

"""A nickname shared by several clubs ("United") that the article never pins down names the club
of the player's saga when exactly one of them is (his club or a suitor,
``Player.attributes["suitors"]`` from ``bot.clubmemory``); with none or both, it names nobody."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from bot.model import ClaimKind, Player
from bot.names import derive_aliases
from tests.claims.support import article, small_gazetteer

BRENNAN = "Kai Brennan"


def _buyers(text: str, lang: str, suitors: str) -> set[str | None]:
    player = Player(
        id=1,
        name=BRENNAN,
        aliases=derive_aliases(BRENNAN),
        followed=True,
        attributes={"club": "Liverpool", "suitors": suitors} if suitors else {"club": "Liverpool"},
    )
    claims = extract_claims(article(text, lang=lang), small_gazetteer([player]))
    return {c.buyer for c in claims if c.kind is ClaimKind.AGREEMENT}


ROWS = [
    pytest.param("en", "United reach full agreement for Kai Brennan.", id="en"),
    pytest.param(
        "es", "El United llega a un acuerdo total con el Liverpool por Kai Brennan.", id="es"
    ),
]


@pytest.mark.parametrize(("lang", "text"), ROWS)
def test_the_shared_nickname_is_the_suitor_of_his_saga(lang: str, text: str) -> None:
    assert _buyers(text, lang, "Manchester United") == {"Manchester United"}
    assert _buyers(text, lang, "Newcastle United,Arsenal") == {"Newcastle United"}


@pytest.mark.parametrize(("lang", "text"), ROWS)
def test_no_saga_club_or_both_leave_it_unresolved(lang: str, text: str) -> None:
    assert _buyers(text, lang, "") == {None}
    assert _buyers(text, lang, "Manchester United,Newcastle United") == {None}

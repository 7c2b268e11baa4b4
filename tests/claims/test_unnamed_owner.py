"""A club is kept from buying only by the players an article names (issue 16): the saga's club
of a followed player the article never mentions owns nobody in it. A server following many
players had most big clubs owning someone, so no article could name them as buyers.

Rows in our own words, en/es/de; the must-not-fire rows: the club the saga gives a player the
article names is still his seller, never his buyer."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from bot.model import ClaimKind, Player
from bot.names import derive_aliases
from tests.claims.support import article, small_gazetteer

BRENNAN = "Kai Brennan"
OTHER = "Tomas Varga"  # followed, never named below, his saga says he plays for Arsenal


def _player(pid: int, name: str, club: str | None) -> Player:
    return Player(
        id=pid,
        name=name,
        aliases=derive_aliases(name),
        followed=True,
        attributes={"club": club} if club else {},
    )


def _rejected(text: str, lang: str, brennan_club: str | None, player: str = BRENNAN) -> set:
    """(buyer, seller) of each rejected bid for ``player``; Varga's saga club is Arsenal."""
    players = [_player(1, BRENNAN, brennan_club), _player(2, OTHER, "Arsenal")]
    claims = extract_claims(article(text, lang=lang), small_gazetteer(players))
    return {
        (c.buyer, c.seller)
        for c in claims
        if c.player == player and c.kind is ClaimKind.BID_REJECTED
    }


# the suitor is named in one sentence, the rejected bid in the next names only the seller: its
# buyer is the article's suitor, unless that club owns a player of the article
ROWS = [
    pytest.param(
        "en", "{p} is wanted by {a}. Dortmund have turned down an opening offer.", id="en"
    ),
    pytest.param("es", "El {a} sigue a {p}. El Dortmund ha rechazado una primera oferta.", id="es"),
    pytest.param(
        "de", "{a} ist an {p} interessiert. Dortmund hat ein erstes Angebot abgelehnt.", id="de"
    ),
]


@pytest.mark.parametrize(("lang", "text"), ROWS)
def test_the_club_of_a_player_not_named_may_buy(lang: str, text: str) -> None:
    said = text.format(p=BRENNAN, a="Arsenal")
    assert _rejected(said, lang, None) == {("Arsenal", "Borussia Dortmund")}
    assert _rejected(said, lang, "Borussia Dortmund") == {("Arsenal", "Borussia Dortmund")}


@pytest.mark.parametrize(("lang", "text"), ROWS)
def test_a_named_players_saga_club_is_still_his_seller(lang: str, text: str) -> None:
    # must not fire: the club his own saga gives the player named is his, never his buyer
    said = text.format(p=OTHER, a="Liverpool").replace("Dortmund", "Arsenal")
    assert _rejected(said, lang, None, OTHER) == {("Liverpool", "Arsenal")}
    said = text.format(p=BRENNAN, a="Liverpool").replace("Dortmund", "Arsenal")
    assert _rejected(said, lang, "Arsenal") == {("Liverpool", "Arsenal")}

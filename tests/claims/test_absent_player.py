"""An injured or absent player is the reason a club looks, not one of the names it looks at
(issue 12): "la larga baja de X … Y aparece en su lista junto a Z" pairs Y with Z, never with X,
and X is nobody's alternative. Our own sentences in three languages; a player simply on the
list beside another is still paired."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from bot.model import ClaimKind, Player
from bot.names import derive_aliases
from tests.claims.support import PLAYERS, article, small_gazetteer

CARVAJAL = "Dani Carvajal"
GAZETTEER = small_gazetteer(
    [*PLAYERS, Player(id=50, name=CARVAJAL, aliases=derive_aliases(CARVAJAL), followed=True)]
)


def _pairs(text: str, lang: str, title: str = "") -> set[tuple[str, str | None]]:
    claims = extract_claims(article(text, lang=lang, title=title), GAZETTEER)
    return {(c.player, c.related_player) for c in claims if c.kind is ClaimKind.ALTERNATIVE_TARGET}


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        pytest.param(
            "es",
            "",
            "La larga baja de Dani Carvajal ha llevado al Real Madrid a buscar un lateral y "
            "Kai Brennan aparece en su lista junto a Tomás Ferreira.",
            id="es-baja",
        ),
        pytest.param(
            "it",
            "",
            "Dopo l'infortunio di Dani Carvajal il Real Madrid ha Kai Brennan nella lista "
            "insieme a Tomás Ferreira.",
            id="it-infortunio",
        ),
        pytest.param(
            "en",
            "Real Madrid widen their right-back search",
            "With the long absence of Dani Carvajal, Real Madrid see Kai Brennan as an "
            "alternative to Tomás Ferreira.",
            id="en-absence",
        ),
    ],
)
def test_the_absent_player_is_nobody_s_pair(lang: str, title: str, text: str) -> None:
    pairs = _pairs(text, lang, title)
    assert ("Kai Brennan", "Tomás Ferreira") in pairs
    assert not {p for p in pairs if CARVAJAL in p}


def test_a_player_on_the_list_beside_another_is_still_paired() -> None:
    pairs = _pairs("El Real Madrid tiene a Dani Carvajal en su lista junto a Kai Brennan.", "es")
    assert (CARVAJAL, "Kai Brennan") in pairs

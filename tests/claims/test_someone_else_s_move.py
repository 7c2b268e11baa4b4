"""An article about another player's move (issue 12, class "items about a player nobody
follows"): its headline names no followed player and tells someone else's transfer, so a
followed player the body names in passing ("the same fee Liverpool paid for X") is background;
a sentence about him alone still gives him his claims."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from tests.claims.support import article, small_gazetteer

GAZETTEER = small_gazetteer()


def _claims(lang: str, title: str, body: str) -> set[str]:
    found = extract_claims(article(f"{title}\n\n{body}", lang=lang, title=title), GAZETTEER)
    return {c.kind.value for c in found if c.player == "Kai Brennan"}


@pytest.mark.parametrize(
    ("lang", "title", "body"),
    [
        pytest.param(
            "en",
            "Arsenal complete Pedro Alvarez deal",
            "Arsenal have signed Pedro Alvarez for €30m, the same fee Liverpool paid for Kai "
            "Brennan.",
            id="en-same-fee-as",
        ),
        pytest.param(
            "es",
            "El Arsenal cierra el fichaje de Pedro Alvarez",
            "El Arsenal ha pagado 30 millones por Pedro Alvarez, la misma cifra que el Liverpool "
            "pagó por Kai Brennan.",
            id="es-la-misma-cifra",
        ),
        pytest.param(
            "it",
            "L'Arsenal ufficializza l'acquisto di Pedro Alvarez",
            "L'Arsenal ha pagato 30 milioni per Pedro Alvarez, la stessa cifra versata dal "
            "Liverpool per Kai Brennan.",
            id="it-la-stessa-cifra",
        ),
    ],
)
def test_a_followed_player_in_passing_is_background(lang: str, title: str, body: str) -> None:
    assert not _claims(lang, title, body)


@pytest.mark.parametrize(
    ("lang", "title", "body", "kind"),
    [
        pytest.param(
            "en",
            "Arsenal sign Pedro Alvarez",
            "Arsenal have signed Pedro Alvarez. Separately, Liverpool have made a €40m bid for Kai "
            "Brennan.",
            "bid",
            id="en-a-sentence-about-him-alone",
        ),
        pytest.param(
            "en",
            "Real Madrid's right-back hunt heats up",
            "Real Madrid have made a bid for Kai Brennan.",
            "bid",
            id="en-headline-naming-nobody",
        ),
    ],
)
def test_his_own_story_still_counts(lang: str, title: str, body: str, kind: str) -> None:
    assert kind in _claims(lang, title, body)

"""Left out of a squad, a tour or a match because of a transfer (issue 12: a recurring fact the
labels called ``other``): an exclusion with a transfer reason, in six languages; left out for
an injury or a coach's choice, none. Context once per saga."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.claims import extract_claims
from bot.model import ClaimKind, EventKind
from bot.novelty import judge
from bot.summaries import headline
from tests.claims.support import article, small_gazetteer
from tests.test_novelty import NOW, claim, history_of

GAZETTEER = small_gazetteer()

ROWS = [
    pytest.param(
        "en",
        "Kai Brennan was left out of the squad for the friendly amid Arsenal's interest.",
        True,
        id="en-left-out-amid-interest",
    ),
    pytest.param(
        "en",
        "Kai Brennan sat out the friendly because several clubs had shown concrete interest.",
        True,
        id="en-sat-out-because",
    ),
    pytest.param(
        "en",
        "Kai Brennan was left out of the squad with a hamstring injury.",
        False,
        id="en-injury",
    ),
    pytest.param(
        "de", "Kai Brennan steht wegen des Wechsels nicht im Kader.", True, id="de-wechsel"
    ),
    pytest.param(
        "es",
        "Kai Brennan se queda fuera de la convocatoria por las ofertas del Arsenal.",
        True,
        id="es-ofertas",
    ),
    pytest.param(
        "es", "Kai Brennan se queda fuera de la convocatoria por una lesión.", False, id="es-lesion"
    ),
    pytest.param(
        "it",
        "Kai Brennan escluso dai convocati per la trattativa con l'Arsenal.",
        True,
        id="it-trattativa",
    ),
    pytest.param(
        "it", "Kai Brennan escluso dai convocati per scelta tecnica.", False, id="it-scelta-tecnica"
    ),
    pytest.param(
        "fr",
        "Kai Brennan écarté du groupe en raison de l'intérêt d'Arsenal.",
        True,
        id="fr-interet",
    ),
    pytest.param(
        "pt",
        "Kai Brennan fora da convocatória por causa do interesse do Arsenal.",
        True,
        id="pt-interesse",
    ),
]


@pytest.mark.parametrize(("lang", "text", "found"), ROWS)
def test_left_out_because_of_a_transfer(lang: str, text: str, found: bool) -> None:
    kinds = {c.kind for c in extract_claims(article(text, lang=lang), GAZETTEER)}
    assert (ClaimKind.EXCLUSION in kinds) is found, kinds


def test_an_exclusion_is_context_once() -> None:
    left_out = claim(ClaimKind.EXCLUSION)
    before = history_of((claim(ClaimKind.BID), NOW - timedelta(days=2)))
    first = judge(left_out, before, NOW)
    assert first is not None and first.kind is EventKind.CONTEXT
    again = history_of(
        (claim(ClaimKind.BID), NOW - timedelta(days=2)), (left_out, NOW - timedelta(days=1))
    )
    assert judge(left_out, again, NOW) is None
    assert headline(left_out) == "Trent Alexander-Arnold left out by Liverpool amid transfer talk"

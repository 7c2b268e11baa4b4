"""An article about something else (issue 12): a match report, an injury, an award, squad
news, told by its headline (``not_transfer_head`` per language) when the headline says no
transfer word. Its body's weak claims (a denial such as "ruled out", an interest, a collapse, an
alternative, a coach's wish) are its colour; a strong stage it states still counts."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from tests.claims.support import article, small_gazetteer

GAZETTEER = small_gazetteer()

ROWS = [
    # (lang, title, text, kinds that must be found, kinds that must not)
    pytest.param(
        "en",
        "Kai Brennan limps off at Anfield, doubtful for the derby",
        "Liverpool have ruled out Kai Brennan for three weeks. Arsenal remain interested in him.",
        set(),
        {"denial", "interest"},
        id="en-injury-no-denial",
    ),
    pytest.param(
        "en",
        "Kai Brennan scores twice as Liverpool beat Arsenal",
        "Arsenal have made a €40m bid for Kai Brennan, according to Sky Sports.",
        {"bid"},
        set(),
        id="en-match-report-keeps-a-bid",
    ),
    pytest.param(
        "en",
        "Arsenal ready to bid for Kai Brennan after his hat-trick",
        "Arsenal remain interested in Kai Brennan.",
        {"interest"},
        set(),
        id="en-transfer-headline-not-gated",
    ),
    pytest.param(
        "es",
        "Kai Brennan se lesiona y será baja por tres semanas",
        "El Liverpool descarta a Kai Brennan para el derbi. El Arsenal sigue interesado en él.",
        set(),
        {"denial", "interest"},
        id="es-lesion-no-denial",
    ),
    pytest.param(
        "es",
        "El Arsenal prepara una oferta por Kai Brennan",
        "El Arsenal sigue interesado en Kai Brennan.",
        {"interest"},
        set(),
        id="es-transfer-headline-not-gated",
    ),
    pytest.param(
        "de",
        "Kai Brennan fällt mit Knieverletzung wochenlang aus",
        "Arsenal hat weiter Interesse an Kai Brennan.",
        set(),
        {"interest"},
        id="de-verletzung-no-interest",
    ),
    pytest.param(
        "it",
        "Kai Brennan, doppietta e vittoria del Liverpool",
        "L'Arsenal ha presentato un'offerta da 40 milioni per Kai Brennan.",
        {"bid"},
        set(),
        id="it-doppietta-keeps-a-bid",
    ),
]


@pytest.mark.parametrize(("lang", "title", "text", "must", "never"), ROWS)
def test_an_article_about_something_else_states_only_strong_stages(
    lang: str, title: str, text: str, must: set[str], never: set[str]
) -> None:
    claims = extract_claims(article(f"{title}\n\n{text}", lang=lang, title=title), GAZETTEER)
    kinds = {c.kind.value for c in claims if c.player == "Kai Brennan"}
    assert must <= kinds, claims
    assert not (never & kinds), claims

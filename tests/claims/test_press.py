"""Who a claim is credited to when the press or a club speaks: unnamed press, statements, outlets.

Unnamed press ("several reports", "laut Medienberichten") is credited as such, a club's statement
credits the figures it states to the club, and "Site (Network)" with an unknown network credits the
site's bare name, while wires and rewrites keep crediting the outlet they name. Sentences are
our own.
"""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from bot.claims.attribution import article_source
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.model import Claim, ClaimKind, Player
from bot.names import derive_aliases
from tests.claims.support import article, small_gazetteer

K = ClaimKind
BRENNAN = "Kai Brennan"


def _claims(text: str, lang: str = "en", gazetteer: Gazetteer | None = None) -> list[Claim]:
    g = gazetteer or small_gazetteer()
    return [c for c in extract_claims(article(text, lang=lang), g) if c.player == BRENNAN]


def _default() -> Gazetteer:
    player = Player(id=1, name=BRENNAN, aliases=derive_aliases(BRENNAN), followed=True)
    return Gazetteer.default().with_players([player])


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "en",
            "Several reports say Real Madrid have agreed a €90m fee with Liverpool "
            "for Kai Brennan.",
            id="en-several-reports",
        ),
        pytest.param(
            "de",
            "Real Madrid zahlt laut Medienberichten 90 Millionen Euro an Liverpool "
            "für Kai Brennan.",
            id="de-medienberichten",
        ),
        pytest.param(
            "fr",
            "Le Real Madrid aurait payé 90 millions d'euros à Liverpool pour Kai Brennan, "
            "selon les médias britanniques.",
            id="fr-medias-britanniques",
        ),
        pytest.param(
            "pt",
            "Segundo os jornais ingleses, o Real Madrid pagou 90 milhões de euros ao Liverpool "
            "por Kai Brennan.",
            id="pt-jornais-ingleses",
        ),
    ],
)
def test_unnamed_press_is_credited_as_media_reports(lang: str, text: str) -> None:
    fees = [c for c in _claims(text, lang, _default()) if c.fee is not None]
    assert fees
    assert {c.source.name for c in fees if c.source} == {"Media reports"}
    assert all(c.source is not None and c.source.tier == 3 for c in fees)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "en",
            "Liverpool announced in a statement that Real Madrid will pay €90m for Kai Brennan.",
            id="en-statement",
        ),
        pytest.param(
            "es",
            "El Liverpool comunicó que el Real Madrid pagará 90 millones de euros por Kai Brennan.",
            id="es-comunico",
        ),
    ],
)
def test_a_club_statement_credits_its_figures_to_the_club(lang: str, text: str) -> None:
    fees = [c for c in _claims(text, lang) if c.kind is K.FEE or c.fee is not None]
    assert fees
    assert all(c.source is not None and c.source.name == "Liverpool" for c in fees)
    assert all(c.source is not None and c.source.tier == 0 for c in fees)


def test_an_outlet_before_the_voice_keeps_the_credit() -> None:
    text = "Marca says Liverpool confirmed that Real Madrid will pay €90m for Kai Brennan."
    fees = [c for c in _claims(text) if c.fee is not None]
    assert fees
    assert all(c.source is not None and c.source.name == "Marca" for c in fees)


@pytest.mark.parametrize(
    ("outlet", "credited"),
    [
        pytest.param("Reds Corner (Fan Network)", "Reds Corner", id="unknown-network-stripped"),
        pytest.param("Daily Wire Site (ESPN rewrite)", "ESPN", id="rewrite-credits-original"),
        pytest.param("Fan Blog", "Fan Blog", id="plain-outlet"),
    ],
)
def test_composite_outlets(outlet: str, credited: str) -> None:
    source = article_source(article("No claim here.", outlet=outlet), small_gazetteer())
    assert source.name == credited


def test_a_wire_in_parentheses_is_credited() -> None:
    source = article_source(article("x", outlet="Local Paper (AP)"), Gazetteer.default())
    assert source.name == "Associated Press"


def test_statement_yields_to_press_named_in_the_sentence() -> None:
    text = (
        "Liverpool und Real Madrid haben den Transfer von Kai Brennan offiziell gemacht, "
        "laut Medienberichten zahlt Real 90 Millionen Euro."
    )
    fees = [c for c in _claims(text, "de", _default()) if c.fee is not None]
    assert fees
    assert all(c.source is not None and c.source.name == "Media reports" for c in fees)


@pytest.mark.parametrize(
    ("lang", "text", "cited"),
    [
        pytest.param(
            "en",
            "Quoting Marca, Record says Real Madrid have agreed personal terms with Kai Brennan.",
            "Marca",
            id="en-quoting",
        ),
        pytest.param(
            "it",
            "Citando Marca, Record scrive che il Real Madrid ha trovato l'accordo con Kai Brennan.",
            "Marca",
            id="it-citando",
        ),
        pytest.param(
            "en",
            "Record says Real Madrid have agreed personal terms with Kai Brennan.",
            "Record",
            id="en-no-quote",
        ),
    ],
)
def test_the_quoted_original_is_credited_over_the_paper_quoting_it(
    lang: str, text: str, cited: str
) -> None:
    claims = _claims(text, lang)
    assert claims
    assert {c.source.name for c in claims if c.source} == {cited}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Real Madrid are determined to land Kai Brennan.", id="determined-to-land"),
        pytest.param("Real Madrid are increasingly settling on Kai Brennan.", id="settling-on"),
        pytest.param("Real Madrid remain in the picture for Kai Brennan.", id="in-the-picture"),
        pytest.param("Real Madrid are front-runners for Kai Brennan.", id="front-runners"),
    ],
)
def test_interest_phrasings(text: str) -> None:
    assert any(c.kind is K.INTEREST and c.polarity for c in _claims(text))

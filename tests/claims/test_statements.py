"""What a club's announcement states (issue 12): a signing announced ("announced the signing
of", "anunció el fichaje de") is official; a statement as a document says what it says (a
refusal, a talk), and is no signing of its own; a player who made his farewell known states his
intent, not a signing; a signing a reporter claims stays that reporter's, not the club's word.
Our own sentences, in several languages, with rows where each reading must not fire."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from bot.model import ClaimKind
from tests.claims.support import article, small_gazetteer

GAZETTEER = small_gazetteer()
BRENNAN = "Kai Brennan"


def _kinds(text: str, lang: str) -> set[ClaimKind]:
    return {c.kind for c in extract_claims(article(text, lang=lang), GAZETTEER)}


ANNOUNCED_SIGNINGS = [
    pytest.param("en", "Real Madrid announced on Friday the signing of Kai Brennan.", id="en"),
    pytest.param(
        "es",
        "El Real Madrid anunció este viernes el fichaje de Kai Brennan por cinco temporadas.",
        id="es-with-years",
    ),
    pytest.param("es", "El Arsenal ha anunciado hoy el fichaje de Kai Brennan.", id="es-hoy"),
    pytest.param("it", "Il Real Madrid ha annunciato oggi l'acquisto di Kai Brennan.", id="it"),
    pytest.param("fr", "Arsenal a annoncé ce vendredi la signature de Kai Brennan.", id="fr"),
    pytest.param("pt", "O Arsenal anunciou nesta sexta a contratação de Kai Brennan.", id="pt"),
    pytest.param("de", "Arsenal gab am Freitag die Verpflichtung von Brennan bekannt.", id="de"),
]


@pytest.mark.parametrize(("lang", "text"), ANNOUNCED_SIGNINGS)
def test_a_signing_announced_is_official(lang: str, text: str) -> None:
    assert ClaimKind.OFFICIAL in _kinds(text, lang)


NOT_ANNOUNCED_YET = [
    pytest.param("es", "El Real Madrid anunciará el fichaje de Kai Brennan la semana que viene."),
    pytest.param("en", "Real Madrid will announce the signing of Kai Brennan next week."),
    pytest.param("it", "Il Real Madrid annuncerà l'acquisto di Kai Brennan dopo le visite."),
]


@pytest.mark.parametrize(("lang", "text"), NOT_ANNOUNCED_YET)
def test_a_signing_to_be_announced_is_not_official(lang: str, text: str) -> None:
    assert ClaimKind.OFFICIAL not in _kinds(text, lang)


# (lang, text, the kind the statement states): no official beside it
STATEMENTS = [
    pytest.param(
        "es",
        "El Liverpool respondió con un comunicado en el que considera insuficiente la oferta "
        "del Real Madrid por Kai Brennan.",
        ClaimKind.BID_REJECTED,
        id="es-insuficiente",
    ),
    pytest.param(
        "de",
        "Die Summe für Kai Brennan sei zu niedrig, teilte Liverpool offiziell mit.",
        ClaimKind.BID_REJECTED,
        id="de-verb-last",
    ),
    pytest.param(
        "pt",
        "Num comunicado, o Liverpool garante que o Arsenal começou a negociar com Kai Brennan "
        "há meses, nas costas do clube.",
        ClaimKind.TALKS,
        id="pt-what-it-says",
    ),
    pytest.param(
        "en",
        "In a statement, Liverpool said they have rejected Arsenal's offer for Kai Brennan.",
        ClaimKind.BID_REJECTED,
        id="en-statement",
    ),
]


@pytest.mark.parametrize(("lang", "text", "kind"), STATEMENTS)
def test_a_statement_is_what_it_says_not_a_signing(lang: str, text: str, kind: ClaimKind) -> None:
    kinds = _kinds(text, lang)
    assert kind in kinds
    assert ClaimKind.OFFICIAL not in kinds


SIGNINGS_IN_A_STATEMENT = [
    pytest.param("en", "Kai Brennan has joined Arsenal, the club said in a statement.", id="en"),
    pytest.param(
        "es", "El Arsenal anunció en un comunicado el fichaje de Kai Brennan.", id="es-comunicado"
    ),
]


@pytest.mark.parametrize(("lang", "text"), SIGNINGS_IN_A_STATEMENT)
def test_a_statement_that_announces_a_signing_is_official(lang: str, text: str) -> None:
    assert ClaimKind.OFFICIAL in _kinds(text, lang)


FAREWELLS = [
    pytest.param("es", "Kai Brennan había comunicado en mayo su adiós al Liverpool.", id="es"),
    pytest.param("fr", "Kai Brennan avait communiqué en mai son départ au Liverpool.", id="fr"),
    pytest.param("pt", "Kai Brennan comunicou ao Liverpool a sua saída.", id="pt"),
    pytest.param("it", "Kai Brennan ha comunicato al Liverpool il suo addio.", id="it"),
]


@pytest.mark.parametrize(("lang", "text"), FAREWELLS)
def test_a_farewell_made_known_is_his_intent_not_a_signing(lang: str, text: str) -> None:
    kinds = _kinds(text, lang)
    assert ClaimKind.INTENT in kinds
    assert ClaimKind.OFFICIAL not in kinds


def test_a_club_announcing_his_signing_is_no_intent() -> None:
    kinds = _kinds("El Arsenal comunicó este lunes el fichaje de Kai Brennan.", "es")
    assert ClaimKind.INTENT not in kinds


@pytest.mark.parametrize(
    ("lang", "text", "reporter"),
    [
        pytest.param(
            "es",
            "La Cadena SER asegura que Kai Brennan firmó con el Arsenal en marzo.",
            "Cadena SER",
            id="es-asegura",
        ),
        pytest.param(
            "en", "Kai Brennan has signed for Arsenal, Marca claims.", "Marca", id="en-claims"
        ),
    ],
)
def test_a_signing_a_reporter_claims_stays_the_reporter_s(
    lang: str, text: str, reporter: str
) -> None:
    (official,) = [
        c
        for c in extract_claims(article(text, lang=lang), GAZETTEER)
        if c.kind is ClaimKind.OFFICIAL
    ]
    assert official.source is not None
    assert reporter in official.source.name
    assert official.source.tier > 0


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param("es", "El Arsenal presentó a Kai Brennan en el Emirates.", id="es"),
        pytest.param("en", "Arsenal have completed the signing of Kai Brennan.", id="en"),
    ],
)
def test_a_signing_nobody_is_credited_with_is_the_club_s_word(lang: str, text: str) -> None:
    (official,) = [
        c
        for c in extract_claims(article(text, lang=lang), GAZETTEER)
        if c.kind is ClaimKind.OFFICIAL
    ]
    assert official.source is not None
    assert (official.source.name, official.source.tier) == ("Arsenal", 0)

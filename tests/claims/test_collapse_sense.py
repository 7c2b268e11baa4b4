"""Words that end a deal and many other things (issue 12, the most frequent false event on
unseen streams): "pulled out", "dropped", "collapsed", "rottura", "gescheitert", "cayó", "frena",
"rompeu" state a collapse only with a deal word near them ("pulled out of the race", "la
trattativa si blocca"), never in a match report or an injury ("dropped points", "rottura del
crociato", "rompeu o ligamento", "im Pokal gescheitert"). The unambiguous phrasings need none."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from tests.claims.support import article, small_gazetteer

GAZETTEER = small_gazetteer()

ROWS = [
    # (lang, text, collapse expected)
    pytest.param(
        "en", "Arsenal have pulled out of the race for Kai Brennan.", True, id="en-pulled-out-race"
    ),
    pytest.param(
        "en",
        "Kai Brennan pulled out of the squad with a hamstring injury.",
        False,
        id="en-pulled-out-squad",
    ),
    pytest.param(
        "en", "Arsenal have dropped their interest in Kai Brennan.", True, id="en-dropped-interest"
    ),
    pytest.param(
        "en",
        "Arsenal dropped points again, with Kai Brennan on the bench.",
        False,
        id="en-dropped-points",
    ),
    pytest.param(
        "en",
        "Kai Brennan's move to Arsenal collapsed at the last minute.",
        True,
        id="en-move-collapsed",
    ),
    pytest.param(
        "en",
        "Kai Brennan collapsed on the pitch and was taken to hospital.",
        False,
        id="en-collapsed-on-pitch",
    ),
    pytest.param(
        "en",
        "Talks between Arsenal and Liverpool over Kai Brennan have stalled.",
        True,
        id="en-talks-stalled",
    ),
    pytest.param(
        "es", "La operación de Kai Brennan con el Arsenal se rompe.", True, id="es-se-rompe-kept"
    ),
    pytest.param(
        "es", "El fichaje de Kai Brennan por el Arsenal fracasó.", True, id="es-fichaje-fracaso"
    ),
    pytest.param(
        "es",
        "Kai Brennan sufre una rodilla rota y el Arsenal cayó ante el Betis.",
        False,
        id="es-rodilla-rota",
    ),
    pytest.param(
        "es", "El Getafe frena al Arsenal pese al gol de Kai Brennan.", False, id="es-frena-match"
    ),
    pytest.param(
        "it",
        "La trattativa tra Arsenal e Liverpool per Kai Brennan si blocca.",
        True,
        id="it-trattativa-si-blocca",
    ),
    pytest.param(
        "it",
        "Per Kai Brennan è rottura del crociato: stagione finita.",
        False,
        id="it-rottura-crociato",
    ),
    pytest.param("pt", "O negócio de Kai Brennan com o Arsenal caiu.", True, id="pt-negocio-caiu"),
    pytest.param(
        "pt",
        "Kai Brennan rompeu o ligamento e o Arsenal caiu na Liga dos Campeões.",
        False,
        id="pt-rompeu-ligamento",
    ),
    pytest.param(
        "de",
        "Der Wechsel von Kai Brennan zu Arsenal ist gescheitert.",
        True,
        id="de-wechsel-gescheitert",
    ),
    pytest.param(
        "de", "Mit Kai Brennan ist Dortmund im Pokal gescheitert.", False, id="de-pokal-gescheitert"
    ),
    pytest.param(
        "fr", "Le transfert de Kai Brennan à Arsenal a échoué.", True, id="fr-transfert-echoue"
    ),
    pytest.param(
        "fr", "Kai Brennan et Arsenal ont échoué en finale.", False, id="fr-echoue-en-finale"
    ),
]


@pytest.mark.parametrize(("lang", "text", "collapse"), ROWS)
def test_a_collapse_word_ends_a_deal_only_next_to_one(lang: str, text: str, collapse: bool) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    found = [c for c in claims if c.kind.value == "collapse" and c.player == "Kai Brennan"]
    assert bool(found) is collapse, claims


# "medical" names the medical a signing needs, not the club's medical staff or an injury report.
MEDICAL_ROWS = [
    pytest.param("en", "Kai Brennan is undergoing a medical at Arsenal.", True, id="en-undergoing"),
    pytest.param(
        "en", "Kai Brennan will have his medical at Arsenal on Thursday.", True, id="en-his-medical"
    ),
    pytest.param(
        "en",
        "Arsenal's medical staff have concerns about Kai Brennan's knee.",
        False,
        id="en-medical-staff",
    ),
    pytest.param(
        "en",
        "Liverpool's medical department cleared Kai Brennan to play.",
        False,
        id="en-medical-department",
    ),
    pytest.param(
        "es", "Kai Brennan pasará el reconocimiento con el Arsenal el jueves.", True, id="es-pasara"
    ),
    pytest.param(
        "es",
        "El Liverpool rindió un reconocimiento a Kai Brennan por su carrera.",
        False,
        id="es-homenaje",
    ),
]


@pytest.mark.parametrize(("lang", "text", "medical"), MEDICAL_ROWS)
def test_medical_is_the_signing_s_not_the_staff_s(lang: str, text: str, medical: bool) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    assert any(c.kind.value == "medical" for c in claims) is medical, claims


# A meeting word is talks about a deal only with a deal word or a club other than his own in its
# clause; a fixture ("treffen auf", "incontra il Napoli") or a meeting with his coach is none.
MEETING_ROWS = [
    pytest.param(
        "en",
        "Arsenal have held a meeting with Liverpool over Kai Brennan.",
        True,
        id="en-meeting-clubs",
    ),
    pytest.param(
        "en",
        "Kai Brennan scored in the last meeting between the sides.",
        False,
        id="en-last-meeting-between-sides",
    ),
    pytest.param(
        "de",
        "Arsenal und Liverpool treffen sich wegen Kai Brennan.",
        True,
        id="de-treffen-sich-clubs",
    ),
    pytest.param(
        "de",
        "Kai Brennan will am Samstag treffen, wenn es gegen Köln geht.",
        False,
        id="de-treffen-score",
    ),
    pytest.param(
        "it", "Incontro tra Arsenal e Liverpool per Kai Brennan.", True, id="it-incontro-clubs"
    ),
    pytest.param(
        "it",
        "Kai Brennan salta l'incontro di sabato per squalifica.",
        False,
        id="it-incontro-match",
    ),
    pytest.param(
        "es",
        "Reunión entre el Arsenal y el Liverpool por Kai Brennan.",
        True,
        id="es-reunion-clubs",
    ),
    pytest.param(
        "es",
        "Kai Brennan habló con su entrenador en una reunión sobre su papel.",
        False,
        id="es-reunion-coach",
    ),
]


@pytest.mark.parametrize(("lang", "text", "talks"), MEETING_ROWS)
def test_a_meeting_is_talks_only_about_a_deal(lang: str, text: str, talks: bool) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    found = [c for c in claims if c.kind.value == "talks" and c.player == "Kai Brennan"]
    assert bool(found) is talks, claims


# "approach" and "agreement" in their other senses: a team's approach to the game, the approach
# of the deadline, a sponsorship or commercial agreement.
OTHER_SENSES = [
    pytest.param(
        "en",
        "Kai Brennan praised Arsenal's approach to the game.",
        "approach",
        False,
        id="en-approach-to-the-game",
    ),
    pytest.param(
        "en", "Arsenal made an approach for Kai Brennan.", "approach", True, id="en-an-approach-for"
    ),
    pytest.param(
        "en",
        "Arsenal signed a sponsorship agreement before Kai Brennan's debut.",
        "agreement",
        False,
        id="en-sponsorship",
    ),
    pytest.param(
        "en",
        "Arsenal and Liverpool reached an agreement for Kai Brennan.",
        "agreement",
        True,
        id="en-agreement-for",
    ),
    pytest.param(
        "es",
        "El Arsenal firmó un acuerdo de patrocinio antes del debut de Kai Brennan.",
        "agreement",
        False,
        id="es-acuerdo-de-patrocinio",
    ),
    pytest.param(
        "es",
        "El Arsenal y el Liverpool han llegado a un acuerdo por Kai Brennan.",
        "agreement",
        True,
        id="es-acuerdo-por",
    ),
    pytest.param(
        "pt",
        "O Arsenal fechou um acordo comercial antes da estreia de Kai Brennan.",
        "agreement",
        False,
        id="pt-acordo-comercial",
    ),
]


@pytest.mark.parametrize(("lang", "text", "kind", "found"), OTHER_SENSES)
def test_stage_words_in_their_other_senses(lang: str, text: str, kind: str, found: bool) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    assert any(c.kind.value == kind for c in claims) is found, claims

"""An official word on a deal agreed only in principle (issue 12): "City confirm agreement in
principle", "Offiziell: … grundsätzliche Einigung", "accordo di massima" are provisional; the
signing that follows ("X completes his move") is news although an official was already
reported. Our own sentences in several languages, rows where the official is firm, and the
judge's side of it. A pluperfect far from its participle in German ("hatte der Klub den Wechsel
… im Sommer offiziell gemacht") is backstory, as it is in English ("had announced")."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.claims import extract_claims
from bot.model import ClaimKind, EventKind
from bot.novelty import judge
from bot.summaries import headline
from tests.claims.support import article, small_gazetteer
from tests.test_novelty import CLUB, NOW, claim, history_of

GAZETTEER = small_gazetteer()
DAY = timedelta(days=1)


def _officials(title: str, text: str, lang: str) -> list[bool]:
    claims = extract_claims(article(text, lang=lang, title=title), GAZETTEER)
    return [c.provisional for c in claims if c.kind is ClaimKind.OFFICIAL]


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        pytest.param(
            "en",
            "Official: Arsenal agree Kai Brennan deal",
            "Arsenal have reached an agreement in principle with Liverpool for Kai Brennan.",
            id="en-in-principle",
        ),
        pytest.param(
            "de",
            "Offiziell: Arsenal einigt sich mit Dortmund auf Kai Brennan",
            "Die grundsätzliche Einigung steht, es fehlt nur noch der Medizincheck.",
            id="de-grundsaetzlich",
        ),
        pytest.param(
            "it",
            "Ufficiale: l'Arsenal annuncia l'accordo di massima per Kai Brennan",
            "Resta da definire l'intesa con il giocatore.",
            id="it-di-massima",
        ),
    ],
)
def test_an_official_word_on_a_deal_agreed_in_principle_is_provisional(
    lang: str, title: str, text: str
) -> None:
    officials = _officials(title, text, lang)
    assert officials
    assert all(officials)


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        pytest.param(
            "en",
            "Kai Brennan completes his move to Arsenal",
            "Kai Brennan has officially joined Arsenal on a five-year contract.",
            id="en-completed",
        ),
        pytest.param(
            "es",
            "Oficial: Kai Brennan, nuevo jugador del Arsenal",
            "El Arsenal anunció este lunes el fichaje de Kai Brennan hasta 2030.",
            id="es-fichaje",
        ),
    ],
)
def test_a_signing_is_a_firm_official(lang: str, title: str, text: str) -> None:
    officials = _officials(title, text, lang)
    assert officials
    assert not any(officials)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "de",
            "Schon am Dienstag hatte Liverpool den Wechsel des Verteidigers Kai Brennan zu "
            "Arsenal im Sommer offiziell gemacht.",
            id="de-participle-far",
        ),
        pytest.param("en", "Kai Brennan had signed for Arsenal back in May.", id="en-had"),
    ],
)
def test_a_signing_told_as_backstory_is_no_claim(lang: str, text: str) -> None:
    title = "Kai Brennan scores on his farewell" if lang == "en" else "Brennan verabschiedet sich"
    assert _officials(title, text, lang) == []


def test_the_signing_after_an_agreement_announced_in_principle_is_news() -> None:
    provisional = claim(ClaimKind.OFFICIAL, source=CLUB, provisional=True)
    signed = claim(ClaimKind.OFFICIAL, source=CLUB)
    history = history_of((claim(ClaimKind.AGREEMENT), NOW - 9 * DAY), (provisional, NOW - 8 * DAY))
    event = judge(signed, history, NOW)
    assert event is not None and event.kind is EventKind.STAGE
    # the agreement in principle announced again is no news, nor the signing reported twice
    assert judge(provisional, history, NOW) is None
    assert judge(signed, history_of((signed, NOW - DAY)), NOW) is None


def test_an_agreement_announced_in_principle_is_a_stage_the_first_time() -> None:
    provisional = claim(ClaimKind.OFFICIAL, source=CLUB, provisional=True)
    event = judge(provisional, history_of((claim(ClaimKind.AGREEMENT), NOW - DAY)), NOW)
    assert event is not None and event.kind is EventKind.STAGE


def test_the_alert_says_in_principle() -> None:
    provisional = claim(ClaimKind.OFFICIAL, source=CLUB, provisional=True)
    assert "in principle" in headline(provisional)
    assert "in principle" not in headline(claim(ClaimKind.OFFICIAL, source=CLUB))

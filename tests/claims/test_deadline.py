"""A deadline or an ultimatum set in a deal (issue 12: a recurring fact the labels called
``other``): "give Leipzig a deadline", "want an answer by Friday", "given him until Tuesday to
decide", "le dan un plazo", "setzt eine Frist", "fissa un ultimatum", "deu um prazo". The
transfer window's own deadline ("deadline day", "before the deadline") is none. Context once per
saga: the second report of the same deadline is a rehash."""

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

SET = [
    pytest.param(
        "en", "Arsenal have given Liverpool a deadline for Kai Brennan.", id="en-given-a-deadline"
    ),
    pytest.param("en", "Arsenal want an answer by Friday on Kai Brennan.", id="en-answer-by"),
    pytest.param(
        "en",
        "Arsenal have given Kai Brennan until the end of Tuesday to decide.",
        id="en-until-tuesday-to-decide",
    ),
    pytest.param("es", "El Arsenal le da un plazo al Liverpool por Kai Brennan.", id="es-plazo"),
    pytest.param(
        "es",
        "El Arsenal le da hasta el viernes para decidir a Kai Brennan.",
        id="es-hasta-el-viernes",
    ),
    pytest.param(
        "de", "Arsenal setzt Liverpool eine Frist bis Freitag für Kai Brennan.", id="de-frist"
    ),
    pytest.param(
        "it", "L'Arsenal fissa un ultimatum al Liverpool per Kai Brennan.", id="it-ultimatum"
    ),
    pytest.param(
        "fr", "Arsenal a fixé un ultimatum à Liverpool pour Kai Brennan.", id="fr-ultimatum"
    ),
    pytest.param("pt", "O Arsenal deu um prazo ao Liverpool por Kai Brennan.", id="pt-prazo"),
]


@pytest.mark.parametrize(("lang", "text"), SET)
def test_a_deadline_set_in_the_deal(lang: str, text: str) -> None:
    kinds = {c.kind for c in extract_claims(article(text, lang=lang), GAZETTEER)}
    assert ClaimKind.DEADLINE in kinds


THE_WINDOW_S = [
    pytest.param(
        "en", "Arsenal could sign Kai Brennan before the deadline.", id="en-before-the-deadline"
    ),
    pytest.param("en", "Kai Brennan could move on deadline day.", id="en-deadline-day"),
    pytest.param(
        "fr",
        "Kai Brennan pourrait signer à Arsenal avant la date limite des transferts.",
        id="fr-date-limite-des-transferts",
    ),
    pytest.param(
        "es",
        "Kai Brennan podría fichar por el Arsenal antes del cierre del mercado.",
        id="es-cierre-del-mercado",
    ),
]


@pytest.mark.parametrize(("lang", "text"), THE_WINDOW_S)
def test_the_window_s_own_deadline_is_no_deadline_set(lang: str, text: str) -> None:
    kinds = {c.kind for c in extract_claims(article(text, lang=lang), GAZETTEER)}
    assert ClaimKind.DEADLINE not in kinds


def test_a_deadline_is_context_once() -> None:
    deadline = claim(ClaimKind.DEADLINE, buyer="Real Madrid", seller="Liverpool")
    before = history_of((claim(ClaimKind.BID), NOW - timedelta(days=2)))
    first = judge(deadline, before, NOW)
    assert first is not None and first.kind is EventKind.CONTEXT
    again = history_of(
        (claim(ClaimKind.BID), NOW - timedelta(days=2)), (deadline, NOW - timedelta(days=1))
    )
    assert judge(deadline, again, NOW) is None
    assert headline(deadline) == "Real Madrid set a deadline over Trent Alexander-Arnold"

"""A club signing the followed player's replacement (issue 12, class "a followed player named as
background"): a stage cue next to a replacement noun ("successor", "Nachfolger", "sustituto",
"remplaçant", "sostituto") in a clause that does not name him is the replacement's signing, not
his; when he is named in that clause he is the one signed ("als Nachfolger von Saka")."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from tests.claims.support import article, small_gazetteer

GAZETTEER = small_gazetteer()
STAGES = {"official", "agreement", "bid", "personal_terms", "medical", "talks", "approach"}

NOT_HIS = [
    pytest.param(
        "de",
        "Kai Brennan geht. Der BVB hat schon einen Nachfolger verpflichtet.",
        id="de-nachfolger",
    ),
    pytest.param(
        "en",
        "Kai Brennan is leaving Liverpool. Liverpool have already agreed a deal for his "
        "replacement.",
        id="en-his-replacement",
    ),
    pytest.param(
        "fr",
        "Kai Brennan quitte Liverpool. Liverpool a déjà officialisé son remplaçant.",
        id="fr-remplacant",
    ),
    pytest.param(
        "it",
        "Kai Brennan lascia il Liverpool. Il Liverpool ha già ufficializzato il suo sostituto.",
        id="it-sostituto",
    ),
]


@pytest.mark.parametrize(("lang", "text"), NOT_HIS)
def test_his_replacement_s_signing_is_not_his(lang: str, text: str) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    assert not {c.kind.value for c in claims} & STAGES, claims


HIS = [
    pytest.param(
        "de",
        "Arsenal hat Kai Brennan als Nachfolger von Saka verpflichtet.",
        "official",
        id="de-als-nachfolger",
    ),
    pytest.param(
        "es",
        "El Arsenal ha fichado por Kai Brennan como sustituto de Saka.",
        "official",
        id="es-como-sustituto",
    ),
    pytest.param(
        "en",
        "Arsenal have completed the signing of Kai Brennan to replace Saka.",
        "official",
        id="en-to-replace",
    ),
]


@pytest.mark.parametrize(("lang", "text", "kind"), HIS)
def test_signed_as_someone_s_replacement_is_his_own_signing(
    lang: str, text: str, kind: str
) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    assert kind in {c.kind.value for c in claims}, claims

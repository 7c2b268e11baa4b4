"""Stages read together (official, agreement on record, denials, pending), the past, references,
bid outcomes.

Sentences are our own, in the style of real reports, in several languages.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.claims import extract_claims
from bot.model import Article, Claim, ClaimKind
from tests.claims.support import article, small_gazetteer

K = ClaimKind
BRENNAN = "Kai Brennan"


def _claims(text: str, lang: str = "en") -> list[Claim]:
    return [
        c
        for c in extract_claims(article(text, lang=lang), small_gazetteer())
        if c.player == BRENNAN
    ]


def _kinds(text: str, lang: str = "en") -> set[ClaimKind]:
    return {c.kind for c in _claims(text, lang)}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "en", "Arsenal complete the £40m signing of Kai Brennan.", id="en-complete-signing"
        ),
        pytest.param("en", "Kai Brennan has joined Arsenal.", id="en-has-joined"),
        pytest.param(
            "en", "Arsenal announced the signing of Kai Brennan.", id="en-announced-signing"
        ),
        pytest.param(
            "en",
            "Kai Brennan has signed a five-year contract with Arsenal.",
            id="en-signed-contract",
        ),
        pytest.param(
            "es", "Oficial: Kai Brennan, nuevo jugador del Arsenal.", id="es-nuevo-jugador"
        ),
        pytest.param(
            "it", "Ufficiale: Kai Brennan è un nuovo giocatore dell'Arsenal.", id="it-ufficiale"
        ),
        pytest.param("de", "Offiziell: Arsenal hat Kai Brennan verpflichtet.", id="de-offiziell"),
        pytest.param("fr", "C'est officiel : Kai Brennan a signé à Arsenal.", id="fr-officiel"),
    ],
)
def test_official_forms(lang: str, text: str) -> None:
    assert K.OFFICIAL in _kinds(text, lang), _claims(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # an offer called official is still an offer
        pytest.param(
            "en",
            "Arsenal have sent Kai Brennan an official contract offer.",
            id="en-official-offer",
        ),
        # the presentation is still to come
        pytest.param("en", "Kai Brennan will be unveiled by Arsenal on Friday.", id="en-future"),
        pytest.param(
            "it",
            "Kai Brennan farà le visite mediche e sarà presentato dall'Arsenal.",
            id="it-future",
        ),
        # "nothing signed yet" is neither official nor a denial
        pytest.param(
            "de",
            "Arsenal und Kai Brennan sind sich offenbar einig, "
            "auch wenn noch nichts unterschrieben ist.",
            id="de-nothing-signed",
        ),
    ],
)
def test_not_official(lang: str, text: str) -> None:
    kinds = _kinds(text, lang)
    assert K.OFFICIAL not in kinds and K.DENIAL not in kinds, kinds


def test_club_confirming_an_agreement_is_the_agreement_on_record() -> None:
    claims = _claims("Arsenal confirmed the agreement with Leipzig for Kai Brennan.")
    assert {c.kind for c in claims} == {K.AGREEMENT}
    assert claims[0].source is not None and claims[0].source.tier == 0


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "en",
            "Dortmund announced an agreement with Arsenal for the sale of Kai Brennan.",
            id="en-sale",
        ),
        pytest.param(
            "de",
            "Dortmund hat den Verkauf von Kai Brennan an Arsenal bekanntgegeben.",
            id="de-verkauf",
        ),
    ],
)
def test_selling_club_announcing_is_the_agreement(lang: str, text: str) -> None:
    claims = _claims(text, lang)
    deals = [c for c in claims if c.kind is K.AGREEMENT]
    assert deals and K.OFFICIAL not in {c.kind for c in claims}, claims
    assert (deals[0].buyer, deals[0].seller) == ("Arsenal", "Borussia Dortmund")
    assert deals[0].source is not None and deals[0].source.tier == 0


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param("en", "Dortmund had signed Kai Brennan from Leipzig for €25m.", id="en-had"),
        pytest.param(
            "en", "Kai Brennan joined Dortmund from Leipzig for €25m in 2019.", id="en-year"
        ),
        pytest.param(
            "en",
            "He is only the third player Arsenal have bought for over €100m, after Kai Brennan.",
            id="en-comparison",
        ),
        pytest.param("es", "El Dortmund había fichado a Kai Brennan por 25 millones.", id="es"),
        pytest.param("it", "Il Dortmund aveva acquistato Kai Brennan per 25 milioni.", id="it"),
        pytest.param(
            "de", "Dortmund hatte Kai Brennan für 25 Millionen Euro verpflichtet.", id="de"
        ),
        pytest.param("pt", "O Dortmund tinha contratado Kai Brennan por 25 milhões.", id="pt"),
        pytest.param("fr", "Dortmund avait recruté Kai Brennan pour 25 millions.", id="fr"),
    ],
)
def test_the_past_states_no_claim(lang: str, text: str) -> None:
    assert _claims(text, lang) == []


def test_year_of_publication_is_not_the_past() -> None:
    text = "Arsenal have made an offer of €40m for Kai Brennan for the summer of 2025."
    assert K.BID in _kinds(text)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param("en", "Dortmund want Luca Moretti to succeed Kai Brennan.", id="en-succeed"),
        pytest.param(
            "fr",
            "Dortmund prépare l'après-Kai Brennan et a coché le nom de Luca Moretti, "
            "qui a une clause de 45 M€.",
            id="fr-apres",
        ),
        pytest.param(
            "de",
            "Leipzig hat einen Nachfolger für Kai Brennan gefunden: "
            "Luca Moretti kommt für 30 Millionen.",
            id="de-nachfolger",
        ),
        pytest.param(
            "en",
            "Luca Moretti is set to fill the Kai Brennan gap at Leipzig for €30m.",
            id="en-gap",
        ),
    ],
)
def test_a_reference_is_not_the_subject(lang: str, text: str) -> None:
    assert _claims(text, lang) == []


@pytest.mark.parametrize(
    ("lang", "text", "kind"),
    [
        pytest.param(
            "en",
            "Arsenal's €50m bid for Kai Brennan falls short of what Leipzig want.",
            K.BID_REJECTED,
            id="en-falls-short",
        ),
        pytest.param(
            "en",
            "Leipzig judged Arsenal's offer for Kai Brennan too low.",
            K.BID_REJECTED,
            id="en-too-low",
        ),
        pytest.param(
            "es",
            "El Leipzig rechaza la oferta del Arsenal por Kai Brennan.",
            K.BID_REJECTED,
            id="es",
        ),
        pytest.param(
            "de",
            "Leipzig hat das Angebot von Arsenal für Kai Brennan abgelehnt.",
            K.BID_REJECTED,
            id="de",
        ),
        pytest.param(
            "en",
            "Leipzig have accepted Arsenal's offer for Kai Brennan.",
            K.AGREEMENT,
            id="en-accepted",
        ),
    ],
)
def test_bid_outcomes(lang: str, text: str, kind: ClaimKind) -> None:
    claims = _claims(text, lang)
    assert kind in {c.kind for c in claims}, claims
    assert K.BID not in {c.kind for c in claims}


def test_accepted_offer_names_its_bidder_as_buyer() -> None:
    text = (
        "Arsenal's offer for Kai Brennan has been accepted by Leipzig, "
        "but he would rather join Liverpool."
    )
    deals = [c for c in _claims(text) if c.kind is K.AGREEMENT]
    assert [(c.buyer, c.hedged) for c in deals] == [("Arsenal", False)]


def test_second_bid_after_a_rejection_is_a_bid_with_its_fee() -> None:
    text = (
        "After their first offer was rejected, Arsenal have tabled a second bid for Kai Brennan: "
        "€60m up front."
    )
    bids = [c for c in _claims(text) if c.kind is K.BID and c.fee is not None]
    assert [(c.buyer, c.fee.eur_min if c.fee else None) for c in bids] == [("Arsenal", 60e6)]


def test_a_bid_not_made_yet_is_no_claim() -> None:
    text = "Liverpool remain in the picture for Kai Brennan without having made a bid yet."
    assert K.BID not in _kinds(text)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param("en", "Leipzig deny any agreement with Arsenal over Kai Brennan.", id="en"),
        pytest.param(
            "de", "Leipzig dementiert eine Einigung mit Arsenal über Kai Brennan.", id="de"
        ),
        pytest.param("it", "Il Lipsia smentisce l'accordo con l'Arsenal per Kai Brennan.", id="it"),
    ],
)
def test_a_denial_states_the_stage_it_denies_negative(lang: str, text: str) -> None:
    said = {(c.kind, c.polarity) for c in _claims(text, lang)}
    assert (K.DENIAL, True) in said and (K.AGREEMENT, False) in said, said
    assert (K.AGREEMENT, True) not in said, said


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "en", "Arsenal are close to an agreement with Leipzig for Kai Brennan.", id="en"
        ),
        pytest.param(
            "de",
            "Eine Einigung zwischen Arsenal und Leipzig über Kai Brennan rückt näher.",
            id="de",
        ),
        pytest.param(
            "es", "El Arsenal está cerca de un acuerdo con el Leipzig por Kai Brennan.", id="es"
        ),
    ],
)
def test_a_stage_close_is_talks(lang: str, text: str) -> None:
    kinds = _kinds(text, lang)
    assert K.TALKS in kinds and K.AGREEMENT not in kinds, kinds


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param("de", "Arsenal und Kai Brennan sind sich im Grundsatz einig.", id="de-und"),
        pytest.param("en", "Kai Brennan and Arsenal have reached an agreement.", id="en-and"),
        pytest.param(
            "it",
            "L'Arsenal ha già raggiunto un'intesa verbale con il giocatore Kai Brennan.",
            id="it-con-il-giocatore",
        ),
    ],
)
def test_player_and_club_agreeing_are_personal_terms(lang: str, text: str) -> None:
    kinds = _kinds(text, lang)
    assert K.PERSONAL_TERMS in kinds and K.AGREEMENT not in kinds, kinds


def test_renewal_announced_is_on_record_and_not_a_signing() -> None:
    claims = _claims("Leipzig officially extended Kai Brennan's contract until 2030.")
    kinds = {c.kind for c in claims}
    assert K.RENEWAL in kinds and K.OFFICIAL not in kinds
    renewal = next(c for c in claims if c.kind is K.RENEWAL)
    assert renewal.source is not None and renewal.source.tier == 0


def test_old_year_relative_to_publication() -> None:
    old = Article(
        key="k",
        title="",
        summary="Arsenal made an offer of €40m for Kai Brennan in 2023.",
        lang="en",
        outlet="Fan Blog",
        journalist=None,
        published=datetime(2025, 3, 1, tzinfo=UTC),
    )
    assert extract_claims(old, small_gazetteer()) == []


@pytest.mark.parametrize(
    ("lang", "text", "eur"),
    [
        pytest.param(
            "en", "Leipzig have cut their demand for Kai Brennan from €100m to €70m.", 70e6, id="en"
        ),
        pytest.param(
            "de",
            "Leipzig senkt die Forderung für Kai Brennan von 100 auf 70 Millionen Euro.",
            70e6,
            id="de",
        ),
    ],
)
def test_from_to_keeps_the_new_figure(lang: str, text: str, eur: float) -> None:
    figures = {c.fee.eur_min for c in _claims(text, lang) if c.fee is not None}
    assert figures == {eur}


def test_a_speaker_is_not_the_subject_of_what_he_says() -> None:
    text = (
        "Dortmund offered Kai Brennan a new deal. "
        "Sporting director Lars Becker said that no official offer has arrived from Arsenal."
    )
    said = {(c.kind, c.polarity) for c in _claims(text)}
    assert (K.BID, False) in said and (K.BID, True) not in said, said


def test_interest_in_another_clause_survives_a_stage() -> None:
    text = (
        "Kai Brennan will turn down a new contract, and Liverpool, Real Madrid and Arsenal are all "
        "keen on him."
    )
    buyers = {c.buyer for c in _claims(text) if c.kind is K.INTEREST}
    assert buyers == {"Liverpool", "Real Madrid", "Arsenal"}


def test_talk_of_an_exit_is_not_talks() -> None:
    assert K.TALKS not in _kinds("Talk of a Kai Brennan exit has grown in recent weeks at Arsenal.")


def test_a_renewal_offer_is_no_transfer_bid() -> None:
    kinds = _kinds("Kai Brennan will reject Dortmund's offer of a new contract.")
    # a renewal offered and turned down is the state of his contract, not an extension signed
    assert K.CONTRACT in kinds and not kinds & {K.BID, K.BID_REJECTED, K.RENEWAL}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "en",
            "Liverpool will not sell Kai Brennan mid-season even if he does not renew.",
            id="en-even-if",
        ),
        pytest.param(
            "de", "Dortmund gibt Kai Brennan nicht ab, selbst wenn er nicht verlängert.", id="de"
        ),
    ],
)
def test_a_condition_is_no_renewal_claim(lang: str, text: str) -> None:
    assert K.RENEWAL not in _kinds(text, lang)


def test_an_approach_not_a_bid_states_no_bid() -> None:
    text = "Real Madrid made a club-to-club approach for Kai Brennan, not a formal bid."
    kinds = _kinds(text)
    assert K.APPROACH in kinds and K.BID not in kinds

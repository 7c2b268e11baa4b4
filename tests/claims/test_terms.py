"""Personal terms, suitor lists and sentences that go on about the player without naming him.

Rules (each with rows where it must fire and rows where it must not):

* a contract offer or proposal sent to the player is his personal terms, not a club's bid;
  a club's own offer of a new contract is a renewal and makes that club his;
* "has signed for five years", "settled every detail of his contract" state personal terms;
* the nearer word decides what a figure is when a sentence names a clause and a salary;
* a sentence naming no player goes on about the previous sentence's when it names a club and
  states a figure or a transfer cue (interest included: "joined City and Chelsea in the race");
* a comparison ("…, more than the £80m United paid for Maguire") and a participle clause
  ("…, becoming City's second signing after Kovačić") are clauses of their own;
* one article crediting the same fact to two named sources keeps both claims.

Sentences are our own; the player is fictional and the clubs come from the default gazetteer.
"""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from bot.claims.lexicon.cues import cues_for
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.claims.lexicon.sentences import fold
from bot.model import Claim, ClaimKind, FeeKind, Player
from bot.names import derive_aliases
from tests.claims.support import article

K = ClaimKind
BRENNAN = "Kai Brennan"
CLUB_KINDS = ("club", "nickname")


def _gazetteer() -> Gazetteer:
    player = Player(id=1, name=BRENNAN, aliases=derive_aliases(BRENNAN), followed=True)
    return Gazetteer.default().with_players([player])


GAZETTEER = _gazetteer()


def _claims(text: str, lang: str = "en") -> list[Claim]:
    return [c for c in extract_claims(article(text, lang=lang), GAZETTEER) if c.player == BRENNAN]


def _kinds(text: str, lang: str = "en") -> set[ClaimKind]:
    return {c.kind for c in _claims(text, lang)}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "en",
            "Chelsea have sent Kai Brennan a formal contract offer as they wait on Brighton.",
            id="en-contract-offer",
        ),
        pytest.param(
            "en",
            "Arsenal have put a contract proposal in front of Kai Brennan.",
            id="en-contract-proposal",
        ),
        pytest.param(
            "es",
            "El Sevilla ya envió una oferta de contrato a Kai Brennan.",
            id="es-oferta-de-contrato",
        ),
        pytest.param(
            "it",
            "La Juventus ha presentato a Kai Brennan una proposta di contratto.",
            id="it-proposta-di-contratto",
        ),
        pytest.param(
            "de",
            "Der VfB Stuttgart hat Kai Brennan ein Vertragsangebot geschickt.",
            id="de-vertragsangebot",
        ),
        pytest.param(
            "pt",
            "O Benfica enviou uma proposta de contrato a Kai Brennan.",
            id="pt-proposta-de-contrato",
        ),
        pytest.param(
            "fr",
            "Lille a transmis une offre de contrat à Kai Brennan.",
            id="fr-offre-de-contrat",
        ),
    ],
)
def test_contract_offer_to_the_player_is_personal_terms(lang: str, text: str) -> None:
    kinds = _kinds(text, lang)
    assert K.PERSONAL_TERMS in kinds
    assert K.BID not in kinds


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Chelsea have made a formal offer for Kai Brennan.", id="club-bid"),
        pytest.param("Arsenal tabled a proposal worth €40m for Kai Brennan.", id="proposal-fee"),
    ],
)
def test_an_offer_for_the_player_is_still_a_bid(text: str) -> None:
    kinds = _kinds(text)
    assert kinds & {K.BID}
    assert K.PERSONAL_TERMS not in kinds


def test_own_clubs_offer_of_a_new_contract_is_a_renewal_and_names_his_club() -> None:
    claims = _claims(
        "Kai Brennan is expected to turn down Brentford's offer of a new contract, "
        "with Tottenham and Aston Villa keen on the midfielder."
    )
    kinds = {c.kind for c in claims}
    assert K.PERSONAL_TERMS not in kinds
    assert K.BID not in kinds
    interest = [c for c in claims if c.kind is K.INTEREST]
    assert {c.buyer for c in interest} == {"Tottenham Hotspur", "Aston Villa"}
    assert {c.seller for c in interest} == {"Brentford"}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Everton have completed the signing of Kai Brennan. "
            "He did his medical on Friday and has signed for five years.",
            id="signed-for-five-years",
        ),
        pytest.param(
            "Kai Brennan has settled every detail of his contract with Real Betis, "
            "with the fee still to be agreed between the clubs.",
            id="settled-every-detail",
        ),
    ],
)
def test_contract_length_and_details_are_personal_terms(text: str) -> None:
    assert K.PERSONAL_TERMS in _kinds(text)


def test_a_sentence_of_personal_terms_naming_nobody_goes_on_about_him() -> None:
    kinds = _kinds(
        "Fulham have announced the signing of Kai Brennan from Brentford. "
        "He will wear the No 8 shirt and has agreed personal terms until 2030."
    )
    assert K.PERSONAL_TERMS in kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param(
            "Kai Brennan will sign until 2030 with a €1bn clause and a salary of £200,000 a week.",
            FeeKind.WAGES,
            id="wage-after-clause",
        ),
        pytest.param(
            "Kai Brennan earns a salary of £200,000 a week and his contract has a €60m "
            "release clause.",
            FeeKind.CLAUSE,
            id="clause-after-wage",
        ),
    ],
)
def test_the_nearer_word_decides_what_a_figure_is(text: str, kind: FeeKind) -> None:
    last = [c for c in _claims(text) if c.fee is not None][-1]
    assert last.fee is not None
    assert last.fee.kind is kind


def test_a_club_and_a_figure_carry_the_player_on() -> None:
    claims = _claims(
        "Talks between Newcastle United and Brentford over Kai Brennan have gathered pace. "
        "Brentford are asking around £60m plus bonuses."
    )
    fees = [c for c in claims if c.kind is K.FEE]
    assert [c.fee.eur_mid > 60e6 for c in fees if c.fee] == [True]


def test_a_comparison_with_another_players_fee_is_its_own_clause() -> None:
    claims = _claims(
        "Talks between Newcastle United and Brentford over Kai Brennan have gathered pace. "
        "Brentford are asking around £60m, more than the £50m Chelsea paid for Marc Cucurella."
    )
    figures = sorted(round(c.fee.eur_mid / 1e6) for c in claims if c.fee is not None)
    assert len(figures) == 1
    assert figures[0] > 65  # £60m, not the £50m of another player's transfer


def test_a_participle_clause_about_another_player_does_not_take_the_claim() -> None:
    claims = _claims(
        "Fulham have completed the deal for Brentford's Kai Brennan. The 24-year-old did "
        "his medical on Friday, becoming Fulham's second arrival of the summer after "
        "Emile Smith Rowe."
    )
    assert K.MEDICAL in {c.kind for c in claims}


@pytest.mark.parametrize(
    ("text", "suitors"),
    [
        pytest.param(
            "Brentford's Kai Brennan is wanted by several clubs. According to the Telegraph, "
            "Tottenham have now joined Arsenal, Chelsea and Newcastle United in the race.",
            {"Tottenham Hotspur", "Arsenal", "Chelsea", "Newcastle United"},
            id="joined-the-race",
        ),
        pytest.param(
            "Brentford's Kai Brennan has a €50m release clause. AC Milan and Everton are "
            "named as other clubs ready to pay that sum.",
            {"AC Milan", "Everton"},
            id="other-clubs-ready-to-pay",
        ),
    ],
)
def test_a_list_of_suitors_is_interest_from_each(text: str, suitors: set[str]) -> None:
    interest = [c for c in _claims(text) if c.kind is K.INTEREST]
    assert {c.buyer for c in interest} >= suitors
    assert all(c.seller == "Brentford" for c in interest if c.buyer in suitors)


def test_a_sentence_of_common_words_naming_no_club_does_not_carry_him() -> None:
    claims = _claims(
        "Kai Brennan scored twice for Brentford on Saturday. Both sides remain favourites "
        "for the title, the coach said."
    )
    assert not [c for c in claims if c.kind is K.INTEREST]


def test_two_named_sources_for_one_fact_are_both_kept() -> None:
    claims = _claims(
        "The Athletic reports Kai Brennan has agreed to join Newcastle United from Brentford. "
        "Sky Sports also say he has agreed to join Newcastle United."
    )
    sources = {c.source.name for c in claims if c.kind is K.AGREEMENT and c.source}
    assert len(sources) == 2


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "en",
            "Chelsea have sent Kai Brennan an official contract offer.",
            id="en-official-contract-offer",
        ),
        pytest.param("en", "Chelsea have made an official offer for Kai Brennan.", id="en-bid"),
        pytest.param(
            "es", "El Sevilla presentó una oferta oficial por Kai Brennan.", id="es-oferta-oficial"
        ),
        pytest.param(
            "fr", "Lille a fait une offre officielle pour Kai Brennan.", id="fr-offre-officielle"
        ),
        pytest.param(
            "pt", "O Benfica fez uma proposta oficial por Kai Brennan.", id="pt-proposta-oficial"
        ),
    ],
)
def test_an_official_offer_is_not_the_club_on_the_record(lang: str, text: str) -> None:
    claims = _claims(text, lang)
    assert claims
    assert all(c.source is None or c.source.tier != 0 for c in claims)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "en", "Sky say Kai Brennan's move to Fulham is as good as done.", id="en-as-good-as"
        ),
        pytest.param(
            "de",
            "Der Kicker hält den Wechsel von Kai Brennan zum VfB Stuttgart für praktisch erledigt.",
            id="de-praktisch-erledigt",
        ),
        pytest.param(
            "es",
            "El fichaje de Kai Brennan por el Sevilla está prácticamente cerrado.",
            id="es-practicamente-cerrado",
        ),
        pytest.param(
            "it",
            "Il trasferimento di Kai Brennan alla Juventus è praticamente fatto.",
            id="it-praticamente-fatto",
        ),
        pytest.param(
            "pt",
            "A transferência de Kai Brennan para o Benfica está praticamente fechada.",
            id="pt-praticamente-fechada",
        ),
        pytest.param(
            "fr",
            "Le transfert de Kai Brennan à Lille est quasiment bouclé.",
            id="fr-quasiment-boucle",
        ),
    ],
)
def test_a_deal_practically_done_is_an_agreement(lang: str, text: str) -> None:
    assert K.AGREEMENT in _kinds(text, lang)


def test_practically_no_chance_is_no_agreement() -> None:
    assert K.AGREEMENT not in _kinds("Kai Brennan has practically no chance of leaving Fulham.")


def test_the_club_whose_offer_it_is_is_the_buyer() -> None:
    claims = _claims(
        "Brentford judged Newcastle United's opening offer for Kai Brennan too low, "
        "The Athletic reports."
    )
    bids = [c for c in claims if c.kind in (K.BID, K.BID_REJECTED)]
    assert bids
    assert {c.buyer for c in bids} == {"Newcastle United"}
    assert {c.seller for c in bids} == {"Brentford"}


def test_a_sentence_opening_on_him_is_about_him_before_others_named_later() -> None:
    claims = _claims(
        "Newcastle United contacted Brentford about Kai Brennan. "
        "He is Newcastle's top target ahead of Marc Cucurella."
    )
    assert K.INTEREST in {c.kind for c in claims}


def test_a_pronoun_after_another_person_is_that_persons() -> None:
    claims = _claims(
        "Newcastle United contacted Brentford about Kai Brennan. "
        "Eddie Howe said he wants Marc Cucurella as his top target."
    )
    assert K.INTEREST not in {c.kind for c in claims}


@pytest.mark.parametrize(
    ("lang", "text", "clubs"),
    [
        pytest.param(
            "de", "Newcastles zweites Angebot für Kai Brennan", {"Newcastle United"}, id="de-gen"
        ),
        pytest.param(
            "de", "Leipzigs Sportchef über Kai Brennan", {"RB Leipzig"}, id="de-gen-nickname"
        ),
        pytest.param("en", "Villas-Boas on Kai Brennan", set(), id="en-no-suffix"),
        pytest.param("de", "Ein Bericht des Kicker zu Kai Brennan", set(), id="de-short-word"),
    ],
)
def test_a_clubs_name_with_the_languages_ending(lang: str, text: str, clubs: set[str]) -> None:
    folded = fold(text)
    suffixes = cues_for(lang).name_suffixes
    found = {m.name for m in GAZETTEER.scan(folded, suffixes) if m.entity.kind in CLUB_KINDS}
    assert found == clubs


@pytest.mark.parametrize(
    ("lang", "text", "seller"),
    [
        pytest.param(
            "en",
            "Newcastle United have made a first offer for Kai Brennan. "
            "Brentford reportedly want €60m plus bonuses.",
            "Brentford",
            id="en-wants-a-figure",
        ),
        pytest.param(
            "en",
            "Newcastle United made Brentford an offer for Kai Brennan.",
            "Brentford",
            id="en-made-club-an-offer",
        ),
        pytest.param(
            "en",
            "Arsenal made an approach for Kai Brennan. "
            "Brentford announced that Kai Brennan has extended his contract.",
            "Brentford",
            id="en-announced-extension",
        ),
        pytest.param(
            "fr",
            "Manchester United a pris des contacts informels avec Brentford pour Kai Brennan.",
            "Brentford",
            id="fr-contacts-avec",
        ),
        pytest.param(
            "en",
            "Liverpool made Dortmund an offer for Kai Brennan.",
            "Borussia Dortmund",
            id="en-dortmund-alone",
        ),
    ],
)
def test_the_selling_club_from_what_it_does(lang: str, text: str, seller: str) -> None:
    claims = [c for c in _claims(text, lang) if c.kind is not K.RENEWAL]
    assert claims
    assert {c.seller for c in claims} == {seller}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param(
            "Brentford have been discussing a new deal with Kai Brennan for months.",
            K.CONTRACT,
            id="renewal-talks",
        ),
        pytest.param(
            "Kai Brennan will reject Brentford's offer of a new contract.",
            K.CONTRACT,
            id="renewal-offer-rejected",
        ),
        pytest.param(
            "Kai Brennan has signed a new contract at Brentford until 2029.",
            K.RENEWAL,
            id="renewal-signed",
        ),
        pytest.param(
            "Brentford officially extended Kai Brennan's contract by a year.",
            K.RENEWAL,
            id="renewal-official",
        ),
    ],
)
def test_a_renewal_talked_about_is_his_contract_one_signed_is_a_renewal(
    text: str, kind: ClaimKind
) -> None:
    kinds = _kinds(text)
    assert kind in kinds
    assert ({K.CONTRACT, K.RENEWAL} - {kind}).isdisjoint(kinds)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param(
            "Brentford's Kai Brennan is wanted by Chelsea. Brentford were willing to make him "
            "their best-paid player on €9m a year.",
            K.CONTRACT,
            id="own-club-wages",
        ),
        pytest.param(
            "Brentford's Kai Brennan is wanted by Chelsea, who would pay him €12m a year.",
            K.PERSONAL_TERMS,
            id="buyer-wages",
        ),
    ],
)
def test_wages_his_club_offers_are_his_contract(text: str, kind: ClaimKind) -> None:
    waged = [c for c in _claims(text) if c.fee is not None and c.fee.kind is FeeKind.WAGES]
    assert [c.kind for c in waged] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Kai Brennan won't sign a new contract at Brentford.", id="wont"),
        pytest.param("Kai Brennan doesn't want to extend his deal at Brentford.", id="doesnt"),
    ],
)
def test_contracted_negations_negate(text: str) -> None:
    renewals = [c for c in _claims(text) if c.kind is K.RENEWAL]
    assert renewals
    assert not any(c.polarity for c in renewals)


def test_a_folded_copy_lends_the_kept_claim_its_window() -> None:
    claims = _claims(
        "Fabrizio Romano says Kai Brennan's contract at Brentford is set to expire. "
        "Kai Brennan's terms at Brentford are set to expire in the summer of 2026."
    )
    contract = [c for c in claims if c.kind is K.CONTRACT]
    assert [(c.source.name if c.source else None) for c in contract] == ["Fabrizio Romano"]
    assert [c.window.key if c.window else None for c in contract] == ["summer-2026"]


def test_two_bidders_named_together_are_not_buyer_and_seller() -> None:
    claims = _claims(
        "Newcastle United return with a second Kai Brennan bid, Manchester United set a "
        "condition. Newcastle United have tabled a second bid for Kai Brennan. Manchester "
        "United, Sky reports, will bid too."
    )
    bids = [c for c in claims if c.kind is K.BID]
    assert bids
    assert not {c.seller for c in bids} & {"Newcastle United", "Manchester United"}


def test_the_club_told_of_a_bid_is_the_seller() -> None:
    claims = _claims("Manchester United have told Brentford they will bid for Kai Brennan.")
    assert {c.seller for c in claims if c.kind is K.BID} == {"Brentford"}


@pytest.mark.parametrize(
    ("text", "kind", "not_kind"),
    [
        pytest.param(
            "Brentford are trying to tie Kai Brennan to a new contract.",
            K.CONTRACT,
            K.RENEWAL,
            id="trying-to-renew",
        ),
        pytest.param(
            "Arsenal want the deal done for Kai Brennan before the Euros, Sky reports.",
            K.TALKS,
            K.AGREEMENT,
            id="want-the-deal-done",
        ),
        pytest.param(
            "Arsenal have the deal done for Kai Brennan, Sky reports.",
            K.AGREEMENT,
            K.TALKS,
            id="deal-done",
        ),
    ],
)
def test_a_stage_only_wanted_is_not_reached(
    text: str, kind: ClaimKind, not_kind: ClaimKind
) -> None:
    kinds = _kinds(text)
    assert kind in kinds
    assert not_kind not in kinds


@pytest.mark.parametrize(
    ("lang", "text", "kind"),
    [
        pytest.param(
            "es",
            "El Brentford intenta renovar a Kai Brennan hasta 2030.",
            K.CONTRACT,
            id="es-intenta",
        ),
        pytest.param(
            "fr",
            "Brentford tente de prolonger le contrat de Kai Brennan.",
            K.CONTRACT,
            id="fr-tente-de",
        ),
        pytest.param(
            "it",
            "Il Brentford prova a rinnovare il contratto di Kai Brennan.",
            K.CONTRACT,
            id="it-prova-a",
        ),
        pytest.param("pt", "O Brentford tenta renovar com Kai Brennan.", K.CONTRACT, id="pt-tenta"),
        pytest.param(
            "es", "Kai Brennan renovó con el Brentford hasta 2030.", K.RENEWAL, id="es-renovo"
        ),
        pytest.param(
            "de",
            "Kai Brennan hat seinen Vertrag beim FC Brentford verlängert.",
            K.RENEWAL,
            id="de-hat-verlaengert",
        ),
    ],
)
def test_a_renewal_tried_for_in_other_languages(lang: str, text: str, kind: ClaimKind) -> None:
    kinds = _kinds(text, lang) & {K.CONTRACT, K.RENEWAL}
    assert kinds == {kind}


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        pytest.param(
            "Manchester United have told Brentford they will bid for Kai Brennan.",
            True,
            id="will-bid",
        ),
        pytest.param(
            "Manchester United have made a bid for Kai Brennan.", False, id="have-made-a-bid"
        ),
    ],
)
def test_a_bid_only_announced_for_later_is_hedged(text: str, hedged: bool) -> None:
    bids = [c for c in _claims(text) if c.kind is K.BID]
    assert bids
    assert {c.hedged for c in bids} == {hedged}


def test_the_club_named_before_a_bid_makes_it() -> None:
    claims = _claims(
        "Newcastle United return with a second Kai Brennan bid, Manchester United set a "
        "condition. After their first offer was rejected, Newcastle United have tabled a second "
        "bid for Kai Brennan. Manchester United have told Brentford they will bid too."
    )
    firm = [c for c in claims if c.kind is K.BID and not c.hedged]
    assert {c.buyer for c in firm} == {"Newcastle United"}  # United's bid is still to come


def test_a_renewal_tried_for_until_a_year_is_no_signing_and_no_window() -> None:
    claims = _claims("Brentford are trying to tie Kai Brennan to a new contract until 2029.")
    assert [(c.kind, c.window) for c in claims] == [(K.CONTRACT, None)]

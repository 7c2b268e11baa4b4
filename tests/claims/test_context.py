"""Reading a sentence in its context: language data the code reads (non-name words, auxiliaries,
descriptor words, others' offers), who a sentence is about, negative stages, figures' own
clauses, club short forms and shared nicknames.

Sentences are our own, in the style of real reports, in several languages.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.claims import extract_claims
from bot.claims.lexicon.cues import cues_for
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.claims.mentions import analyse
from bot.model import Claim, ClaimKind, FeeKind, Player
from bot.names import derive_aliases
from tests.claims.support import CLUBS, SOURCES, article, small_gazetteer

K = ClaimKind
BRENNAN = "Kai Brennan"
NOVAK = "Luka Novak"


def _claims(text: str, lang: str = "en", player: str = BRENNAN) -> list[Claim]:
    return [
        c for c in extract_claims(article(text, lang=lang), small_gazetteer()) if c.player == player
    ]


def _said(text: str, lang: str = "en", player: str = BRENNAN) -> set[tuple[ClaimKind, bool]]:
    return {(c.kind, c.polarity) for c in _claims(text, lang, player)}


# ----------------------------------------------------------------------------- 2a: not names


@pytest.mark.parametrize(
    ("lang", "text", "persons"),
    [
        pytest.param(
            "de", "Der Spieler Kai Brennan will weg.", ["Kai Brennan"], id="de-der-spieler"
        ),
        pytest.param(
            "de",
            "Der Slowene Marco Keller bleibt in Leipzig.",
            ["Marco Keller"],
            id="de-descriptor",
        ),
        pytest.param("de", "Am Montag Gespräche in Leipzig.", [], id="de-weekday"),
        pytest.param("es", "El Lunes Marco Keller firmó.", ["Marco Keller"], id="es-article-day"),
        pytest.param("en", "After Marco Keller signed.", ["Marco Keller"], id="en-preposition"),
    ],
)
def test_non_name_words_are_cut_out_of_person_names(
    lang: str, text: str, persons: list[str]
) -> None:
    am = analyse(text, small_gazetteer(), cues_for(lang), date(2025, 1, 2))
    assert [p for s in am.sentences for p in s.persons] == persons


def test_a_capitalised_noun_does_not_take_the_topic_from_him() -> None:
    text = "Kai Brennan will weg. Am Montag Treffen Der Klubs. Er will zu Arsenal."
    am = analyse(text, small_gazetteer(), cues_for("de"), date(2025, 1, 2))
    assert BRENNAN in am.sentences[2].players


# ----------------------------------------------------------------------------- 2b: no subject


@pytest.mark.parametrize(
    ("lang", "text", "kind"),
    [
        pytest.param(
            "es",
            "Kai Brennan ya está en Madrid. Firma por seis temporadas con el Real Madrid.",
            K.PERSONAL_TERMS,
            id="es",
        ),
        pytest.param(
            "it",
            "Kai Brennan è arrivato a Madrid. "
            "Ha firmato un contratto con il Real Madrid fino al 2030.",
            K.OFFICIAL,
            id="it",
        ),
    ],
)
def test_a_sentence_without_subject_continues_the_followed_player(
    lang: str, text: str, kind: ClaimKind
) -> None:
    claims = _claims(text, lang)
    assert any(c.kind is kind and "Real Madrid" in c.clubs for c in claims), claims


def test_a_sentence_naming_someone_else_does_not_continue_him() -> None:
    text = (
        "Kai Brennan ya está en Madrid. Marco Keller firma por seis temporadas con el Real Madrid."
    )
    assert (K.PERSONAL_TERMS, True) not in _said(text, "es")


# ----------------------------------------------------------------------------- 2c: fee after


@pytest.mark.parametrize(
    ("lang", "text", "fee_kind"),
    [
        pytest.param(
            "de",
            "Arsenal will Kai Brennan holen, aber die 80 Millionen Euro, die Leipzig verlangt, "
            "sind zu viel.",
            FeeKind.VALUATION,
            id="de-relative-clause",
        ),
        pytest.param(
            "en",
            "Arsenal are keen on Kai Brennan but balk at the €80m, which is what Leipzig want.",
            FeeKind.VALUATION,
            id="en-relative-clause",
        ),
        pytest.param(
            "en",
            "Arsenal have offered €80m for Kai Brennan, which Leipzig want to think about.",
            FeeKind.OFFER,
            id="en-offer-before-wins",
        ),
    ],
)
def test_the_fee_kind_may_follow_the_figure(lang: str, text: str, fee_kind: FeeKind) -> None:
    fees = {c.fee.kind for c in _claims(text, lang) if c.fee is not None}
    assert fees == {fee_kind}


# ----------------------------------------------------------------------------- 2d: auxiliaries


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "it", "Il Lipsia ha già respinto l'offerta dell'Arsenal per Kai Brennan.", id="it"
        ),
        pytest.param(
            "es", "El Leipzig ya ha rechazado la oferta del Arsenal por Kai Brennan.", id="es"
        ),
        pytest.param(
            "de",
            "Leipzig hat bereits abgelehnt: Arsenal bot 50 Millionen für Kai Brennan.",
            id="de",
        ),
    ],
)
def test_an_auxiliary_before_a_seller_verb_keeps_the_club_the_seller(lang: str, text: str) -> None:
    rejected = [c for c in _claims(text, lang) if c.kind is K.BID_REJECTED]
    assert rejected and all(c.seller == "RB Leipzig" for c in rejected), rejected


@pytest.mark.parametrize("lang", ["en", "de", "es", "it", "pt", "fr"])
def test_every_language_has_its_auxiliaries(lang: str) -> None:
    assert cues_for(lang).filler is not None


# ----------------------------------------------------------------------------- 2e: descriptors


def _croat_gazetteer() -> Gazetteer:
    player = Player(
        id=9,
        name=NOVAK,
        aliases=derive_aliases(NOVAK),
        followed=True,
        attributes={"nationality": "Croatia", "position": "centre-back"},
    )
    return Gazetteer.from_data(CLUBS, SOURCES).with_players([player])


@pytest.mark.parametrize(
    ("lang", "text", "resolved"),
    [
        pytest.param("de", "Luka Novak spielt gut. Der Kroate will zu Arsenal.", True, id="de-ok"),
        pytest.param(
            "de", "Luka Novak spielt gut. Der Slowene will zu Arsenal.", False, id="de-other"
        ),
        pytest.param(
            "de", "Luka Novak spielt gut. Der Stürmer will zu Arsenal.", False, id="de-pos"
        ),
        pytest.param(
            "de",
            "Luka Novak spielt gut. Der Innenverteidiger will zu Arsenal.",
            True,
            id="de-pos-ok",
        ),
        pytest.param(
            "en", "Luka Novak is fine. The Slovenian wants Arsenal.", False, id="en-other"
        ),
        pytest.param("en", "Luka Novak is fine. The Croatian wants Arsenal.", True, id="en-ok"),
    ],
)
def test_descriptors_are_checked_in_the_article_language(
    lang: str, text: str, resolved: bool
) -> None:
    am = analyse(text, _croat_gazetteer(), cues_for(lang), date(2025, 1, 2))
    second = am.sentences[1]
    assert (NOVAK in second.players) is resolved
    assert second.foreign_ref is not resolved


# ----------------------------------------------------------------------------- 2f: no offer


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "en", "No official offer has been made yet for Kai Brennan, according to Sky.", id="en"
        ),
        pytest.param(
            "es", "Según Marca, todavía no ha llegado ninguna oferta por Kai Brennan.", id="es"
        ),
        pytest.param("pt", "Ainda não chegou nenhuma proposta oficial por Kai Brennan.", id="pt"),
        pytest.param("it", "Per Kai Brennan non è arrivata nessuna offerta.", id="it"),
    ],
)
def test_a_negated_offer_is_a_bid_denied(lang: str, text: str) -> None:
    said = _said(text, lang)
    assert (K.BID, False) in said and (K.BID, True) not in said, said
    assert (K.DENIAL, True) not in said, said


def test_a_bid_still_to_come_is_no_claim() -> None:
    text = "Arsenal remain in the picture for Kai Brennan without having bid yet."
    assert not {k for k, _ in _said(text)} & {K.BID, K.DENIAL}


# ----------------------------------------------------------------------------- denials


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param(
            "Sky Sports has rejected the idea that any agreement exists between Leipzig and "
            "Arsenal for Kai Brennan.",
            K.AGREEMENT,
            id="rejected-the-idea",
        ),
        pytest.param(
            "There is no agreement between Leipzig and Arsenal for Kai Brennan, says Romano.",
            K.AGREEMENT,
            id="no-agreement",
        ),
    ],
)
def test_a_denial_says_what_it_denies(text: str, kind: ClaimKind) -> None:
    claims = _claims(text)
    negative = [c for c in claims if c.kind is kind and not c.polarity]
    assert negative and all(c.source is not None for c in negative), claims
    assert not [c for c in claims if c.kind is kind and c.polarity]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "fr", "Le transfert de Kai Brennan à Arsenal est encore loin d'être bouclé.", id="fr"
        ),
        pytest.param(
            "en", "Leipzig deny being close to an agreement with Arsenal for Kai Brennan.", id="en"
        ),
    ],
)
def test_a_stage_not_reached_yet_stays_a_bare_denial(lang: str, text: str) -> None:
    said = _said(text, lang)
    assert not [k for k, polar in said if not polar], said


# ----------------------------------------------------------------------------- others' offers


@pytest.mark.parametrize(
    ("text", "bid"),
    [
        pytest.param(
            "Arsenal agreed a fee with Leipzig for Kai Brennan, who had more lucrative offers.",
            False,
            id="more-lucrative",
        ),
        pytest.param(
            "Kai Brennan now has rival offers from Arsenal and Real Madrid.",
            True,
            id="named-rivals",
        ),
    ],
)
def test_others_offers_are_no_bid(text: str, bid: bool) -> None:
    assert ((K.BID, True) in _said(text)) is bid


# ----------------------------------------------------------------------------- clubs


def test_a_club_name_cut_short_names_the_club() -> None:
    g = Gazetteer.default().with_players(
        [Player(id=1, name=BRENNAN, aliases=derive_aliases(BRENNAN), followed=True)]
    )
    text = "Newcastle have made a bid for Kai Brennan. Villa are watching."
    claims = extract_claims(article(text), g)
    assert any(c.kind is K.BID and c.buyer == "Newcastle United" for c in claims), claims
    assert not any("Aston Villa" in c.clubs for c in claims), claims  # a nickname, not a short form


def test_a_lowercase_place_is_not_the_club() -> None:
    g = Gazetteer.default().with_players(
        [Player(id=1, name=BRENNAN, aliases=derive_aliases(BRENNAN), followed=True)]
    )
    text = "Kai Brennan was seen in newcastle, where Arsenal made a bid."
    claims = extract_claims(article(text), g)
    assert all("Newcastle United" not in c.clubs for c in claims), claims


def test_a_pronoun_after_two_players_means_the_first_named() -> None:
    text = (
        "Arsenal see Luka Novak as an option should they fail to sign Kai Brennan. "
        "Leipzig want at least €50m for him."
    )
    fees = [c for c in extract_claims(article(text), small_gazetteer()) if c.fee is not None]
    assert {c.player for c in fees} == {NOVAK}, fees


# ----------------------------------------------------------------------------- more rules


def _default(names: tuple[str, ...] = (BRENNAN,)) -> Gazetteer:
    players = [
        Player(id=i, name=n, aliases=derive_aliases(n), followed=True)
        for i, n in enumerate(names, 1)
    ]
    return Gazetteer.default().with_players(players)


def _full(text: str, lang: str = "en") -> list[Claim]:
    return [c for c in extract_claims(article(text, lang=lang), _default()) if c.player == BRENNAN]


@pytest.mark.parametrize(
    ("text", "buyer"),
    [
        pytest.param(
            "Man Utd and Newcastle are chasing Kai Brennan. United opened with €85m.",
            "Manchester United",
            id="other-called-newcastle",
        ),
        pytest.param(
            "Manchester United and Newcastle United are chasing Kai Brennan. "
            "United opened with €85m.",
            None,
            id="both-called-united-no-guess",
        ),
    ],
)
def test_a_shared_nickname_resolves_only_by_the_other_clubs_short_form(
    text: str, buyer: str | None
) -> None:
    bids = [c for c in _full(text) if c.kind is K.BID and c.fee is not None]
    assert [c.buyer for c in bids] == [buyer]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "en", "Kai Brennan sat out the Atalanta friendly, Arsenal are keen.", id="en-after"
        ),
        pytest.param(
            "de",
            "Kai Brennan fehlte im Testspiel gegen Atalanta, Arsenal ist interessiert.",
            id="de",
        ),
        pytest.param(
            "it",
            "Kai Brennan non ha giocato l'amichevole contro l'Atalanta: lo vuole l'Arsenal.",
            id="it",
        ),
    ],
)
def test_a_match_opponent_is_no_party(lang: str, text: str) -> None:
    clubs = {c for claim in _full(text, lang) for c in claim.clubs}
    assert "Atalanta" not in clubs and "Arsenal" in clubs, clubs


@pytest.mark.parametrize(
    ("text", "fee_kind"),
    [
        pytest.param(
            "Arsenal have made a formal offer for Kai Brennan worth €75m.",
            FeeKind.OFFER,
            id="worth",
        ),
        pytest.param("Arsenal opened with €75m for Kai Brennan.", FeeKind.OFFER, id="opened-with"),
        pytest.param(
            "Leipzig want at least €90m for Kai Brennan.", FeeKind.VALUATION, id="want-at-least"
        ),
    ],
)
def test_a_bids_figure_is_an_offer(text: str, fee_kind: FeeKind) -> None:
    assert {c.fee.kind for c in _full(text) if c.fee is not None} == {fee_kind}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Arsenal will return with an improved offer for Kai Brennan.", id="will"),
        pytest.param("Arsenal to come back with £40m bid for Kai Brennan.", id="headline"),
        pytest.param("Arsenal are preparing an improved offer of £40m for Kai Brennan.", id="prep"),
    ],
)
def test_a_bid_still_to_come_is_hedged(text: str) -> None:
    bids = [c for c in _full(text) if c.kind is K.BID]
    assert bids and all(c.hedged for c in bids), bids


def test_no_collapse_after_a_renewal() -> None:
    text = (
        "Kai Brennan rinnova con il Lipsia fino al 2029: sfuma l'Arsenal. "
        "Il Lipsia ha ufficializzato il prolungamento del contratto."
    )
    kinds = {c.kind for c in _full(text, "it")}
    assert K.RENEWAL in kinds and K.COLLAPSE not in kinds, kinds


def test_a_collapse_of_talks_stays_next_to_a_renewal() -> None:
    text = (
        "Talks between Arsenal and Leipzig over Kai Brennan have collapsed. "
        "Kai Brennan has signed a new contract with Leipzig until 2029."
    )
    assert K.COLLAPSE in {c.kind for c in _full(text)}


def test_another_persons_signing_does_not_carry_on_to_him() -> None:
    text = (
        "RB Leipzig hat einen Nachfolger für den zu Manchester City gewechselten Kai Brennan "
        "gefunden: Mateo Varga kommt von Olympique Lyon und unterschreibt bis 2028. Nach Angaben "
        "Lyons kann die Ablöse mit Boni auf bis zu 34 Millionen Euro steigen."
    )
    assert not [c for c in _full(text, "de") if c.fee is not None or c.kind is K.OFFICIAL]


def test_a_coach_quoted_after_him_does_not_take_the_topic() -> None:
    text = (
        "Arsenal have made an offer for Kai Brennan; Mikel Arteta is said to back it. "
        "Leipzig want at least €90m."
    )
    assert any(c.fee is not None for c in _full(text))


def test_a_german_past_participle_is_the_past() -> None:
    text = "Leipzig sucht einen Ersatz für den zu Arsenal gewechselten Kai Brennan."
    assert K.OFFICIAL not in {c.kind for c in _full(text, "de")}


def test_a_club_alias_cut_short_names_the_club() -> None:
    text = "Il Lipsia ha respinto l'offerta dell'Arsenal per Kai Brennan."
    rejected = [c for c in _full(text, "it") if c.kind is K.BID_REJECTED]
    assert rejected and all("RB Leipzig" in c.clubs for c in rejected), rejected


def test_the_club_whose_target_he_is_does_not_bid_with_the_bidder() -> None:
    text = "Newcastle lodge formal bid for Man Utd target Kai Brennan."
    bids = [c for c in _full(text) if c.kind is K.BID]
    assert {c.buyer for c in bids} == {"Newcastle United"}, bids


@pytest.mark.parametrize(
    ("text", "fee_kind"),
    [
        pytest.param(
            "He must give up his salary (about £720,000), and Arsenal must pay a token fee of "
            "under €1m for Kai Brennan.",
            FeeKind.OFFER,
            id="wages-in-another-clause",
        ),
        pytest.param(
            "Kai Brennan will earn a salary of €10m a year at Arsenal.",
            FeeKind.WAGES,
            id="wages-in-its-clause",
        ),
    ],
)
def test_wages_and_clauses_are_read_in_the_figures_clause(text: str, fee_kind: FeeKind) -> None:
    fees = [c.fee for c in _full(text) if c.fee is not None]
    assert fees and fees[-1].kind is fee_kind, fees

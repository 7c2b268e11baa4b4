"""Rules that keep claims to what transfer news states (issue 12), one table per rule, our own
sentences in several languages, with rows where the rule must fire and rows where it must not.

Each row: (lang, text, kinds that must be found, kinds that must not). A ``-`` before a kind
means that kind stated negative (polarity false)."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from bot.claims.cue_reading import negated
from bot.claims.lexicon.cues import cues_for
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.model import Claim, Player
from bot.names import derive_aliases
from tests.claims.support import article

BRENNAN = "Kai Brennan"
GAZETTEER = Gazetteer.default().with_players(
    [Player(id=1, name=BRENNAN, aliases=derive_aliases(BRENNAN), followed=True)]
)


def _kinds(claims: list[Claim]) -> set[str]:
    return {c.kind.value if c.polarity else "-" + c.kind.value for c in claims}


def _check(lang: str, text: str, must: set[str], never: set[str], title: str = "") -> None:
    got = _kinds(extract_claims(article(text, lang=lang, title=title), GAZETTEER))
    assert must <= got, got
    assert not (never & got), got


# A no-comment ("refused to discuss him") is no refusal of a bid and no stage.
NO_COMMENT = [
    pytest.param(
        "en",
        "The Arsenal coach refused to talk about Kai Brennan when reporters asked.",
        set(),
        {"bid_rejected", "talks"},
        id="en-refused-to-talk",
    ),
    pytest.param(
        "en",
        "Brentford refused Arsenal's €30m bid for Kai Brennan.",
        {"bid_rejected"},
        set(),
        id="en-refused-a-bid-still-fires",
    ),
    pytest.param(
        "fr",
        "L'entraîneur de Lyon a refusé de commenter l'avenir de Kai Brennan.",
        set(),
        {"bid_rejected"},
        id="fr-refuse-de-commenter",
    ),
    pytest.param(
        "fr",
        "Lyon a refusé l'offre de Marseille pour Kai Brennan.",
        {"bid_rejected"},
        set(),
        id="fr-refuse-une-offre-still-fires",
    ),
    pytest.param(
        "pt",
        "O treinador do Benfica recusou-se a comentar a situação de Kai Brennan.",
        set(),
        {"bid_rejected"},
        id="pt-recusou-se-a-comentar",
    ),
    pytest.param(
        "it",
        "Il tecnico del Napoli si è rifiutato di parlare di Kai Brennan.",
        set(),
        {"bid_rejected"},
        id="it-rifiutato-di-parlare",
    ),
]


# An article whose headline names the followed player only as a reference for someone else
# ("… to replace Brennan", "… als Brennan-Nachfolger") is about that someone else: a sentence
# naming that someone too is his, only a plain restatement naming the followed player alone
# gives him claims. (lang, title, text, kinds of Brennan's claims; empty: none at all)
BACKGROUND = [
    pytest.param(
        "en",
        "Arsenal sign Marco Rinaldi to replace Kai Brennan",
        "Arsenal paid Brentford €40m for Marco Rinaldi, while Kai Brennan has agreed a move to "
        "Real Madrid.",
        set(),
        id="en-replacement-headline",
    ),
    pytest.param(
        "en",
        "Arsenal sign Marco Rinaldi to replace Kai Brennan",
        "Kai Brennan has agreed personal terms with Real Madrid.",
        {"personal_terms"},
        id="neg-en-a-plain-restatement-keeps-its-claim",
    ),
    pytest.param(
        "en",
        "Arsenal want Kai Brennan to replace Marco Rinaldi",
        "Arsenal have made a €40m bid for Kai Brennan.",
        {"bid"},
        id="neg-en-followed-player-is-the-subject",
    ),
    pytest.param(
        "de",
        "Leipzig holt Marco Rinaldi als Brennan-Nachfolger",
        "Marco Rinaldi kommt für 25 Millionen Euro aus Brentford, Kai Brennan hat sich mit "
        "Real Madrid auf einen Wechsel geeinigt.",
        set(),
        id="de-nachfolger-headline",
    ),
    pytest.param(
        "de",
        "Leipzig bietet 25 Millionen für Kai Brennan",
        "RB Leipzig hat ein Angebot über 25 Millionen Euro für Kai Brennan abgegeben.",
        {"bid"},
        id="neg-de-followed-player-in-headline",
    ),
    pytest.param(
        "fr",
        "Lyon recrute Marco Rinaldi pour succéder à Kai Brennan",
        "Lyon a versé 20 millions d'euros pour Marco Rinaldi, alors que Kai Brennan a trouvé un "
        "accord avec le Real Madrid.",
        set(),
        id="fr-succeder-headline",
    ),
]


@pytest.mark.parametrize(("lang", "title", "text", "expected"), BACKGROUND)
def test_a_reference_in_the_headline_makes_background(
    lang: str, title: str, text: str, expected: set[str]
) -> None:
    claims = extract_claims(article(text, lang=lang, title=title), GAZETTEER)
    assert {c.kind.value for c in claims if c.player == BRENNAN} >= expected
    if not expected:
        assert [c for c in claims if c.player == BRENNAN] == []


# A club named as someone's former club ("his former Ajax coach") is no party to the deal:
# (lang, text, a club that must be a party, a club that must not)
FORMER_CLUB = [
    pytest.param(
        "en",
        "Real Madrid, whose coach is a former Arsenal player, have made a bid for Kai Brennan.",
        "Real Madrid",
        "Arsenal",
        id="en-former-club-player",
    ),
    pytest.param(
        "en",
        "Real Madrid and Arsenal have both made a bid for Kai Brennan.",
        "Arsenal",
        None,
        id="neg-en-a-bidder-named-plainly",
    ),
    pytest.param(
        "de",
        "Der ehemalige Arsenal-Profi und heutige Trainer von Borussia Dortmund will Kai "
        "Brennan unbedingt holen, der BVB hat ein Angebot abgegeben.",
        "Borussia Dortmund",
        "Arsenal",
        id="de-ehemalige",
    ),
    pytest.param(
        "es",
        "El Real Madrid, dirigido por un exjugador del Arsenal, ha presentado una oferta por "
        "Kai Brennan.",
        "Real Madrid",
        "Arsenal",
        id="es-exjugador-del",
    ),
    pytest.param(
        "es",
        "El Arsenal ha presentado una oferta por Kai Brennan.",
        "Arsenal",
        None,
        id="neg-es-a-bidder-named-plainly",
    ),
]


@pytest.mark.parametrize(("lang", "text", "party", "not_party"), FORMER_CLUB)
def test_a_former_club_is_no_party(lang: str, text: str, party: str, not_party: str | None) -> None:
    claims = [c for c in extract_claims(article(text, lang=lang), GAZETTEER) if c.player == BRENNAN]
    clubs = {club for c in claims for club in c.clubs}
    assert party in clubs, claims
    assert not_party not in clubs


# Room to negotiate a price ("with room to negotiate", "Verhandlungsspielraum") is a word on
# the figure, not talks between clubs.
LEEWAY = [
    pytest.param(
        "en",
        "Brentford value Kai Brennan at €50m, with room to negotiate.",
        set(),
        {"talks"},
        id="en-room-to-negotiate",
    ),
    pytest.param(
        "en",
        "Arsenal are in negotiations with Brentford over Kai Brennan.",
        {"talks"},
        set(),
        id="neg-en-negotiations-between-clubs",
    ),
    pytest.param(
        "de",
        "Brentford verlangt 50 Millionen Euro für Kai Brennan, es gibt aber Verhandlungsspielraum.",
        set(),
        {"talks"},
        id="de-verhandlungsspielraum",
    ),
    pytest.param(
        "es",
        "El Brentford pide 50 millones por Kai Brennan, aunque hay margen de negociación.",
        set(),
        {"talks"},
        id="es-margen-de-negociacion",
    ),
    pytest.param(
        "es",
        "El Arsenal y el Brentford están en plena negociación por Kai Brennan.",
        {"talks"},
        set(),
        id="neg-es-negociacion-entre-clubes",
    ),
    pytest.param(
        "fr",
        "Lyon réclame 30 millions d'euros pour Kai Brennan, avec une marge de négociation.",
        set(),
        {"talks"},
        id="fr-marge-de-negociation",
    ),
    pytest.param(
        "it",
        "Il Napoli chiede 30 milioni per Kai Brennan, con margini di trattativa.",
        set(),
        {"talks"},
        id="it-margini-di-trattativa",
    ),
]


# A player confirming he will leave his club is his own stated intent (kind ``intent``, see
# tests/claims/test_intent.py), not a signing on the record: no official, in each language.
LEAVING = [
    pytest.param(
        "fr",
        "Kai Brennan a confirmé qu'il quittera Brentford à la fin de la saison.",
        {"intent"},
        {"official"},
        id="fr-confirme-qu-il-quittera",
    ),
    pytest.param(
        "fr",
        "Kai Brennan aimerait quitter Brentford cet été.",
        set(),
        {"official"},
        id="neg-fr-aimerait-quitter",
    ),
    pytest.param(
        "es",
        "Kai Brennan confirmó que dejará el Arsenal en junio.",
        {"intent"},
        {"official"},
        id="es-confirmo-que-dejara",
    ),
    pytest.param(
        "es",
        "Kai Brennan quiere dejar el Arsenal en junio.",
        set(),
        {"official"},
        id="neg-es-quiere-dejar",
    ),
    pytest.param(
        "it",
        "Kai Brennan ha confermato che lascerà il Napoli a giugno.",
        {"intent"},
        {"official"},
        id="it-confermato-che-lascera",
    ),
    pytest.param(
        "pt",
        "Kai Brennan confirmou que vai deixar o Benfica no fim da época.",
        {"intent"},
        {"official"},
        id="pt-confirmou-que-vai-deixar",
    ),
]


# A past window named in the clause ("last summer", "el verano pasado", "letzten Sommer") makes
# it backstory: no claim of today.
PAST_WINDOW = [
    pytest.param(
        "en",
        "Kai Brennan signed a five-year contract at Brentford last summer.",
        set(),
        {"official", "personal_terms", "renewal"},
        id="en-last-summer",
    ),
    pytest.param(
        "en",
        "Kai Brennan has signed a five-year contract with Arsenal.",
        {"official"},
        set(),
        id="neg-en-signed-today",
    ),
    pytest.param(
        "es",
        "Kai Brennan renovó con el Sevilla el verano pasado.",
        set(),
        {"renewal"},
        id="es-el-verano-pasado",
    ),
    pytest.param(
        "es",
        "Kai Brennan ha renovado con el Sevilla hasta 2030.",
        {"renewal"},
        set(),
        id="neg-es-renovado-hoy",
    ),
    pytest.param(
        "de",
        "Kai Brennan hat letzten Sommer beim BVB verlängert.",
        set(),
        {"renewal"},
        id="de-letzten-sommer",
    ),
    pytest.param(
        "fr",
        "Kai Brennan a prolongé avec Lyon l'été dernier.",
        set(),
        {"renewal"},
        id="fr-l-ete-dernier",
    ),
]


# A new contract of a stated length, or committing to his club until a year, is a renewal;
# a contract of that length with a club he joins is not.
RENEWAL = [
    pytest.param(
        "en",
        "Kai Brennan has signed a new five-year contract at Brentford.",
        {"renewal"},
        {"personal_terms"},
        id="en-new-five-year-contract",
    ),
    pytest.param(
        "en",
        "Kai Brennan commits to Brentford until 2029.",
        {"renewal"},
        set(),
        id="en-commits-until",
    ),
    pytest.param(
        "en",
        "Arsenal have completed the signing of Kai Brennan on a five-year contract.",
        set(),
        {"renewal"},
        id="neg-en-five-year-contract-at-a-new-club",
    ),
    pytest.param(
        "fr",
        "Kai Brennan a signé un nouveau contrat de cinq ans avec Lyon.",
        {"renewal"},
        set(),
        id="fr-nouveau-contrat-de-cinq-ans",
    ),
    pytest.param(
        "it",
        "Kai Brennan ha firmato un nuovo contratto di cinque anni con il Napoli.",
        {"renewal"},
        set(),
        id="it-nuovo-contratto-di-cinque-anni",
    ),
]


# A signing cue followed by "of"/"de" and another person ("the presentation of Marco
# Rinaldi") is that person's signing, not the followed player's.
SOMEONE_ELSES_SIGNING = [
    pytest.param(
        "es",
        "En la presentación de Marco Rinaldi, el presidente del Sevilla dijo que Kai Brennan "
        "no se vende.",
        set(),
        {"official"},
        id="es-presentacion-de-otro",
    ),
    pytest.param(
        "es",
        "El Sevilla anunció la presentación de Kai Brennan para el lunes.",
        {"official"},
        set(),
        id="neg-es-su-propia-presentacion",
    ),
    pytest.param(
        "en",
        "At the unveiling of Marco Rinaldi, the Arsenal coach said Kai Brennan is not for sale.",
        set(),
        {"official"},
        id="en-unveiling-of-someone-else",
    ),
    pytest.param(
        "fr",
        "Lors de la présentation de Marco Rinaldi, le président de Lyon a assuré que Kai Brennan "
        "ne partira pas.",
        set(),
        {"official"},
        id="fr-presentation-d-un-autre",
    ),
]


# Personal terms settled and a deal "done" as each language says it (German inflections:
# "die persönlichen Bedingungen", "beschlossene Sache", "der Deal ist durch").
TERMS_AND_DONE = [
    pytest.param(
        "de",
        "Die persönlichen Bedingungen zwischen Kai Brennan und dem BVB sind geklärt.",
        {"personal_terms"},
        set(),
        id="de-personlichen-bedingungen",
    ),
    pytest.param(
        "de",
        "Der Wechsel von Kai Brennan zu Borussia Dortmund ist beschlossene Sache.",
        {"agreement"},
        set(),
        id="de-beschlossene-sache",
    ),
    pytest.param(
        "de",
        "Kai Brennan ist nach seiner Verletzung durch eine harte Zeit gegangen.",
        set(),
        {"agreement"},
        id="neg-de-durch-is-no-deal",
    ),
    pytest.param(
        "es",
        "Kai Brennan ya tiene cerradas las condiciones personales con el Sevilla.",
        {"personal_terms"},
        set(),
        id="es-condiciones-personales",
    ),
    pytest.param(
        "fr",
        "Le transfert de Kai Brennan à Lyon, c'est fait.",
        {"agreement"},
        set(),
        id="fr-c-est-fait",
    ),
]


# A player said to be staying at his club ("is staying at", "se queda en el", "bleibt beim")
# ends the chase: the move is off (collapse); wanting to stay, or staying until a year, is not.
STAYING = [
    pytest.param("en", "Kai Brennan is staying at Brentford this summer.", {"collapse"}, set(),
                 id="en-is-staying-at"),
    pytest.param("en", "Kai Brennan wants to stay at Brentford.", set(), {"collapse"},
                 id="neg-en-wants-to-stay"),
    pytest.param("es", "Kai Brennan se queda en el Sevilla.", {"collapse"}, set(),
                 id="es-se-queda-en-el"),
    pytest.param("de", "Kai Brennan bleibt beim BVB.", {"collapse"}, set(), id="de-bleibt-beim"),
    pytest.param("de", "Kai Brennan bleibt bis 2029 in Dortmund.", set(), {"collapse"},
                 id="neg-de-bleibt-bis"),
    pytest.param("it", "Kai Brennan resta al Napoli.", {"collapse"}, set(), id="it-resta-al"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "text", "must", "never"),
    NO_COMMENT
    + LEEWAY
    + LEAVING
    + PAST_WINDOW
    + RENEWAL
    + SOMEONE_ELSES_SIGNING
    + TERMS_AND_DONE
    + STAYING,
)
def test_cue_tables(lang: str, text: str, must: set[str], never: set[str]) -> None:
    """A no-comment is no refusal; room to negotiate a price is no talks; a player confirming
    he will leave is official; a clause naming a past window is backstory; a new contract of
    a stated length is a renewal; the presentation of someone else is no signing of his."""
    _check(lang, text, must, never)


@pytest.mark.parametrize(
    ("lang", "before", "cue", "is_negated"),
    [
        # the 30-character look-back starts inside a word whose tail is a negator
        pytest.param("fr", "le capitaine " + "a" * 26 + " ", "nouveau contrat", False,
                     id="fr-tail-of-capitaine"),
        pytest.param("fr", "le capitaine ne signe pas ", "un nouveau contrat", True,
                     id="neg-fr-a-real-ne-pas"),
        pytest.param("en", "the casino " + "a" * 26 + " ", "new deal", False,
                     id="en-tail-of-casino"),
        pytest.param("en", "he has not ", "signed a new deal", True, id="neg-en-a-real-not"),
    ],
)  # fmt: skip
def test_a_cut_word_is_no_negator(lang: str, before: str, cue: str, is_negated: bool) -> None:
    assert negated(cues_for(lang), before + cue, len(before)) is is_negated


# A figure followed in its clause by "for"/"por"/"pour" and another person's name is that
# person's fee, a comparison: (lang, text, Brennan's figures in EUR millions)
OTHERS_FEE = [
    pytest.param(
        "en",
        "Arsenal bid €60m for Kai Brennan, above the €50m Chelsea paid for Rinaldi.",
        {60.0},
        id="en-paid-for-someone-else",
    ),
    pytest.param("en", "Arsenal bid €60m for Kai Brennan.", {60.0}, id="neg-en-his-own-fee"),
    pytest.param(
        "es",
        "El Sevilla pide 40 millones por Kai Brennan, por delante de los 30 millones que pagó "
        "el Betis por Rinaldi.",
        {40.0},
        id="es-pago-por-otro",
    ),
    pytest.param(
        "fr",
        "Lyon réclame 40 millions d'euros pour Kai Brennan, loin des 222 millions d'euros "
        "payés pour Neymar.",
        {40.0},
        id="fr-payes-pour-un-autre",
    ),
    pytest.param(
        "fr",
        "Lyon réclame 40 millions d'euros pour Kai Brennan.",
        {40.0},
        id="neg-fr-son-propre-prix",
    ),
]


@pytest.mark.parametrize(("lang", "text", "millions"), OTHERS_FEE)
def test_another_players_fee_is_not_his(lang: str, text: str, millions: set[float]) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    got = {round(c.fee.eur_mid / 1e6, 1) for c in claims if c.fee and c.player == BRENNAN}
    assert got == millions


# A club's officer speaking is the club on the record (tier 0): (lang, text, source, tier)
OFFICIALS = [
    pytest.param(
        "es",
        "El presidente del Sevilla, Marco Rinaldi, negó que Kai Brennan esté en venta.",
        "Sevilla",
        0,
        id="es-presidente-del-club",
    ),
    pytest.param(
        "en",
        "Brentford chief executive Marco Rinaldi said Kai Brennan is not for sale.",
        "Brentford",
        0,
        id="en-club-chief-executive",
    ),
    pytest.param(
        "it",
        "Il direttore sportivo del Napoli ha detto che Kai Brennan non è in vendita.",
        "Napoli",
        0,
        id="it-direttore-sportivo-del-club",
    ),
    pytest.param(
        "en",
        "Marca says Brentford have rejected a bid for Kai Brennan.",
        "Marca",
        2,
        id="neg-en-an-outlet-is-no-officer",
    ),
]


@pytest.mark.parametrize(("lang", "text", "source", "tier"), OFFICIALS)
def test_a_clubs_officer_speaks_for_the_club(lang: str, text: str, source: str, tier: int) -> None:
    claims = [c for c in extract_claims(article(text, lang=lang), GAZETTEER) if c.player == BRENNAN]
    assert claims
    assert {(c.source.name, c.source.tier) for c in claims if c.source} == {(source, tier)}


@pytest.mark.parametrize(
    ("lang", "text", "not_source"),
    [
        pytest.param("de", "Manchester City meldet Einigung mit Brentford über Kai Brennan.",
                     "Einigung", id="de-capitalised-noun"),
        pytest.param("en", "Romano Reveals Agreement Between Arsenal And Brentford For Kai Brennan",
                     "Agreement Between Arsenal And Brentford For Kai Brennan",
                     id="en-title-case-headline"),
    ],
)  # fmt: skip
def test_a_transfer_word_is_no_source_name(lang: str, text: str, not_source: str) -> None:
    claims = [c for c in extract_claims(article(text, lang=lang), GAZETTEER) if c.player == BRENNAN]
    assert claims
    assert not_source not in {c.source.name for c in claims if c.source}


def test_a_name_after_says_is_still_a_source() -> None:
    text = "The Evening Chronicle says Brentford have rejected a bid for Kai Brennan."
    claims = extract_claims(article(text), GAZETTEER)
    assert "The Evening Chronicle" in {c.source.name for c in claims if c.source}


# What a figure "could be enough" for is the seller's price (a valuation), even when the
# sentence words it as a bid: (lang, text, fee kind of Brennan's figure)
ENOUGH = [
    pytest.param(
        "en",
        "Reports suggest a bid of €40m could be enough for Brentford to sell Kai Brennan.",
        "valuation",
        id="en-could-be-enough",
    ),
    pytest.param(
        "en", "Arsenal have made a €40m bid for Kai Brennan.", "offer", id="neg-en-a-bid-made"
    ),
    pytest.param(
        "es",
        "Una oferta de 40 millones podría ser suficiente para que el Sevilla venda a Kai Brennan.",
        "valuation",
        id="es-podria-ser-suficiente",
    ),
    pytest.param(
        "it",
        "Un'offerta da 40 milioni potrebbe essere sufficiente per Kai Brennan, dicono dal Napoli.",
        "valuation",
        id="it-potrebbe-essere-sufficiente",
    ),
]


@pytest.mark.parametrize(("lang", "text", "kind"), ENOUGH)
def test_enough_for_the_seller_is_a_price(lang: str, text: str, kind: str) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    assert {c.fee.kind.value for c in claims if c.fee and c.player == BRENNAN} == {kind}


# An intention ("do not intend to bid", "no pretende hacer una oferta") is hedged: a plan, no
# bid stated made or refused. (lang, text, whether Brennan's bid claims are hedged)
INTENT = [
    pytest.param("en", "Arsenal do not intend to make a bid for Kai Brennan.", True,
                 id="en-do-not-intend"),
    pytest.param("en", "Arsenal have not made a bid for Kai Brennan.", False,
                 id="neg-en-no-bid-made"),
    pytest.param("es", "El Sevilla no pretende hacer una oferta por Kai Brennan.", True,
                 id="es-no-pretende"),
    pytest.param("pt", "O Benfica não pretende fazer uma proposta por Kai Brennan.", True,
                 id="pt-nao-pretende"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "hedged"), INTENT)
def test_an_intention_is_hedged(lang: str, text: str, hedged: bool) -> None:
    bids = [
        c
        for c in extract_claims(article(text, lang=lang), GAZETTEER)
        if c.player == BRENNAN and c.kind.value == "bid"
    ]
    assert bids
    assert {c.hedged for c in bids} == {hedged}


# "Is now / officially a X player", "ya es jugador del X": X is where he goes, not his club.
# (lang, text, the buyer of Brennan's claims)
NOW_A_PLAYER_OF = [
    pytest.param(
        "en",
        "Kai Brennan is officially a Real Madrid player after his move from Liverpool.",
        "Real Madrid",
        id="en-is-officially-a-player-of",
    ),
    pytest.param(
        "en",
        "Liverpool's Kai Brennan has agreed a move to Real Madrid.",
        "Real Madrid",
        id="neg-en-his-club-named-as-his",
    ),
    pytest.param(
        "es",
        "Kai Brennan ya es jugador del Real Madrid tras dejar el Liverpool.",
        "Real Madrid",
        id="es-ya-es-jugador-del",
    ),
    pytest.param(
        "de",
        "Kai Brennan ist jetzt Spieler von Borussia Dortmund, der Wechsel aus Liverpool ist "
        "offiziell.",
        "Borussia Dortmund",
        id="de-ist-jetzt-spieler-von",
    ),
]


@pytest.mark.parametrize(("lang", "text", "buyer"), NOW_A_PLAYER_OF)
def test_now_a_player_of_names_the_destination(lang: str, text: str, buyer: str) -> None:
    claims = [c for c in extract_claims(article(text, lang=lang), GAZETTEER) if c.player == BRENNAN]
    assert claims
    assert {c.buyer for c in claims if c.buyer} == {buyer}


# The player the alternatives stand in for ("alternatives to X", "en lugar de X", "statt X"): the
# others listed are his alternatives, not one another's. Rows: the followed player Kai Brennan
# listed with others, and the names his alternative_target claims must relate to.
NOVAK = "Luka Novak"
PAIR_GAZETTEER = Gazetteer.default().with_players(
    [
        Player(id=1, name=BRENNAN, aliases=derive_aliases(BRENNAN), followed=True),
        Player(id=2, name=NOVAK, aliases=derive_aliases(NOVAK), followed=True),
    ]
)
STOOD_IN_FOR = [
    pytest.param(
        "en",
        "Arsenal have Kai Brennan, Pedro Ruiz and Marco Lenz down as alternatives to Luka Novak.",
        {NOVAK},
        id="en-alternatives-to",
    ),
    pytest.param(
        "en",
        "Arsenal could go for Kai Brennan or Marco Lenz should they fail to sign Luka Novak.",
        {NOVAK},
        id="en-fail-to-sign",
    ),
    pytest.param(
        "es",
        "El Arsenal estudia a Kai Brennan y a Marco Lenz como alternativas a Luka Novak.",
        {NOVAK},
        id="es-alternativas-a",
    ),
    pytest.param(
        "de",
        "Arsenal denkt an Kai Brennan oder Marco Lenz statt Luka Novak.",
        {NOVAK},
        id="de-statt",
    ),
    pytest.param(
        "en",
        "Arsenal have Kai Brennan, Luka Novak and Marco Lenz on a list of alternatives.",
        {NOVAK, "Marco Lenz"},
        id="neg-en-no-one-stood-in-for",
    ),
    pytest.param(
        "fr",
        "Arsenal a coché Kai Brennan, Luka Novak et Marco Lenz comme options.",
        {NOVAK, "Marco Lenz"},
        id="neg-fr-no-one-stood-in-for",
    ),
]


@pytest.mark.parametrize(("lang", "text", "related"), STOOD_IN_FOR)
def test_alternatives_pair_with_the_one_they_stand_in_for(
    lang: str, text: str, related: set[str]
) -> None:
    claims = extract_claims(article(text, lang=lang), PAIR_GAZETTEER)
    mine = [c for c in claims if c.player == BRENNAN and c.kind.value == "alternative_target"]
    assert {c.related_player for c in mine} == related


# A relative clause right after a player ("X, whose deal ends in 2026", "il cui contratto",
# "cujo contrato") states something about him alone, never about another player of the sentence.
# Rows: (lang, text, player who must have the contract claim, player who must not).
RELATIVE_OF = [
    pytest.param(
        "en",
        "Arsenal are tracking Luka Novak and Kai Brennan, whose contract at Liverpool expires in "
        "2026.",
        BRENNAN,
        NOVAK,
        id="en-whose",
    ),
    pytest.param(
        "it",
        "L'Arsenal segue Luka Novak e Kai Brennan, il cui contratto con il Liverpool scade nel "
        "2026.",
        BRENNAN,
        NOVAK,
        id="it-il-cui",
    ),
    pytest.param(
        "pt",
        "O Arsenal segue Luka Novak e Kai Brennan, cujo contrato com o Liverpool termina em 2026.",
        BRENNAN,
        NOVAK,
        id="pt-cujo",
    ),
    pytest.param(
        "en",
        "Arsenal are tracking Kai Brennan and Luka Novak, whose contract at Liverpool expires in "
        "2026.",
        NOVAK,
        BRENNAN,
        id="en-whose-the-other-way-round",
    ),
]


@pytest.mark.parametrize(("lang", "text", "his", "not_his"), RELATIVE_OF)
def test_a_relative_clause_is_the_player_it_follows(
    lang: str, text: str, his: str, not_his: str
) -> None:
    claims = extract_claims(article(text, lang=lang), PAIR_GAZETTEER)
    contract = {c.player for c in claims if c.kind.value == "contract"}
    assert his in contract
    assert not_his not in contract

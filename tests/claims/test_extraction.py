"""Claim extraction: kinds per language, negation, hedging, fees, windows, attribution, players.

Sentences are our own, written in the style of real reports (not copied from the eval files).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.claims import extract_claims, known_player_names, read_article
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.model import Article, ClaimKind, Player
from tests.claims.support import article, kinds, small_gazetteer

K = ClaimKind

# One row per kind per language; the player is always named so the row isolates the cue.
KIND_ROWS = [
    # English
    pytest.param(
        "en", "Real Madrid are keen on Liverpool's Kai Brennan.", K.INTEREST, id="en-interest"
    ),
    pytest.param(
        "en",
        "Real Madrid approached Liverpool about Kai Brennan on Tuesday.",
        K.APPROACH,
        id="en-approach",
    ),
    pytest.param(
        "en",
        "Real Madrid have opened talks with Liverpool over Kai Brennan.",
        K.TALKS,
        id="en-talks",
    ),
    pytest.param("en", "Real Madrid have lodged a formal bid for Kai Brennan.", K.BID, id="en-bid"),
    pytest.param(
        "en",
        "Liverpool rejected Real Madrid's approach for Kai Brennan.",
        K.BID_REJECTED,
        id="en-rejected",
    ),
    pytest.param(
        "en",
        "Kai Brennan has agreed personal terms with Real Madrid.",
        K.PERSONAL_TERMS,
        id="en-terms",
    ),
    pytest.param(
        "en",
        "Real Madrid and Liverpool have reached an agreement for Kai Brennan.",
        K.AGREEMENT,
        id="en-agreement",
    ),
    pytest.param("en", "Kai Brennan to Real Madrid, here we go!", K.HERE_WE_GO, id="en-hwg"),
    pytest.param(
        "en",
        "Kai Brennan will undergo his medical with Real Madrid on Friday.",
        K.MEDICAL,
        id="en-medical",
    ),
    pytest.param(
        "en", "Real Madrid have announced the signing of Kai Brennan.", K.OFFICIAL, id="en-official"
    ),
    pytest.param(
        "en", "Kai Brennan's contract at Liverpool expires in June.", K.CONTRACT, id="en-contract"
    ),
    pytest.param(
        "en", "Kai Brennan has signed a new deal at Liverpool.", K.RENEWAL, id="en-renewal"
    ),
    pytest.param(
        "en", "Real Madrid denied any agreement with Kai Brennan.", K.DENIAL, id="en-denial"
    ),
    pytest.param(
        "en",
        "Talks between Real Madrid and Liverpool for Kai Brennan have collapsed.",
        K.COLLAPSE,
        id="en-collapse",
    ),
    pytest.param(
        "en",
        "Carlo Ancelotti is pushing for the signing of Kai Brennan.",
        K.ADVOCATE,
        id="en-advocate",
    ),
    pytest.param(
        "en",
        "Real Madrid want Kai Brennan on loan until the end of the season.",
        K.LOAN,
        id="en-loan",
    ),
    # Spanish
    pytest.param(
        "es",
        "El Real Madrid está interesado en Kai Brennan, del Liverpool.",
        K.INTEREST,
        id="es-interest",
    ),
    pytest.param(
        "es",
        "El Real Madrid ha hecho un sondeo al Liverpool por Kai Brennan.",
        K.APPROACH,
        id="es-approach",
    ),
    pytest.param("es", "El Real Madrid prepara una oferta por Kai Brennan.", K.BID, id="es-bid"),
    pytest.param(
        "es",
        "El Liverpool rechaza la propuesta del Real Madrid por Kai Brennan.",
        K.BID_REJECTED,
        id="es-rejected",
    ),
    pytest.param(
        "es",
        "Kai Brennan tiene un acuerdo verbal con el Real Madrid.",
        K.AGREEMENT,
        id="es-agreement",
    ),
    pytest.param(
        "es", "Kai Brennan pasará el reconocimiento médico el jueves.", K.MEDICAL, id="es-medical"
    ),
    pytest.param(
        "es",
        "Es oficial: Kai Brennan, nuevo jugador del Real Madrid.",
        K.OFFICIAL,
        id="es-official",
    ),
    pytest.param(
        "es",
        "El Real Madrid desmiente cualquier acuerdo con Kai Brennan.",
        K.DENIAL,
        id="es-denial",
    ),
    # Italian
    pytest.param(
        "it", "Il Real Madrid ha avviato una trattativa per Kai Brennan.", K.TALKS, id="it-talks"
    ),
    pytest.param(
        "it", "Il Real Madrid ha presentato un'offerta per Kai Brennan.", K.BID, id="it-bid"
    ),
    pytest.param(
        "it", "Kai Brennan svolgerà domani le visite mediche.", K.MEDICAL, id="it-medical"
    ),
    pytest.param(
        "it", "È ufficiale: Kai Brennan firma con il Real Madrid.", K.OFFICIAL, id="it-official"
    ),
    pytest.param(
        "it",
        "Il Liverpool ha respinto l'offerta per Kai Brennan.",
        K.BID_REJECTED,
        id="it-rejected",
    ),
    # German
    pytest.param(
        "de", "Real Madrid zeigt großes Interesse an Kai Brennan.", K.INTEREST, id="de-interest"
    ),
    pytest.param(
        "de", "Real Madrid hat ein Angebot für Kai Brennan abgegeben.", K.BID, id="de-bid"
    ),
    pytest.param(
        "de",
        "Liverpool hat das Angebot für Kai Brennan abgelehnt.",
        K.BID_REJECTED,
        id="de-rejected",
    ),
    pytest.param(
        "de", "Kai Brennan absolviert am Montag den Medizincheck.", K.MEDICAL, id="de-medical"
    ),
    pytest.param("de", "Der Wechsel von Kai Brennan ist offiziell.", K.OFFICIAL, id="de-official"),
    # Portuguese
    pytest.param("pt", "O Real Madrid fez uma proposta por Kai Brennan.", K.BID, id="pt-bid"),
    pytest.param(
        "pt", "O Liverpool recusa a proposta por Kai Brennan.", K.BID_REJECTED, id="pt-rejected"
    ),
    pytest.param(
        "pt",
        "Há acordo entre o Real Madrid e o Liverpool por Kai Brennan.",
        K.AGREEMENT,
        id="pt-agreement",
    ),
    pytest.param("pt", "Kai Brennan fará exames médicos amanhã.", K.MEDICAL, id="pt-medical"),
    pytest.param(
        "pt", "Kai Brennan é oficialmente reforço do Real Madrid.", K.OFFICIAL, id="pt-official"
    ),
    # French
    pytest.param("fr", "Le Real Madrid a formulé une offre pour Kai Brennan.", K.BID, id="fr-bid"),
    pytest.param(
        "fr",
        "Liverpool a refusé l'offre du Real Madrid pour Kai Brennan.",
        K.BID_REJECTED,
        id="fr-rejected",
    ),
    pytest.param(
        "fr",
        "Un accord a été trouvé entre le Real Madrid et Liverpool pour Kai Brennan.",
        K.AGREEMENT,
        id="fr-agreement",
    ),
    pytest.param("fr", "Kai Brennan passera sa visite médicale lundi.", K.MEDICAL, id="fr-medical"),
    pytest.param(
        "fr", "C'est officiel, Kai Brennan rejoint le Real Madrid.", K.OFFICIAL, id="fr-official"
    ),
]


@pytest.mark.parametrize(("lang", "text", "kind"), KIND_ROWS)
def test_kind_per_language(lang: str, text: str, kind: ClaimKind) -> None:
    assert kind in kinds(extract_claims(article(text, lang), small_gazetteer()))


@pytest.mark.parametrize(
    ("text", "kind", "polarity"),
    [
        pytest.param(
            "Liverpool insist Kai Brennan is not for sale.", K.BID_REJECTED, True, id="not-for-sale"
        ),
        # a negated agreement is a denial, not an agreement
        pytest.param(
            "There is no agreement between Real Madrid and Kai Brennan.",
            K.DENIAL,
            True,
            id="no-agreement",
        ),
        pytest.param(
            "Real Madrid have made no formal offer for Kai Brennan.", K.BID, False, id="no-offer"
        ),
        # "no concrete negotiation": talks with polarity False, not a new stage
        pytest.param(
            "There is no concrete negotiation for Kai Brennan in January.",
            K.TALKS,
            False,
            id="no-negotiation",
        ),
    ],
)
def test_negation(text: str, kind: ClaimKind, polarity: bool) -> None:
    claims = [c for c in extract_claims(article(text), small_gazetteer()) if c.kind is kind]
    assert claims and claims[0].polarity is polarity


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        pytest.param("Real Madrid could make a bid for Kai Brennan.", True, id="could"),
        pytest.param("Real Madrid are set to bid for Kai Brennan.", True, id="set-to"),
        pytest.param("Real Madrid have made a bid for Kai Brennan.", False, id="plain"),
    ],
)
def test_hedging(text: str, hedged: bool) -> None:
    claims = [c for c in extract_claims(article(text), small_gazetteer()) if c.kind is K.BID]
    assert claims and claims[0].hedged is hedged


@pytest.mark.parametrize(
    ("text", "lang", "source", "tier"),
    [
        pytest.param(
            "Fabrizio Romano reports that Real Madrid approached Liverpool for Kai Brennan.",
            "en",
            "Fabrizio Romano",
            1,
            id="x-reports",
        ),
        pytest.param(
            "Real Madrid approached Liverpool for Kai Brennan, Paul Joyce reported for The Times.",
            "en",
            "Paul Joyce",
            1,
            id="reported-for",
        ),
        pytest.param(
            "According to Marca, Real Madrid approached Liverpool for Kai Brennan.",
            "en",
            "Marca",
            2,
            id="according-to",
        ),
        pytest.param(
            "Según Relevo, el Real Madrid ha hecho un sondeo por Kai Brennan.",
            "es",
            "Relevo",
            2,
            id="segun",
        ),
        pytest.param(
            "Secondo Sky Italia il Real Madrid ha fatto un'offerta per Kai Brennan.",
            "it",
            "Sky Italia",
            1,
            id="secondo",
        ),
        pytest.param(
            "Laut Bild hat Real Madrid ein Angebot für Kai Brennan abgegeben.",
            "de",
            "Bild",
            2,
            id="laut",
        ),
        pytest.param(
            "Segundo o Record, o Real Madrid fez uma proposta por Kai Brennan.",
            "pt",
            "Record",
            2,
            id="segundo",
        ),
        pytest.param(
            "Selon L'Équipe, le Real Madrid a formulé une offre pour Kai Brennan.",
            "fr",
            "L'Équipe",
            1,
            id="selon",
        ),
        # unattributed on a fan blog: the outlet itself, tier 3
        pytest.param(
            "Real Madrid approached Liverpool for Kai Brennan.",
            "en",
            "Fan Blog",
            3,
            id="unattributed",
        ),
        # a club on the record
        pytest.param(
            "Real Madrid have officially announced the signing of Kai Brennan.",
            "en",
            "Real Madrid",
            0,
            id="club-statement",
        ),
    ],
)
def test_attribution(text: str, lang: str, source: str, tier: int) -> None:
    claims = extract_claims(article(text, lang), small_gazetteer())
    assert claims
    assert {(c.source.name, c.source.tier) for c in claims if c.source} == {(source, tier)}
    assert all(c.carrier == "Fan Blog" for c in claims)


def test_headline_prefix_and_rewrite_outlet() -> None:
    a = article("Real Madrid approached Liverpool for Kai Brennan.", title="Relevo: Brennan latest")
    assert {c.source.name for c in extract_claims(a, small_gazetteer()) if c.source} == {"Relevo"}
    b = article("Real Madrid approached Liverpool for Kai Brennan.", outlet="Kursio (ESPN rewrite)")
    assert {c.source.name for c in extract_claims(b, small_gazetteer()) if c.source} == {"ESPN"}


def test_clubs_and_roles_from_possessive() -> None:
    claims = extract_claims(
        article("Real Madrid have approached Liverpool's Kai Brennan."), small_gazetteer()
    )
    c = next(c for c in claims if c.kind is K.APPROACH)
    assert (c.buyer, c.seller, c.clubs) == (
        "Real Madrid",
        "Liverpool",
        ("Real Madrid", "Liverpool"),
    )


def test_ambiguous_nickname_left_unresolved() -> None:
    # "United" could be Manchester United or Newcastle United, and both are named: no guess.
    text = (
        "Manchester United and Newcastle United are tracking Luka Novak. "
        "United have made an offer for Luka Novak."
    )
    claims = [c for c in extract_claims(article(text), small_gazetteer()) if c.kind is K.BID]
    assert claims and all(c.buyer is None for c in claims)


def test_nickname_resolved_when_one_candidate_named() -> None:
    text = "Real Madrid are tracking Liverpool's Kai Brennan. The Reds have rejected the approach."
    claims = extract_claims(article(text), small_gazetteer())
    rejected = next(c for c in claims if c.kind is K.BID_REJECTED)
    assert rejected.seller == "Liverpool"


@pytest.mark.parametrize(
    ("second", "resolved"),
    [
        pytest.param(
            "Real Madrid have made a bid for the England international.", True, id="nationality-ok"
        ),
        pytest.param("Real Madrid have made a bid for the right-back.", True, id="position-ok"),
        # his attributes say right-back: "the striker" is someone else
        pytest.param("Real Madrid have made a bid for the striker.", False, id="position-mismatch"),
        pytest.param("Real Madrid have made a bid for him.", True, id="pronoun"),
    ],
)
def test_descriptors(second: str, resolved: bool) -> None:
    text = f"Kai Brennan has been outstanding for Liverpool this season. {second}"
    claims = extract_claims(article(text), small_gazetteer())
    assert (K.BID in kinds(claims)) is resolved


def test_first_name_only_after_full_name() -> None:
    text = "Kai Brennan played well for Liverpool. Real Madrid have made a bid for Kai."
    assert K.BID in kinds(extract_claims(article(text), small_gazetteer()))


def test_alternative_target_both_followed() -> None:
    text = (
        "Real Madrid are chasing Liverpool's Kai Brennan. "
        "Kai Brennan is not the only name on Real Madrid's list: Manchester United's "
        "Tomás Ferreira is an alternative."
    )
    claims = extract_claims(article(text), small_gazetteer())
    alt = {(c.player, c.related_player) for c in claims if c.kind is K.ALTERNATIVE_TARGET}
    assert ("Tomás Ferreira", "Kai Brennan") in alt
    assert ("Kai Brennan", "Tomás Ferreira") in alt


def test_alternative_nobody_follows() -> None:
    text = "Real Madrid want Kai Brennan, with Pedro Alvarez and Jonas Weber as plan B."
    claims = extract_claims(article(text), small_gazetteer())
    related = {c.related_player for c in claims if c.kind is K.ALTERNATIVE_TARGET}
    assert {"Pedro Alvarez", "Jonas Weber"} <= related


def test_injury_distractor_yields_nothing() -> None:
    text = (
        "Kai Brennan limped off with a hamstring problem in Liverpool's win on Sunday. "
        "The head coach said it was too early to judge how long he will be out."
    )
    assert extract_claims(article(text), small_gazetteer()) == []


def test_unfollowed_player_claims_ignored_but_known() -> None:
    text = "Real Madrid have made a bid for Liverpool's Marco Rinaldi."
    a = article(text)
    assert extract_claims(a, small_gazetteer()) == []
    assert "Marco Rinaldi" in known_player_names(a, small_gazetteer())


def test_dedup_keeps_one_claim_per_named_source() -> None:
    """The same fact twice from one source is one claim; from two named sources, two (the
    article reports who said it: Marca's and Romano's reports are both on the saga)."""
    text = (
        "Real Madrid approached Liverpool for Kai Brennan, Marca says. "
        "Fabrizio Romano reports that Real Madrid approached Liverpool for Kai Brennan. "
        "Real Madrid approached Liverpool for Kai Brennan again, Romano adds."
    )
    approaches = [
        c for c in extract_claims(article(text), small_gazetteer()) if c.kind is K.APPROACH
    ]
    assert sorted(c.source.name for c in approaches if c.source) == ["Fabrizio Romano", "Marca"]


def test_dedup_prefers_a_named_source_over_the_carrier() -> None:
    text = (
        "Real Madrid approached Liverpool for Kai Brennan. "
        "Fabrizio Romano reports that Real Madrid approached Liverpool for Kai Brennan."
    )
    approaches = [
        c for c in extract_claims(article(text), small_gazetteer()) if c.kind is K.APPROACH
    ]
    assert [c.source.name for c in approaches if c.source] == ["Fabrizio Romano"]


def test_read_article_is_both_readings_at_once() -> None:
    """The service reads an article once: the pair equals the two separate calls."""
    gazetteer = Gazetteer.default().with_players(
        [Player(id=1, name="Kai Brennan", aliases=("Kai Brennan", "Brennan"), followed=True)]
    )
    article = Article(
        key="k",
        title="Arsenal bid for Kai Brennan",
        summary="Arsenal have made a £40m bid for Kai Brennan and also want Marco Rinaldi.",
        published=datetime(2025, 1, 2, tzinfo=UTC),
        outlet="The Times",
        lang="en",
    )
    claims, known = read_article(article, gazetteer)
    assert claims == extract_claims(article, gazetteer) and claims
    assert known == known_player_names(article, gazetteer)

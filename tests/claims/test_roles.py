"""Round 2 of the claim engine: club roles, clause scope, colour/background, attribution."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.model import Claim, ClaimKind, Player
from bot.names import derive_aliases
from tests.claims.support import CLUBS, PLAYERS, SOURCES, article, small_gazetteer

K = ClaimKind
BRENNAN = "Kai Brennan"


def _about(claims: list[Claim], kind: ClaimKind) -> list[Claim]:
    return [c for c in claims if c.player == BRENNAN and c.kind is kind]


@pytest.mark.parametrize(
    ("lang", "text", "kind", "buyer", "seller"),
    [
        pytest.param(
            "en",
            "Arsenal have made an offer for Leipzig striker Kai Brennan.",
            K.BID,
            "Arsenal",
            "RB Leipzig",
            id="en-club-position-player",
        ),
        # the own club, named first as the subject, is never the buyer
        pytest.param(
            "en",
            "Dortmund want to keep Kai Brennan, but Arsenal are interested in him.",
            K.INTEREST,
            "Arsenal",
            "Borussia Dortmund",
            id="en-own-club-wants-to-keep",
        ),
        pytest.param(
            "en",
            "Kai Brennan (Leipzig) is a target for Arsenal.",
            K.INTEREST,
            "Arsenal",
            "RB Leipzig",
            id="en-bracketed-club",
        ),
        pytest.param(
            "en",
            "Leipzig rejected an approach from Arsenal for Kai Brennan.",
            K.BID_REJECTED,
            "Arsenal",
            "RB Leipzig",
            id="en-rejecting-club-sells",
        ),
        pytest.param(
            "it",
            "L'Arsenal ha presentato un'offerta per il difensore del Dortmund Kai Brennan.",
            K.BID,
            "Arsenal",
            "Borussia Dortmund",
            id="it-difensore-del",
        ),
        pytest.param(
            "de",
            "Arsenal hat ein Angebot für den Leipzig-Stürmer Kai Brennan abgegeben.",
            K.BID,
            "Arsenal",
            "RB Leipzig",
            id="de-club-hyphen-position",
        ),
        pytest.param(
            "fr",
            "Arsenal a formulé une offre pour le défenseur du Borussia Dortmund Kai Brennan.",
            K.BID,
            "Arsenal",
            "Borussia Dortmund",
            id="fr-defenseur-du",
        ),
        pytest.param(
            "pt",
            "O Arsenal fez uma proposta pelo lateral do Leipzig Kai Brennan.",
            K.BID,
            "Arsenal",
            "RB Leipzig",
            id="pt-lateral-do",
        ),
        pytest.param(
            "es",
            "El Arsenal presentó una oferta por el lateral del Dortmund Kai Brennan.",
            K.BID,
            "Arsenal",
            "Borussia Dortmund",
            id="es-lateral-del",
        ),
    ],
)
def test_roles(lang: str, text: str, kind: ClaimKind, buyer: str, seller: str) -> None:
    claims = _about(extract_claims(article(text, lang=lang), small_gazetteer()), kind)
    assert claims, [
        (c.kind, c.buyer, c.seller)
        for c in extract_claims(article(text, lang=lang), small_gazetteer())
    ]
    assert (claims[0].buyer, claims[0].seller) == (buyer, seller)


def test_player_attribute_club_is_the_seller() -> None:
    player = Player(
        id=9,
        name=BRENNAN,
        aliases=derive_aliases(BRENNAN),
        followed=True,
        attributes={"club": "Borussia Dortmund"},
    )
    g = Gazetteer.from_data(CLUBS, SOURCES).with_players([player])
    text = "Arsenal and Dortmund are in talks over Kai Brennan."
    claims = _about(extract_claims(article(text), g), K.TALKS)
    assert [(c.buyer, c.seller) for c in claims] == [("Arsenal", "Borussia Dortmund")]


@pytest.mark.parametrize(
    "text",
    [
        # a club in another clause of a match report is no buyer, and "asked to be
        # substituted" is no approach
        pytest.param(
            "Kai Brennan asked to be substituted during Liverpool's win at Arsenal.",
            id="match-report",
        ),
        pytest.param(
            "Asked about Arsenal's links with Kai Brennan at his press conference, the coach "
            "would not be drawn.",
            id="press-room",
        ),
        pytest.param(
            "Dortmund had signed Kai Brennan from Leipzig for €20m in 2019.", id="old-transfer"
        ),
    ],
)
def test_no_claims_from_colour_or_background(text: str) -> None:
    assert extract_claims(article(text), small_gazetteer()) == []


def test_clubs_come_from_the_cue_clause() -> None:
    text = "Arsenal are interested in Kai Brennan, while Liverpool beat Real Madrid on Sunday."
    claims = _about(extract_claims(article(text), small_gazetteer()), K.INTEREST)
    assert [c.buyer for c in claims] == ["Arsenal"]


def test_window_only_from_the_clause_and_not_a_contract_term() -> None:
    text = "Arsenal have agreed personal terms with Kai Brennan on a deal until June 2030."
    claims = _about(extract_claims(article(text), small_gazetteer()), K.PERSONAL_TERMS)
    assert claims and all(c.window is None for c in claims)


def test_league_is_not_a_source_unless_it_announces() -> None:
    sources = {
        "source": [*SOURCES["source"], {"name": "Premier League", "kind": "league", "tier": 0}]
    }
    g = Gazetteer.from_data(CLUBS, sources).with_players(PLAYERS)
    text = "Arsenal, topping the Premier League, have made an offer for Kai Brennan."
    claims = _about(extract_claims(article(text, outlet="Fan Blog"), g), K.BID)
    assert claims and claims[0].source is not None and claims[0].source.name == "Fan Blog"


@pytest.mark.parametrize(
    ("outlet", "source"),
    [
        pytest.param("Sportblatt (Bild)", "Bild", id="bracket-original"),
        pytest.param("Kursio (ESPN rewrite)", "ESPN", id="bracket-rewrite"),
    ],
)
def test_bracketed_outlet_credits_the_original(outlet: str, source: str) -> None:
    text = "Arsenal have made an offer for Kai Brennan."
    claims = _about(extract_claims(article(text, outlet=outlet), small_gazetteer()), K.BID)
    assert claims and claims[0].source is not None and claims[0].source.name == source
    assert claims[0].carrier == outlet


def test_quote_paragraph_continues_the_speaker_and_prose_does_not() -> None:
    text = (
        "Fabrizio Romano says Arsenal are keen on Kai Brennan.\n\n"
        "“Arsenal have made an offer for him. They have also agreed personal terms with him.”\n\n"
        "Liverpool have also made an approach for Kai Brennan."
    )
    claims = extract_claims(article(text), small_gazetteer())
    by_kind = {c.kind: c.source.name for c in claims if c.source and c.player == BRENNAN}
    assert by_kind[K.BID] == "Fabrizio Romano"
    assert by_kind[K.PERSONAL_TERMS] == "Fabrizio Romano"
    assert by_kind[K.APPROACH] == "Fan Blog"

"""Claims carry their evidence (issue 12): the cue, how the player and each club were tied to it,
and a confidence that is the product of those ties (``bot.claims.sentence_claims.support``).

Our own sentences, in several languages; rows where the tie is the text's own (confidence 1.0)
and rows where it is a reading of ours (a player carried from the sentence before, a second
player in the sentence), which must score lower."""

from __future__ import annotations

import pytest

from bot.claims import extract_claims
from bot.model import Claim, ClaimKind
from tests.claims.support import article, small_gazetteer

GAZETTEER = small_gazetteer()


def _one(text: str, lang: str, kind: ClaimKind, player: str = "Kai Brennan") -> Claim:
    claims = [
        c
        for c in extract_claims(article(text, lang=lang), GAZETTEER)
        if c.kind is kind and c.player == player
    ]
    assert claims, extract_claims(article(text, lang=lang), GAZETTEER)
    return claims[0]


@pytest.mark.parametrize(
    ("lang", "text", "kind"),
    [
        ("en", "Arsenal have made a €40m bid for Kai Brennan.", ClaimKind.BID),
        ("es", "El Arsenal ha presentado una oferta por Kai Brennan.", ClaimKind.BID),
        ("de", "Arsenal hat ein Angebot für Kai Brennan abgegeben.", ClaimKind.BID),
    ],
)
def test_a_name_and_a_club_in_the_cue_clause_are_the_text_s_own_tie(
    lang: str, text: str, kind: ClaimKind
) -> None:
    claim = _one(text, lang, kind)
    assert claim.confidence == 1.0
    assert "player=clause" in claim.evidence
    assert "buyer=Arsenal:clause" in claim.evidence
    assert claim.evidence.startswith("cue=")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "Kai Brennan is wanted by Arsenal. Arsenal have now made a formal bid of €40m.",
        ),
        (
            "fr",
            "Kai Brennan intéresse Arsenal. Arsenal a déjà formulé une offre de 40 M€.",
        ),
    ],
)
def test_a_player_carried_from_the_sentence_before_is_a_weaker_tie(lang: str, text: str) -> None:
    claim = _one(text, lang, ClaimKind.BID)
    assert "player=carried" in claim.evidence
    assert claim.confidence < 1.0


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Arsenal have made a bid for Kai Brennan and are also watching Luka Novak."),
        ("it", "L'Arsenal ha fatto un'offerta per Kai Brennan e segue anche Luka Novak."),
    ],
)
def test_a_second_player_in_the_sentence_lowers_the_tie(lang: str, text: str) -> None:
    claim = _one(text, lang, ClaimKind.BID)
    assert "shared" in claim.evidence
    assert claim.confidence < 1.0


def test_the_fee_cue_is_the_figure_as_written() -> None:
    claim = _one("Arsenal have made a €40m bid for Kai Brennan.", "en", ClaimKind.BID)
    fee_claims = [c for c in [claim] if c.fee is not None]
    assert fee_claims
    assert "cue=€40m" in fee_claims[0].evidence

"""A player's own stated intent (issue 12): the kind ``intent`` the labels called ``other`` — he
wants to leave, to join a club, has asked to go. Our own sentences in six languages, rows where
it must fire and rows where it must not (a club's wish, a negated wish, a player who is not the
subject), and the clubs it names: the club he leaves is his, the one he wants to join the
buyer, never the article's suitor when the sentence names none."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.claims import extract_claims
from bot.model import ClaimKind, EventKind, Player
from bot.names import derive_aliases
from bot.novelty import judge
from bot.summaries import headline
from tests.claims.support import article, small_gazetteer
from tests.test_novelty import NOW, claim, history_of

GAZETTEER = small_gazetteer()
BRENNAN = "Kai Brennan"

# (lang, text, buyer, seller) of the one intent claim the sentence must give
STATED = [
    pytest.param(
        "en", "Kai Brennan wants to join Arsenal this summer.", "Arsenal", None, id="en-join"
    ),
    pytest.param(
        "en", "Kai Brennan has told Liverpool he wants to leave.", None, "Liverpool", id="en-told"
    ),
    pytest.param(
        "es",
        "Kai Brennan quiere salir del Liverpool este verano.",
        None,
        "Liverpool",
        id="es-salir",
    ),
    pytest.param("fr", "Kai Brennan veut rejoindre Arsenal.", "Arsenal", None, id="fr-rejoindre"),
    pytest.param(
        "fr",
        "Kai Brennan a confirmé qu'il quittera Liverpool à la fin de la saison.",
        None,
        "Liverpool",
        id="fr-confirme-qu-il-quittera",
    ),
    pytest.param(
        "de", "Kai Brennan will Dortmund verlassen.", None, "Borussia Dortmund", id="de-verlassen"
    ),
    pytest.param(
        "it",
        "Kai Brennan ha chiesto la cessione al Liverpool.",
        None,
        "Liverpool",
        id="it-cessione",
    ),
    pytest.param("pt", "Kai Brennan quer sair do Liverpool.", None, "Liverpool", id="pt-sair"),
]


@pytest.mark.parametrize(("lang", "text", "buyer", "seller"), STATED)
def test_a_player_s_own_wish_is_an_intent(
    lang: str, text: str, buyer: str | None, seller: str | None
) -> None:
    claims = [
        c for c in extract_claims(article(text, lang=lang), GAZETTEER) if c.kind is ClaimKind.INTENT
    ]
    assert [(c.player, c.buyer, c.seller, c.polarity) for c in claims] == [
        (BRENNAN, buyer, seller, True)
    ]


NOT_HIS = [
    pytest.param("en", "Arsenal want to move quickly for Kai Brennan.", id="en-club-wants"),
    pytest.param("en", "Kai Brennan does not want to leave Liverpool.", id="en-negated"),
    pytest.param(
        "en", "Liverpool say Kai Brennan has given no sign he wants to leave.", id="en-no-sign"
    ),
    pytest.param("es", "El Arsenal quiere fichar por fin a Kai Brennan.", id="es-club-quiere"),
    pytest.param("de", "Dortmund will Kai Brennan unbedingt halten.", id="de-club-will"),
    pytest.param("fr", "Arsenal veut rejoindre la course pour Kai Brennan.", id="fr-club-veut"),
    pytest.param(
        "it", "Il Liverpool vuole andare fino in fondo con Kai Brennan.", id="it-club-vuole"
    ),
]


@pytest.mark.parametrize(("lang", "text"), NOT_HIS)
def test_no_intent_when_the_player_is_not_the_one_who_wants(lang: str, text: str) -> None:
    kinds = {c.kind for c in extract_claims(article(text, lang=lang), GAZETTEER)}
    assert ClaimKind.INTENT not in kinds


def test_the_intent_takes_no_buyer_from_the_rest_of_the_article() -> None:
    text = (
        "Arsenal have made an offer for Kai Brennan. Arsenal are keen. "
        "Kai Brennan has decided to leave Liverpool at the end of the season."
    )
    intents = [c for c in extract_claims(article(text), GAZETTEER) if c.kind is ClaimKind.INTENT]
    assert [(c.buyer, c.seller) for c in intents] == [(None, "Liverpool")]


def test_an_intent_is_context_once_and_no_news_once_his_terms_are_agreed() -> None:
    intent = claim(ClaimKind.INTENT, buyer="Real Madrid", seller="Liverpool")
    first = judge(intent, history_of((claim(ClaimKind.BID), NOW - timedelta(days=2))), NOW)
    assert first is not None and first.kind is EventKind.CONTEXT
    again = history_of(
        (claim(ClaimKind.BID), NOW - timedelta(days=2)), (intent, NOW - timedelta(days=1))
    )
    assert judge(intent, again, NOW) is None
    agreed = history_of((claim(ClaimKind.PERSONAL_TERMS), NOW - timedelta(days=1)))
    assert judge(intent, agreed, NOW) is None
    hedged = claim(ClaimKind.INTENT, hedged=True)
    assert judge(hedged, history_of((claim(ClaimKind.BID), NOW - timedelta(days=2))), NOW) is None


# A meeting at his own club (the only club the sentence names, none in the cue's clause) is no
# suitor's talks; talks with a club named are.
OWN_CLUB_MEETING = [
    pytest.param(
        "fr",
        "Kai Brennan veut quitter le Liverpool FC ; il l'a dit à son entraîneur lors d'une "
        "réunion.",
        False,
        id="fr-reunion-at-his-club",
    ),
    pytest.param(
        "es",
        "Kai Brennan quiere salir del Liverpool; se lo explicó a su entrenador en una reunión.",
        False,
        id="es-reunion-at-his-club",
    ),
    pytest.param(
        "fr",
        "Arsenal veut Kai Brennan et a eu une réunion avec le Liverpool FC.",
        True,
        id="fr-reunion-between-clubs-fires",
    ),
    pytest.param(
        "es",
        "El Arsenal quiere a Kai Brennan y mantuvo una reunión con el Liverpool.",
        True,
        id="es-reunion-between-clubs-fires",
    ),
]


@pytest.mark.parametrize(("lang", "text", "talks"), OWN_CLUB_MEETING)
def test_a_meeting_at_his_own_club_is_no_transfer_talks(lang: str, text: str, talks: bool) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    found = [c for c in claims if c.kind in (ClaimKind.TALKS, ClaimKind.APPROACH)]
    assert bool(found) is talks, claims


def test_an_intent_reads_as_the_player_s_wish() -> None:
    join = claim(ClaimKind.INTENT, buyer="Real Madrid", seller=None, clubs=("Real Madrid",))
    leave = claim(ClaimKind.INTENT, buyer=None, seller="Liverpool", clubs=("Liverpool",))
    assert headline(join) == "Trent Alexander-Arnold wants to join Real Madrid"
    assert headline(leave) == "Trent Alexander-Arnold wants to leave Liverpool"


def test_a_player_whose_name_holds_the_cue_word_is_still_read() -> None:
    """A followed player whose name ends in "Will", in German, where "will weg" is an intent
    cue: the name the cue overlaps is no subject before it, and reading does not fail."""
    will = Player(id=1, name="Jan Will", aliases=derive_aliases("Jan Will"), followed=True)
    claims = extract_claims(
        article("Jan Will weg aus Dortmund? Nein.", lang="de"), small_gazetteer([will])
    )
    assert ClaimKind.INTENT not in {c.kind for c in claims}

"""The window of a claim, when its own clause names none (``bot.claims.figures.window_for``).

Rules (each with rows where it must fire and rows where it must not):

* a window another clause of the same sentence names is the window of a deal's steps in the
  sentence (interest, approach, talks, bid, agreement, official …) — when the sentence names
  only one window, it is not over at publication, it is not a term ("until June 2027") and no
  semicolon stands between (a new statement);
* a club's own move on the player (approach, talks, bid, loan) in a sentence naming no window
  takes the one window the article talks of (its title's "January swoop"), unless the article
  names two, or only one already over ("joined last summer"), or only a term;
* interest, fees and contract terms never take the article's window: "Chelsea are keen" in a
  story about a January move is background as often as not;
* a window a contrast sets aside ("now rather than in the summer") is no window at all.

Sentences are our own; the player is fictional and the clubs come from the default gazetteer.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.claims import extract_claims
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.model import Article, Claim, ClaimKind, Player
from bot.names import derive_aliases

K = ClaimKind
BRENNAN = "Kai Brennan"
GAZETTEER = Gazetteer.default().with_players(
    [Player(id=1, name=BRENNAN, aliases=derive_aliases(BRENNAN), followed=True)]
)
DEC24 = datetime(2024, 12, 10, 9, tzinfo=UTC)
MAR25 = datetime(2025, 3, 10, 9, tzinfo=UTC)


def _claims(text: str, lang: str, published: datetime, title: str = "") -> list[Claim]:
    article = Article(
        key="k", title=title, summary=text, lang=lang, outlet="Fan Blog", published=published
    )
    return [c for c in extract_claims(article, GAZETTEER) if c.player == BRENNAN]


def _window(claims: list[Claim], kind: ClaimKind) -> str | None:
    found = [c for c in claims if c.kind is kind]
    assert found, (kind, [c.kind for c in claims])
    return found[0].window.key if found[0].window else None


# (lang, published, title, text, kind, window key)
SENTENCE_ROWS = [
    pytest.param(
        "en",
        DEC24,
        "",
        "Kai Brennan could leave Brighton in January, and Chelsea have already opened talks.",
        K.TALKS,
        "january-2025",
        id="en-window-in-first-clause",
    ),
    pytest.param(
        "en",
        MAR25,
        "",
        "Arsenal have made an approach for Kai Brennan, who could be available at the end of "
        "the season.",
        K.APPROACH,
        "summer-2025",
        id="en-window-in-relative-clause",
    ),
    pytest.param(
        "es",
        DEC24,
        "",
        "El Chelsea ha presentado una oferta por Kai Brennan, que quiere salir en enero.",
        K.BID,
        "january-2025",
        id="es-oferta-que-quiere-salir-en-enero",
    ),
    pytest.param(
        "de",
        MAR25,
        "",
        "Der FC Chelsea hat ein Angebot für Kai Brennan abgegeben, der im Sommer wechseln will.",
        K.BID,
        "summer-2025",
        id="de-angebot-der-im-sommer-wechseln-will",
    ),
    pytest.param(
        "fr",
        DEC24,
        "",
        "Chelsea a fait une offre pour Kai Brennan, qui veut partir en janvier.",
        K.BID,
        "january-2025",
        id="fr-offre-qui-veut-partir-en-janvier",
    ),
    pytest.param(
        "pt",
        DEC24,
        "",
        "O Chelsea fez uma proposta por Kai Brennan, que quer sair em janeiro.",
        K.BID,
        "january-2025",
        id="pt-proposta-que-quer-sair-em-janeiro",
    ),
    # must not fire
    pytest.param(
        "en",
        DEC24,
        "",
        "Chelsea have made an approach for Kai Brennan, whose contract runs until June 2027.",
        K.APPROACH,
        None,
        id="not-a-contract-term",
    ),
    pytest.param(
        "en",
        DEC24,
        "",
        "Chelsea want Kai Brennan in January, but Brighton would rather sell him in the summer, "
        "and talks have begun.",
        K.TALKS,
        None,
        id="not-when-two-windows-disagree",
    ),
    pytest.param(
        "en",
        MAR25,
        "",
        "His clause can be paid at the end of the season; Chelsea have now made an approach "
        "for Kai Brennan.",
        K.APPROACH,
        None,
        id="not-across-a-semicolon",
    ),
    pytest.param(
        "en",
        MAR25,
        "",
        "Kai Brennan joined Brighton last summer, and Chelsea have now made an approach.",
        K.APPROACH,
        None,
        id="not-a-window-already-over",
    ),
    pytest.param(
        "en",
        DEC24,
        "",
        "Chelsea have made an approach for Kai Brennan, hoping to sign him now rather than in "
        "the summer.",
        K.APPROACH,
        None,
        id="not-a-window-set-aside",
    ),
]

ARTICLE_ROWS = [
    pytest.param(
        "en",
        DEC24,
        "Chelsea plot January swoop for Brighton's Kai Brennan",
        "Chelsea have made a first approach for Kai Brennan. Brighton want £40m.",
        K.APPROACH,
        "january-2025",
        id="en-approach-takes-title-window",
    ),
    pytest.param(
        "en",
        DEC24,
        "Chelsea plot January swoop for Brighton's Kai Brennan",
        "Chelsea have made a £30m bid for Kai Brennan. Brighton want £40m.",
        K.BID,
        "january-2025",
        id="en-bid-takes-title-window",
    ),
    pytest.param(
        "it",
        MAR25,
        "Il Chelsea pensa a Kai Brennan per l'estate",
        "Il Chelsea ha fatto un'offerta per Kai Brennan. Il Brighton chiede 40 milioni.",
        K.BID,
        "summer-2025",
        id="it-offerta-takes-title-window",
    ),
    # must not fire
    pytest.param(
        "en",
        DEC24,
        "Chelsea plot January swoop for Brighton's Kai Brennan",
        "Chelsea have made a first approach for Kai Brennan. Arsenal are thinking of a summer "
        "move.",
        K.APPROACH,
        None,
        id="not-when-the-article-names-two-windows",
    ),
    pytest.param(
        "en",
        MAR25,
        "Kai Brennan joined Brighton last summer",
        "Chelsea have made a first approach for Kai Brennan.",
        K.APPROACH,
        None,
        id="not-an-article-window-already-over",
    ),
    pytest.param(
        "en",
        DEC24,
        "Kai Brennan's Brighton deal runs until June 2027",
        "Chelsea have made a first approach for Kai Brennan.",
        K.APPROACH,
        None,
        id="not-an-article-term",
    ),
    pytest.param(
        "en",
        DEC24,
        "Chelsea plot January swoop for Brighton's Kai Brennan",
        "Chelsea have made a first approach for Kai Brennan. Brighton want £40m.",
        K.FEE,
        None,
        id="not-for-a-fee",
    ),
    pytest.param(
        "en",
        DEC24,
        "Kai Brennan: Brighton open to offers in January",
        "Chelsea and Arsenal are interested in Kai Brennan.",
        K.INTEREST,
        None,
        id="not-for-interest",
    ),
]


@pytest.mark.parametrize(
    ("lang", "published", "title", "text", "kind", "key"), SENTENCE_ROWS + ARTICLE_ROWS
)
def test_window_of_a_claim(
    lang: str, published: datetime, title: str, text: str, kind: ClaimKind, key: str | None
) -> None:
    assert _window(_claims(text, lang, published, title), kind) == key

"""Descriptors resolve by the registry's facts: "the 26-year-old", "the England international",
"der 26-Jährige", "el internacional inglés", "le milieu néerlandais" name the one player of the
article they fit (his birth year, nationality, position), and nobody when two fit or when the
article has named no one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.claims import Gazetteer, extract_claims
from bot.claims.lexicon.gazetteer import track
from bot.ingest import Ingest
from bot.model import Article, Channel, Player
from bot.names import derive_aliases
from bot.players import default_registry, registry_players, with_facts
from bot.service import Service
from storage.store import SqlStore

PUBLISHED = datetime(2025, 6, 1, tzinfo=UTC)


def _player(name: str, nationality: str, position: str, born: int, player_id: int) -> Player:
    facts = {"nationality": nationality, "position": position, "born": str(born)}
    return Player(
        id=player_id, name=name, aliases=derive_aliases(name), followed=True, attributes=facts
    )


BRENNAN = _player("Luca Brennan", "England", "right-back", 1999, 1)  # 25 (or 26) in June 2025
VERMEER = _player("Jens Vermeer", "Netherlands", "midfielder", 2000, 2)  # 24 (or 25)
ASHBY = _player("Tom Ashby", "England", "striker", 1999, 3)  # 25 (or 26)

# the first two sentences name two players, Vermeer last (Ashby too, for the ambiguous rows)
NAMED = {
    "en": "{} is wanted by Liverpool. Ajax's Jens Vermeer has been outstanding. ",
    "de": "{} spielt eine starke Saison. Auch Jens Vermeer überzeugt bei Ajax. ",
    "es": "{} brilla en el Liverpool. Jens Vermeer también destaca en el Ajax. ",
    "fr": "{} brille à Liverpool. Jens Vermeer se distingue aussi à l'Ajax. ",
}
BOTH = {"en": "Luca Brennan and Tom Ashby", "de": "Luca Brennan und Tom Ashby"}
BOTH |= {"es": "Luca Brennan y Tom Ashby", "fr": "Luca Brennan et Tom Ashby"}


def _players(text: str, lang: str) -> set[str]:
    """The players of the article's bid-like claims (the sentences naming them state none)."""
    gazetteer = Gazetteer.default().with_players([BRENNAN, VERMEER, ASHBY])
    article = Article(
        key="k", title="", summary=text, published=PUBLISHED, outlet="The Athletic", lang=lang
    )
    return {c.player for c in extract_claims(article, gazetteer) if c.kind.value != "interest"}


@pytest.mark.parametrize(
    ("lang", "last", "expected"),
    [
        # one player of the article fits: he is meant, though not the last one named
        ("en", "Real Madrid have made a bid for the England international.", {"Luca Brennan"}),
        ("en", "Real Madrid have made a bid for the 26-year-old.", {"Luca Brennan"}),
        ("en", "Real Madrid have made a bid for the Dutch midfielder.", {"Jens Vermeer"}),
        (
            "de",
            "Der 26-Jährige soll bei Real Madrid einen Vertrag bis 2030 unterschreiben.",
            {"Luca Brennan"},
        ),
        (
            "de",
            "Der Engländer soll bei Real Madrid einen Vertrag bis 2030 unterschreiben.",
            {"Luca Brennan"},
        ),
        (
            "es",
            "El internacional inglés ha recibido una oferta del Real Madrid.",
            {"Luca Brennan"},
        ),
        (
            "es",
            "El Real Madrid ha presentado una oferta por el jugador de 26 años.",
            {"Luca Brennan"},
        ),
        (
            "es",
            "El centrocampista neerlandés ha recibido una oferta del Real Madrid.",
            {"Jens Vermeer"},
        ),
        ("fr", "Le milieu néerlandais a reçu une offre du Real Madrid.", {"Jens Vermeer"}),
        ("fr", "Le défenseur anglais a reçu une offre du Real Madrid.", {"Luca Brennan"}),
        ("fr", "L'Anglais a reçu une offre du Real Madrid.", {"Luca Brennan"}),
        ("en", "The Englishman has agreed personal terms with Real Madrid.", {"Luca Brennan"}),
        # a club's descriptor says nothing of a player: "ihn" is the last one named
        ("de", "Der englische Klub hat ein Angebot für ihn abgegeben.", {"Jens Vermeer"}),
        ("en", "The Spanish Federation has approved a bid for him.", {"Jens Vermeer"}),
        # both may be 25 by their birth years; on 1 June Brennan (1999) rather is, Vermeer
        # (2000) rather 24
        ("en", "Real Madrid have made a bid for the 25-year-old.", {"Luca Brennan"}),
        ("fr", "Le joueur de 25 ans a reçu une offre du Real Madrid.", {"Luca Brennan"}),
        # fits no one named: nobody (not the last one named)
        ("en", "Real Madrid have made a bid for the Brazilian striker.", set()),
        ("fr", "Le milieu brésilien a reçu une offre du Real Madrid.", set()),
        # a pronoun is still the last one named
        ("en", "Real Madrid have made a bid for him.", {"Jens Vermeer"}),
        ("fr", "Le Real Madrid a fait une offre pour lui.", {"Jens Vermeer"}),
    ],
)
def test_a_descriptor_names_the_one_player_it_fits(
    lang: str, last: str, expected: set[str]
) -> None:
    assert _players(NAMED[lang].format("Luca Brennan") + last, lang) == expected


@pytest.mark.parametrize(
    ("lang", "last"),
    [
        ("en", "Real Madrid have made a bid for the England international."),
        ("en", "Real Madrid have made a bid for the 25-year-old."),
        ("de", "Der 25-Jährige soll bei Real Madrid einen Vertrag bis 2030 unterschreiben."),
        ("de", "Der Engländer soll bei Real Madrid einen Vertrag bis 2030 unterschreiben."),
        ("es", "El internacional inglés ha recibido una oferta del Real Madrid."),
        ("es", "El Real Madrid ha presentado una oferta por el jugador de 26 años."),
        ("fr", "L'international anglais a reçu une offre du Real Madrid."),
        ("fr", "Le joueur de 25 ans a reçu une offre du Real Madrid."),
    ],
)
def test_two_players_it_fits_as_well_no_one_is_meant(lang: str, last: str) -> None:
    """Brennan and Ashby: both English, both born in 1999."""
    assert _players(NAMED[lang].format(BOTH[lang]) + last, lang) == set()
    # told apart by what else the descriptor says
    if lang == "en":
        text = (
            NAMED[lang].format(BOTH[lang]) + "Real Madrid have made a bid for the English striker."
        )
        assert _players(text, lang) == {"Tom Ashby"}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Real Madrid have made a bid for the England international."),
        ("en", "Real Madrid have made a bid for the 26-year-old."),
        ("de", "Der 26-Jährige soll bei Real Madrid einen Vertrag bis 2030 unterschreiben."),
        ("es", "El internacional inglés ha recibido una oferta del Real Madrid."),
        ("fr", "Le milieu néerlandais a reçu une offre du Real Madrid."),
    ],
)
def test_no_player_named_in_the_article_no_one_is_meant(lang: str, text: str) -> None:
    assert _players(text, lang) == set()


def test_a_clubs_descriptor_says_nothing_of_the_player() -> None:
    """ "The Spanish champions" is Real Madrid: no contradiction with an English player."""
    text = (
        "Luca Brennan is wanted by Real Madrid. The Spanish champions have made a bid for him, "
        "and the German club Bayern have made a bid for the England international too."
    )
    assert _players(text, "en") == {"Luca Brennan"}


def test_the_registry_gives_every_player_his_facts() -> None:
    registry = default_registry()
    saka = next(p for p in registry_players(registry) if p.name == "Bukayo Saka")
    assert saka.attributes == {"nationality": "England", "position": "winger", "born": "2001"}
    stored = Player(id=5, name="Bukayo Saka", attributes={"position": "right winger"})
    mine = Player(id=6, name="Zorvan Telmic")
    facts = with_facts(registry, [stored, mine])
    assert facts[0].attributes["nationality"] == "England"
    assert facts[0].attributes["position"] == "right winger"  # the store's word wins
    assert facts[1] == mine


def test_tracked_registry_players_are_told_apart_by_their_facts() -> None:
    """Both named, tracked (nobody follows them): the England international is Saka."""
    base = Gazetteer.default()
    gazetteer = base.with_players([], track(registry_players(default_registry()), clubs=base))
    text = (
        "Bukayo Saka has been outstanding for Arsenal. Erling Haaland scored twice again. "
        "Real Madrid have made a bid for the England international."
    )
    article = Article(key="k", title="", summary=text, published=PUBLISHED, outlet="The Athletic")
    claims = extract_claims(article, gazetteer)
    assert {c.player for c in claims if c.kind.value == "bid"} == {"Bukayo Saka"}


def test_a_followed_registry_player_is_never_a_descriptor_he_does_not_fit(
    store: SqlStore,
) -> None:
    """Ingest gives the followed players the registry's facts: "the England international"
    after Haaland is someone else (before, it was Haaland's bid); Saka's, for his history."""
    Service(store).follow(Channel(platform="console", workspace="w", channel="c"), "Haaland")
    text = (
        "Arsenal's Bukayo Saka has been outstanding this season. Erling Haaland scored twice "
        "again for Manchester City. Real Madrid have made a bid for the England international."
    )
    article = Article(key="k", title="", summary=text, published=PUBLISHED, outlet="The Athletic")
    report = Ingest(store, clock=lambda: PUBLISHED).read(article)
    assert [c for c in report.claims if c.kind.value == "bid"] == []
    saka = store.find_player("Bukayo Saka")
    assert saka is not None
    assert [v.state.key.counterpart for v in store.saga_views(saka.id)] == ["Real Madrid"]

"""Players learnt from the news keep improving: a ``--new`` player takes the spelling the news
uses most; a spelling of a registry player joins him when his club says so, and stays apart
without that evidence; a coach or an agent next to a transfer cue never becomes a player."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from bot import players as players_module
from bot.claims import Gazetteer
from bot.claims.lexicon.gazetteer import track
from bot.ingest import Ingest, _NameKeys
from bot.model import Article, Channel, Player
from bot.names import spelling_fold
from bot.players import Learnt, default_registry, learn_onto, sort_learnt
from bot.service import Service
from storage.store import SqlStore
from tests.players.test_history import _news as news

A = Channel(platform="console", workspace="local", channel="a")


def _news(key: str, text: str, day: int, lang: str = "en") -> Article:
    return replace(news(key, text, day), lang=lang)


def _ingest(store: SqlStore) -> Ingest:
    return Ingest(store, clock=lambda: datetime(2025, 8, 1, tzinfo=UTC))


# ------------------------------------------------------------------ (a) the news' spelling


def test_a_new_player_takes_the_spelling_the_news_uses(store: SqlStore) -> None:
    service = Service(store)
    typed = service.follow(A, "zorvan telmic", new=True).player
    assert typed.name == "zorvan telmic"
    ingest = _ingest(store)
    report = ingest.read(_news("a", "Arsenal have made a bid for Zorvan Telmic.", 1))
    assert {c.player for c in report.claims} == {"zorvan telmic"}  # read before the rename
    player = store.find_player("zorvan telmic")
    assert player is not None and player.id == typed.id and player.name == "Zorvan Telmic"
    assert [p.name for p in service.following(A)] == ["Zorvan Telmic"]
    assert "Arsenal" in service.latest("Zorvan Telmic")
    # the next article is read under his new name, still for his followers
    later = ingest.read(_news("b", "Arsenal have agreed a fee with Ajax for Zorvan Telmic.", 2))
    assert {e.claim.player for e in later.result.events} == {"Zorvan Telmic"}
    assert later.result.deliveries >= 1
    assert [p.name for p in store.players()] == ["Zorvan Telmic"]  # one player, no other row
    assert "spellings" not in player.attributes  # the counts are no descriptor


def test_the_spelling_used_most_wins_and_a_tie_keeps_his_name(store: SqlStore) -> None:
    service = Service(store)
    typed = service.follow(A, "Zorvan Telmik", new=True).player
    ingest = _ingest(store)
    ingest.read(_news("a", "Arsenal have made a bid for Zorvan Telmik.", 1))
    ingest.read(_news("b", "Arsenal have made a second bid for Zorvan Telmic.", 2))
    assert store.find_player("Telmik") == store.find_player("Zorvan Telmik")
    named = store.find_player("Zorvan Telmik")
    assert named is not None and named.name == "Zorvan Telmik"  # one each: his name stays
    ingest.read(_news("c", "Ajax have rejected a third bid from Arsenal for Zorvan Telmic.", 3))
    renamed = store.find_player("Zorvan Telmik")
    assert renamed is not None and renamed.id == typed.id and renamed.name == "Zorvan Telmic"
    assert [p.name for p in store.players()] == ["Zorvan Telmic"]
    assert "Zorvan Telmic" not in store.known_players()  # his spelling, no other player


def test_a_registry_player_keeps_the_registry_name(store: SqlStore) -> None:
    Service(store).follow(A, "Kylian Mbappé")
    ingest = _ingest(store)
    for day in (1, 2):
        ingest.read(_news(f"m{day}", "Real Madrid have made a bid for Kylian Mbappe.", day))
    player = store.find_player("Kylian Mbappe")
    assert player is not None and player.name == "Kylian Mbappé"


def test_another_name_close_to_his_is_never_his_spelling(store: SqlStore) -> None:
    Service(store).follow(A, "Paulo Romerez", new=True)
    ingest = _ingest(store)
    for day in (1, 2):
        ingest.read(_news(f"p{day}", "Sevilla have made a bid for Pablo Romerez.", day))
    paulo = store.find_player("Paulo Romerez")
    assert paulo is not None and paulo.name == "Paulo Romerez"
    assert "Pablo Romerez" in store.known_players()


# ------------------------------------------------------------------ (b) merges need evidence


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Artem Dovbyk", "Artem Dowbyk", True),
        ("İlkay Gündoğan", "Ilkay Guendogan", True),
        ("Martin Ødegaard", "Martin Oedegaard", True),
        ("Mykhailo Mudryk", "Mykhaylo Mudryk", True),
        ("Zorvan Telmik", "Zorvan Telmic", True),
        ("Mohamed Salah", "Mohammed Salah", True),
        ("Paulo Romero", "Pablo Romero", False),
        ("Jose Kovac", "Jose Kovacic", False),
        ("Marco Russo", "Mario Russo", False),
    ],
)
def test_spelling_fold(a: str, b: str, same: bool) -> None:
    assert (spelling_fold(a) == spelling_fold(b)) is same


def test_a_spelling_of_a_registry_player_with_his_club_joins_him(store: SqlStore) -> None:
    ingest = _ingest(store)
    ingest.read(_news("a", "Roma have rejected a bid from Fenerbahce for Artem Dowbyk.", 1))
    assert "Artem Dowbyk" not in store.known_players()
    dovbyk = store.find_player("Artem Dowbyk")
    assert dovbyk is not None and dovbyk.name == "Artem Dovbyk"
    ingest.read(_news("b", "Fenerbahce have agreed a fee with Roma for Artem Dowbyk.", 2))
    views = store.saga_views(dovbyk.id)
    assert [v.state.key.counterpart for v in views] == ["Fenerbahçe"]
    assert "Artem Dowbyk" not in {p.name for p in store.players()}
    # a restart knows the spelling from the store, with or without his club
    _ingest(store).read(_news("c", "Fenerbahce have made an improved offer for Artem Dowbyk.", 3))
    assert "Artem Dowbyk" not in {p.name for p in store.players()}
    assert "Artem Dowbyk" not in store.known_players()  # no other player to follow
    assert len(store.saga_views(dovbyk.id)) == 1


def test_a_spelling_without_his_club_stays_a_player_of_its_own(store: SqlStore) -> None:
    ingest = _ingest(store)
    ingest.read(_news("a", "Fenerbahce have made a bid for Artem Dowbyk.", 1))
    assert "Artem Dowbyk" in store.known_players()
    dovbyk = store.find_player("Artem Dovbyk")
    assert dovbyk is None or "Artem Dowbyk" not in dovbyk.aliases


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Arsenal have made a bid for Zorvan Telmic, head coach Bertil Vandame said.", "en"),
        ("Agent Bertil Vandame says Arsenal have made a bid for Zorvan Telmic.", "en"),
        ("Bertil Vandame, the Arsenal manager, confirmed a bid for Zorvan Telmic.", "en"),
        (
            "With their head coach, Bertil Vandame, pushing for the signing, Arsenal have made "
            "a bid for Zorvan Telmic.",
            "en",
        ),
        ("Bertil Vandame, Telmic's agent, confirmed a bid from Arsenal for Zorvan Telmic.", "en"),
        ("Arsenal-Trainer Bertil Vandame bestätigt ein Angebot für Zorvan Telmic.", "de"),
        ("El entrenador Bertil Vandame confirmó una oferta del Arsenal por Zorvan Telmic.", "es"),
        ("L'agent Bertil Vandame confirme une offre d'Arsenal pour Zorvan Telmic.", "fr"),
    ],
)
def test_a_coach_or_an_agent_is_never_learnt(store: SqlStore, text: str, lang: str) -> None:
    ingest = _ingest(store)
    ingest.read(_news("a", text, 1, lang))
    assert "Bertil Vandame" not in store.known_players()
    assert "Zorvan Telmic" in store.known_players()
    ingest.read(_news("b", "Vandame said Arsenal have made an improved bid for Telmic.", 2))
    assert store.find_player("Bertil Vandame") is None  # no history of his
    assert store.find_player("Vandame") is None


@pytest.mark.parametrize(
    "text",
    [
        "Zorvan Telmic, whose agent met Arsenal on Monday, is close to a move.",
        "Arsenal have made a bid for Zorvan Telmic, his agent said.",
        "Arsenal have made a bid for Zorvan Telmic, head coach Bertil Vandame said.",
        "Zorvan Telmic, the coach says, wants to join Arsenal.",
        "The agent of Zorvan Telmic says Arsenal have made a bid.",
    ],
)
def test_a_player_next_to_his_agent_is_still_learnt(text: str) -> None:
    learnt = sort_learnt(
        ["Zorvan Telmic"],
        text,
        registry=default_registry(),
        players=[],
        clubs=Gazetteer.default(),
    )
    assert learnt.names == ("Zorvan Telmic",)


def test_a_followed_player_is_never_dropped_as_a_coach() -> None:
    mine = Player(id=7, name="Bertil Vandame", followed=True)
    learnt = sort_learnt(
        ["Bertil Vandame"],
        "Coach Bertil Vandame wants Arsenal to make a bid for him.",
        registry=default_registry(),
        players=[mine],
        clubs=Gazetteer.default(),
    )
    assert learnt.names == ("Bertil Vandame",) and learnt.spellings == {7: ("Bertil Vandame",)}


def test_a_name_the_index_knows_is_learnt_without_a_copy_of_the_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # issue 16: each article naming a known player learnt him again, copying the whole index
    base = Gazetteer.default()
    tracked = track([Player(id=1, name="Kai Brennan", aliases=("Brennan",))], clubs=base)
    copies: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        copies.append(1)
        return track(*args, **kwargs)

    monkeypatch.setattr(players_module, "track", counted)
    again = Learnt(names=("Kai Brennan", "kai brennan"))  # his name, and under his own key
    assert learn_onto(tracked, again, base) is tracked
    assert copies == []
    grown = learn_onto(tracked, Learnt(names=("Kai Brennan", "Tomas Varga")), base)
    assert set(grown.players) == {"Kai Brennan", "Tomas Varga"} and copies == [1]
    assert set(tracked.players) == {"Kai Brennan"}  # the index given is left as it was


def test_the_keys_of_what_is_learnt_are_those_a_rebuild_finds() -> None:
    # issue 16: the keys a tracked player can be found under grow by what each article taught
    # (not folded again for every tracked player): the same keys a rebuild gives
    base = Gazetteer.default()
    players = [
        Player(id=1, name="Kai Brennan", aliases=("Brennan",)),  # followed below
        Player(id=2, name="Mateo Novak", aliases=("Novak", "M. Novak")),
        Player(id=3, name="Jonas Ferreira", aliases=("Ferreira",)),
    ]
    followed = frozenset({"Kai Brennan"})
    tracked = track(players, clubs=base)
    keys = _NameKeys(tracked, followed)
    lessons = [
        Learnt(names=("Tomas Varga", "Kai Brennan")),  # new, and followed (already known)
        Learnt(aliases={"Mateo Novak": ("Novák", "Matteo Novak")}),  # spellings of a tracked one
        Learnt(names=("Erik Kovacs",), aliases={"Jonas Ferreira": ("Brennan",)}),  # a shared key
        Learnt(names=("Tomas Varga",)),  # nothing new
    ]
    for learnt in lessons:
        grown = learn_onto(tracked, learnt, base)
        keys = keys.learnt(tracked, grown, learnt, followed)
        rebuilt = _NameKeys(grown, followed)
        assert (keys._keys, keys._firsts, keys._longest) == (
            rebuilt._keys,
            rebuilt._firsts,
            rebuilt._longest,
        )
        tracked = grown
    assert keys.in_text("Talks over Erik Kovacs resumed.") and not keys.in_text("Kai left.")

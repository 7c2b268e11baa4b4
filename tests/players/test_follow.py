"""``/follow``, ``/unfollow`` and ``/latest`` as a fan types, over the real SQLite store and the
shipped registry: what resolves, what asks back, and that a question changes nothing."""

from __future__ import annotations

import pytest

from bot.errors import AmbiguousPlayerError, UnknownPlayerError, UserError
from bot.model import Channel
from bot.service import Service
from storage.store import SqlStore

A = Channel(platform="console", workspace="local", channel="a")
B = Channel(platform="console", workspace="local", channel="b")


@pytest.mark.parametrize(
    ("typed", "name", "shown"),
    [
        pytest.param("TAA", "Trent Alexander-Arnold", "TAA", id="initials"),
        pytest.param("Trent", "Trent Alexander-Arnold", "Trent", id="short-form"),
        pytest.param("Kylian Mbape", "Kylian Mbappé", "Kylian Mbape", id="misspelt"),
        pytest.param("kylian mbappe", "Kylian Mbappé", "", id="accent-less-is-no-news"),
        pytest.param("Kylian Mbappé", "Kylian Mbappé", "", id="exact-shows-nothing"),
        pytest.param("Vini Jr", "Vinícius Júnior", "Vini Jr", id="nickname"),
        pytest.param("Lewandoski", "Robert Lewandowski", "Lewandoski", id="surname-misspelt"),
    ],
)
def test_follow_gets_the_registry_player_with_his_canonical_name(
    service: Service, typed: str, name: str, shown: str
) -> None:
    result = service.follow(A, typed)
    assert result.player.name == name
    assert result.typed == shown
    assert [p.id for p in service.following(A)] == [result.player.id]


def test_every_spelling_lands_on_one_player(service: Service, store: SqlStore) -> None:
    first = service.follow(A, "Kylian Mbape").player
    for spelling in ("Kylian Mbappé", "Mbappe", "KM10", "kylian mbappe"):
        again = service.follow(A, spelling)
        assert again.player.id == first.id and again.already_following
    assert [p.name for p in store.players()] == ["Kylian Mbappé"]


def test_the_stored_player_carries_his_aliases_but_no_shared_one(service: Service) -> None:
    bruno = service.follow(A, "Bruno Guimarães").player
    assert {"Guimarães", "Guimaraes", "Bruno G"} <= set(bruno.aliases)
    assert "Bruno" not in bruno.aliases  # shared with Bruno Fernandes: context must decide


def test_an_unknown_name_asks_and_changes_nothing(service: Service, store: SqlStore) -> None:
    with pytest.raises(UnknownPlayerError) as info:
        service.follow(A, "Nobody Atall")
    assert str(info.value).startswith(
        "I don't know Nobody Atall yet: follow anyway? (`/follow Nobody Atall --new`)"
    )
    assert info.value.create == "/follow Nobody Atall --new"
    assert store.players() == []
    assert service.following(A) == []


def test_new_follows_a_name_nobody_knows_then_it_resolves(service: Service) -> None:
    created = service.follow(A, "Nobody Atall", new=True)
    assert created.created_player and created.player.name == "Nobody Atall"
    again = service.follow(B, "nobody atall")
    assert again.player.id == created.player.id and again.created_player is False


def test_new_still_takes_a_known_name_for_the_known_player(service: Service) -> None:
    assert service.follow(A, "TAA", new=True).player.name == "Trent Alexander-Arnold"


def test_a_shared_name_gives_the_choice_and_changes_nothing(
    service: Service, store: SqlStore
) -> None:
    with pytest.raises(AmbiguousPlayerError) as info:
        service.follow(A, "Bruno")
    assert [name for name, _ in info.value.choices] == ["Bruno Fernandes", "Bruno Guimarães"]
    assert info.value.choices[0][1].startswith("Manchester United")
    assert info.value.command == "/follow"
    assert store.players() == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("Pablo Romero", "Paulo Romero", id="given-name"),
        pytest.param("Marco Russo", "Mario Russo", id="given-name-2"),
        pytest.param("Jose Kovacic", "Jose Kovac", id="surname-cut"),
        pytest.param("Marin Delgado", "Marin Delgadoson", id="surname-longer"),
    ],
)
def test_close_names_typed_as_new_stay_two_players(
    service: Service, first: str, second: str
) -> None:
    one = service.follow(A, first, new=True).player
    with pytest.raises(UnknownPlayerError) as info:
        service.follow(A, second)  # suggested, never merged
    assert first in info.value.suggestions
    other = service.follow(A, second, new=True).player
    assert other.id != one.id and other.name == second


def test_500_distinct_names_typed_as_new_make_500_players(
    service: Service, store: SqlStore
) -> None:
    given = "Pablo Paulo Marco Mario Jose Josep Marin Martin Ivan Ivo".split()
    family = (
        "Romero Romera Russo Rossa Kovac Kovacic Delgado Delgadoson Novak Novakovic "
        "Horvat Horvath Petrov Petrovic Berg Borg Lind Lindqvist Salo Salonen "
        "Baros Barosi Mendes Mendez Toral Torales Varga Vargas Kral Kralik "
        "Sorel Sorelli Lamas Lamasa Dumas Dumasi Pinto Pintos Rocha Rochas "
        "Vidal Vidali Sousa Sousan Garay Garays Medel Medeli Abreu Abreus"
    ).split()
    names = [f"{g} {f}" for g in given for f in family][:500]
    assert len(set(names)) == 500
    for name in names:
        service.follow(A, name, new=True)
    assert len(store.players()) == 500
    assert len(service.following(A)) == 500


def test_latest_of_a_registry_player_without_history_or_follower(service: Service) -> None:
    report = service.saga("KDB")
    assert report.player.name == "Kevin De Bruyne"
    assert report.sagas == ()
    assert "No transfer news about Kevin De Bruyne yet" in report.text()


def test_latest_of_an_unknown_name_suggests_close_ones(service: Service) -> None:
    with pytest.raises(UnknownPlayerError) as info:
        service.saga("Jose Kovacic")
    assert "Mateo Kovačić" in info.value.suggestions
    assert info.value.create is None
    with pytest.raises(AmbiguousPlayerError) as shared:
        service.saga("Bellingham")
    assert shared.value.command == "/latest"


def test_unfollow_resolves_among_the_channels_players_first(service: Service) -> None:
    service.follow(A, "Jude Bellingham")
    assert service.unfollow(A, "Bellingham").name == "Jude Bellingham"  # no choice needed here
    with pytest.raises(UserError, match="does not follow Kevin De Bruyne"):
        service.unfollow(A, "KDB")


def test_unfollow_never_takes_a_close_name_for_a_followed_one(service: Service) -> None:
    service.follow(A, "Paulo Romero", new=True)
    with pytest.raises(UserError):
        service.unfollow(A, "Pablo Romero")
    assert [p.name for p in service.following(A)] == ["Paulo Romero"]
    service.follow(A, "Kylian Mbappé")
    assert service.unfollow(A, "Kylian Mbape").name == "Kylian Mbappé"  # a registry misspelling


def test_autocomplete_offers_registry_names(service: Service) -> None:
    assert "Kylian Mbappé" in service.suggest("mbap")
    assert service.suggest("Trent")[0] == "Trent Alexander-Arnold"

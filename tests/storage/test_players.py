"""Players, aliases, subscriptions, known players: contract tests on every backend."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from bot.errors import StoreError
from bot.model import Channel
from bot.names import derive_aliases
from storage import SqlStore
from storage import players as players_module
from storage.models import KnownPlayerRow

from .fakes import DISCORD, DISCORD_2, SLACK


def test_add_player_is_idempotent_per_name_and_merges_aliases(store: SqlStore) -> None:
    first = store.add_player("Trent Alexander-Arnold", ["TAA"], attributes={"nation": "England"})
    again = store.add_player("Trent Alexander-Arnold", ["Alexander-Arnold", "TAA"])
    assert again.id == first.id
    assert again.name == "Trent Alexander-Arnold"
    assert again.aliases == ("Trent Alexander-Arnold", "TAA", "Alexander-Arnold")
    assert again.attributes == {"nation": "England"}
    assert [p.name for p in store.players()] == ["Trent Alexander-Arnold"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("trent alexander arnold", "Trent Alexander-Arnold", id="case-and-hyphen"),
        pytest.param("Alexander-Arnold", "Trent Alexander-Arnold", id="surname-alias"),
        pytest.param("  DALOT ", "Diogo Dalot", id="spaces-and-case"),
        pytest.param("Joško Gvardiol", "Joško Gvardiol", id="accented-name"),
        pytest.param("josko gvardiol", "Joško Gvardiol", id="accent-folded"),
        # both players carry the alias "Silva": ambiguous, so nobody
        pytest.param("Silva", None, id="ambiguous-alias"),
        pytest.param("Mbappé", None, id="unknown"),
        pytest.param("", None, id="empty"),
    ],
)
def test_find_player(store: SqlStore, query: str, expected: str | None) -> None:
    store.add_player("Trent Alexander-Arnold", derive_aliases("Trent Alexander-Arnold"))
    store.add_player("Diogo Dalot", (*derive_aliases("Diogo Dalot"), "Silva"))
    store.add_player("Joško Gvardiol", (*derive_aliases("Joško Gvardiol"), "Silva"))
    found = store.find_player(query)
    assert (found.name if found else None) == expected


def test_subscribe_and_unsubscribe_are_idempotent(store: SqlStore) -> None:
    trent = store.add_player("Trent Alexander-Arnold", [])
    assert store.subscribe(DISCORD, trent.id) is True
    assert store.subscribe(DISCORD, trent.id) is False
    assert store.find_player("Trent Alexander-Arnold").followed is True  # type: ignore[union-attr]
    assert store.unsubscribe(DISCORD, trent.id) is True
    assert store.unsubscribe(DISCORD, trent.id) is False
    assert store.find_player("Trent Alexander-Arnold").followed is False  # type: ignore[union-attr]


def test_subscriptions_are_scoped_to_platform_workspace_and_channel(store: SqlStore) -> None:
    trent = store.add_player("Trent Alexander-Arnold", [])
    dalot = store.add_player("Diogo Dalot", [])
    store.subscribe(DISCORD, trent.id)
    store.subscribe(DISCORD, dalot.id)
    store.subscribe(SLACK, dalot.id)
    other_guild = Channel(platform="discord", workspace="g2", channel="c1")
    assert [p.name for p in store.channel_players(DISCORD)] == [
        "Diogo Dalot",
        "Trent Alexander-Arnold",
    ]
    assert [p.name for p in store.channel_players(SLACK)] == ["Diogo Dalot"]
    assert store.channel_players(DISCORD_2) == []
    assert store.channel_players(other_guild) == []
    assert all(p.followed for p in store.channel_players(DISCORD))
    store.unsubscribe(SLACK, trent.id)  # not followed there: nothing changes elsewhere
    assert len(store.channel_players(DISCORD)) == 2


def test_players_followed_only(store: SqlStore) -> None:
    trent = store.add_player("Trent Alexander-Arnold", [])
    store.add_player("Diogo Dalot", [])
    store.subscribe(SLACK, trent.id)
    assert [p.name for p in store.players(followed_only=True)] == ["Trent Alexander-Arnold"]
    assert [p.name for p in store.players()] == ["Diogo Dalot", "Trent Alexander-Arnold"]


def test_subscribe_unknown_player_is_a_store_error(store: SqlStore) -> None:
    with pytest.raises(StoreError):
        store.subscribe(DISCORD, 4242)


def test_remember_players_counts_sightings_per_normalised_name(store: SqlStore) -> None:
    store.remember_players(["Jude Bellingham", "jude  bellingham", "Benjamin Šeško"])
    store.remember_players(["Jude Bellingham", ""])
    with store.engine.connect() as conn:
        rows = dict(conn.execute(select(KnownPlayerRow.name_norm, KnownPlayerRow.times_seen)).all())
    assert rows == {"jude bellingham": 2, "benjamin sesko": 1}


def test_known_players_most_seen_first(store: SqlStore) -> None:
    store.remember_players(["Benjamin Šeško"])
    store.remember_players(["Jude Bellingham", "Benjamin Šeško"])
    store.remember_players(["Benjamin Šeško"])
    assert store.known_players() == ["Benjamin Šeško", "Jude Bellingham"]
    assert store.known_players(limit=1) == ["Benjamin Šeško"]


def test_followed_version_moves_with_follows_players_and_aliases_only(store: SqlStore) -> None:
    here = Channel(platform="console", workspace="w", channel="v")
    versions = [store.followed_version()]
    luca = store.add_player("Luca Brennan", ["Brennan"])
    versions.append(store.followed_version())
    store.subscribe(here, luca.id)
    versions.append(store.followed_version())
    store.add_player("Luca Brennan", ["L. Brennan"])  # a new alias of the same player
    versions.append(store.followed_version())
    store.remember_players(["Mateo Novak"])  # a name learnt from the news: not a player row
    store.add_feed("https://example.com/feed.xml", channel=None)
    assert store.followed_version() == versions[-1]
    mateo = store.add_player("Mateo Novak", [])
    versions.append(store.followed_version())
    store.unsubscribe(here, luca.id)  # one follow swapped for another between two reads
    store.subscribe(here, mateo.id)
    versions.append(store.followed_version())
    store.unsubscribe(here, mateo.id)
    versions.append(store.followed_version())
    assert len(set(versions)) == len(versions), versions


def test_note_spellings_counts_and_never_takes_another_players_name(store: SqlStore) -> None:
    mine = store.add_player("ana lindqvist", [])
    other = store.add_player("Ana Lindqvist-Berg", [])
    assert store.note_spellings({mine.id: ["Ana Lindqvist", "Ana  Lindqvist"]}) == {
        mine.id: "Ana Lindqvist"
    }
    assert store.note_spellings({mine.id: ["Ana Lindqvist-Berg"]}) == {}
    assert store.note_spellings({mine.id: ["Ana Lindqvist-Berg"]}) == {}  # 2 > 1, but taken
    stored = store.find_player("ana lindqvist")
    assert stored is not None and stored.name == "Ana Lindqvist"
    assert store.find_player("Ana Lindqvist-Berg") == other
    version = store.followed_version()
    assert store.note_spellings({mine.id: ["ANA LINDQVIST"] * 2}) == {}  # once an article
    # seen twice, more than his name: the one seen as often is another's, this one is taken
    assert store.note_spellings({mine.id: ["ANA LINDQVIST"]}) == {mine.id: "ANA LINDQVIST"}
    assert store.followed_version() != version  # his new name is a new alias
    assert store.note_spellings({}) == {} and store.note_spellings({4242: ["Nobody"]}) == {}


V = Channel(platform="console", workspace="w", channel="v")


@pytest.fixture
def two_processes(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[float], SqlStore, SqlStore]:
    """A clock of this process's store (``here``) and another store on the same database, as
    another process's would be: ``here`` reads the stored version at most once a second
    (FOLLOWED_RECHECK_S), its own writes move it at once."""
    clock = [1000.0]
    monkeypatch.setattr(players_module.time, "monotonic", lambda: clock[0])
    return clock, SqlStore(engine), SqlStore(engine)


def test_another_stores_follow_is_seen_once_the_last_read_is_a_second_old(
    two_processes: tuple[list[float], SqlStore, SqlStore],
) -> None:
    clock, here, there = two_processes
    luca = here.add_player("Luca Brennan", [])
    before = here.followed_version()
    there.subscribe(V, luca.id)
    clock[0] += players_module.FOLLOWED_RECHECK_S / 2
    assert here.followed_version() == before  # the last read stands for half a second more
    clock[0] += players_module.FOLLOWED_RECHECK_S / 2
    assert here.followed_version() != before  # read again: the follow is seen
    seen = here.followed_version()
    here.unsubscribe(V, luca.id)
    assert here.followed_version() != seen  # its own unfollow: at once


def test_a_player_nobody_follows_leaves_the_stored_version_as_it_was(
    two_processes: tuple[list[float], SqlStore, SqlStore],
) -> None:
    # the ingest of news about players nobody follows made it read every followed player
    # again; an alias of a followed one still moves it
    clock, here, there = two_processes
    luca = there.add_player("Luca Brennan", [])
    there.subscribe(V, luca.id)
    before = here.followed_version()
    there.add_player("Mateo Novak", ["Novak"])  # nobody follows him
    clock[0] += players_module.FOLLOWED_RECHECK_S
    assert here.followed_version() == before
    there.add_player("Luca Brennan", ["L. Brennan"])
    clock[0] += players_module.FOLLOWED_RECHECK_S
    assert here.followed_version() != before

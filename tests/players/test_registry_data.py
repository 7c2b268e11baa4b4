"""The shipped registry (bot/data/players.toml): size, clubs the gazetteer knows, no alias shared
silently, rows the loader refuses."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

import bot
from bot.claims import Gazetteer
from bot.errors import RegistryDataError
from bot.names import normalise
from bot.players import POSITIONS, Registry, default_registry, parse_registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return default_registry()


def test_at_least_600_players_from_every_top_five_league(registry: Registry) -> None:
    assert len(registry.players) >= 600
    gazetteer = Gazetteer.default()
    leagues = Counter(gazetteer.club(p.club).league for p in registry.players)  # type: ignore[union-attr]
    for league in ("Premier League", "La Liga", "Serie A", "Bundesliga", "Ligue 1"):
        assert leagues[league] >= 80, (league, leagues)


def test_every_club_of_the_registry_resolves_in_the_gazetteer(registry: Registry) -> None:
    gazetteer = Gazetteer.default()
    missing = sorted(c for c in registry.clubs() if gazetteer.club(c) is None)
    assert missing == []
    # written as the gazetteer spells it, not through an alias
    assert all(gazetteer.club(c).name == c for c in registry.clubs())  # type: ignore[union-attr]


def test_no_written_alias_is_shared_silently(registry: Registry) -> None:
    """An alias the data gives two players is declared in ``shared``; a declared one is
    really shared (no stale entry)."""
    assert set(registry.shared_written_aliases()) == set(registry.shared)


def test_no_alias_is_another_players_full_name(registry: Registry) -> None:
    names = {normalise(p.name): p.name for p in registry.players}
    clashes = [
        (p.name, alias)
        for p in registry.players
        for alias in p.aliases
        if names.get(normalise(alias), p.name) != p.name
    ]
    assert clashes == []


def test_no_alias_is_a_club_or_a_source(registry: Registry) -> None:
    """A player's alias that names a club or an outlet would be read as that in articles."""
    gazetteer = Gazetteer.default()
    clashes = [
        (p.name, alias)
        for p in registry.players
        for alias in p.all_aliases(registry.shared)
        if gazetteer.club(alias) is not None or gazetteer.source(alias) is not None
    ]
    assert clashes == []


def test_rows_are_well_formed(registry: Registry) -> None:
    for p in registry.players:
        assert p.position in POSITIONS
        assert 1980 <= p.born <= 2009, p
        assert p.nationality[:1].isupper(), p
        assert p.name == " ".join(p.name.split()), p


def test_the_players_of_the_eval_streams_and_the_seeds_are_listed(registry: Registry) -> None:
    for name in (
        "Trent Alexander-Arnold",
        "Diogo Dalot",
        "Jude Bellingham",
        "Joško Gvardiol",
        "Benjamin Šeško",
        "Erling Haaland",
        "Jack Grealish",
        "Mason Mount",
        "Frenkie de Jong",
        "Antoine Griezmann",
    ):
        assert registry.get(name) is not None, name
    trent = registry.get("trent alexander arnold")
    assert trent is not None and trent.club == "Real Madrid" and trent.born == 1998


def test_shared_aliases_are_left_out_of_a_players_stored_aliases(registry: Registry) -> None:
    bruno = registry.get("Bruno Fernandes")
    assert bruno is not None
    assert "Bruno" in bruno.aliases
    assert "Bruno" not in bruno.all_aliases(registry.shared)
    assert "Bruno" in bruno.all_aliases()


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        pytest.param("Ann Other | XX | England | 1999 |", "unknown position", id="position"),
        pytest.param("Ann Other | ST | England | 99 |", "birth year", id="year"),
        pytest.param("Ann Other | ST | England", "needs 5 fields", id="fields"),
        pytest.param(" | ST | England | 1999 |", "a name and a nationality", id="no-name"),
    ],
)
def test_a_malformed_row_is_refused_with_its_club_and_name(row: str, problem: str) -> None:
    with pytest.raises(RegistryDataError, match=problem):
        parse_registry({"club": [{"name": "Arsenal", "players": [row]}]})


def test_a_player_listed_twice_is_refused() -> None:
    doc = {
        "club": [
            {"name": "Arsenal", "players": ["Ann Other | ST | England | 1999 |"]},
            {"name": "Chelsea", "players": ["Ann Othér | CB | England | 1999 |"]},
        ]
    }
    with pytest.raises(RegistryDataError, match="listed twice: ann other"):
        parse_registry(doc)


def test_every_nationality_and_position_of_the_registry_has_descriptor_words(
    registry: Registry,
) -> None:
    """The claim engine's descriptors can check every registry player's facts."""
    data = tomllib.loads((Path(bot.__file__).parent / "data" / "descriptors.toml").read_text())
    assert {p.nationality for p in registry.players} <= set(data["nationality"])
    assert set(POSITIONS) == set(data["position"])
    for code, word in POSITIONS.items():  # the registry's own word is one of its position's
        assert word in data["position"][code], code

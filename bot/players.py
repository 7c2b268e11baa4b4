"""The player registry that ships with the bot (``bot/data/players.toml``), loaded once (pure).

Each row of the data is one player as the project wrote him from public facts: full name, club
(2025-26), position, nationality, birth year and the names fans and outlets use beside the
ones derived from his name (surname, accent-folded and hyphen forms:
:func:`bot.names.derive_aliases`). An alias the data gives two players is allowed only when
the data declares it ``shared``: such a name (initials, a nickname) never names one of them on
its own; a fan who types it is offered the choice. :mod:`bot.resolver` turns what a fan
types into one of these players.
"""

from __future__ import annotations

import functools
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from unidecode import unidecode

from bot.errors import RegistryDataError
from bot.model import Player
from bot.names import derive_aliases, normalise
from bot.resolver import Candidate, Resolver

#: Position codes of the data and the words descriptors and answers use for them.
POSITIONS: Mapping[str, str] = {
    "GK": "goalkeeper",
    "RB": "right-back",
    "CB": "centre-back",
    "LB": "left-back",
    "DM": "defensive midfielder",
    "CM": "midfielder",
    "AM": "attacking midfielder",
    "RW": "winger",
    "LW": "winger",
    "ST": "striker",
}
_FIELDS = 5  # name | position | nationality | born | aliases


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryPlayer:
    name: str
    club: str
    position: str  # a key of POSITIONS
    nationality: str
    born: int
    aliases: tuple[str, ...] = ()  # as written in the data

    @property
    def position_word(self) -> str:
        return POSITIONS[self.position]

    def all_aliases(self, shared: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """Derived and written aliases, without those declared shared (normalised keys)."""
        out = [*derive_aliases(self.name)]
        for alias in self.aliases:
            if normalise(alias) not in shared:
                out.extend((alias, unidecode(alias)))  # no surname cut: "Vini Jr" is not "Jr"
        return tuple(dict.fromkeys(out))

    def describe(self) -> str:
        """What tells two players apart: "Real Madrid, right-back, England, born 1998"."""
        return f"{self.club}, {self.position_word}, {self.nationality}, born {self.born}"


@dataclass(frozen=True, kw_only=True, eq=False)  # eq=False: hashed by identity (caches)
class Registry:
    players: tuple[RegistryPlayer, ...]
    shared: frozenset[str]  # normalised aliases the data gives several players on purpose
    _by_name: dict[str, RegistryPlayer] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {normalise(p.name): p for p in self.players})

    def get(self, name: str) -> RegistryPlayer | None:
        """The registry player whose full name is ``name`` (after folding)."""
        return self._by_name.get(normalise(name))

    def clubs(self) -> set[str]:
        return {p.club for p in self.players}

    def shared_written_aliases(self) -> dict[str, list[str]]:
        """Written aliases (normalised) that more than one player carries -> their names."""
        owners: dict[str, list[str]] = defaultdict(list)
        for p in self.players:
            for key in dict.fromkeys(normalise(a) for a in p.aliases):
                owners[key].append(p.name)
        return {k: v for k, v in owners.items() if len(v) > 1}


def parse_registry(doc: Mapping[str, Any]) -> Registry:
    """A registry from the parsed TOML document (``players.toml``'s schema)."""
    players: list[RegistryPlayer] = []
    for table in doc.get("club", []):
        club = str(table["name"])
        for row in table.get("players", []):
            players.append(_row(club, str(row)))
    names = [normalise(p.name) for p in players]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise RegistryDataError(f"players listed twice: {', '.join(twice)}")
    shared = frozenset(normalise(a) for a in doc.get("shared", []))
    return Registry(players=tuple(players), shared=shared)


def _row(club: str, row: str) -> RegistryPlayer:
    parts = [p.strip() for p in row.split("|")]
    if len(parts) == _FIELDS - 1:
        parts.append("")
    if len(parts) != _FIELDS:
        raise RegistryDataError(f"{club}: {row!r} needs {_FIELDS} fields separated by '|'")
    name, position, nationality, born, aliases = parts
    if position not in POSITIONS:
        raise RegistryDataError(f"{club}: {name}: unknown position {position!r}")
    if not born.isdigit() or not 1975 <= int(born) <= 2012:
        raise RegistryDataError(f"{club}: {name}: birth year {born!r}")
    if not name or not nationality:
        raise RegistryDataError(f"{club}: {row!r}: a name and a nationality are needed")
    return RegistryPlayer(
        name=name,
        club=club,
        position=position,
        nationality=nationality,
        born=int(born),
        aliases=tuple(a.strip() for a in aliases.split(";") if a.strip()),
    )


def registry_from(players: Iterable[RegistryPlayer], shared: Iterable[str] = ()) -> Registry:
    """A registry of these players (tests build small ones)."""
    return Registry(players=tuple(players), shared=frozenset(normalise(a) for a in shared))


@functools.cache
def default_registry() -> Registry:
    """The registry shipped in ``bot/data/players.toml`` (loaded once per process)."""
    path = resources.files("bot") / "data" / "players.toml"
    return parse_registry(tomllib.loads(path.read_text(encoding="utf-8")))


@functools.cache
def registry_resolver(registry: Registry) -> Resolver:
    """A resolver of the registry's players, built once per registry (others extend it)."""
    return Resolver(registry_candidates(registry))


@functools.cache
def registry_candidates(registry: Registry) -> tuple[Candidate, ...]:
    """The registry's players as the resolver's candidates (vetted: a misspelling of one of
    them may resolve), with every alias, shared ones too (they give a choice)."""
    return tuple(
        Candidate(name=p.name, aliases=p.all_aliases(), detail=p.describe(), vetted=True)
        for p in registry.players
    )


@functools.cache
def registry_players(registry: Registry) -> tuple[Player, ...]:
    """The registry's players as the claim engine's values (id 0: not in the store yet), with
    their aliases but no shared one (context must decide those)."""
    return tuple(
        Player(id=0, name=p.name, aliases=p.all_aliases(registry.shared)) for p in registry.players
    )

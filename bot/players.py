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
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from unidecode import unidecode

from bot.claims import Gazetteer
from bot.claims.lexicon.gazetteer import Entity, TrackedPlayers, key_of, track
from bot.claims.lexicon.sentences import fold, split_sentences
from bot.errors import RegistryDataError
from bot.model import Player
from bot.names import derive_aliases, normalise, spelling_fold
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

    def facts(self) -> dict[str, str]:
        """What the claim engine's descriptors check ("the 26-year-old", "the England
        international", "the Dutch midfielder"): nationality, position, birth year."""
        return {
            "nationality": self.nationality,
            "position": self.position_word,
            "born": str(self.born),
        }

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
        Player(id=0, name=p.name, aliases=p.all_aliases(registry.shared), attributes=p.facts())
        for p in registry.players
    )


def with_facts(registry: Registry, players: Iterable[Player]) -> list[Player]:
    """``players`` (the store's), those the registry has with its facts about them (what the
    store knows of one wins)."""
    out = []
    for player in players:
        listed = registry.get(player.name)
        facts = listed.facts() if listed is not None else {}
        out.append(replace(player, attributes={**facts, **player.attributes}) if facts else player)
    return out


def registry_with_stored(registry: Registry, stored: Iterable[Player]) -> list[Player]:
    """The registry's players (:func:`registry_players`) and the store's, one player per name:
    a registry player the store has too carries the store's aliases as well (a spelling the
    news was found to use for him, an alias an operator added)."""
    extra: dict[str, tuple[str, ...]] = {}
    others: list[Player] = []
    for player in stored:
        if registry.get(player.name) is not None:
            extra[normalise(player.name)] = player.aliases
        else:
            others.append(player)
    out = [
        replace(p, aliases=tuple(dict.fromkeys((*p.aliases, *extra[key]))))
        if (key := normalise(p.name)) in extra
        else p
        for p in registry_players(registry)
    ]
    return [*out, *others]


# ------------------------------------------------------------------ names learnt from the news


@dataclass(frozen=True, slots=True, kw_only=True)
class Learnt:
    """What one article's names next to transfer cues teach (:func:`sort_learnt`)."""

    names: tuple[str, ...] = ()  # known players from now on (remembered, their claims kept)
    # a registry player's name -> spellings of it the article used (his aliases from now on)
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # a store player's id (one the registry does not have) -> the spellings of his full name
    # the article wrote (his name becomes the one the news uses most)
    spellings: Mapping[int, tuple[str, ...]] = field(default_factory=dict)


def sort_learnt(
    names: Sequence[str],
    text: str,
    *,
    registry: Registry,
    players: Sequence[Player],
    clubs: Gazetteer,
    tracked: TrackedPlayers | None = None,
) -> Learnt:
    """Sort the names an article put next to transfer cues (``read_article``'s second value):

    - a coach, an agent, an official (a role word right before the name, or the name in
      apposition before one: ``people.toml``) is no player: left out;
    - a spelling of a store player the registry does not have (``players``: the followed ones;
      the same name after folding, or the same :func:`bot.names.spelling_fold`), written so in
      the article, is counted for him, not learnt as another player;
    - a spelling of a registry player's name that only the spelling fold equates ("Artem
      Dowbyk" for Artem Dovbyk), is his when the article names his club in a sentence with it:
      an alias of his; without that evidence it stays a player of its own;
    - a name ``tracked`` has as another player's alias (a spelling learnt so before) is his;
    - any other name is learnt as it is.
    """
    learnt: list[str] = []
    aliases: dict[str, list[str]] = defaultdict(list)
    spellings: dict[int, list[str]] = defaultdict(list)
    mine = _spellings_index(registry, players)
    folds = _registry_folds(registry)
    context = _Context(text, clubs)
    for name in names:
        a_player = registry.get(name) is not None or name in mine.names
        if not a_player and context.in_a_role(name):
            continue
        owner = mine.owner(name)
        if owner is not None:
            if name in text:
                spellings[owner.id].append(name)
            if name != owner.name:
                continue
        elif registry.get(name) is None:
            if tracked is not None and _anothers(tracked, name):
                continue
            listed = [
                p for p in folds.get(spelling_fold(name), ()) if context.names_club(name, p.club)
            ]
            if len(listed) == 1:
                aliases[listed[0].name].append(name)
                continue
        learnt.append(name)
    return Learnt(
        names=tuple(learnt),
        aliases={k: tuple(dict.fromkeys(v)) for k, v in aliases.items()},
        spellings={k: tuple(dict.fromkeys(v)) for k, v in spellings.items()},
    )


def _anothers(tracked: TrackedPlayers, name: str) -> bool:
    """Is ``name`` the alias of another tracked player ("Artem Dowbyk", learnt for Dovbyk)?"""
    entities = tracked.index.get(key_of(name), ())
    return bool(entities) and all(e.names[0] != name for e in entities)


def learn_onto(tracked: TrackedPlayers, learnt: Learnt, clubs: Gazetteer) -> TrackedPlayers:
    """``tracked`` (a copy) knowing the learnt names as players and the spellings found for
    registry players as their aliases (a spelling that names a club is left out); ``tracked``
    itself when that adds nothing."""
    # only a name the index does not know yet is indexed (``track`` leaves the others out):
    # with none, no copy of the index is made (issue 16: copying 28,575 players' index for
    # each article naming a known player cost 1 ms an item)
    new = [n for n in learnt.names if n not in tracked.players and key_of(n) not in tracked.index]
    grown = (
        track(
            [Player(id=0, name=n, aliases=derive_aliases(n)) for n in new],
            clubs=clubs,
            onto=tracked,
        )
        if new
        else tracked
    )
    if len(grown.players) == len(tracked.players):
        grown = tracked  # no new player: nothing indexed
    if not learnt.aliases:
        return grown
    players = dict(grown.players)
    index = dict(grown.index)
    added = False
    for name, spellings in learnt.aliases.items():
        player = players.get(name)
        if player is None:
            continue
        players[name] = replace(player, aliases=tuple(dict.fromkeys((*player.aliases, *spellings))))
        for spelling in spellings:
            key = key_of(spelling)
            entities = index.get(key, ())
            if key and clubs.club(spelling) is None and all(e.names[0] != name for e in entities):
                index[key] = [*entities, Entity(kind="player", names=(name,), alias=spelling)]
                added = True
    return TrackedPlayers(players=players, index=index) if added else grown


class _Spellings:
    """Store players the registry does not have, by the spellings that are theirs: the same
    full name after folding (or an alias of as many words), or the same spelling fold."""

    def __init__(self, registry: Registry, players: Sequence[Player]) -> None:
        self.names: set[str] = set()
        self._by_key: dict[str, Player] = {}
        self._by_fold: dict[str, Player] = {}
        for p in players:
            if registry.get(p.name) is not None:
                continue
            self.names.add(p.name)
            words = len(normalise(p.name).split())
            for alias in (p.name, *p.aliases):
                key = normalise(alias)
                if len(key.split()) == words:
                    self._by_key.setdefault(key, p)
            self._by_fold.setdefault(spelling_fold(p.name), p)

    def owner(self, name: str) -> Player | None:
        return self._by_key.get(normalise(name)) or self._by_fold.get(spelling_fold(name))


_last_index: list[tuple[Registry, Sequence[Player], _Spellings]] = []


def _spellings_index(registry: Registry, players: Sequence[Player]) -> _Spellings:
    """Built again only for another list: ingest passes the same list of followed players
    until they change (issue 16: nothing per followed player per article)."""
    if _last_index and _last_index[0][0] is registry and _last_index[0][1] is players:
        return _last_index[0][2]
    index = _Spellings(registry, players)
    _last_index[:] = [(registry, players, index)]
    return index


@functools.cache
def _registry_folds(registry: Registry) -> dict[str, tuple[RegistryPlayer, ...]]:
    """Spelling folds of the registry's full names -> their players."""
    out: dict[str, list[RegistryPlayer]] = defaultdict(list)
    for p in registry.players:
        out[spelling_fold(p.name)].append(p)
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def _roles() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A role word right before a name, and a name in apposition before one."""
    path = resources.files("bot") / "data" / "people.toml"
    words = tomllib.loads(path.read_text(encoding="utf-8"))["roles"]
    roles = "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))
    before = re.compile(rf"(?<![a-z])(?:[a-z]+-)?(?:{roles}),?\s+$")  # "their head coach, X"
    after = re.compile(  # "X, the Arsenal manager," "X, Telmic's agent,": an article or 's
        rf"\s*,\s+(?:(?:the|el|la|le|l'|il|lo|der|die|o|a)\s+|[a-z0-9-]+'s?\s+)"
        rf"(?:(?!{_RELATIVE}\b)[a-z0-9'-]+\s+){{0,3}}?(?:[a-z]+-)?(?:{roles})\s*(?:[,.;:)]|$)"
    )
    return before, after


#: Words after which a role belongs to someone else ("X, whose agent", "X, his coach").
_RELATIVE = (
    r"(?:who|whose|which|his|her|their|dessen|deren|sein|seine|seinem|seinen|cuyo|cuya|su|sus"
    r"|dont|son|sa|ses|il cui|cui|suo|sua|cujo|cuja|seu|sua)"
)


class _Context:
    """One article, folded once; its sentences split only when a club is looked for (rarely:
    most names are no spelling of a registry player)."""

    def __init__(self, text: str, clubs: Gazetteer) -> None:
        self._text = text
        self._clubs = clubs
        self._whole: str | None = None
        self._sentences: list[tuple[str, str]] | None = None  # (as written, folded)
        self._club_names: dict[int, set[str]] = {}

    def in_a_role(self, name: str) -> bool:
        if self._whole is None:
            self._whole = fold(self._text).text
        text = self._whole
        before, after = _roles()
        return any(
            before.search(text[max(0, m.start() - 40) : m.start()]) or after.match(text, m.end())
            for m in _written(name).finditer(text)
        )

    def names_club(self, name: str, club: str) -> bool:
        """Does a sentence that names ``name`` name ``club`` too?"""
        if self._sentences is None:
            self._sentences = [(s.text, fold(s.text).text) for s in split_sentences(self._text)]
        pattern = _written(name)
        for i, (written, folded) in enumerate(self._sentences):
            if not pattern.search(folded):
                continue
            if i not in self._club_names:
                matches = self._clubs.scan(fold(written))
                self._club_names[i] = {m.name for m in matches if m.entity.kind == "club"}
            if club in self._club_names[i]:
                return True
        return False


def _written(name: str) -> re.Pattern[str]:
    """``name`` as a folded text writes it, a whole word at both ends."""
    return re.compile(rf"(?<![a-z]){re.escape(fold(name).text)}(?![a-z])")

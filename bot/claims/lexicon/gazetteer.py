"""The gazetteer: clubs, sources and players, and a matcher that finds them in text.

Matching is a dictionary lookup of token n-grams over the folded text
(``bot.claims.lexicon.sentences.fold``):
every alias is stored under its folded token key ("alexander arnold"), and the text is scanned
left to right taking the longest key that starts at each token. That costs a handful of dict
probes per token whatever the number of aliases (thousands of followed players), where one
regular expression alternation of thousands of names would be re-tried at every position.
Case is checked against the original: an alias written with a capital needs a capital in the
text ("Real", not "a real chance"), and a short all-capital alias needs capitals ("AS", not
"as"). Club nicknames ("the Reds", "Real", stadiums) are returned with all their candidate clubs;
``bot.mentions`` resolves them only when exactly one candidate is otherwise named in the article.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

from bot.claims.lexicon.sentences import Folded, fold
from bot.model import UNKNOWN_TIER, Player

_TOKEN = re.compile(r"[a-z0-9]+")
_SUFFIXED_MIN = 5  # "Reals" and longer: shorter names with an ending are ordinary words
_MAX_NGRAM = 6

EntityKind = Literal["club", "nickname", "source", "player"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Club:
    name: str
    country: str = ""
    league: str = ""
    aliases: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceInfo:
    name: str
    kind: str = "outlet"
    tier: int = UNKNOWN_TIER
    aliases: tuple[str, ...] = ()
    outlet: str | None = None
    country: str | None = None
    aggregator: bool = False
    club_tiers: Mapping[str, int] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    kind: EntityKind
    names: tuple[str, ...]  # canonical name(s); several only for nicknames
    alias: str  # the alias as written in the data


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackedPlayers:
    """Players whose claims are read though nobody follows them (the registry's, the store's),
    indexed once by alias (:func:`track`) and shared by the gazetteers built on it: matched by
    alias only, never by a close misspelling or a bare first name (those stay for the players
    someone follows, a few, so reading an article costs the same whatever their number)."""

    players: Mapping[str, Player]
    index: Mapping[str, Sequence[Entity]]


def track(
    players: Iterable[Player],
    clubs: Gazetteer | None = None,
    *,
    onto: TrackedPlayers | None = None,
) -> TrackedPlayers:
    """Index ``players`` by the folded keys of their aliases; a key that names a club (in
    ``clubs``) is left out, as for followed players. ``onto``: add them to an index (a copy;
    the index given is left as it is), leaving out a player whose full name is already one
    of its keys: "Kylian Mbappe" learnt from the news is the registry's Kylian Mbappé."""
    by_name: dict[str, Player] = dict(onto.players) if onto else {}
    index: dict[str, Sequence[Entity]] = dict(onto.index) if onto else {}
    for player in players:
        if player.name in by_name or (onto is not None and key_of(player.name) in onto.index):
            continue
        by_name[player.name] = player
        for alias in (player.name, *player.aliases):
            key = key_of(alias)
            if not key or (clubs is not None and clubs.club(alias) is not None):
                continue
            entities = index.get(key, ())
            if all(e.names[0] != player.name for e in entities):  # a new list: onto's stays
                index[key] = [*entities, Entity(kind="player", names=(player.name,), alias=alias)]
    return TrackedPlayers(players=by_name, index=index)


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """An entity found in a folded text; ``start``/``end`` are folded offsets."""

    start: int
    end: int
    entity: Entity

    @property
    def name(self) -> str:
        return self.entity.names[0]


def key_of(text: str) -> str:
    """The folded token key under which an alias is stored and text is looked up."""
    return " ".join(_TOKEN.findall(fold(text).text))


_ARTICLE = re.compile(r"^(?:the|la|le|les|el|il|lo|der|die|das|o|a|l')\s*", re.IGNORECASE)


def _case_ok(alias: str, written: str) -> bool:
    """Is ``written`` cased as the alias wants? A leading article is free ("the Guardian" for
    "The Guardian"); a capitalised alias wants a capital, a short all-caps one all caps."""
    alias, written = _ARTICLE.sub("", alias) or alias, _ARTICLE.sub("", written) or written
    if not alias or not written:
        return False
    if alias.isupper() and len(alias.replace(" ", "")) <= 4:
        return written.replace(" ", "").isupper() or not written[0].isalpha()
    if alias[0].isupper():
        return written[0].isupper() or not written[0].isalpha()
    return True


class Gazetteer:
    """Clubs and sources (shared, loaded once) plus the players of one call: those someone
    follows (``players``) and those tracked for their history (``tracked``)."""

    def __init__(
        self,
        clubs: Iterable[Club] = (),
        sources: Iterable[SourceInfo] = (),
        players: Sequence[Player] = (),
        *,
        tracked: TrackedPlayers | None = None,
        club_of: Callable[[str], str | None] | None = None,
        _base: dict[str, list[Entity]] | None = None,
    ) -> None:
        self._clubs = {c.name: c for c in clubs}
        self._club_of = club_of
        self._sources = {s.name: s for s in sources}
        self._club_keys: dict[str, str] = {}
        self._source_keys: dict[str, str] = {}
        for club in self._clubs.values():
            for alias in (club.name, *club.aliases):
                self._club_keys.setdefault(key_of(alias), club.name)
        for src in self._sources.values():
            for alias in (src.name, *src.aliases):
                self._source_keys.setdefault(key_of(alias), src.name)
        self._base = _base if _base is not None else self._build_base()
        self._players = {p.name: p for p in players}
        self._tracked = tracked or TrackedPlayers(players={}, index={})
        self._read: tuple[Player, ...] = (
            *(p for p in self._players.values() if p.followed),
            *(p for n, p in self._tracked.players.items() if n not in self._players),
        )
        self._watched = frozenset(p.name for p in self._players.values() if p.followed)
        # built once (issue 16: each was built again for every article, and a tuple searched,
        # 6 ms an item with 28,580 followed)
        self._given = tuple(self._players.values())
        self._read_set = frozenset(self._read)
        self._read_names = frozenset(p.name for p in self._read)
        self._order = {name: i for i, name in enumerate(self._players)}
        self._fuzzy_lists: dict[tuple[int, float], list[str]] | None = None
        self._fuzzy: dict[str, str] | None = None
        self._firsts: dict[str, str] | None = None
        self._player_index: dict[str, list[Entity]] = {}
        for player in players:
            for alias in (player.name, *player.aliases):
                key = key_of(alias)
                if key and key not in self._club_keys:
                    entities = self._player_index.setdefault(key, [])
                    if all(e.names[0] != player.name for e in entities):
                        entities.append(Entity(kind="player", names=(player.name,), alias=alias))

    # ------------------------------------------------------------------ construction

    @classmethod
    def default(cls) -> Gazetteer:
        return _default()

    @classmethod
    def from_data(cls, clubs: Mapping[str, Any], sources: Mapping[str, Any]) -> Gazetteer:
        """Build from parsed ``clubs.toml`` / ``sources.toml`` documents."""
        return cls(
            clubs=[_club(c) for c in clubs.get("club", [])],
            sources=[_source(s) for s in sources.get("source", [])],
        )

    def with_players(
        self,
        players: Sequence[Player],
        tracked: TrackedPlayers | None = None,
        *,
        club_of: Callable[[str], str | None] | None = None,
    ) -> Gazetteer:
        """These players over the same clubs and sources. ``club_of``: the club a player plays
        for when his attributes give none, asked only about players an article names (the
        ingest's club memory, which reads a player's saga the first time he is asked about)."""
        return Gazetteer(
            self._clubs.values(),
            self._sources.values(),
            players,
            tracked=tracked,
            club_of=club_of,
            _base=self._base,
        )

    def _build_base(self) -> dict[str, list[Entity]]:
        index: dict[str, list[Entity]] = {}
        nick: dict[str, list[str]] = {}
        for club in self._clubs.values():
            for alias in (club.name, *club.aliases):
                index.setdefault(key_of(alias), []).append(
                    Entity(kind="club", names=(club.name,), alias=alias)
                )
            for alias in club.nicknames:
                nick.setdefault(key_of(alias), []).append(club.name)
        for key, names in nick.items():
            if key not in index:
                alias = next(a for c in names for a in self._clubs[c].nicknames if key_of(a) == key)
                index[key] = [
                    Entity(kind="nickname", names=tuple(dict.fromkeys(names)), alias=alias)
                ]
        for src in self._sources.values():
            for alias in (src.name, *src.aliases):
                index.setdefault(key_of(alias), []).append(
                    Entity(kind="source", names=(src.name,), alias=alias)
                )
        return index

    # ------------------------------------------------------------------ lookups

    @property
    def players(self) -> tuple[Player, ...]:
        return self._given

    def given(self, names: Iterable[str]) -> list[Player]:
        """The players of ``names`` among those this gazetteer was given (not the tracked),
        in the order of :attr:`players`."""
        known = {n for n in names if n in self._order}
        return [self._players[n] for n in sorted(known, key=self._order.__getitem__)]

    @property
    def followed(self) -> tuple[Player, ...]:
        """The players whose claims are read: those followed, then those tracked."""
        return self._read

    @property
    def followed_names(self) -> frozenset[str]:
        """The names of :attr:`followed`."""
        return self._read_names

    def is_read(self, player: Player) -> bool:
        """Is ``player`` one of :attr:`followed`?"""
        return player in self._read_set

    @property
    def watched(self) -> frozenset[str]:
        """The names of the players someone follows (tracked ones are not among them)."""
        return self._watched

    def fuzzy_keys(self) -> dict[str, str]:
        """Folded keys (5+ letters) of followed players' names and aliases -> canonical name."""
        if self._fuzzy is None:
            keys = {
                key_of(a): p.name
                for p in self._players.values()
                if p.followed
                for a in (p.name, *p.aliases)
            }
            self._fuzzy = {k: v for k, v in keys.items() if len(k) >= 5}
        return self._fuzzy

    def fuzzy_candidates(self, length: int, cutoff: float) -> list[str]:
        """The keys of :meth:`fuzzy_keys`, in their order, that a key of ``length`` letters can
        match with a ``fuzz.ratio`` of ``cutoff`` or more: that ratio is at most
        ``200·min(a, b) / (a + b)`` for lengths a and b, so the others cannot (issue 16: with
        28,580 followed, each capitalised word was compared with all 57k keys). One list per
        length asked, kept."""
        if self._fuzzy_lists is None:
            self._fuzzy_lists = {}
        found = self._fuzzy_lists.get((length, cutoff))
        if found is None:
            bound = cutoff - 1  # a point of margin for the scorer's rounding
            found = [
                key
                for key in self.fuzzy_keys()
                if 200 * min(length, len(key)) / (length + len(key)) >= bound
            ]
            self._fuzzy_lists[length, cutoff] = found
        return found

    def first_names(self) -> dict[str, str]:
        """Folded first names (4+ letters) of followed players -> canonical name."""
        if self._firsts is None:
            self._firsts = {
                key_of(p.name.split()[0]): p.name
                for p in self._players.values()
                if p.followed and len(p.name.split()) > 1 and len(key_of(p.name.split()[0])) >= 4
            }
        return self._firsts

    def club_of(self, player: Player) -> str | None:
        """The club ``player`` plays for: his ``club`` attribute (the registry's), else what
        the ``club_of`` lookup says (his saga)."""
        if "club" in player.attributes:
            return player.attributes["club"] or None
        return self._club_of(player.name) if self._club_of is not None else None

    def player(self, name: str) -> Player | None:
        if name in self._players:
            return self._players[name]
        if name in self._tracked.players:
            return self._tracked.players[name]
        key = key_of(name)
        for entity in self._player_index.get(key, []):
            return self._players[entity.names[0]]
        for entity in self._tracked.index.get(key, []):
            return self._tracked.players[entity.names[0]]
        return None

    def _players_at(self, key: str) -> list[Entity]:
        """The player entities an alias key names: followed players', then tracked ones' not
        among them."""
        mine = self._player_index.get(key, [])
        theirs = self._tracked.index.get(key, ())
        if not theirs:
            return mine
        return [*mine, *(e for e in theirs if e.names[0] not in self._players)]

    def club(self, name: str) -> Club | None:
        canonical = self._club_keys.get(key_of(name))
        return self._clubs[canonical] if canonical else None

    def source(self, name: str) -> SourceInfo | None:
        canonical = self._source_keys.get(key_of(name))
        return self._sources[canonical] if canonical else None

    def tier(self, source_name: str, club: str | None = None) -> int:
        info = self.source(source_name)
        if info is None:
            if self.club(source_name) is not None:
                return 0  # a club on the record
            return UNKNOWN_TIER
        if club is not None:
            canonical = self.club(club)
            if canonical is not None and canonical.name in info.club_tiers:
                return info.club_tiers[canonical.name]
        return info.tier

    # ------------------------------------------------------------------ matching

    def _suffixed(self, key: str, suffixes: Sequence[str]) -> tuple[list[Entity], int]:
        """A club under its name plus an ending ("Leipzigs Sportchef", "Reals Angebot"), and
        the ending's length; short names with an ending are ordinary words."""
        for suffix in suffixes:
            if len(key) >= _SUFFIXED_MIN and key.endswith(suffix):
                found = self._base.get(key[: -len(suffix)], [])
                clubs = [e for e in found if e.kind in ("club", "nickname")]
                if clubs:
                    return clubs, len(suffix)
        return [], 0

    def scan(self, folded: Folded, suffixes: Sequence[str] = ()) -> list[Match]:
        """Longest, non-overlapping entity matches in ``folded``, left to right; a club's name
        may carry one of the language's ``suffixes`` ("Newcastles zweites Angebot")."""
        tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(folded.text)]
        mine, theirs, base = self._player_index, self._tracked.index, self._base
        out: list[Match] = []
        i = 0
        while i < len(tokens):
            # the keys of the n-grams starting here, shortest first, tried longest first; the
            # original text of a span is read only for a key something is stored under
            keys = [tokens[i][2]]
            for token in tokens[i + 1 : i + _MAX_NGRAM]:
                keys.append(f"{keys[-1]} {token[2]}")
            found: tuple[int, list[Entity], int] | None = None
            for n in range(len(keys), 0, -1):
                cut = 0
                key = keys[n - 1]
                entities = (
                    self._players_at(key) + base.get(key, [])
                    if key in mine or key in theirs or key in base
                    else []
                )
                if not entities:
                    if not suffixes:
                        continue
                    entities, cut = self._suffixed(key, suffixes)
                    if not entities:
                        continue
                written = folded.source(tokens[i][0], tokens[i + n - 1][1])
                written = written[: len(written) - cut]
                entities = [e for e in entities if _case_ok(e.alias, written)]
                if entities:
                    found = (n, entities, cut)
                    break
            if found is None:
                i += 1
                continue
            n, entities, cut = found
            start, end = tokens[i][0], tokens[i + n - 1][1] - cut  # the name, not its ending
            out.extend(Match(start=start, end=end, entity=e) for e in entities)
            i += n
        return out


def _club(row: Mapping[str, Any]) -> Club:
    return Club(
        name=str(row["name"]),
        country=str(row.get("country", "")),
        league=str(row.get("league", "")),
        aliases=tuple(str(a) for a in row.get("aliases", ())),
        nicknames=tuple(str(a) for a in row.get("nicknames", ())),
    )


def _source(row: Mapping[str, Any]) -> SourceInfo:
    aggregator = row.get("aggregator", False)
    return SourceInfo(
        name=str(row["name"]),
        kind=str(row.get("kind", "outlet")),
        tier=int(row.get("tier", UNKNOWN_TIER)),
        aliases=tuple(str(a) for a in row.get("aliases", ())),
        outlet=row.get("outlet"),
        country=row.get("country"),
        aggregator=bool(aggregator) or row.get("kind") == "aggregator",
        club_tiers={str(k): int(v) for k, v in dict(row.get("club_tiers", {})).items()},
    )


def _load(name: str) -> dict[str, Any]:
    path = resources.files("bot") / "data" / name
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


@functools.cache
def _default() -> Gazetteer:
    return Gazetteer.from_data(_load("clubs.toml"), _load("sources.toml"))

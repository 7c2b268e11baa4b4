"""What a fan types -> the player he means (pure): ``Resolver(candidates).resolve(typed)``.

In order: the full name or an alias after folding (case, accents, hyphens, dots: "TAA",
"Vini Jr", "mbappe", "Alexander-Arnold" when no one else is called that); then a close
misspelling of one *vetted* player's name or alias (the registry's: "Kylian Mbape" -> Kylian
Mbappé). A misspelling is a token-by-token slip: the same number of words, each equal or close,
and a differing word must not itself be a name the bot knows, so "Pablo Romero" is never taken
for "Paulo Romero" nor "Jose Kovacic" for "Jose Kovac" (a word cut short is another name too):
two names differing in a whole given name or surname are two players, and a close name is
only *suggested*. A name two players carry (a shared surname, initials, a nickname) gives the
choice between them. Players the store made from names fans typed are not vetted: a close
name is only ever suggested for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz, process

from bot.names import normalise

#: A misspelling this close (rapidfuzz ratio over the folded name) may resolve to a vetted player.
RESOLVE_SCORE = 85
#: Each differing word of a misspelling is at least this close to the word it stands for.
WORD_SCORE = 75
#: Names at least this close are offered as "did you mean".
SUGGEST_SCORE = 72
#: A second player this close to the best fuzzy score makes the misspelling ambiguous.
TIE_MARGIN = 4
MAX_SUGGESTIONS = 3
MIN_FUZZY_LENGTH = 4


class How(StrEnum):
    NAME = "name"  # the full name, folded
    ALIAS = "alias"  # an alias: surname, short form, initials, nickname
    FUZZY = "fuzzy"  # a misspelling of a vetted player's name or alias


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A player the resolver can name: in the store (``player_id``), in the registry, or both."""

    name: str
    aliases: tuple[str, ...] = ()
    detail: str = ""  # what tells him apart in a choice ("Real Madrid, right-back …")
    vetted: bool = False  # the registry's: a misspelling may resolve to him
    player_id: int | None = None
    key: str = field(init=False, default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", normalise(self.name))


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution:
    typed: str
    found: Candidate | None = None
    how: How | None = None
    choices: tuple[Candidate, ...] = ()  # several players carry what was typed
    suggestions: tuple[Candidate, ...] = ()  # close names, when nothing resolved

    @property
    def differs(self) -> bool:
        """Did the fan type something else than the name he gets ("TAA", "Kylian Mbape")?"""
        return self.found is not None and normalise(self.typed) != self.found.key


class Resolver:
    """The players one can name. ``base``: a resolver built once (the registry's) that this
    one extends with a few more (the store's players, names from the news) without copying
    it: a candidate known to both is one player (his aliases from both)."""

    def __init__(self, candidates: Iterable[Candidate], base: Resolver | None = None) -> None:
        self._base = base
        self._by_key: dict[str, Candidate] = {}
        for c in candidates:
            if not c.key:
                continue
            known = self._by_key.get(c.key)
            self._by_key[c.key] = c if known is None else _merge(known, c)
        self._index: dict[str, list[str]] = {}
        self._words: set[str] = set()
        for c in self._by_key.values():
            for alias in (c.name, *c.aliases):
                key = normalise(alias)
                if not key:
                    continue
                owners = self._index.setdefault(key, [])
                if c.key not in owners:
                    owners.append(c.key)
                self._words.update(key.split())
        self._keys = list(self._index)

    def __len__(self) -> int:
        return len(self.candidates())

    def resolve(self, typed: str, *, fuzzy: bool = True) -> Resolution:
        key = normalise(typed)
        owners = self._owners(key)
        if owners:
            # a full name wins over the same words as someone else's alias
            if key in owners:
                return Resolution(typed=typed, found=self._candidate(key), how=How.NAME)
            if len(owners) == 1:
                return Resolution(typed=typed, found=self._candidate(owners[0]), how=How.ALIAS)
            return Resolution(typed=typed, choices=self._sorted(owners))
        close = self._close(key)
        if fuzzy and len(key) >= MIN_FUZZY_LENGTH:
            slips = [
                (score, c)
                for score, alias, c in close
                if c.vetted and score >= RESOLVE_SCORE and self._slip(key, alias)
            ]
            if slips:
                best = slips[0][0]
                tied = list(dict.fromkeys(c.key for s, c in slips if s >= best - TIE_MARGIN))
                if len(tied) == 1:
                    return Resolution(typed=typed, found=slips[0][1], how=How.FUZZY)
                return Resolution(typed=typed, choices=self._sorted(tied))
        suggested = list(dict.fromkeys(c.key for _, _, c in close))[:MAX_SUGGESTIONS]
        return Resolution(typed=typed, suggestions=tuple(self._candidate(k) for k in suggested))

    def candidates(self) -> list[Candidate]:
        return [self._candidate(k) for k in dict.fromkeys(self._all_keys())]

    def _all_keys(self) -> list[str]:
        return [*(self._base._all_keys() if self._base is not None else ()), *self._by_key]

    def _candidate(self, key: str) -> Candidate:
        found = self._maybe(key)
        if found is None:  # only called with the keys of known candidates
            raise KeyError(key)
        return found

    def _maybe(self, key: str) -> Candidate | None:
        mine = self._by_key.get(key)
        theirs = self._base._maybe(key) if self._base is not None else None
        if mine is None or theirs is None:
            return mine or theirs
        return _merge(mine, theirs)

    def _owners(self, alias_key: str) -> list[str]:
        theirs = self._base._owners(alias_key) if self._base is not None else []
        return list(dict.fromkeys([*theirs, *self._index.get(alias_key, [])]))

    def _is_word(self, word: str) -> bool:
        return word in self._words or (self._base is not None and self._base._is_word(word))

    def _scored(self, key: str) -> list[tuple[str, float]]:
        found = [
            (alias, score)
            for alias, score, _ in process.extract(
                key, self._keys, scorer=fuzz.ratio, score_cutoff=SUGGEST_SCORE, limit=12
            )
        ]
        return [*found, *(self._base._scored(key) if self._base is not None else ())]

    def _close(self, key: str) -> list[tuple[float, str, Candidate]]:
        """Aliases close to ``key``, best first, with their players (each player once)."""
        if not key:
            return []
        out: list[tuple[float, str, Candidate]] = []
        seen: set[str] = set()
        for alias, score in sorted(self._scored(key), key=lambda pair: -pair[1]):
            for owner in self._owners(alias):
                if owner not in seen:
                    seen.add(owner)
                    out.append((score, alias, self._candidate(owner)))
        return out

    def _slip(self, typed: str, alias: str) -> bool:
        """Is ``typed`` a misspelling of ``alias``, word by word, and no other known name?"""
        mine, theirs = typed.split(), alias.split()
        if len(mine) != len(theirs):
            return False
        for a, b in zip(mine, theirs, strict=True):
            if a == b:
                continue
            if self._is_word(a) or fuzz.ratio(a, b) < WORD_SCORE or _cut(a, b):
                return False  # a whole other name ("pablo" for "paulo"), or not close
        return True

    def _sorted(self, keys: Iterable[str]) -> tuple[Candidate, ...]:
        return tuple(sorted((self._candidate(k) for k in set(keys)), key=lambda c: c.name))


def _cut(a: str, b: str) -> bool:
    """One word the other's start, two letters or more short: another name ("kovac" is not
    "kovacic", "delgado" not "delgadoson"), not a slip."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) >= 2


def _merge(a: Candidate, b: Candidate) -> Candidate:
    """One player known twice (the store's row of a registry player): both sets of aliases."""
    return Candidate(
        name=a.name if a.player_id is not None or b.player_id is None else b.name,
        aliases=tuple(dict.fromkeys((*a.aliases, *b.aliases))),
        detail=a.detail or b.detail,
        vetted=a.vetted or b.vetted,
        player_id=a.player_id if a.player_id is not None else b.player_id,
    )

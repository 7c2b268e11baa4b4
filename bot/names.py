"""Name normalisation and alias derivation for players (pure)."""

from __future__ import annotations

import re

from unidecode import unidecode

_SPACES = re.compile(r"[\s\u00a0]+")
_PUNCT = re.compile(r"[.'’`´]")

#: Surname particles that are not distinctive on their own ("de", "van" …).
_PARTICLES = frozenset(
    "da das de del della der di do dos du la le van von ter ten el al bin".split()
)
#: Surnames too common in football to stand alone as an alias of one player.
COMMON_SURNAMES = frozenset(
    """silva santos costa pereira fernandes rodrigues gomes martins lopes oliveira sousa alves
    garcia martinez lopez gonzalez hernandez perez sanchez ramirez torres diaz moreno
    smith jones williams brown taylor johnson wilson davies evans thomas roberts walker white
    james hall wright green hughes clarke king rossi mueller muller schmidt schneider fischer
    weber meyer wagner becker hoffmann kim lee park martin bernard dubois durand petit
    traore diallo kone toure camara sow ba ndiaye mendy junior jr filho""".split()
)


def normalise(text: str) -> str:
    """Case-, accent-, hyphen- and space-insensitive form used to compare names."""
    folded = unidecode(text).casefold()
    folded = _PUNCT.sub("", folded).replace("-", " ")
    return _SPACES.sub(" ", folded).strip()


def derive_aliases(name: str) -> tuple[str, ...]:
    """Spellings an article may use for ``name``: full name, accent-folded, hyphen/space
    variants, and the surname when it is distinctive. Ordered, without duplicates."""
    name = _SPACES.sub(" ", name).strip()
    out: list[str] = []

    def add(alias: str) -> None:
        alias = alias.strip()
        if alias and alias not in out:
            out.append(alias)

    for variant in (name, unidecode(name)):
        add(variant)
        if "-" in variant:
            add(variant.replace("-", " "))
    parts = name.split(" ")
    if len(parts) >= 2:
        surname = " ".join(parts[1:])  # keeps particles: "van Dijk", "de Jong"
        if _distinctive(parts[-1]):
            for variant in (surname, unidecode(surname)):
                add(variant)
                if "-" in variant:
                    add(variant.replace("-", " "))
    return tuple(out)


def _distinctive(surname: str) -> bool:
    key = normalise(surname)
    return len(key) >= 4 and key not in COMMON_SURNAMES and key not in _PARTICLES


#: Transliteration and spelling variants a spelling fold takes as one ("Oe"/"Ø", "kh"/"h" …),
#: applied in order to the normalised name.
_SPELLING = (
    ("ae", "a"),
    ("oe", "o"),
    ("ue", "u"),
    ("ij", "i"),
    ("ph", "f"),
    ("kh", "h"),
    ("th", "t"),
    ("ck", "k"),
    ("dj", "d"),
    ("y", "i"),
    ("w", "v"),
    ("c", "k"),
    ("q", "k"),
)
_DOUBLED = re.compile(r"([a-z])\1+")


def spelling_fold(text: str) -> str:
    """:func:`normalise`, then the spellings transliteration makes of one name taken as one
    ("Oedegaard"/"Ødegaard", "Mykhaylo"/"Mykhailo", "Telmic"/"Telmik", doubled letters): two
    names with the same fold *may* be one player; it takes other evidence (the same club) to
    say they are."""
    folded = normalise(text)
    for written, fold in _SPELLING:
        folded = folded.replace(written, fold)
    return _DOUBLED.sub(r"\1", folded)

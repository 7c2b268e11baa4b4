"""Sentence splitting and accent folding with an offset map (pure, no model).

Why not spaCy: DESIGN §8 measured ``spacy.blank`` for our six languages at ~137 MB against a
200 MB budget for the whole bot. News prose needs little: split at ``.!?`` (and the closing quote
after them) before a capital, a quote or a digit, and at blank lines; never after known
abbreviations ("No.66", "St.", "Mr.", "Dr.") or initials. Cue matching then runs over a folded
copy (``unidecode`` + casefold) so one ASCII pattern covers "médico" and "medico"; ``fold`` keeps
a map from every folded character back to the original, so spans can be reported in the
original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unidecode import unidecode

_ABBREVIATIONS = frozenset(
    [
        "no",
        "nr",
        "nº",
        "st",
        "mr",
        "mrs",
        "ms",
        "dr",
        "jr",
        "sr",
        "vs",
        "v",
        "etc",
        "e.g",
        "i.e",
        "fc",
        "ac",
        "sc",
        "cf",
        "sr",
        "sra",
        "sig",
        "dott",
        "prof",
        # money and everyday abbreviations inside a sentence ("40 Mio. Euro", "ca. 20")
        "mio",
        "mrd",
        "tsd",
        "mill",
        "mln",
        "mld",
        "ca",
        "bzw",
        "inkl",
        "zzgl",
        "z.b",
        "u.a",
        "approx",
    ]
)
_CLOSERS = "\"'”’»)"
_OPENERS = "\"'“‘«¿¡("


@dataclass(frozen=True, slots=True, kw_only=True)
class Folded:
    """``text`` folded to lowercase ASCII; ``index[i]`` is the original offset of ``text[i]``."""

    original: str
    text: str
    index: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the folded span ``[start, end)``."""
        if start >= end:
            pos = self.index[start] if start < len(self.index) else len(self.original)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1

    def source(self, start: int, end: int) -> str:
        """The original text of a folded span."""
        a, b = self.span(start, end)
        return self.original[a:b]


def fold(text: str) -> Folded:
    """``text`` folded: lowercase ASCII, each character transliterated (unidecode), the
    apostrophe-like marks one apostrophe; offsets kept.

    ASCII text (most of English news) folds in one pass of ``str.lower``; other characters are
    looked up in a table filled as they are met (issue 16: per character through unidecode,
    folding was the engine's top function)."""
    if text.isascii():
        folded = text.lower()
        if "`" in folded:
            folded = folded.replace("`", "'")
        return Folded(original=text, text=folded, index=tuple(range(len(text) + 1)))
    alphabet = set(text)
    for ch in alphabet - _PIECES.keys():
        _piece(ch)
    folded = text.translate(_TABLE)
    # offsets: each character's own, but for the few whose folded form is not one character
    # ("£" -> "ps", "€" -> "eur"), which take theirs as many times as that form is long
    odd = [ch for ch in alphabet if len(_PIECES[ch]) != 1]
    if not odd:
        return Folded(original=text, text=folded, index=tuple(range(len(text) + 1)))
    index: list[int] = []
    done = 0
    for at in sorted(i for ch in odd for i in _positions(text, ch)):
        index.extend(range(done, at))
        index.extend([at] * len(_PIECES[text[at]]))
        done = at + 1
    index.extend(range(done, len(text) + 1))
    return Folded(original=text, text=folded, index=tuple(index))


_PIECES: dict[str, str] = {}
_TABLE: dict[int, str] = {}  # the same, for ``str.translate``


def _piece(ch: str) -> str:
    """The folded form of one character (remembered: a text's alphabet is small)."""
    piece = "'" if ch in "’‘`´" else ch.lower() if ch.isascii() else unidecode(ch).lower()
    _PIECES[ch] = piece
    _TABLE[ord(ch)] = piece
    return piece


def _positions(text: str, ch: str) -> list[int]:
    out: list[int] = []
    at = text.find(ch)
    while at >= 0:
        out.append(at)
        at = text.find(ch, at + 1)
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    start: int  # offset in the article text
    text: str
    paragraph: int


_BOUNDARY = re.compile(r"[.!?…]+")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, keeping their offsets; paragraphs are blank-line separated.

    A sentence is at most :data:`MAX_SENTENCE_CHARS` long: a longer run (no punctuation, a
    hostile feed's title) is cut at the last space before the cap, so the work of reading one
    sentence, which grows with its length, stays bounded and an article's reading time grows
    with its length only (issue 9)."""
    out: list[Sentence] = []
    for para, block in enumerate(re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text)):
        for start, end in _split_block(block.group(0)):
            for a, b in _capped(block.group(0), start, end):
                piece = block.group(0)[a:b].strip()
                if piece:
                    lead = len(block.group(0)[a:b]) - len(block.group(0)[a:b].lstrip())
                    out.append(Sentence(start=block.start() + a + lead, text=piece, paragraph=para))
    return out


#: The longest sentence the engine reads whole. News sentences run to a few hundred characters
#: (the longest of the labelled streams: 350); beyond this a run is cut into pieces.
MAX_SENTENCE_CHARS = 1_000
_SPACE_BEFORE = re.compile(r"\s\S*$")


def _capped(block: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut into pieces of at most ``MAX_SENTENCE_CHARS``, at the last space
    before each cut (or right at the cap, in a run without any)."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = start + MAX_SENTENCE_CHARS
        space = _SPACE_BEFORE.search(block, start + MAX_SENTENCE_CHARS // 2, cut + 1)
        if space is not None and space.start() > start:
            cut = space.start() + 1
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


_NEXT = re.compile(r"\s*(\S)")


def _split_block(block: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = 0
    for m in _BOUNDARY.finditer(block):
        end = m.end()
        while end < len(block) and block[end] in _CLOSERS:
            end += 1
        if end >= len(block):
            break
        if not block[end].isspace():
            continue  # "No.66", "3.5", "e.g.x"
        # the first character after the spaces, read in place: a copy of the rest of the block
        # at every full stop would make splitting quadratic in the block's length
        nxt = _NEXT.match(block, end)
        head = nxt.group(1) if nxt else ""
        if not head or not (head.isupper() or head.isdigit() or head in _OPENERS):
            continue
        if m.group(0) == "." and _is_abbreviation(block, m.start()):
            continue
        spans.append((begin, end))
        begin = end
    spans.append((begin, len(block)))
    return spans


_LAST_WORD = re.compile(r"([\w.]+)$")


def _is_abbreviation(block: str, dot: int) -> bool:
    word = _LAST_WORD.search(block[max(0, dot - 24) : dot])  # abbreviations are short
    if word is None:
        return False
    token = word.group(1).lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and block[dot - 1].isupper())

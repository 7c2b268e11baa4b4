"""What feedparser's XML parsers are never given: a DOCTYPE, or a reference to a bad character.

feedparser hands its document, once transcoded to UTF-8, to ``replace_doctype`` before the strict
parser (expat) and the loose one. Its own version keeps the entity declarations it finds at the
start of a line and thinks "safe" (a value without ``&``), and even rebuilds a DOCTYPE around them:
a declaration written on the DOCTYPE's line is kept whole, and expat expands it (its amplification
limit still lets a 1 KB document grow to ~70 MB of Python text). :func:`replace_doctype` takes
its place (:func:`install`, done by :mod:`adapters.feeds.feedparse` at import):

* every DOCTYPE of the prolog is cut out whole, internal subset included, and the loose parser is
  given no entity at all, so a reference to a declared entity stays as text (``&lol9;``);
* a DOCTYPE whose subset nests entities (a value that refers to another entity, ``&name;`` or
  ``%name;``, or a reference to a parameter entity declared with a value, which would expand
  into more declarations) is refused with :class:`EntitiesRefused`: that shape has no use but
  expansion attacks ("billion laughs"). A reference to an external parameter entity (the
  XHTML entity sets some feeds name) is cut out like the rest: it is never fetched.

Numeric character references to characters XML 1.0 forbids (``&#0;``, the C0 controls but tab,
newline and carriage return, surrogates, beyond U+10FFFF) are removed too: expat refuses the whole
document for one of them, and feedparser's loose parser then raises on a surrogate or an
out-of-range one (``chr()``/``encode`` errors), losing the feed for one bad character.

The scan follows the XML prolog grammar (whitespace, comments, processing instructions, DOCTYPE)
on bytes, with one regular expression per token, so it costs little even on a 5 MiB subset.
"""

from __future__ import annotations

import re

import feedparser.api

__all__ = [
    "EntitiesRefused",
    "check_prefix",
    "drop_bad_char_refs",
    "install",
    "replace_doctype",
    "strip_doctypes",
]

_SPACE = re.compile(rb"[ \t\r\n]*")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
# One token of a DOCTYPE: a literal, a comment, a PI, a bracket, or a run of anything else.
_TOKEN = re.compile(rb"\"[^\"]*\"|'[^']*'|<!--|<\?|[\[\]>]|[^\"'\[\]><]+|<")
_CLOSE = {b"<!--": b"-->", b"<?": b"?>"}
_NAME_REF = re.compile(rb"[&%][A-Za-z_:\x80-\xff]")
_PE_REF = re.compile(rb"%([^\s;%&<>\"']+);")
_PE_DECL = re.compile(rb"!ENTITY\s+%\s+([^\s\"']+)\s+$")
_BOM = b"\xef\xbb\xbf"
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")


class EntitiesRefused(ValueError):
    """The document's DOCTYPE nests entity declarations; ``reason`` is for ``/feeds list``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


NESTED = (
    "refused: the feed's DOCTYPE declares nested XML entities (the shape of an entity-expansion "
    "attack); nothing was expanded"
)
MALFORMED = "refused: the feed's DOCTYPE is not terminated; nothing was expanded"


def _prolog_doctype(data: bytes) -> int | None:
    """Offset of the DOCTYPE an XML parser would read in the prolog, if there is one."""
    i = len(_BOM) if data.startswith(_BOM) else 0
    while True:
        i = _SPACE.match(data, i).end()  # type: ignore[union-attr]  # always matches
        if data.startswith(b"<?", i):
            end = data.find(b"?>", i + 2)
        elif data.startswith(b"<!--", i):
            end = data.find(b"-->", i + 4)
        elif _DOCTYPE.match(data, i):
            return i
        else:
            return None  # the root element, or junk an XML parser stops at
        if end < 0:
            return None  # an unterminated comment or PI: the XML parser stops there too
        i = end + (2 if data[i + 1 : i + 2] == b"?" else 3)


def _doctype_end(data: bytes, start: int) -> int:
    """Offset just past the DOCTYPE at ``start``; refuses nested entities and a missing end."""
    pos = start + len(b"<!DOCTYPE")
    in_subset = False
    internal_pes: set[bytes] = set()  # parameter entities with a literal value
    previous = b""
    while (token := _TOKEN.match(data, pos)) is not None:
        text, pos = token.group(), token.end()
        if text[:1] in (b'"', b"'"):
            if in_subset and _NAME_REF.search(text):
                raise EntitiesRefused(NESTED)
            if in_subset and (declared := _PE_DECL.match(previous)):
                internal_pes.add(declared.group(1))
        elif text in _CLOSE:
            end = data.find(_CLOSE[text], pos)
            if end < 0:
                break
            pos = end + len(_CLOSE[text])
        elif text == b"[":
            in_subset = True
        elif text == b"]":
            in_subset = False
        elif text == b">" and not in_subset:
            return pos
        elif in_subset and any(n in internal_pes for n in _PE_REF.findall(text)):
            raise EntitiesRefused(NESTED)  # it would expand into more declarations
        previous = text
    raise EntitiesRefused(MALFORMED)


def strip_doctypes(data: bytes) -> tuple[bytes, list[bytes]]:
    """``data`` without the DOCTYPE declarations of its prolog, and those declarations.

    Raises :class:`EntitiesRefused` when a subset nests entities or a DOCTYPE never ends."""
    removed: list[bytes] = []
    while (start := _prolog_doctype(data)) is not None:
        end = _doctype_end(data, start)
        removed.append(data[start:end])
        data = data[:start] + data[end:]  # a second DOCTYPE would now be first: look again
    return data, removed


def check_prefix(prefix: bytes, *, whole: bool) -> None:
    """Refuse nested entities already in the first bytes of a document (before any copy of it);
    a DOCTYPE cut by the end of ``prefix`` is left to the full check unless it is ``whole``."""
    try:
        strip_doctypes(prefix)
    except EntitiesRefused as exc:
        if whole or exc.reason == NESTED:
            raise


def _xml_char(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _keep_ref(match: re.Match[bytes]) -> bytes:
    hexa, dec = match.groups()
    code = int(hexa, 16) if hexa else int(dec)
    return match.group() if _xml_char(code) else b""


def drop_bad_char_refs(data: bytes) -> bytes:
    """``data`` without numeric references to characters XML 1.0 forbids."""
    return _CHAR_REF.sub(_keep_ref, data) if b"&#" in data else data


def replace_doctype(data: bytes) -> tuple[str | None, bytes, dict[str, str]]:
    """Drop-in for ``feedparser.sanitizer.replace_doctype``: (version, data, entities), where
    entities is always empty (the loose parser then expands nothing)."""
    data, removed = strip_doctypes(drop_bad_char_refs(data))
    netscape = any(b"netscape" in d.lower() for d in removed)
    return ("rss091n" if netscape else None), data, {}


def install() -> None:
    """Make feedparser use :func:`replace_doctype` (idempotent)."""
    feedparser.api.replace_doctype = replace_doctype

"""Text columns that store what any backend accepts: no NUL, no control character, valid UTF-8.

PostgreSQL refuses a NUL in a text value ("text fields cannot contain NUL"), and neither backend
can encode a lone surrogate; feeds carry both (``&#0;``, ``&#xD800;``). Every text, string and
JSON column of :mod:`storage.models` uses these types, so whatever path a feed's text takes into
the database (an article, a claim's sentence, a name, an error message), it is cleaned on the
way in: NUL and the other C0 controls except tab, newline and carriage return, DEL and the C1
controls are dropped, a lone surrogate becomes U+FFFD, and a value longer than its ``String``
column is cut to fit. A WHERE clause binds through the same type, so a key is looked up cleaned
as it was stored.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

__all__ = ["CleanJSON", "CleanString", "CleanText", "clean"]

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(value: str) -> str:
    """``value`` without control characters, lone surrogates replaced by U+FFFD."""
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    if _SURROGATE.search(value):
        value = _SURROGATE.sub("\ufffd", value)
    return value


def _clean_tree(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(k) if isinstance(k, str) else k: _clean_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_tree(v) for v in value]
    return value


class CleanText(TypeDecorator[str]):
    """``Text`` whose values are :func:`clean` ed when bound."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return clean(value) if isinstance(value, str) else value


class CleanString(TypeDecorator[str]):
    """``String(length)`` whose values are :func:`clean` ed and cut to ``length`` when bound
    (PostgreSQL refuses a longer value; SQLite would keep it)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if not isinstance(value, str):
            return value
        length = getattr(self.impl, "length", None)
        value = clean(value)
        return value[:length] if length else value


class CleanJSON(TypeDecorator[Any]):
    """``JSON`` whose strings (keys and values, at any depth) are :func:`clean` ed when bound."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return _clean_tree(value)

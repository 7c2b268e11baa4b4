"""Per-language data files: ``bot/data/lang/<lang>/<name>.toml``. A language is a directory, so
adding one needs no code change."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def language_files(name: str) -> dict[str, dict[str, Any]]:
    """``{lang: parsed <name>.toml}`` for every language that has that file, by language code."""
    root = resources.files("bot") / "data" / "lang"
    out: dict[str, dict[str, Any]] = {}
    for folder in sorted(root.iterdir(), key=lambda p: p.name):
        path = folder / f"{name}.toml"
        if path.is_file():
            out[folder.name] = tomllib.loads(path.read_text(encoding="utf-8"))
    return out

"""Discord's message limits, and text made safe to put inside them (pure).

Everything shown on Discord goes through :func:`neutral` (feed text can hold markdown, masked
links, mentions, control and bidi characters) and :func:`clip` (a clean cut with "…", never a
rejected message). Lengths are counted in UTF-16 code units, which is never less than the
characters Discord counts, so a text that fits here fits there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

import discord

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
TOTAL = 6000  # title + description + field names and values + footer + author, per message
CONTENT = 2000  # a message's plain text
URL = 2048
CHOICE = 100  # an autocomplete choice's name and value

ELLIPSIS = "…"
_MARKDOWN = re.compile(r"([\\*_~|`<>\[\]])")
_LINE_MARKUP = re.compile(r"^(\s*)([#>\-+]|\d+\.)", re.MULTILINE)
_MENTION = re.compile(r"@(?=(?:everyone|here)\b|[!&]?\d{17,20})", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")


def units(text: str) -> int:
    """The length of ``text`` as Discord may count it (UTF-16 code units)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` units: at a line or word break when one is near, then "…"."""
    if units(text) <= limit:
        return text
    budget = limit - units(ELLIPSIS)
    if budget <= 0:
        return ELLIPSIS[:limit]
    cut, used = 0, 0
    for cut, ch in enumerate(text):  # noqa: B007 - cut is used after the loop
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > budget:
            break
    head = text[:cut]
    for brk in ("\n", " "):
        at = head.rfind(brk)
        if at >= len(head) * 4 // 5:
            head = head[:at]
            break
    head = head.rstrip()
    if (len(head) - len(head.rstrip("\\"))) % 2:  # never leave half of an escape
        head = head[:-1]
    return head + ELLIPSIS


def plain(text: str, *, lines: bool = False) -> str:
    """Printable text: control, bidi and other format characters dropped, spaces folded;
    ``lines`` keeps line breaks, else the text becomes one line."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch == "\n" and lines:
            out.append(ch)
        elif ch in "\t\n\r\v\f":
            out.append(" ")
        elif unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(ch)
    folded = _SPACES.sub(" ", "".join(out))
    if lines:
        return "\n".join(line.strip() for line in folded.split("\n")).strip()
    return folded.strip()


def neutral(text: str, limit: int, *, lines: bool = False) -> str:
    """Text from outside (feeds, users) made inert and fitted to ``limit``: no markdown, masked
    link, mention (``@everyone``, ``<@id>``, ``<#id>``) or timestamp can take effect."""
    safe = _MARKDOWN.sub(r"\\\1", plain(text, lines=lines))
    safe = _LINE_MARKUP.sub(r"\1\\\2", safe)
    safe = _MENTION.sub("@\u200b", safe)
    return clip(safe, limit)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL Discord will take as a link, else None (never a rejected embed)."""
    if not url:
        return None
    url = url.strip()
    if len(url) > URL or not re.match(r"^https?://[^\s<>\"]+$", url, re.IGNORECASE):
        return None
    return url


@dataclass(slots=True, kw_only=True)
class Card:
    """An embed being built, fitted to every limit by :meth:`embed`."""

    title: str = ""
    url: str | None = None
    description: str = ""
    colour: int = 0
    timestamp: datetime | None = None
    author: str = ""
    footer: str = ""
    fields: list[tuple[str, str, bool]] = field(default_factory=list)

    def embed(self) -> discord.Embed:
        """The embed, within every limit: long parts clipped, then fields beyond the total
        dropped from the end (with a note), then the description shortened."""
        title = clip(self.title, TITLE)
        author, footer = clip(plain(self.author), AUTHOR), clip(plain(self.footer), FOOTER)
        description = clip(self.description, DESCRIPTION)
        fields = [
            (clip(name, FIELD_NAME) or "\u200b", clip(value, FIELD_VALUE) or "\u200b", inline)
            for name, value, inline in self.fields
        ]
        if len(fields) > FIELDS:
            dropped = len(fields) - FIELDS + 1
            fields = [*fields[: FIELDS - 1], ("\u200b", f"… and {dropped} more", False)]
        fixed = units(title) + units(author) + units(footer)

        def total() -> int:
            return fixed + units(description) + sum(units(n) + units(v) for n, v, _ in fields)

        dropped = 0
        while fields and total() > TOTAL:
            fields.pop()
            dropped += 1
        if dropped:
            note = ("\u200b", f"… and {dropped} more", False)
            while fields and total() + units(note[0]) + units(note[1]) > TOTAL:
                fields.pop()
                dropped += 1
                note = ("\u200b", f"… and {dropped} more", False)
            fields.append(note)
        if total() > TOTAL:
            description = clip(description, max(0, TOTAL - (total() - units(description))))
        embed = discord.Embed(
            title=title or None,
            url=self.url if title else None,
            description=description or None,
            colour=self.colour,
            timestamp=self.timestamp,
        )
        if author:
            embed.set_author(name=author)
        if footer:
            embed.set_footer(text=footer)
        for name, value, inline in fields:
            embed.add_field(name=name, value=value, inline=inline)
        return embed


def embed_units(embed: discord.Embed) -> int:
    """What Discord counts against :data:`TOTAL` for ``embed`` (in UTF-16 units)."""
    data = embed.to_dict()
    parts = [data.get("title", ""), data.get("description", "")]
    parts += [data.get("footer", {}).get("text", ""), data.get("author", {}).get("name", "")]
    for item in data.get("fields", []):
        parts += [item["name"], item["value"]]
    return sum(units(part) for part in parts)

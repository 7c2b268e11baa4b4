"""Text that is safe to hand Slack, and the Block Kit limits it must fit (pure).

Feed text is data: :func:`escape` turns ``&``, ``<`` and ``>`` into entities, so nothing a feed
writes can become ``<!channel>``, ``<!here>``, ``<@U…>``, ``<#C…>``, ``<!subteam^…>`` or a link;
every mrkdwn object is also sent ``verbatim`` (no automatic parsing of ``#channel`` or URLs), and
the bare words ``@here``, ``@channel`` and ``@everyone`` get a word joiner after the ``@``.
:func:`clip` cuts escaped text to a limit without splitting an entity.
"""

from __future__ import annotations

import re
from typing import Any

Block = dict[str, Any]

# Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks)
MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_SECTION = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_CONTEXT_TEXT = 2000  # kept well under the 3,000 of a text object: a context line is short
MAX_BUTTON_TEXT = 75
MAX_URL = 3000
MAX_FALLBACK = 3000  # the notification text (Slack truncates ``text`` at 40,000; we stay short)

ELLIPSIS = "…"
WORD_JOINER = "\u2060"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BROADCAST = re.compile(r"@(?=(?:here|channel|everyone)\b)", re.IGNORECASE)
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")
_ANGLES = str.maketrans({"<": "‹", ">": "›"})


def clean(text: str) -> str:
    """Control characters (and bidi overrides) removed, tabs as spaces."""
    return _CONTROL.sub("", text.replace("\t", " "))


def escape(text: str) -> str:
    """Feed or user text as inert mrkdwn: entities for ``& < >``, broadcast words defused."""
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@" + WORD_JOINER, text)


def plain(text: str, limit: int) -> str:
    """Text for a ``plain_text`` object: clean, one line, clipped. Slack parses no mentions
    there; the angle brackets still become look-alikes (‹ ›), so no text object of ours ever
    carries a ``<!…>``, ``<@…>`` or ``<#…>`` from a feed."""
    text = _BROADCAST.sub("@" + WORD_JOINER, " ".join(clean(text).translate(_ANGLES).split()))
    text = text or "-"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def clip(text: str, limit: int) -> str:
    """Escaped mrkdwn cut to ``limit`` characters, ending in an ellipsis, never mid-entity."""
    if len(text) <= limit:
        return text
    cut = _PARTIAL_ENTITY.sub("", text[: limit - 1])
    return cut.rstrip() + ELLIPSIS


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a button or a ``<url|label>`` link, or None."""
    if not url:
        return None
    url = clean(url).strip()
    if not url.lower().startswith(("http://", "https://")) or len(url) > MAX_URL:
        return None
    for char, code in (("<", "%3C"), (">", "%3E"), ("|", "%7C"), (" ", "%20"), ('"', "%22")):
        url = url.replace(char, code)
    return url if len(url) <= MAX_URL else None


def link(url: str | None, label: str) -> str:
    """An mrkdwn link to ``url`` labelled with (escaped) ``label``; just the label without a URL."""
    href = safe_url(url)
    text = escape(label).replace("|", "¦")
    return f"<{href}|{text}>" if href else text


# --------------------------------------------------------------------------- blocks


def mrkdwn(text: str) -> Block:
    """An mrkdwn text object; ``text`` must already be escaped."""
    return {"type": "mrkdwn", "text": text or " ", "verbatim": True}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": plain(text, MAX_HEADER)}}


def section(text: str) -> Block:
    """A section of escaped mrkdwn, clipped to the section limit."""
    return {"type": "section", "text": mrkdwn(clip(text, MAX_SECTION))}


def context(*texts: str) -> Block:
    """A context block of escaped mrkdwn elements (at most ten, each clipped)."""
    elements = [mrkdwn(clip(t, MAX_CONTEXT_TEXT)) for t in texts if t][:MAX_CONTEXT_ELEMENTS]
    return {"type": "context", "elements": elements or [mrkdwn(" ")]}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, url: str, action_id: str) -> Block:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": plain(text, MAX_BUTTON_TEXT)},
        "url": url,
        "action_id": action_id,
    }


def fit(blocks: list[Block], more: str = "") -> list[Block]:
    """At most :data:`MAX_BLOCKS` blocks: when over, the tail gives way to one context block
    saying what was left out (``more``, escaped mrkdwn, or a count)."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    kept = blocks[: MAX_BLOCKS - 1]
    left = len(blocks) - len(kept)
    return [*kept, context(more or f"{ELLIPSIS} {left} more not shown")]


def fallback(text: str) -> str:
    """The notification text: escaped, clipped."""
    return clip(escape(text), MAX_FALLBACK)

"""Feed text is data on every surface (issue 15): one hostile alert (mentions, markdown, masked
links, control characters C0 and C1, bidi overrides, a 1 MB headline, 500 lines) rendered for
the console, Discord and Slack; each output pings nobody, formats nothing the feed wrote, holds
no control character and fits the platform's limits."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, datetime

import pytest

from adapters.console.render import MAX_HEADLINE, MAX_LINES, format_alert
from adapters.discord.limits import TOTAL, embed_units
from adapters.discord.render import to_discord_embed
from adapters.slack.mrkdwn import escape
from adapters.slack.render import alert_text, to_slack_blocks
from bot.model import Alert, AlertLine, Channel, EventKind
from tests.fakes.slack import block_kit_problem

EVIL = (
    "@everyone @here <@123456789012345678> <@&123456789012345678> <#123456789012345678> "
    "<!channel> <!here> <!subteam^S1> [BBC](https://evil.test) <https://evil.test|BBC> "
    "**bold** __u__ ~~s~~ ||spoiler|| `code` # heading > quote & "
    "nul\x00 bell\x07 esc\x1b[31m red csi\x9b2J del\x7f rtl\u202eoverride\u2066 zw\u200b"
)
HUGE = "x" * 1_000_000


def _alert(channel: Channel) -> Alert:
    line = AlertLine(event=EventKind.NEW_SAGA, headline=EVIL, label="NEW SAGA", source=EVIL, tier=1)
    long_line = AlertLine(event=EventKind.FEE, headline=HUGE, label="FEE", source=None, tier=None)
    return Alert(
        channel=channel,
        player=f"Marco {EVIL} Rinaldi",
        lines=(line, long_line, *[line] * 498),
        stage=EVIL,
        link="https://news.example/a?x=<!channel>",
        outlet=EVIL,
        published=datetime(2025, 1, 2, tzinfo=UTC),
        delivery_ids=(1,),
    )


def _controls(text: str) -> list[str]:
    """The control, bidi and other format characters in ``text`` (line breaks aside)."""
    return [
        ch
        for ch in text
        if ch != "\n"
        and (
            unicodedata.category(ch) == "Cc"
            or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        )
    ]


def test_console() -> None:
    text = format_alert(_alert(Channel(platform="console", workspace="local", channel="c")))
    assert _controls(text) == []
    assert "\x1b" not in text and "\x9b" not in text
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= MAX_HEADLINE + 400  # label, source, tier around
    assert len(lines) <= MAX_LINES + 4  # the title, the lines, "… and N more", via, link
    assert f"… and {500 - MAX_LINES} more" in text
    assert len(text) < 100_000  # the 1 MB headline is capped


def test_discord() -> None:
    embed = to_discord_embed(_alert(Channel(platform="discord", workspace="1", channel="2")))
    assert embed_units(embed) <= TOTAL
    data = embed.to_dict()
    fields = [f"{f['name']} {f['value']}" for f in data.get("fields", [])]
    marked = " ".join([data.get("title", ""), data.get("description", ""), *fields])
    literal = " ".join(  # Discord shows these as they are: no markdown, no mention
        [data.get("author", {}).get("name", ""), data.get("footer", {}).get("text", "")]
    )
    assert _controls(marked + literal) == []
    assert "@everyone" not in marked and "@here" not in marked  # a zero-width space after @
    assert re.search(r"(?<!\\)<[@#!]", marked) is None  # every "<" of the feed escaped
    assert "**bold**" not in marked and "[BBC](https://evil.test)" not in marked


@pytest.mark.parametrize("part", ["blocks", "text"])
def test_slack(part: str) -> None:
    alert = _alert(Channel(platform="slack", workspace="T1", channel="C1"))
    blocks = to_slack_blocks(alert)
    assert block_kit_problem(blocks) is None
    shown = json.dumps(blocks, ensure_ascii=False) if part == "blocks" else alert_text(alert)
    assert _controls(shown.replace("\\n", "\n")) == []
    for ping in ("<!channel>", "<!here>", "<@123", "<#123", "<!subteam", "<https://evil.test|"):
        assert ping not in shown
    assert "@everyone" not in shown  # a word joiner after the @
    assert len(alert_text(alert)) <= 3000


def test_slack_drops_c1_controls_too() -> None:
    assert escape("csi\x9b2J nel\x85 x") == "csi2J nel x"

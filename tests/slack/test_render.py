"""The Block Kit converters (pure): escaping, Block Kit's limits, the alert layout, ``/latest``
and every typed reply. Each result is also checked by the fake Slack's own limit checker."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from adapters.chat.commands import HELP
from adapters.chat.replies import (
    Choice,
    Failed,
    FeedAdded,
    FeedRemoved,
    Feeds,
    Followed,
    Following,
    Latest,
    Reply,
    SettingsShown,
    Unfollowed,
)
from adapters.slack import mrkdwn
from adapters.slack.render import alert_text, render_reply, slash_words, to_slack_blocks
from adapters.slack.saga import saga_blocks
from bot import channels
from bot.model import (
    Alert,
    AlertLine,
    Channel,
    Claim,
    ClaimKind,
    ClaimRecord,
    DealKind,
    Event,
    EventKind,
    Feed,
    Player,
    SagaKey,
    SagaState,
    SagaStatus,
    Source,
)
from bot.records import ChannelSettings, ClaimView, EvidenceView, SagaView, TimelineEntry
from bot.service import FeedListing, SagaReport
from tests.fakes.slack import block_kit_problem

T = datetime(2025, 1, 2, 9, 30, tzinfo=UTC)
HERE = Channel(platform="slack", workspace="T1", channel="C1")
PLAYER = Player(id=1, name="Jude Bellingham")


def line(
    headline: str = "Arsenal approach Real Madrid for Jude Bellingham", **kw: Any
) -> AlertLine:
    values: dict[str, Any] = {
        "event": EventKind.NEW_SAGA,
        "headline": headline,
        "label": "NEW SAGA",
        "source": "Fabrizio Romano",
        "tier": 1,
        **kw,
    }
    return AlertLine(**values)


def alert(*lines: AlertLine, **kw: Any) -> Alert:
    values: dict[str, Any] = {
        "channel": HERE,
        "player": "Jude Bellingham",
        "lines": lines or (line(),),
        "stage": "approach",
        "link": "https://news.test/story?id=1",
        "outlet": "Sky Sports",
        "published": T,
        **kw,
    }
    return Alert(**values)


def all_text(blocks: list[dict[str, Any]]) -> list[str]:
    out = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            out.append(element["text"]["text"] if element["type"] == "button" else element["text"])
    return out


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        pytest.param("Tom & Jerry", "Tom &amp; Jerry", id="ampersand"),
        pytest.param("a < b > c", "a &lt; b &gt; c", id="angles"),
        pytest.param("<!channel> now", "&lt;!channel&gt; now", id="channel-ping"),
        pytest.param("<!here|here>", "&lt;!here|here&gt;", id="here-ping"),
        pytest.param("<@U0123> says", "&lt;@U0123&gt; says", id="user-mention"),
        pytest.param("see <#C0123|general>", "see &lt;#C0123|general&gt;", id="channel-link"),
        pytest.param("<!subteam^S1>", "&lt;!subteam^S1&gt;", id="group-ping"),
        pytest.param("<http://evil.test|BBC>", "&lt;http://evil.test|BBC&gt;", id="fake-link"),
        pytest.param("&lt;!channel&gt;", "&amp;lt;!channel&amp;gt;", id="pre-escaped-stays-text"),
        pytest.param("hi @here and @Channel", "hi @\u2060here and @\u2060Channel", id="bare-ping"),
        pytest.param("mail me@heresy.test", "mail me@heresy.test", id="not-a-ping-word"),
        pytest.param("a\x00b\x1bc\u202ed\te", "abcd e", id="control-and-bidi-removed"),
        pytest.param("line\nbreak", "line\nbreak", id="newline-kept"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert mrkdwn.escape(raw) == escaped


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        pytest.param("short", 10, "short", id="fits"),
        pytest.param("abcdefghij", 10, "abcdefghij", id="exactly"),
        pytest.param("abcdefghijk", 10, "abcdefghi…", id="cut"),
        pytest.param("abcdef &amp; x", 10, "abcdef…", id="never-mid-entity"),
        pytest.param("abcdefg &lt;", 11, "abcdefg…", id="never-mid-lt"),
        pytest.param("ab &amp; cd ef", 10, "ab &amp;…", id="whole-entity-kept"),
    ],
)
def test_clip(text: str, limit: int, expected: str) -> None:
    clipped = mrkdwn.clip(text, limit)
    assert clipped == expected
    assert len(clipped) <= limit


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("https://a.test/x?y=1", "https://a.test/x?y=1", id="https"),
        pytest.param("http://a.test/<b>|c", "http://a.test/%3Cb%3E%7Cc", id="markup-encoded"),
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param("file:///etc/passwd", None, id="file"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="none"),
        pytest.param("https://a.test/" + "x" * 3000, None, id="too-long"),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert mrkdwn.safe_url(url) == expected


def test_plain_text_is_one_clipped_line_without_angle_brackets() -> None:
    assert mrkdwn.plain("a\n b <@U1>  c", 150) == "a b ‹@U1› c"
    assert mrkdwn.plain("x" * 200, 150) == "x" * 149 + "…"
    assert mrkdwn.plain("   ", 10) == "-"  # Slack refuses an empty text object


def test_slash_words_rewrites_the_shared_commands() -> None:
    assert slash_words("See /feeds list, or /follow X.") == (
        "See /transfers feeds list, or /transfers follow X."
    )
    assert slash_words("http://a.test/follow stays", "/tb") == "http://a.test/follow stays"
    assert slash_words("/following", "/tb") == "/tb following"


# --------------------------------------------------------------------------- alerts


def test_alert_layout() -> None:
    blocks = to_slack_blocks(alert())
    assert [b["type"] for b in blocks] == ["header", "section", "context", "context", "actions"]
    assert blocks[0]["text"] == {"type": "plain_text", "text": "Jude Bellingham"}
    assert blocks[1]["text"]["text"] == (
        ":new: *NEW SAGA*\nArsenal approach Real Madrid for Jude Bellingham"
    )
    assert blocks[2]["elements"][0]["text"] == "Source: *Fabrizio Romano* · tier 1"
    stage, via = (e["text"] for e in blocks[3]["elements"])
    assert stage == "Stage: *approach*"
    assert via == (
        "via Sky Sports · <!date^1735810200^{date_short_pretty} {time}|2025-01-02 09:30 UTC>"
    )
    [button] = blocks[4]["elements"]
    assert button["url"] == "https://news.test/story?id=1"
    assert button["text"]["text"] == "Read on Sky Sports"
    assert block_kit_problem(blocks) is None


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        pytest.param({"link": None}, lambda b: b[-1]["type"] == "context", id="no-link-no-button"),
        pytest.param(
            {"link": "javascript:alert(1)"}, lambda b: b[-1]["type"] == "context", id="bad-link"
        ),
        pytest.param(
            {"stage": None}, lambda b: "Stage: none yet" in all_text(b), id="no-stage-yet"
        ),
        pytest.param({"outlet": ""}, lambda b: "Read the article" in all_text(b), id="no-outlet"),
        pytest.param(
            {"lines": (line(source=None, tier=None),)},
            lambda b: "Source: unattributed" in all_text(b),
            id="unattributed",
        ),
        pytest.param(
            {"lines": (line(tier=None),)},
            lambda b: "Source: *Fabrizio Romano*" in all_text(b),
            id="no-tier",
        ),
        pytest.param(
            {"player": "x" * 400},
            lambda b: len(b[0]["text"]["text"]) == 150,
            id="header-clipped-to-150",
        ),
        pytest.param(
            {"lines": (line("&" * 5000),)},
            lambda b: len(b[1]["text"]["text"]) <= 3000 and b[1]["text"]["text"].endswith("&amp;…"),
            id="section-clipped-to-3000-on-an-entity",
        ),
        pytest.param(
            {"lines": tuple(line(f"claim {i}") for i in range(40))},
            lambda b: len(b) == 50 and "… and 17 more new claims" in all_text(b)[-4],
            id="forty-lines-fit-50-blocks",
        ),
        pytest.param(
            {"lines": tuple(line(f"claim {i}") for i in range(23))},
            lambda b: len(b) == 49 and "more new claims" not in " ".join(all_text(b)),
            id="twenty-three-lines-all-shown",
        ),
        pytest.param(
            {"outlet": "x" * 200},
            lambda b: len(b[-1]["elements"][0]["text"]["text"]) == 75,
            id="button-text-clipped",
        ),
    ],
)
def test_alert_edges_stay_within_block_kit(changes: dict[str, Any], check: Any) -> None:
    blocks = to_slack_blocks(alert(**changes))
    assert check(blocks)
    assert block_kit_problem(blocks) is None


def test_hostile_alert_text_is_inert_everywhere() -> None:
    evil = "<!channel> <!here> <@U1> <#C1> <!subteam^S1> <https://x.test|BBC> @everyone &"
    blocks = to_slack_blocks(
        alert(line(evil, label=evil, source=evil), outlet=evil, stage=evil, player=evil)
    )
    texts = [*all_text(blocks), alert_text(alert(line(evil), player=evil))]
    for text in texts:
        ours = text.replace("<!date^", "")  # the only markup we write ourselves
        assert "<!" not in ours and "<@" not in ours and "<#" not in ours and "<http" not in ours
        assert "@everyone" not in text
    mrkdwn_objects = [
        part
        for block in blocks
        for part in (block.get("text"), *block.get("elements", []))
        if isinstance(part, dict) and part.get("type") == "mrkdwn"
    ]
    assert mrkdwn_objects and all(part["verbatim"] is True for part in mrkdwn_objects)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            (line(),),
            "Jude Bellingham — NEW SAGA: Arsenal approach Real Madrid for Jude Bellingham",
            id="one-line",
        ),
        pytest.param(
            (line("A & B", label="NEW FEE"), line()),
            "Jude Bellingham — NEW FEE: A &amp; B (+1 more)",
            id="more-lines-escaped",
        ),
        pytest.param((), "Jude Bellingham: news", id="no-lines"),
    ],
)
def test_alert_text_fallback(lines: tuple[AlertLine, ...], expected: str) -> None:
    assert alert_text(alert(lines=lines) if lines else alert(lines=())) == expected


def test_alert_text_is_clipped() -> None:
    assert len(alert_text(alert(line("x" * 10_000)))) == mrkdwn.MAX_FALLBACK


# --------------------------------------------------------------------------- /latest


def _claim(kind: ClaimKind, *, polarity: bool = True, buyer: str = "Arsenal") -> Claim:
    return Claim(
        player=PLAYER.name,
        kind=kind,
        polarity=polarity,
        buyer=buyer,
        seller="Real Madrid",
        clubs=(buyer, "Real Madrid"),
        source=Source(name="Fabrizio Romano", tier=1),
    )


def _saga(counterpart: str, claims: list[Claim], *, link: str | None = None) -> SagaView:
    key = SagaKey(player=PLAYER.name, counterpart=counterpart, deal=DealKind.TRANSFER)
    state = SagaState(
        key=key,
        stage=ClaimKind.APPROACH,
        status=SagaStatus.OPEN,
        first_seen=T,
        last_seen=T,
        best_tier=1,
    )
    evidence = (
        EvidenceView(outlet="Sky", source=None, tier=1, seen_at=T, link=link, sentence="s"),
    )
    views = tuple(
        ClaimView(
            record=ClaimRecord(
                fact_key=f"{c.kind}|{c.polarity}|{i}",
                kind=c.kind,
                polarity=c.polarity,
                fee_eur=None,
                fee_kind=None,
                first_seen=T,
                last_seen=T,
                times_seen=2,
                best_tier=1,
                outlets=2,
            ),
            claim=c,
            evidence=evidence,
        )
        for i, c in enumerate(claims)
    )
    event = Event(kind=EventKind.NEW_SAGA, claim=claims[0], fact_key="k")
    return SagaView(
        state=state,
        claims=views,
        timeline=(TimelineEntry(at=T, event=event, outlet="Sky", link=None),),
    )


def report(*sagas: SagaView) -> SagaReport:
    return SagaReport(player=PLAYER, sagas=sagas, now=T)


def test_latest_blocks() -> None:
    blocks = saga_blocks(
        report(
            _saga(
                "Arsenal",
                [_claim(ClaimKind.TALKS), _claim(ClaimKind.TALKS, polarity=False)],
                link="https://news.test/a",
            ),
            _saga("*", [_claim(ClaimKind.INTEREST, buyer="Chelsea")]),
        )
    )
    assert blocks[0]["text"]["text"] == "Jude Bellingham: 2 sagas so far"
    arsenal, nobody, timeline, stamp = (b["text"]["text"] if "text" in b else b for b in blocks[1:])
    assert arsenal.startswith("*Arsenal* (transfer) · stage *approach* · last news 2025-01-02")
    assert "<https://news.test/a|Fabrizio Romano (tier 1)>, 2 outlets" in arsenal
    assert ":warning: contradicted" in arsenal
    assert nobody.startswith("*Reports naming no club*")
    assert timeline.startswith("*Timeline*\n`2025-01-02` *NEW SAGA*")
    assert stamp["elements"][0]["text"] == "as of 2025-01-02 09:30 UTC"
    assert block_kit_problem(blocks) is None


def test_latest_without_news() -> None:
    [block] = saga_blocks(report())
    assert block["text"]["text"].startswith("No transfer news about *Jude Bellingham* yet")


def test_latest_with_many_sagas_and_claims_fits() -> None:
    sagas = [_saga(f"Club {i}", [_claim(ClaimKind.TALKS)] * 9) for i in range(80)]
    blocks = saga_blocks(report(*sagas))
    assert len(blocks) == 50
    assert "… 34 more sagas of Jude Bellingham not shown" in all_text(blocks)[-3]
    assert block_kit_problem(blocks) is None


def test_latest_with_a_hostile_club_name_is_escaped() -> None:
    blocks = saga_blocks(report(_saga("<!channel> FC", [_claim(ClaimKind.TALKS)])))
    assert "*&lt;!channel&gt; FC* (transfer)" in blocks[1]["text"]["text"]


# --------------------------------------------------------------------------- replies

FEED = Feed(id=7, url="https://feeds.test/rss?a=1&b=<2>")


@pytest.mark.parametrize(
    ("reply", "public", "fragment"),
    [
        pytest.param(
            Followed(player=PLAYER, typed="", already=False, saga=None),
            True,
            "Now following *Jude Bellingham* in this channel.",
            id="followed",
        ),
        pytest.param(
            Followed(player=PLAYER, typed="Jude Belingham", already=False, saga=None),
            True,
            "Now following *Jude Bellingham* in this channel (you typed _Jude Belingham_).",
            id="followed-misspelt",
        ),
        pytest.param(
            Followed(player=PLAYER, typed="<!channel> & co", already=False, saga=None),
            True,
            "(you typed _&lt;!channel&gt; &amp; co_)",
            id="followed-hostile-typed",
        ),
        pytest.param(
            Followed(player=PLAYER, typed="jude", already=True, saga=None),
            True,
            "Already following *Jude Bellingham* here.",
            id="already",
        ),
        pytest.param(
            Followed(
                player=PLAYER,
                typed="jude",
                already=False,
                saga=report(_saga("Arsenal", [_claim(ClaimKind.TALKS)])),
            ),
            True,
            "Jude Bellingham: 1 saga so far",
            id="followed-with-saga",
        ),
        pytest.param(Unfollowed(player=PLAYER), False, "Stopped following", id="unfollowed"),
        pytest.param(
            Following(players=()),
            False,
            "Try `/transfers follow &lt;player&gt;`",
            id="following-nobody",
        ),
        pytest.param(
            Following(players=(PLAYER, Player(id=2, name="Diogo Dalot"))),
            False,
            "*Following* (2): Jude Bellingham, Diogo Dalot",
            id="following",
        ),
        pytest.param(Latest(report=report()), True, "No transfer news", id="latest"),
        pytest.param(
            FeedAdded(feed=FEED),
            False,
            "Added feed #7: https://feeds.test/rss?a=1&amp;b=&lt;2&gt;",
            id="feed-added",
        ),
        pytest.param(FeedRemoved(feed=FEED), False, "Removed feed #7", id="feed-removed"),
        pytest.param(
            Feeds(listing=FeedListing(feeds=(FEED,), mine=frozenset({7}), now=T)),
            False,
            "*1 feed* (`*` added from here)",
            id="feeds",
        ),
        pytest.param(HELP, False, "*/transfers* commands:", id="help"),
        pytest.param(
            Failed(message="/follow needs <player>", usage=True),
            False,
            ":warning: /transfers follow needs &lt;player&gt;\n*/transfers* commands:",
            id="usage",
        ),
        pytest.param(
            Failed(message="Only admins.", refused=True), False, ":no_entry: Only", id="refused"
        ),
        pytest.param(Failed(message="boom", internal=True), False, ":x: boom", id="internal"),
        pytest.param(Failed(message="No such feed"), False, ":warning: No such", id="user-error"),
    ],
)
def test_replies(reply: Reply, public: bool, fragment: str) -> None:
    message = render_reply(reply)
    payload = message.payload()
    assert payload["response_type"] == ("in_channel" if public else "ephemeral")
    assert fragment in "\n".join(all_text(payload["blocks"]))
    assert payload["text"]
    assert block_kit_problem(payload["blocks"]) is None


def test_a_long_feed_listing_is_split_into_sections_within_limits() -> None:
    feeds = tuple(Feed(id=i, url=f"https://feeds.test/{'x' * 200}/{i}") for i in range(400))
    message = render_reply(Feeds(listing=FeedListing(feeds=feeds, mine=frozenset(), now=T)))
    assert len(message.blocks) <= 50
    assert len(message.blocks) > 10
    assert block_kit_problem(message.blocks) is None


HOSTILE_BROKEN = (
    "Alerts to this channel are stopped since 2025-01-02 09:00 UTC: the platform refused it "
    "(<!channel> & co). Fix the bot's access, then /follow a player or change a /settings here."
)


def _texts(message: Any) -> str:
    payload = message.payload()
    out = []
    for block in payload["blocks"]:
        if "text" in block:
            out.append(block["text"]["text"])
        out.extend(e["text"] for e in block.get("elements", []) if "text" in e)
    return "\n".join(out)


def test_following_in_a_broken_channel_says_so_escaped_in_slack_words() -> None:
    message = render_reply(
        Following(players=(Player(id=1, name="Jude Bellingham"),), broken=HOSTILE_BROKEN)
    )
    text = _texts(message)
    assert text.startswith("*Following* (1): Jude Bellingham\n:warning: Alerts to this channel")
    assert "(&lt;!channel&gt; &amp; co)" in text and "<!channel>" not in text
    assert "then /transfers follow a player or change a /transfers settings here" in text
    assert not message.public


def test_settings_are_listed_with_how_to_change_them() -> None:
    settings = ChannelSettings(min_tier=2)
    shown = SettingsShown(
        settings=settings, lines=tuple(channels.describe(settings)), changed="min_tier"
    )
    message = render_reply(shown, "/rumours")
    text = _texts(message)
    assert text.startswith("Set `min_tier`.\n`min_tier` 2 (tier 0-2 sources")
    assert "`timezone` UTC" in text
    assert "Change one with `/rumours settings &lt;key&gt; &lt;value&gt;`" in text
    assert ":warning:" not in text and not message.public
    assert block_kit_problem(message.payload()["blocks"]) is None


# --------------------------------------------------------------------------- questions

BRUNO = Failed(
    message="Bruno could be 2 players. Which one? 1. …",
    question="Bruno could be 2 players. Which one?",
    choices=(
        Choice(
            label="Bruno Fernandes",
            detail="Manchester United, attacking midfielder, Portugal, born 1994",
            command="/follow Bruno Fernandes",
        ),
        Choice(
            label="Bruno Guimarães", detail="Newcastle United", command="/follow Bruno Guimarães"
        ),
    ),
)
NOBODY = Failed(
    message="I don't know Nobody Atall yet: follow anyway? (`/follow Nobody Atall --new`)",
    question="I don't know Nobody Atall yet: follow anyway? (`/follow Nobody Atall --new`)",
    create="/follow Nobody Atall --new",
)
CLOSE = Failed(
    message="I don't know Jose Kovacic yet: …",
    question="I don't know Jose Kovacic yet: follow anyway? (`/follow Jose Kovacic --new`)",
    choices=(Choice(label="Mateo Kovačić", detail="", command="/follow Mateo Kovačić"),),
    create="/follow Jose Kovacic --new",
)
HOSTILE = Failed(
    message="<!here> could be 1 player",
    question="<!here> & `x` could be 1 player. Which one?",
    choices=(Choice(label="<@U1> `Evil`", detail="<!channel> FC", command="/follow <@U1> `Evil`"),),
)


@pytest.mark.parametrize(
    ("reply", "lines", "buttons"),
    [
        pytest.param(
            BRUNO,
            [
                ":question: Bruno could be 2 players. Which one?",
                "• *Bruno Fernandes* (Manchester United, attacking midfielder, Portugal, born "
                "1994): `/transfers follow Bruno Fernandes`\n"
                "• *Bruno Guimarães* (Newcastle United): `/transfers follow Bruno Guimarães`",
            ],
            [
                ("Bruno Fernandes", "/follow Bruno Fernandes"),
                ("Bruno Guimarães", "/follow Bruno Guimarães"),
            ],
            id="shared-name",
        ),
        pytest.param(
            NOBODY,
            [
                ":question: I don't know Nobody Atall yet: follow anyway? "
                "(`/transfers follow Nobody Atall --new`)",
                "• *Follow anyway*: `/transfers follow Nobody Atall --new`",
            ],
            [("Follow anyway", "/follow Nobody Atall --new")],
            id="unknown-name",
        ),
        pytest.param(
            CLOSE,
            [
                ":question: I don't know Jose Kovacic yet: follow anyway? "
                "(`/transfers follow Jose Kovacic --new`)\nDid you mean:",
                "• *Mateo Kovačić*: `/transfers follow Mateo Kovačić`\n"
                "• *Follow anyway*: `/transfers follow Jose Kovacic --new`",
            ],
            [
                ("Mateo Kovačić", "/follow Mateo Kovačić"),
                ("Follow anyway", "/follow Jose Kovacic --new"),
            ],
            id="close-names-and-anyway",
        ),
        pytest.param(
            HOSTILE,
            [
                ":question: &lt;!here&gt; &amp; `x` could be 1 player. Which one?",
                "• *&lt;@U1&gt; `Evil`* (&lt;!channel&gt; FC): "
                "`/transfers follow &lt;@U1&gt; 'Evil'`",
            ],
            [("‹@U1› `Evil`", "/follow <@U1> `Evil`")],
            id="hostile-escaped",
        ),
    ],
)
def test_a_question_lists_the_commands_and_has_a_button_each(
    reply: Failed, lines: list[str], buttons: list[tuple[str, str]]
) -> None:
    payload = render_reply(reply).payload()
    blocks = payload["blocks"]
    assert payload["response_type"] == "ephemeral"
    assert [b["text"]["text"] for b in blocks if b["type"] == "section"] == lines
    [actions] = [b for b in blocks if b["type"] == "actions"]
    assert blocks[-1] is actions
    shown = [(e["text"]["text"], e["value"]) for e in actions["elements"]]
    assert shown == buttons
    ids = [e["action_id"] for e in actions["elements"]]
    assert ids == [f"choose:{i}" for i in range(len(buttons))]  # unique in the message
    assert "<!" not in payload["text"] and "<@" not in payload["text"]
    assert block_kit_problem(blocks) is None

"""The pure Discord renderer: alert and saga embeds, replies, limits and hostile text (tables)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import discord
import pytest

from adapters.chat.commands import HELP
from adapters.chat.replies import (
    Choice,
    Failed,
    FeedAdded,
    Feeds,
    Followed,
    Following,
    Latest,
    Reply,
    SettingsShown,
    Unfollowed,
)
from adapters.discord import limits
from adapters.discord.limits import Card, clip, embed_units, neutral, safe_url, units
from adapters.discord.render import (
    COLOURS,
    SETBACK,
    render_reply,
    to_discord_embed,
    to_saga_embed,
)
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
from bot.records import ChannelSettings, ClaimView, SagaView, TimelineEntry
from bot.service import FeedListing, SagaReport

T = datetime(2025, 1, 2, 9, 30, tzinfo=UTC)
CH = Channel(platform="discord", workspace="1", channel="2")
TAA = Player(id=1, name="Trent Alexander-Arnold")


def line(
    event: EventKind = EventKind.STAGE, label: str = "STAGE: approach → bid", **kw: object
) -> AlertLine:
    values: dict[str, object] = {
        "event": event,
        "headline": "Real Madrid bid £20m for Trent Alexander-Arnold",
        "label": label,
        "source": "Fabrizio Romano",
        "tier": 1,
    }
    values.update(kw)
    return AlertLine(**values)  # type: ignore[arg-type]


def alert(*lines: AlertLine, **kw: object) -> Alert:
    values: dict[str, object] = {
        "channel": CH,
        "player": TAA.name,
        "lines": lines or (line(),),
        "stage": "bid",
        "link": "https://news.example/story?id=1",
        "outlet": "Calcio Daily",
        "published": T,
    }
    values.update(kw)
    return Alert(**values)  # type: ignore[arg-type]


def within_limits(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert units(data.get("title", "")) <= limits.TITLE
    assert units(data.get("description", "")) <= limits.DESCRIPTION
    assert len(data.get("fields", [])) <= limits.FIELDS
    for item in data.get("fields", []):
        assert 0 < units(item["name"]) <= limits.FIELD_NAME
        assert 0 < units(item["value"]) <= limits.FIELD_VALUE
    assert units(data.get("footer", {}).get("text", "")) <= limits.FOOTER
    assert units(data.get("author", {}).get("name", "")) <= limits.AUTHOR
    assert embed_units(embed) <= limits.TOTAL


# --------------------------------------------------------------------------- alert embeds


def test_alert_embed_carries_what_is_new_and_where_it_comes_from() -> None:
    data = to_discord_embed(alert()).to_dict()
    assert data["title"] == "Real Madrid bid £20m for Trent Alexander-Arnold"
    assert data["author"]["name"] == "Trent Alexander-Arnold"
    assert data["url"] == "https://news.example/story?id=1"
    assert data["description"] == (
        "**STAGE: approach → bid** — Real Madrid bid £20m for Trent Alexander-Arnold\n"
        "Fabrizio Romano · tier 1"
    )
    assert data["fields"] == [
        {"name": "Saga stage", "value": "bid", "inline": True},
        {"name": "Source", "value": "Fabrizio Romano · tier 1", "inline": True},
        {"name": "Outlet", "value": "Calcio Daily", "inline": True},
    ]
    assert data["footer"] == {"text": "via Calcio Daily"}
    assert data["timestamp"] == T.isoformat()
    assert data["color"] == COLOURS[EventKind.STAGE]


@pytest.mark.parametrize(
    ("event", "label", "colour"),
    [
        pytest.param(EventKind.NEW_SAGA, "NEW SAGA", 0x3498DB, id="new-saga"),
        pytest.param(EventKind.STAGE, "STAGE: approach → bid", 0x2ECC71, id="stage"),
        pytest.param(EventKind.STAGE, "SETBACK: bid rejected", SETBACK, id="setback"),
        pytest.param(EventKind.FEE, "NEW FEE", 0xF1C40F, id="fee"),
        pytest.param(EventKind.CONTRADICTION, "CONTRADICTION", 0xE74C3C, id="contradiction"),
        pytest.param(EventKind.CORROBORATED, "CONFIRMED by The Times", 0x1ABC9C, id="confirmed"),
        pytest.param(EventKind.REVIVED, "REVIVED", 0x9B59B6, id="revived"),
        pytest.param(EventKind.CONTEXT, "CONTEXT", 0x95A5A6, id="context"),
    ],
)
def test_every_event_kind_has_its_label_and_colour(
    event: EventKind, label: str, colour: int
) -> None:
    data = to_discord_embed(alert(line(event, label))).to_dict()
    assert data["description"].startswith(f"**{label}** — ")
    assert data["color"] == colour


def test_every_event_kind_has_a_colour() -> None:
    assert set(COLOURS) == set(EventKind)


def test_several_new_claims_of_one_article_make_one_embed() -> None:
    data = to_discord_embed(
        alert(line(), line(EventKind.FEE, "NEW FEE", headline="Real Madrid willing to pay £20m"))
    ).to_dict()
    assert data["title"] == "Real Madrid bid £20m for Trent Alexander-Arnold"  # the first claim
    assert data["description"].count("\n\n") == 1
    assert "**NEW FEE** — Real Madrid willing to pay £20m" in data["description"]


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        pytest.param({"link": None}, lambda d: "url" not in d, id="no-link"),
        pytest.param({"link": "javascript:alert(1)"}, lambda d: "url" not in d, id="js-link"),
        pytest.param({"link": "https://x.example/a b"}, lambda d: "url" not in d, id="space-link"),
        pytest.param(
            {"link": "https://x.example/" + "a" * 3000}, lambda d: "url" not in d, id="long-link"
        ),
        pytest.param(
            {"outlet": ""}, lambda d: "footer" not in d and len(d["fields"]) == 2, id="no-outlet"
        ),
        pytest.param(
            {"stage": None}, lambda d: d["fields"][0]["value"] == "none yet", id="no-stage"
        ),
        pytest.param(
            {"lines": ()},
            lambda d: d["title"] == "News about Trent Alexander-Arnold",
            id="no-lines",
        ),
    ],
)
def test_alert_embed_edge_cases(changes: dict[str, object], check: object) -> None:
    data = to_discord_embed(alert(**changes)).to_dict()
    assert check(data)  # type: ignore[operator]


def test_unattributed_line_says_so() -> None:
    data = to_discord_embed(alert(line(source=None, tier=None))).to_dict()
    assert data["description"].endswith("\nunattributed")


HUGE = "Transfer news " * 2000  # 28,000 characters


@pytest.mark.parametrize(
    "made",
    [
        pytest.param(lambda: alert(line(headline=HUGE)), id="huge-headline"),
        pytest.param(lambda: alert(line(label=HUGE, source=HUGE)), id="huge-label-and-source"),
        pytest.param(
            lambda: alert(*(line(headline=f"claim {i} " * 60) for i in range(60))), id="60-claims"
        ),
        pytest.param(lambda: alert(outlet=HUGE, player=HUGE[:300]), id="huge-outlet-and-player"),
        pytest.param(lambda: alert(line(headline="⚽🔥" * 5000)), id="astral-characters"),
    ],
)
def test_alert_embed_stays_within_every_limit(made: object) -> None:
    embed = to_discord_embed(made())  # type: ignore[operator]
    within_limits(embed)
    assert "…" in str(embed.to_dict())  # cut cleanly, not rejected


# --------------------------------------------------------------------------- hostile text


@pytest.mark.parametrize(
    ("text", "must_not", "must"),
    [
        pytest.param("@everyone look", ["@everyone"], ["@\u200beveryone"], id="everyone"),
        pytest.param("@HERE now", ["@HERE"], ["@\u200bHERE"], id="here-any-case"),
        pytest.param(
            "<@123456789012345678>", ["<@1"], ["\\<@\u200b123456789012345678\\>"], id="user-mention"
        ),
        pytest.param("<@&123456789012345678>", ["<@&1"], ["@\u200b&"], id="role-mention"),
        pytest.param(
            "<#123456789012345678>", [], ["\\<#123456789012345678\\>"], id="channel-mention"
        ),
        pytest.param(
            "[free kit](https://evil.example)",
            ["[free kit]("],
            ["\\[free kit\\]"],
            id="masked-link",
        ),
        pytest.param(
            "**bold** __under__ ~~gone~~ ||spoiler||",
            ["**bold**", "||spoiler||"],
            ["\\*\\*bold"],
            id="markdown",
        ),
        pytest.param("`code` ```block```", ["`code`"], ["\\`code\\`"], id="code"),
        pytest.param(
            "# Heading\n> quote\n- item", ["\n"], ["\\# Heading"], id="line-markup-one-line"
        ),
        pytest.param("<t:1700000000:R>", [], ["\\<t:1700000000:R\\>"], id="timestamp"),
        pytest.param(
            "nul\x00bell\x07esc\x1b[31m",
            ["\x00", "\x07", "\x1b"],
            ["nulbellesc"],
            id="control-characters",
        ),
        pytest.param("evil\u202egnp.exe", ["\u202e"], ["evilgnp.exe"], id="bidi-override"),
        pytest.param(
            "zero\u200bwidth\ufeffjoin", ["\ufeff"], ["zerowidthjoin"], id="format-characters"
        ),
        pytest.param("back\\slash", [], ["back\\\\slash"], id="backslash"),
    ],
)
def test_neutral_makes_hostile_text_inert(text: str, must_not: list[str], must: list[str]) -> None:
    safe = neutral(text, 500)
    for bad in must_not:
        assert bad not in safe
    for good in must:
        assert good in safe


def test_neutral_leaves_plain_text_alone() -> None:
    text = "Real Madrid willing to pay just over £20m (€24m) for Trent Alexander-Arnold — 2025"
    assert neutral(text, 500) == text


def test_neutral_keeps_lines_when_asked_and_escapes_their_markup() -> None:
    assert neutral("# one\n- two", 100, lines=True) == "\\# one\n\\- two"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        pytest.param("short", 10, "short", id="fits"),
        pytest.param("one two three four five", 16, "one two three…", id="at-a-word-near-the-end"),
        # a break far from the cut would waste the space: cut in the word
        pytest.param("one two three four five", 12, "one two thr…", id="in-a-word"),
        pytest.param("abcdefghijklmnop", 8, "abcdefg…", id="no-break-near"),
        pytest.param("line one\nline two", 12, "line one…", id="at-a-line"),
        pytest.param("\\*\\*\\*\\*", 6, "\\*\\*…", id="never-half-an-escape"),
        pytest.param("🔥🔥🔥🔥", 5, "🔥🔥…", id="astral-counts-two"),
        pytest.param("⚽⚽⚽⚽", 4, "⚽⚽⚽⚽", id="bmp-symbol-counts-one"),
        pytest.param("anything", 1, "…", id="tiny-limit"),
    ],
)
def test_clip(text: str, limit: int, expected: str) -> None:
    assert clip(text, limit) == expected
    assert units(clip(text, limit)) <= limit


def test_clip_never_ends_on_a_lone_backslash() -> None:
    for limit in range(2, 30):
        cut = clip(neutral("a*b_c~d|e`f" * 10, 1000), limit)
        body = cut.removesuffix("…")
        assert (len(body) - len(body.rstrip("\\"))) % 2 == 0


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://news.example/a?b=1", True),
        ("HTTP://NEWS.EXAMPLE/", True),
        ("ftp://news.example/", False),
        ("https://news.example/<script>", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_card_drops_fields_beyond_the_total_with_a_note() -> None:
    card = Card(
        title="t", description="d" * 3000, fields=[(f"f{i}", "v" * 900, False) for i in range(30)]
    )
    embed = card.embed()
    within_limits(embed)
    last = embed.to_dict()["fields"][-1]
    assert last["value"].startswith("… and ") and last["value"].endswith(" more")


# --------------------------------------------------------------------------- saga embeds


def _saga(club: str, *, claims: int, headline_words: int = 1, when: datetime = T) -> SagaView:
    key = SagaKey(player=TAA.name, counterpart=club, deal=DealKind.TRANSFER)
    state = SagaState(
        key=key,
        stage=ClaimKind.BID,
        status=SagaStatus.OPEN,
        first_seen=when,
        last_seen=when,
        best_tier=1,
    )
    views = []
    for i in range(claims):
        claim = Claim(
            player=TAA.name,
            kind=ClaimKind.BID,
            buyer=club,
            clubs=(club,),
            source=Source(name="The Times " * headline_words, tier=1),
        )
        record = ClaimRecord(
            fact_key=f"{club}-{i}",
            kind=ClaimKind.BID,
            polarity=True,
            fee_eur=None,
            fee_kind=None,
            first_seen=when,
            last_seen=when + timedelta(minutes=i),
            times_seen=1,
            best_tier=1,
            outlets=2,
        )
        views.append(ClaimView(record=record, claim=claim))
    event = (
        Event(
            kind=EventKind.STAGE,
            claim=views[0].claim,
            fact_key="x",
            previous_stage=ClaimKind.APPROACH,
        )
        if views
        else None
    )
    timeline = (
        (TimelineEntry(at=when, event=event, outlet="Calcio Daily", link=None),) if event else ()
    )
    return SagaView(state=state, claims=tuple(views), timeline=timeline)


def test_saga_embed_shows_each_saga_its_claims_and_the_timeline() -> None:
    report = SagaReport(
        player=TAA, sagas=(_saga("Real Madrid", claims=2), _saga("*", claims=1)), now=T
    )
    data = to_saga_embed(report).to_dict()
    assert data["title"] == "Trent Alexander-Arnold — 2 sagas"
    names = [f["name"] for f in data["fields"]]
    assert names == ["Timeline", "Real Madrid (transfer) · stage bid", "Reports naming no club"]
    real = data["fields"][1]["value"].split("\n")
    assert real[0].startswith(
        "• 2025-01-02 Real Madrid make a bid for Trent Alexander-Arnold — The Times"
    )
    assert real[0].endswith("(tier 1), 2 outlets")
    assert "**STAGE: approach → bid**" in data["fields"][0]["value"]
    assert "**Real Madrid (transfer) · stage bid** · last news 2025-01-02" in data["description"]


def test_saga_embed_of_a_player_without_news() -> None:
    data = to_saga_embed(SagaReport(player=TAA, sagas=(), now=T)).to_dict()
    assert data["title"] == "Trent Alexander-Arnold: no transfer news yet"


def test_a_huge_saga_fits_and_keeps_its_timeline() -> None:
    sagas = tuple(_saga(f"Club {i}", claims=12, headline_words=20) for i in range(40))
    embed = to_saga_embed(SagaReport(player=TAA, sagas=sagas, now=T))
    within_limits(embed)
    fields = embed.to_dict()["fields"]
    assert fields[0]["name"] == "Timeline"
    assert fields[-1]["value"].startswith("… and ")
    assert "older claims" in fields[1]["value"] or "more" in fields[1]["value"]


# --------------------------------------------------------------------------- replies


FEED = Feed(id=3, url="https://news.example/rss", title="News")


@pytest.mark.parametrize(
    ("reply", "content", "ephemeral"),
    [
        pytest.param(
            Followed(player=TAA, typed="", already=False, saga=None),
            "Now following **Trent Alexander-Arnold**: alerts land here when something new is "
            "said.",
            False,
            id="followed",
        ),
        pytest.param(
            Followed(player=TAA, typed="TAA", already=False, saga=None),
            "Now following **Trent Alexander-Arnold** (you typed TAA): alerts land here when "
            "something new is said.",
            False,
            id="followed-as-typed",
        ),
        pytest.param(
            Followed(player=TAA, typed="@everyone **x**", already=False, saga=None),
            "Now following **Trent Alexander-Arnold** (you typed @\u200beveryone \\*\\*x\\*\\*): "
            "alerts land here when something new is said.",
            False,
            id="followed-hostile-typed",
        ),
        pytest.param(
            Followed(player=TAA, typed="trent", already=True, saga=None),
            "Already following **Trent Alexander-Arnold**.",
            True,
            id="already",
        ),
        pytest.param(
            Unfollowed(player=TAA),
            "Stopped following **Trent Alexander-Arnold**.",
            True,
            id="unfollowed",
        ),
        pytest.param(
            Following(players=()),
            "This channel follows nobody yet. Try `/follow`.",
            True,
            id="following-none",
        ),
        pytest.param(
            Following(players=(TAA,)), "Following: Trent Alexander-Arnold", True, id="following"
        ),
        pytest.param(
            FeedAdded(feed=FEED), "Added feed #3: <https://news.example/rss>", True, id="feed-added"
        ),
        pytest.param(
            Failed(message="no @everyone here", refused=True),
            "🚫 no @\u200beveryone here",
            True,
            id="refused",
        ),
        pytest.param(Failed(message="bad **input**"), "⚠️ bad \\*\\*input\\*\\*", True, id="failed"),
        pytest.param(
            Failed(message="boom", internal=True),
            "Sorry, that failed on my side: boom",
            True,
            id="internal",
        ),
    ],
)
def test_render_reply_text(reply: Reply, content: str, ephemeral: bool) -> None:
    message = render_reply(reply)
    assert message.content == content
    assert message.ephemeral is ephemeral


NOBODY_ASKED = "I don't know Nobody Atall yet: follow anyway? (`/follow Nobody Atall --new`)"


@pytest.mark.parametrize(
    ("reply", "content"),
    [
        pytest.param(
            Failed(
                message="Bruno could be 2 players. Which one? 1. …",
                question="Bruno could be 2 players. Which one?",
                choices=(
                    Choice(
                        label="Bruno Fernandes",
                        detail="Manchester United, Portugal",
                        command="/follow Bruno Fernandes",
                    ),
                    Choice(label="Bruno Guimarães", detail="", command="/follow Bruno Guimarães"),
                ),
            ),
            "❓ Bruno could be 2 players. Which one?\n"
            "1. **Bruno Fernandes** (Manchester United, Portugal): "
            "`/follow player:Bruno Fernandes`\n"
            "2. **Bruno Guimarães**: `/follow player:Bruno Guimarães`",
            id="shared-name",
        ),
        pytest.param(
            Failed(
                message=NOBODY_ASKED,
                question=NOBODY_ASKED,
                create="/follow Nobody Atall --new",
            ),
            "❓ I don't know Nobody Atall yet: follow anyway?\n"
            "1. **Follow anyway**: `/follow player:Nobody Atall --new`",
            id="unknown-name",
        ),
        pytest.param(
            Failed(
                message="I don't know a player called 'Jose Kovacic'.",
                question="I don't know a player called 'Jose Kovacic'.",
                choices=(
                    Choice(label="Mateo Kovačić", detail="", command="/latest Mateo Kovačić"),
                ),
            ),
            "❓ I don't know a player called 'Jose Kovacic'.\n"
            "1. **Mateo Kovačić**: `/latest player:Mateo Kovačić`",
            id="latest-close-names",
        ),
        pytest.param(
            Failed(
                message="x",
                question="@everyone could be 1 player. Which one?",
                choices=(
                    Choice(
                        label="**Evil** <@123456789012345678>",
                        detail="[link](https://evil.test)",
                        command="/follow `Evil`\n# big",
                    ),
                ),
                create="/follow @here --new",
            ),
            "❓ @\u200beveryone could be 1 player. Which one?\n"
            "Did you mean:\n"
            "1. **\\*\\*Evil\\*\\* \\<@\u200b123456789012345678\\>** "
            "(\\[link\\](https://evil.test)): `/follow player:ˋEvilˋ # big`\n"
            "2. **Follow anyway**: `/follow player:@here --new`",
            id="hostile-escaped",
        ),
    ],
)
def test_a_question_is_a_numbered_list_of_commands(reply: Failed, content: str) -> None:
    message = render_reply(reply)
    assert message.content == content
    assert message.ephemeral and not message.embeds


def test_followed_for_another_channel_names_it() -> None:
    message = render_reply(Followed(player=TAA, typed="", already=False, saga=None), channel_id=42)
    assert message.content == "Now following **Trent Alexander-Arnold**: his alerts go to <#42>."


def test_followed_with_history_shows_the_saga() -> None:
    saga = SagaReport(player=TAA, sagas=(_saga("Real Madrid", claims=1),), now=T)
    message = render_reply(Followed(player=TAA, typed="x", already=False, saga=saga))
    assert [e.title for e in message.embeds] == ["Trent Alexander-Arnold — 1 saga"]


def test_latest_help_and_feeds_are_embeds() -> None:
    latest = render_reply(Latest(report=SagaReport(player=TAA, sagas=(), now=T)))
    assert not latest.ephemeral and latest.content is None and len(latest.embeds) == 1
    helped = render_reply(HELP)
    assert helped.ephemeral and "`/follow <player>` — follow a player" in (
        helped.embeds[0].description or ""
    )
    listing = FeedListing(feeds=(FEED,), mine=frozenset({3}), now=T)
    feeds = render_reply(Feeds(listing=listing))
    description = feeds.embeds[0].description or ""
    assert description.startswith("```\n* #3 News <https://news.example/rss>")
    assert description.endswith("\n```")


def test_reply_visibility_matches_the_handlers_defer_rule() -> None:
    from adapters.discord.handler import PUBLIC_ON_SUCCESS  # noqa: PLC0415

    public = {Followed: "follow", Latest: "latest"}
    assert set(public.values()) == PUBLIC_ON_SUCCESS
    for kind in public:
        assert kind.public is True
    for kind in (Unfollowed, Following, FeedAdded, Feeds, Failed):
        assert kind.public is False


BROKEN = (
    "Alerts to this channel are stopped since 2025-01-02 09:00 UTC: the platform refused it "
    "(Discord 403 (code 50001): *Missing* Access)."
)


def test_following_a_long_list_in_a_broken_channel_keeps_the_whole_warning() -> None:
    many = tuple(Player(id=i, name=f"Player Number {i:04d}") for i in range(400))
    message = render_reply(Following(players=many, broken=BROKEN))
    content = message.content or ""
    assert len(content) <= 2000 and message.ephemeral
    assert content.startswith("Following: Player Number 0000")
    assert content.endswith("(Discord 403 (code 50001): \\*Missing\\* Access).")  # inert


def test_settings_are_an_embed_of_fields_and_say_when_the_channel_is_broken() -> None:
    settings = ChannelSettings(min_tier=1, threads=True)
    shown = SettingsShown(settings=settings, lines=tuple(channels.describe(settings)))
    [embed] = render_reply(shown).embeds
    assert embed.title == "Settings of this channel" and not embed.description
    assert [(f.name, f.value) for f in embed.fields][::5] == [
        ("min_tier", "1 (tier 0-1 sources: top media and reporters)"),
        ("threads", "on: a saga's later alerts go in a thread"),
    ]
    broken = replace(shown, changed="min_tier", broken=BROKEN)
    message = render_reply(broken)
    assert message.ephemeral
    [embed] = message.embeds
    assert embed.title == "Set min_tier"
    assert (embed.description or "").startswith("⚠️ Alerts to this channel are stopped")
    assert embed.colour is not None and embed.colour.value == SETBACK


def test_a_questions_buttons_carry_their_commands_within_discords_limits() -> None:
    long_name = "Bartholomew " * 10
    reply = Failed(
        message="x",
        question="x",
        choices=(
            Choice(label="Bruno\u202e <@123456789012345678>\n", detail="", command="/follow Bruno"),
            Choice(label=long_name, detail="", command=f"/follow {long_name}"),
        ),
        create="/follow Bruno --new",
    )
    message = render_reply(reply)
    assert message.buttons == (
        ("Bruno <@123456789012345678>", "tb:/follow Bruno"),  # shown as a label: no ping
        ("Follow anyway", "tb:/follow Bruno --new"),
    )
    assert f"`/follow player:{long_name.strip()}`" in (message.content or "")  # text has it
    assert all(len(custom_id) <= 100 for _, custom_id in message.buttons)

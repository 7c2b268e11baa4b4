"""Slash commands end to end: an INTERACTION_CREATE from the fake, answered by the real client
through the shared commands; the callback payloads are what is asserted."""

from __future__ import annotations

from typing import Any

import pytest

from bot.model import Channel
from tests.discord.conftest import Bot
from tests.fakes.discord import (
    ADMIN_ROLE_ID,
    CHANNEL_ID,
    GUILD_ID,
    MANAGE_CHANNELS,
    MANAGE_GUILD,
    MEMBER,
    OTHER_CHANNEL_ID,
    FakeDiscord,
    channel_option,
    click,
    interaction,
    option,
)

HERE = Channel(platform="discord", workspace=str(GUILD_ID), channel=str(CHANNEL_ID))
THERE = Channel(platform="discord", workspace=str(GUILD_ID), channel=str(OTHER_CHANNEL_ID))
NO_PINGS = {"parse": []}


async def test_follow_answers_in_public_and_subscribes_the_channel(
    bot: Bot, fake: FakeDiscord
) -> None:
    answer = await fake.interact(interaction("follow", option("player", "Trent Alexander-Arnold")))
    assert answer.type == 4  # CHANNEL_MESSAGE_WITH_SOURCE, not deferred
    assert not answer.ephemeral
    assert (
        answer.data["content"]
        == "Now following **Trent Alexander-Arnold**: alerts land here when something new is said."
    )
    assert answer.data["allowed_mentions"] == NO_PINGS
    assert [p.name for p in bot.service.following(HERE)] == ["Trent Alexander-Arnold"]

    again = await fake.interact(interaction("follow", option("player", "trent alexander-arnold")))
    assert again.data["content"].startswith("Already following")
    assert again.ephemeral


async def test_following_and_unfollow_are_for_the_caller_only(bot: Bot, fake: FakeDiscord) -> None:
    await fake.interact(interaction("follow", option("player", "Diogo Dalot")))
    listed = await fake.interact(interaction("following"))
    assert listed.ephemeral and listed.data["content"] == "Following: Diogo Dalot"
    gone = await fake.interact(interaction("unfollow", option("player", "Dalot")))
    assert gone.ephemeral and gone.data["content"] == "Stopped following **Diogo Dalot**."
    assert bot.service.following(HERE) == []


async def test_latest_is_a_public_embed_and_an_unknown_player_an_ephemeral_error(
    bot: Bot, fake: FakeDiscord
) -> None:
    await fake.interact(interaction("follow", option("player", "Diogo Dalot")))
    saga = await fake.interact(interaction("latest", option("player", "Dalot")))
    assert not saga.ephemeral
    [embed] = saga.data["embeds"]
    assert embed["title"] == "Diogo Dalot: no transfer news yet"
    unknown = await fake.interact(interaction("latest", option("player", "Nobody Atall")))
    assert unknown.ephemeral
    assert "I don't know a player called 'Nobody Atall'" in unknown.data["content"]


@pytest.mark.parametrize(
    ("command", "sub", "options"),
    [
        pytest.param("feeds", "add", [option("url", "https://example.org/rss")], id="feeds-add"),
        pytest.param("feeds", "list", [], id="feeds-list"),
        pytest.param("feeds", "remove", [option("feed", "1")], id="feeds-remove"),
    ],
)
async def test_feeds_refused_to_a_member_without_the_permission(
    bot: Bot, fake: FakeDiscord, command: str, sub: str, options: list[dict[str, object]]
) -> None:
    answer = await fake.interact(interaction(command, *options, sub=sub, permissions=MEMBER))
    assert answer.ephemeral
    assert answer.data["content"].startswith("🚫 Only people who manage this server")
    assert bot.store.list_feeds(None) == []
    assert not fake.posts


async def test_feeds_list_for_manage_server_and_for_the_admin_role(
    bot: Bot, fake: FakeDiscord
) -> None:
    bot.store.add_feed("https://example.org/rss", channel=HERE, title="Example")
    by_manager = await fake.interact(
        interaction("feeds", sub="list", permissions=MEMBER | MANAGE_GUILD)
    )
    by_role = await fake.interact(interaction("feeds", sub="list", roles=(ADMIN_ROLE_ID,)))
    for answer in (by_manager, by_role):
        assert answer.ephemeral
        [embed] = answer.data["embeds"]
        assert "* #1 Example <https://example.org/rss>" in embed["description"]


async def test_feeds_add_defers_then_answers(bot: Bot, fake: FakeDiscord) -> None:
    # a chat user's feed is fetched public-only: localhost is refused once the name is resolved
    # (work off the loop), so after the defer
    answer = await fake.interact(
        interaction(
            "feeds",
            option("url", "http://localhost:9/feed.xml"),
            sub="add",
            permissions=MANAGE_GUILD,
        )
    )
    assert answer.type == 5  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    assert answer.ephemeral
    [edit] = answer.followups
    assert (edit.method, edit.path.rsplit("/", 2)[-2:]) == ("PATCH", ["messages", "@original"])
    assert edit.body["content"].startswith("⚠️ http://localhost:9/feed.xml")
    assert edit.body["allowed_mentions"] == NO_PINGS
    assert bot.store.list_feeds(None) == []


async def test_feeds_remove_by_the_admin_role(bot: Bot, fake: FakeDiscord) -> None:
    feed = bot.store.add_feed("https://example.org/rss", channel=HERE)
    answer = await fake.interact(
        interaction("feeds", option("feed", str(feed.id)), sub="remove", roles=(ADMIN_ROLE_ID,))
    )
    assert answer.data["content"] == f"Removed feed #{feed.id}: <https://example.org/rss>"
    assert bot.store.list_feeds(HERE) == []


@pytest.mark.parametrize(
    ("command", "options", "answered"),
    [
        pytest.param(
            "follow",
            [option("player", "Diogo Dalot")],
            "🚫 /follow belongs to a channel",
            id="follow",
        ),
        pytest.param("following", [], "🚫 /following belongs to a channel", id="following"),
        pytest.param(
            "unfollow",
            [option("player", "Dalot")],
            "🚫 /unfollow belongs to a channel",
            id="unfollow",
        ),
    ],
)
async def test_a_dm_refuses_channel_commands_politely(
    bot: Bot, fake: FakeDiscord, command: str, options: list[dict[str, object]], answered: str
) -> None:
    answer = await fake.interact(interaction(command, *options, dm=True))
    assert answer.ephemeral
    assert answer.data["content"].startswith(answered)
    assert "use it in the channel that should get the alerts" in answer.data["content"]


async def test_a_dm_answers_help_and_latest(bot: Bot, fake: FakeDiscord) -> None:
    bot.service.follow(HERE, "Diogo Dalot")
    helped = await fake.interact(interaction("help", dm=True))
    [embed] = helped.data["embeds"]
    assert "`/latest <player>`" in embed["description"]
    latest = await fake.interact(interaction("latest", option("player", "Dalot"), dm=True))
    assert latest.data["embeds"][0]["title"] == "Diogo Dalot: no transfer news yet"
    feeds = await fake.interact(interaction("feeds", sub="list", dm=True))
    assert feeds.data["content"].startswith("🚫 /feeds list belongs to a channel")


async def test_follow_for_another_channel_needs_manage_channels_there(
    bot: Bot, fake: FakeDiscord
) -> None:
    chosen, resolved = channel_option("channel", OTHER_CHANNEL_ID, permissions=MEMBER)
    refused = await fake.interact(
        interaction("follow", option("player", "Diogo Dalot"), chosen, resolved=resolved)
    )
    assert refused.ephemeral
    assert refused.data["content"].startswith(f"🚫 To follow a player for <#{OTHER_CHANNEL_ID}>")
    assert bot.service.following(THERE) == []

    chosen, resolved = channel_option(
        "channel", OTHER_CHANNEL_ID, permissions=MEMBER | MANAGE_CHANNELS
    )
    done = await fake.interact(
        interaction("follow", option("player", "Diogo Dalot"), chosen, resolved=resolved)
    )
    assert not done.ephemeral
    assert f"his alerts go to <#{OTHER_CHANNEL_ID}>" in done.data["content"]
    assert [p.name for p in bot.service.following(THERE)] == ["Diogo Dalot"]
    assert bot.service.following(HERE) == []


async def test_follow_for_this_same_channel_needs_nothing_more(bot: Bot, fake: FakeDiscord) -> None:
    chosen, resolved = channel_option("channel", CHANNEL_ID, permissions=MEMBER)
    await fake.interact(
        interaction("follow", option("player", "Diogo Dalot"), chosen, resolved=resolved)
    )
    assert [p.name for p in bot.service.following(HERE)] == ["Diogo Dalot"]


# --------------------------------------------------------------------------- defer


async def test_slow_answers_defer_first(bot: Bot, fake: FakeDiscord) -> None:
    bot.adapter.handler.defer_after_s = 0  # every command counts as slow
    await fake.interact(interaction("follow", option("player", "Diogo Dalot")))  # public defer
    listed = await fake.interact(interaction("following"))
    assert listed.type == 5 and listed.ephemeral
    [edit] = listed.followups
    assert edit.method == "PATCH" and edit.body["content"] == "Following: Diogo Dalot"


async def test_a_public_defer_that_ends_in_an_error_answers_the_caller_only(
    bot: Bot, fake: FakeDiscord
) -> None:
    bot.adapter.handler.defer_after_s = 0
    answer = await fake.interact(
        interaction("latest", option("player", "Nobody Atall")),
        settle=lambda a: len(a.followups) == 2,
    )
    assert answer.type == 5 and not answer.ephemeral  # /latest succeeds in public
    delete, post = answer.followups
    assert delete.method == "DELETE"  # the public "thinking…" goes
    assert post.method == "POST" and post.body["flags"] & 64  # the error is for the caller
    assert "Nobody Atall" in post.body["content"]


# --------------------------------------------------------------------------- autocomplete


def _choices(answer_data: dict[str, object]) -> list[tuple[str, str]]:
    return [(c["name"], c["value"]) for c in answer_data["choices"]]  # type: ignore[attr-defined, index]


async def test_player_autocomplete_offers_known_players(bot: Bot, fake: FakeDiscord) -> None:
    bot.service.follow(THERE, "Trent Alexander-Arnold")
    bot.service.follow(THERE, "Diogo Dalot")
    answer = await fake.interact(
        interaction("follow", option("player", "tre", focused=True), autocomplete=True)
    )
    assert answer.type == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    offered = _choices(answer.data)  # the followed one first, then the registry's
    assert offered[0] == ("Trent Alexander-Arnold", "Trent Alexander-Arnold")
    assert ("Trevoh Chalobah", "Trevoh Chalobah") in offered
    everyone = await fake.interact(
        interaction("latest", option("player", "", focused=True), autocomplete=True)
    )
    assert [name for name, _ in _choices(everyone.data)][:2] == [
        "Diogo Dalot",
        "Trent Alexander-Arnold",
    ]


async def test_unfollow_autocomplete_offers_what_this_channel_follows(
    bot: Bot, fake: FakeDiscord
) -> None:
    bot.service.follow(HERE, "Diogo Dalot")
    bot.service.follow(THERE, "Trent Alexander-Arnold")
    answer = await fake.interact(
        interaction("unfollow", option("player", "", focused=True), autocomplete=True)
    )
    assert _choices(answer.data) == [("Diogo Dalot", "Diogo Dalot")]
    in_dm = await fake.interact(
        interaction("unfollow", option("player", "d", focused=True), autocomplete=True, dm=True)
    )
    assert _choices(in_dm.data) == []


async def test_feed_autocomplete_offers_this_channels_feeds(bot: Bot, fake: FakeDiscord) -> None:
    mine = bot.store.add_feed("https://example.org/rss", channel=HERE, title="Example")
    bot.store.add_feed("https://other.example/rss", channel=THERE)
    answer = await fake.interact(
        interaction(
            "feeds",
            option("feed", "exa", focused=True),
            sub="remove",
            autocomplete=True,
            roles=(ADMIN_ROLE_ID,),
        )
    )
    assert _choices(answer.data) == [(f"#{mine.id} Example", str(mine.id))]


# --------------------------------------------------------------------------- /settings


@pytest.mark.parametrize(
    "options",
    [
        pytest.param([], id="show"),
        pytest.param([option("min_tier", 1, kind=4)], id="set"),
    ],
)
async def test_settings_refused_to_a_member_without_the_permission(
    bot: Bot, fake: FakeDiscord, options: list[dict[str, object]]
) -> None:
    answer = await fake.interact(interaction("settings", *options, permissions=MEMBER))
    assert answer.ephemeral
    assert answer.data["content"] == (
        "🚫 Only people who manage this server or workspace may change this channel's settings."
    )
    assert bot.store.channel_settings(HERE).min_tier == 3


async def test_settings_shown_and_set_by_manage_server_and_by_the_admin_role(
    bot: Bot, fake: FakeDiscord
) -> None:
    shown = await fake.interact(interaction("settings", permissions=MEMBER | MANAGE_GUILD))
    assert shown.ephemeral
    [embed] = shown.data["embeds"]
    assert embed["title"] == "Settings of this channel"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["min_tier"] == "3 (every source)" and fields["threads"] == "off"
    assert list(fields) == ["min_tier", "mode", "digest_hour", "quiet_hours", "timezone", "threads"]
    assert shown.data["allowed_mentions"] == NO_PINGS

    by_role = await fake.interact(
        interaction("settings", option("min_tier", 1, kind=4), roles=(ADMIN_ROLE_ID,))
    )
    assert by_role.ephemeral
    [embed] = by_role.data["embeds"]
    assert embed["title"] == "Set min_tier"
    assert {f["name"]: f["value"] for f in embed["fields"]}["min_tier"].startswith("1 (")
    assert bot.store.channel_settings(HERE).min_tier == 1
    assert bot.store.channel_settings(THERE).min_tier == 3  # another channel: untouched


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        pytest.param(
            [option("timezone", "Mars/Olympus")], "unknown time zone 'Mars/Olympus'", id="tz"
        ),
        pytest.param([option("quiet_hours", "late")], r"quiet\_hours is start-end", id="quiet"),
        pytest.param(
            [option("threads", "on"), option("mode", "digest")],
            "One setting at a time",
            id="two-at-once",
        ),
    ],
)
async def test_a_bad_setting_is_an_ephemeral_error_and_changes_nothing(
    bot: Bot, fake: FakeDiscord, options: list[dict[str, object]], fragment: str
) -> None:
    answer = await fake.interact(
        interaction("settings", *options, permissions=MEMBER | MANAGE_GUILD)
    )
    assert answer.ephemeral
    assert fragment in answer.data["content"]
    assert bot.store.channel_settings(HERE) == type(bot.store.channel_settings(THERE))()


async def test_settings_refused_in_a_dm(bot: Bot, fake: FakeDiscord) -> None:
    answer = await fake.interact(interaction("settings", dm=True))
    assert answer.ephemeral and "belongs to a channel" in answer.data["content"]


async def test_a_misspelt_follow_says_what_was_typed(bot: Bot, fake: FakeDiscord) -> None:
    answer = await fake.interact(interaction("follow", option("player", "Kylian Mbape")))
    assert answer.data["content"].startswith(
        "Now following **Kylian Mbappé** (you typed Kylian Mbape):"
    )


async def test_a_shared_name_asks_with_the_commands_to_type(bot: Bot, fake: FakeDiscord) -> None:
    answer = await fake.interact(interaction("follow", option("player", "Bruno")))
    assert answer.ephemeral
    lines = answer.data["content"].split("\n")
    assert lines[0] == "❓ Bruno could be 2 players. Which one?"
    assert lines[2].startswith("2. **Bruno Guimarães** (Newcastle United")
    assert lines[2].endswith(": `/follow player:Bruno Guimarães`")
    assert bot.service.following(HERE) == []


def buttons_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [button for row in data.get("components", []) for button in row["components"]]


async def test_a_shared_name_has_a_button_each_and_a_click_follows(
    bot: Bot, fake: FakeDiscord
) -> None:
    asked = await fake.interact(interaction("follow", option("player", "Bruno")))
    shown = [(b["label"], b["custom_id"]) for b in buttons_of(asked.data)]
    assert shown == [
        ("Bruno Fernandes", "tb:/follow Bruno Fernandes"),
        ("Bruno Guimarães", "tb:/follow Bruno Guimarães"),
    ]
    answer = await fake.interact(
        click(shown[1][1], message_content=asked.data["content"]),
        settle=lambda a: a.callback is not None and bool(a.followups),
    )
    assert answer.type == 7  # UPDATE_MESSAGE: the question is replaced
    assert answer.data["content"] == "✅ `/follow player:Bruno Guimarães`"
    assert answer.data["components"] == []
    [posted] = answer.followups
    assert posted.method == "POST" and not posted.body.get("flags", 0) & 64  # for the channel
    assert posted.body["content"].startswith("Now following **Bruno Guimarães**")
    assert posted.body["allowed_mentions"] == NO_PINGS
    assert [p.name for p in bot.service.following(HERE)] == ["Bruno Guimarães"]


async def test_follow_anyway_is_a_button(bot: Bot, fake: FakeDiscord) -> None:
    asked = await fake.interact(interaction("follow", option("player", "Nobody Atall")))
    [anyway] = buttons_of(asked.data)
    assert anyway["label"] == "Follow anyway"
    assert anyway["custom_id"] == "tb:/follow Nobody Atall --new"
    await fake.interact(
        click(anyway["custom_id"]), settle=lambda a: a.callback is not None and bool(a.followups)
    )
    assert [p.name for p in bot.service.following(HERE)] == ["Nobody Atall"]


async def test_a_click_with_a_private_answer_replaces_the_question(
    bot: Bot, fake: FakeDiscord
) -> None:
    await fake.interact(interaction("follow", option("player", "Diogo Dalot")))
    again = await fake.interact(click("tb:/follow Diogo Dalot"))
    assert again.type == 7 and not again.followups
    assert again.data["content"] == "Already following **Diogo Dalot**."
    assert again.data["components"] == []


@pytest.mark.parametrize(
    "custom_id",
    [
        pytest.param("tb:/feeds add https://evil.test/rss", id="a-managed-command"),
        pytest.param("tb:/unfollow Diogo Dalot", id="another-command"),
        pytest.param("tb:", id="empty"),
    ],
)
async def test_a_button_runs_only_a_follow_or_latest(
    bot: Bot, fake: FakeDiscord, custom_id: str
) -> None:
    await fake.interact(interaction("follow", option("player", "Diogo Dalot")))
    answer = await fake.interact(click(custom_id, permissions=MANAGE_GUILD))
    assert answer.type == 4 and answer.ephemeral
    assert answer.data["content"] == "⚠️ That button runs nothing I know."
    assert [p.name for p in bot.service.following(HERE)] == ["Diogo Dalot"]
    assert bot.store.list_feeds() == []


async def test_a_slow_click_defers_then_updates_the_question(bot: Bot, fake: FakeDiscord) -> None:
    bot.adapter.handler.defer_after_s = 0  # every click counts as slow
    answer = await fake.interact(
        click("tb:/follow Diogo Dalot"), settle=lambda a: len(a.followups) == 2
    )
    assert answer.type == 6  # DEFERRED_UPDATE_MESSAGE: no "thinking…" message
    edit, post = answer.followups
    assert edit.method == "PATCH" and edit.body["content"] == "✅ `/follow player:Diogo Dalot`"
    assert edit.body["components"] == []
    assert post.method == "POST" and post.body["content"].startswith(
        "Now following **Diogo Dalot**"
    )
    assert [p.name for p in bot.service.following(HERE)] == ["Diogo Dalot"]

"""The App Home tab and the "What does this workspace follow?" shortcut, end to end: signed
Events API callbacks and interactions POSTed to the real Bolt app that ``transferbot run`` builds,
answered with ``views.publish`` / ``views.open`` + ``views.update`` on the fake Slack, from what
the store holds and the channels the fake's ``conversations.list`` gives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from adapters.slack.home import SHORTCUT, TITLE
from bot.model import Channel
from tests.fakes.slack import (
    ADMIN,
    FAN,
    FANS,
    TEAM_ID,
    FakeSlack,
    as_json,
    home_opened,
    post_event,
    post_shortcut,
    shortcut_payload,
    view_problem,
)
from tests.slack.conftest import Bot, FeedServer
from tests.slack.test_commands import section_texts
from tests.slack.test_delivery import APPROACH, BID, pipeline

HERE = Channel(platform="slack", workspace=TEAM_ID, channel=FANS)
OTHER = "C0OTHER"
LIVE = re.compile(r"<[!@]|<#(?!C0FANS>|C0OTHER>)|<https?://")


async def open_home(bot: Bot, fake: FakeSlack, user: str, count: int = 1) -> dict[str, Any]:
    """Open the Home tab as ``user``; the view of the ``count``-th ``views.publish``."""
    answer = await post_event(bot.url, home_opened(user))
    assert answer.status == 200, answer
    calls = await fake.wait_for("views.publish", count)
    assert len(calls) == count
    call = calls[-1]
    assert call.params["user_id"] == user
    view = as_json(call.params["view"])
    assert view_problem(view) is None
    return dict(view)


async def test_home_lists_what_each_channel_follows_for_an_admin(bot: Bot, fake: FakeSlack) -> None:
    fake.channels = [
        {"id": FANS, "name": "transfer-news"},
        {"id": OTHER, "name": "madrid"},
        {"id": "C0NOBODY", "name": "general"},
        {"id": "C0OLD", "name": "old", "is_archived": True},
        {"id": "G0SECRET", "name": "board", "is_private": True},
    ]
    bot.service.follow(HERE, "Jude Bellingham")
    bot.service.follow(HERE, "Diogo Dalot")
    other = Channel(platform="slack", workspace=TEAM_ID, channel=OTHER)
    bot.service.follow(other, "Jude Bellingham")
    bot.service.change_setting(other, "threads", "on")
    bot.service.follow(
        Channel(platform="slack", workspace=TEAM_ID, channel="G0SECRET"), "X Y", new=True
    )

    view = await open_home(bot, fake, ADMIN)

    assert view["type"] == "home"
    text = section_texts(view)
    assert view["blocks"][0]["text"]["text"] == TITLE
    assert "2 channels follow 2 players" in text
    assert "*<#C0FANS>* follows 2 players:\n• *Diogo Dalot* · no news yet\n• *Jude Bellingham*" in (
        text
    )
    assert "*<#C0OTHER>* follows 1 player:" in text
    assert ":gear: min tier 3 (every source) · threads off" in text
    assert "threads on" in text  # the other channel's settings
    assert "G0SECRET" not in text and "X Y" not in text  # private channels are not listed
    assert "3 public channels looked at" in text  # the archived one is left out
    [listing] = fake.called("conversations.list")
    assert listing.params["types"] == "public_channel"


async def test_a_fan_sees_the_follows_but_not_the_settings(bot: Bot, fake: FakeSlack) -> None:
    bot.service.follow(HERE, "Jude Bellingham")
    text = section_texts(await open_home(bot, fake, FAN))
    assert "*<#C0FANS>* follows 1 player:\n• *Jude Bellingham* · no news yet" in text
    assert ":gear:" not in text
    assert "channel settings are shown to workspace admins and owners" in text


async def test_a_workspace_following_nothing_gets_a_helpful_home(bot: Bot, fake: FakeSlack) -> None:
    text = section_texts(await open_home(bot, fake, FAN))
    assert "No channel of this workspace follows anyone yet." in text
    assert "`/transfers follow &lt;player&gt;`" in text
    assert "`/transfers help` lists the commands" in text


async def test_hostile_player_and_channel_text_is_escaped(bot: Bot, fake: FakeSlack) -> None:
    hostile = "<!channel> <@U0ADMIN> <#C0X|x> @here & <https://evil.example|click>"
    fake.channels = [{"id": FANS, "name": "news"}, {"id": "<!here>", "name": hostile}]
    # a name the chat commands would refuse, as the store could still hold it (aliases, imports)
    player = bot.store.add_player(hostile, [hostile.lower()])
    bot.store.subscribe(HERE, player.id)
    bot.store.subscribe(Channel(platform="slack", workspace=TEAM_ID, channel="<!here>"), player.id)

    text = section_texts(await open_home(bot, fake, ADMIN))

    assert not LIVE.search(text), LIVE.search(text)
    assert "&lt;!channel&gt; &lt;@U0ADMIN&gt;" in text
    assert "@\u2060here" in text
    assert "*#&lt;!channel&gt;" in text  # a channel id that is not one is shown as its name
    assert "*<#C0FANS>* follows 1 player" in text


async def test_the_messages_tab_publishes_nothing(bot: Bot, fake: FakeSlack) -> None:
    answer = await post_event(bot.url, home_opened(FAN, tab="messages"))
    assert answer.status == 200
    await open_home(bot, fake, ADMIN)  # the one publish that follows is the Home's
    assert [c.params["user_id"] for c in fake.called("views.publish")] == [ADMIN]


async def test_the_events_request_url_is_verified(bot: Bot) -> None:
    """Slack checks the manifest's events URL with a signed ``url_verification`` challenge."""
    challenge = {
        "token": "t",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    }
    answer = await post_event(bot.url, challenge)
    assert answer.status == 200
    assert challenge["challenge"] in str(answer.body)


async def test_an_unsigned_event_is_refused_and_publishes_nothing(
    bot: Bot, fake: FakeSlack
) -> None:
    answer = await post_event(bot.url, home_opened(FAN), signed=False)
    assert answer.status == 401
    await open_home(bot, fake, ADMIN)
    assert len(fake.called("views.publish")) == 1


async def test_without_channels_read_the_home_says_what_to_do(bot: Bot, fake: FakeSlack) -> None:
    fake.fail("conversations.list", "missing_scope")
    text = section_texts(await open_home(bot, fake, ADMIN))
    assert "missing_scope" in text and "channels:read" in text
    assert "follows anyone yet" not in text


async def test_channel_pages_are_read_and_kept_a_minute(bot: Bot, fake: FakeSlack) -> None:
    fake.page_size = 2
    fake.channels = [{"id": f"C0CH{i}", "name": f"ch{i}"} for i in range(5)]
    bot.service.follow(
        Channel(platform="slack", workspace=TEAM_ID, channel="C0CH4"), "A Bee", new=True
    )
    text = section_texts(await open_home(bot, fake, FAN))
    assert "*<#C0CH4>* follows 1 player" in text
    assert len(fake.called("conversations.list")) == 3
    await open_home(bot, fake, ADMIN, count=2)
    assert len(fake.called("conversations.list")) == 3  # from the cache


async def test_the_shortcut_opens_a_modal_with_the_same_content(bot: Bot, fake: FakeSlack) -> None:
    bot.service.follow(HERE, "Jude Bellingham")
    answer = await post_shortcut(bot.url, shortcut_payload(SHORTCUT, FAN))
    assert answer.status == 200
    [opened] = await fake.wait_for("views.open")
    assert opened.params["trigger_id"] == "13345224609.1"
    loading = as_json(opened.params["view"])
    assert loading["type"] == "modal" and "Looking at" in section_texts(loading)
    [updated] = await fake.wait_for("views.update")
    modal = as_json(updated.params["view"])
    assert view_problem(modal) is None
    assert modal["title"]["text"] == "What we follow"  # as the shortcut is named
    assert updated.params["view_id"] in fake.views
    assert "*<#C0FANS>* follows 1 player:\n• *Jude Bellingham* · no news yet" in section_texts(
        modal
    )
    assert not fake.called("views.publish")


async def test_the_home_shows_each_players_current_stage_from_the_feeds(
    bot: Bot, fake: FakeSlack, feed_server: FeedServer
) -> None:
    run = await pipeline(bot, fake, feed_server)  # the channel follows Jude Bellingham
    await run.publish(APPROACH, BID)
    text = section_texts(await open_home(bot, fake, FAN))
    assert "• *Jude Bellingham* · Arsenal (transfer): bid" in text


def test_the_manifest_turns_on_the_home_tab_its_event_and_the_shortcut() -> None:
    path = Path(__file__).parents[2] / "adapters/slack/manifest.yml"
    manifest = yaml.safe_load(path.read_text("utf-8"))
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_home_opened"]
    [shortcut] = manifest["features"]["shortcuts"]
    assert shortcut["type"] == "global" and shortcut["callback_id"] == SHORTCUT
    assert len(shortcut["name"]) <= 24
    assert "channels:read" in manifest["oauth_config"]["scopes"]["bot"]
    assert "groups:read" not in manifest["oauth_config"]["scopes"]["bot"]  # private: not listed

"""``/transfers`` over HTTP: signed, form-encoded slash commands POSTed to the real Bolt app that
``transferbot run`` builds, answered in the ack (or through ``respond()`` when slow), with the
permission checks made against the fake Slack's ``users.info`` and user groups."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import pytest

from adapters.slack.handler import WORKING
from bot.model import Channel
from tests.fakes.slack import (
    ADMIN,
    ADMIN_GROUP_HANDLE,
    ADMIN_GROUP_ID,
    FAN,
    FANS,
    GROUPIE,
    OWNER,
    TEAM_ID,
    Answer,
    FakeSlack,
    block_actions,
    command_fields,
    post_command,
    sign,
)
from tests.slack.conftest import Bot, BotFactory, FeedServer

HERE = Channel(platform="slack", workspace=TEAM_ID, channel=FANS)
PLAYER = "Trent Alexander-Arnold"


async def run(bot: Bot, fake: FakeSlack, text: str, **fields: Any) -> Answer:
    fields.setdefault("response_url", fake.response_url("r"))
    answer = await post_command(bot.url, command_fields(text, **fields))
    assert answer.status == 200, answer
    return answer


def section_texts(payload: dict[str, Any]) -> str:
    """Every text of the blocks, joined (what a reader of the message sees)."""
    out = []
    for block in payload.get("blocks", []):
        if "text" in block:
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text")
            out.extend([text["text"]] if isinstance(text, dict) else [text] if text else [])
    return "\n".join(out)


# --------------------------------------------------------------------------- each subcommand


@pytest.mark.parametrize(
    ("text", "response_type", "fragment"),
    [
        pytest.param(
            f"follow {PLAYER}", "in_channel", f"Now following *{PLAYER}*", id="follow-public"
        ),
        pytest.param(f"FOLLOW   {PLAYER}", "in_channel", "Now following", id="follow-any-case"),
        pytest.param("following", "ephemeral", "follows nobody yet", id="following-empty"),
        pytest.param("help", "ephemeral", "`/transfers follow &lt;player&gt;`", id="help"),
        pytest.param("", "ephemeral", "`/transfers feeds list`", id="empty-is-usage"),
        pytest.param("dance", "ephemeral", "unknown command: dance", id="unknown-is-usage"),
        pytest.param(
            "follow", "ephemeral", "/transfers follow needs a player name", id="missing-player"
        ),
        pytest.param("feeds", "ephemeral", "/transfers feeds needs add", id="feeds-needs-sub"),
        pytest.param(
            "latest Nobody Atall", "ephemeral", "I don't know a player", id="latest-unknown"
        ),
        pytest.param(
            "unfollow Nobody Atall", "ephemeral", "I don't know a player", id="unfollow-unknown"
        ),
    ],
)
async def test_subcommand_answers_in_the_ack(
    bot: Bot, fake: FakeSlack, text: str, response_type: str, fragment: str
) -> None:
    answer = await run(bot, fake, text)
    assert answer.json["response_type"] == response_type
    assert fragment in section_texts(answer.json)
    assert fragment.split("*", maxsplit=1)[0] in answer.json["text"]  # the fallback says it too
    assert not fake.responses  # answered in the ack: no second message


async def test_usage_lists_every_subcommand_as_slack_writes_it(bot: Bot, fake: FakeSlack) -> None:
    text = section_texts((await run(bot, fake, "dance")).json)
    subs = ("follow", "unfollow", "following", "latest", "feeds add", "feeds remove", "settings")
    for sub in (*subs, "help"):
        assert f"`/transfers {sub}" in text
    assert "`/follow" not in text


async def test_follow_unfollow_following_change_the_channel(bot: Bot, fake: FakeSlack) -> None:
    await run(bot, fake, f"follow {PLAYER}")
    again = await run(bot, fake, "follow trent alexander-arnold")
    assert "Already following" in again.json["text"]
    assert [p.name for p in bot.store.channel_players(HERE)] == [PLAYER]
    listed = await run(bot, fake, "following")
    assert listed.json["response_type"] == "ephemeral"
    assert PLAYER in listed.json["text"]
    gone = await run(bot, fake, f"unfollow {PLAYER}")
    assert gone.json["response_type"] == "ephemeral"
    assert f"Stopped following *{PLAYER}*" in gone.json["text"]
    assert bot.store.channel_players(HERE) == []


async def test_latest_answers_with_saga_blocks(bot: Bot, fake: FakeSlack) -> None:
    await run(bot, fake, f"follow {PLAYER}")
    answer = await run(bot, fake, f"latest {PLAYER}")
    assert answer.json["response_type"] == "in_channel"
    assert "No transfer news about *Trent Alexander-Arnold* yet" in section_texts(answer.json)


async def test_a_direct_message_refuses_what_belongs_to_a_channel(
    bot: Bot, fake: FakeSlack
) -> None:
    dm = {"channel": "D0DIRECT", "channel_name": "directmessage"}
    answer = await run(bot, fake, f"follow {PLAYER}", **dm)
    assert answer.json["response_type"] == "ephemeral"
    assert "belongs to a channel" in answer.json["text"]
    assert bot.store.channel_players(HERE) == []
    help_in_dm = await run(bot, fake, "help", **dm)
    assert "/transfers latest" in help_in_dm.json["text"]


# --------------------------------------------------------------------------- signatures


@pytest.mark.parametrize(
    "how",
    [
        pytest.param({"signed": False}, id="unsigned"),
        pytest.param({"secret": "not-the-secret"}, id="wrong-secret"),
        pytest.param({"signature": "v0=" + "0" * 64}, id="forged-signature"),
        pytest.param({"age_s": 6 * 60}, id="six-minutes-old"),
        pytest.param({"age_s": -6 * 60}, id="six-minutes-ahead"),
    ],
)
async def test_unverified_requests_get_401_and_change_nothing(
    bot: Bot, fake: FakeSlack, how: dict[str, Any]
) -> None:
    fields = command_fields(f"follow {PLAYER}", response_url=fake.response_url("r"))
    if "age_s" in how:  # the clock is read now, not when the tests were collected
        how = {"timestamp": int(time.time()) - how["age_s"]}
    answer = await post_command(bot.url, fields, **how)
    assert answer.status == 401
    assert bot.store.channel_players(HERE) == []
    assert fake.calls == []  # not even auth.test: refused before any listener ran
    assert not fake.responses


async def test_a_four_minute_old_request_still_counts(bot: Bot, fake: FakeSlack) -> None:
    fields = command_fields(f"follow {PLAYER}", response_url=fake.response_url("r"))
    answer = await post_command(bot.url, fields, timestamp=int(time.time()) - 4 * 60)
    assert answer.status == 200
    assert [p.name for p in bot.store.channel_players(HERE)] == [PLAYER]


async def test_a_signature_for_another_body_is_refused(bot: Bot, fake: FakeSlack) -> None:
    stamp = int(time.time())
    harmless = command_fields("help")
    signature = sign("token=x&text=help", stamp)  # signed some other body
    answer = await post_command(bot.url, harmless, timestamp=stamp, signature=signature)
    assert answer.status == 401


# --------------------------------------------------------------------------- permissions


async def test_a_members_feeds_add_is_refused_with_the_reason(
    bot: Bot, fake: FakeSlack, feed_server: FeedServer
) -> None:
    answer = await run(bot, fake, f"feeds add {feed_server.url}", user=FAN)
    assert answer.json["response_type"] == "ephemeral"
    assert answer.json["text"].startswith(":no_entry: Only workspace admins and owners")
    assert feed_server.hits == 0  # nothing fetched
    assert bot.store.list_feeds(None) == []
    assert [c.params["user"] for c in fake.called("users.info")] == [FAN]


@pytest.mark.parametrize("user", [ADMIN, OWNER], ids=["admin", "owner"])
async def test_admins_and_owners_manage_feeds(
    bot: Bot, fake: FakeSlack, feed_server: FeedServer, user: str
) -> None:
    # a chat user's feed is fetched public-only: the loopback feed is refused by the SSRF
    # guard, which shows the command got past the permission check to the service
    answer = await run(bot, fake, f"feeds add <{feed_server.url}>", user=user)
    assert "Only workspace admins" not in answer.json["text"]
    assert "address" in answer.json["text"].lower(), answer.json["text"]
    assert feed_server.hits == 0
    listing = await run(bot, fake, "feeds list", user=user)
    assert listing.json["response_type"] == "ephemeral"
    assert "No feeds yet. Add one with /transfers feeds add" in listing.json["text"]


async def test_feeds_list_shows_the_operators_feeds(
    bot: Bot, fake: FakeSlack, feed_server: FeedServer
) -> None:
    feed_server.body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
    feed_server.body += b"</channel></rss>"
    feed = await bot.service.add_feed(None, feed_server.url)  # `transferbot feeds add`
    answer = await run(bot, fake, "feeds list", user=ADMIN)
    assert f"#{feed.id}" in section_texts(answer.json)
    removed = await run(bot, fake, f"feeds remove {feed.id}", user=ADMIN)
    assert "`/transfers feeds list`" not in removed.json["text"]
    assert "/transfers feeds list" in removed.json["text"]  # not this channel's feed


@pytest.mark.parametrize("group", [ADMIN_GROUP_HANDLE, f"@{ADMIN_GROUP_HANDLE}", ADMIN_GROUP_ID])
async def test_members_of_the_admin_group_manage_feeds(
    start_bot: BotFactory, fake: FakeSlack, group: str
) -> None:
    async with start_bot(slack_admin_group=group) as bot:
        allowed = await run(bot, fake, "feeds list", user=GROUPIE)
        refused = await run(bot, fake, "feeds list", user=FAN)
    assert "No feeds yet" in allowed.json["text"]
    assert f"members of the @{group.removeprefix('@')} user group" in refused.json["text"]
    assert len(fake.called("usergroups.users.list")) == 1  # cached for the second caller


async def test_a_failed_role_lookup_refuses_and_says_so(bot: Bot, fake: FakeSlack) -> None:
    fake.fail("users.info", "missing_scope")
    answer = await run(bot, fake, "feeds list", user=ADMIN)
    assert "could not check your role" in answer.json["text"]
    assert "missing_scope" in answer.json["text"]


async def test_roles_are_cached_between_commands(bot: Bot, fake: FakeSlack) -> None:
    for _ in range(3):
        await run(bot, fake, "feeds list", user=ADMIN)
    assert len(fake.called("users.info")) == 1


async def test_commands_without_management_never_look_up_roles(bot: Bot, fake: FakeSlack) -> None:
    await run(bot, fake, f"follow {PLAYER}", user=FAN)
    await run(bot, fake, "following", user=FAN)
    assert fake.called("users.info") == []


async def test_a_members_settings_are_refused_with_the_reason(bot: Bot, fake: FakeSlack) -> None:
    for text in ("settings", "settings threads on"):
        answer = await run(bot, fake, text, user=FAN)
        assert answer.json["response_type"] == "ephemeral"
        assert answer.json["text"] == (
            ":no_entry: Only workspace admins and owners may manage the bot's feeds and settings "
            "in this workspace."
        )
    assert bot.store.channel_settings(HERE).threads is False


async def test_an_admin_sees_and_sets_the_settings(bot: Bot, fake: FakeSlack) -> None:
    shown = await run(bot, fake, "settings", user=ADMIN)
    assert shown.json["response_type"] == "ephemeral"
    text = section_texts(shown.json)
    assert "*Settings of this channel*" in text
    assert "`min_tier` 3 (every source)" in text
    assert "`quiet_hours` off" in text
    assert "`/transfers settings &lt;key&gt; &lt;value&gt;`" in text
    changed = await run(bot, fake, "settings quiet_hours 22:30-07:00", user=ADMIN)
    assert "Set `quiet_hours`." in section_texts(changed.json)
    assert "`quiet_hours` 22:30-07:00 (alerts held until then)" in section_texts(changed.json)
    assert bot.store.channel_settings(HERE).quiet_hours is not None
    bad = await run(bot, fake, "settings mode weekly", user=ADMIN)
    assert bad.json["text"] == ":warning: mode is instant or digest, not 'weekly'"
    assert bot.store.channel_settings(HERE).mode.value == "instant"
    dm = await run(bot, fake, "settings", user=ADMIN, channel="D0DIRECT")
    assert "belongs to a channel" in dm.json["text"]


# --------------------------------------------------------------------------- slow work


@pytest.fixture
def slow_saga(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """``latest`` blocks (in its worker thread) until the returned event is set; the channel
    follows the player already (a follow reads the saga too)."""
    bot.service.follow(HERE, PLAYER)
    release = threading.Event()
    real = bot.service.saga

    def slow(name: str) -> Any:
        release.wait(10)
        return real(name)

    monkeypatch.setattr(bot.service, "saga", slow)
    yield release
    release.set()


async def test_slow_work_acks_at_once_and_answers_through_respond(
    bot: Bot, fake: FakeSlack, slow_saga: threading.Event
) -> None:
    bot.adapter.command.ack_budget_s = 0.2
    answer = await run(bot, fake, f"latest {PLAYER}", response_url=fake.response_url("slow"))
    assert answer.json["text"] == WORKING.text
    assert answer.seconds < 1.0
    assert "slow" not in fake.responses
    slow_saga.set()
    late = await fake.response("slow")
    assert len(fake.responses["slow"]) == 1
    assert late["response_type"] == "in_channel"
    assert "No transfer news about *Trent Alexander-Arnold* yet" in section_texts(late)


async def test_the_ack_beats_slacks_three_seconds_when_the_work_hangs(
    bot: Bot, fake: FakeSlack, slow_saga: threading.Event
) -> None:
    # the default budget (2 s), with the service stuck far longer
    answer = await run(bot, fake, f"latest {PLAYER}", response_url=fake.response_url("slow"))
    assert answer.json["text"] == WORKING.text
    assert answer.seconds < 3.0


# --------------------------------------------------------------------------- interactivity


def click_fields(fake: FakeSlack, button: dict[str, Any], key: str = "click") -> dict[str, str]:
    """The form Slack POSTs when a fan clicks ``button`` in #fans (answers go to ``key``)."""
    return {"payload": json.dumps(block_actions(button, fake.response_url(key)))}


async def test_a_click_on_the_alerts_link_button_is_acked(bot: Bot, fake: FakeSlack) -> None:
    answer = await post_command(bot.url, click_fields(fake, {"action_id": "open_article"}))
    assert answer.status == 200
    assert not fake.responses  # nothing said: the browser opened the link


# --------------------------------------------------------------------------- questions' buttons


def buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    [actions] = [b for b in payload["blocks"] if b["type"] == "actions"]
    return list(actions["elements"])


async def test_a_shared_name_asks_and_a_click_follows_the_one_chosen(
    bot: Bot, fake: FakeSlack
) -> None:
    asked = await run(bot, fake, "follow Bruno")
    assert asked.json["response_type"] == "ephemeral"
    assert "`/transfers follow Bruno Guimarães`" in section_texts(asked.json)
    assert bot.store.channel_players(HERE) == []
    choice = buttons(asked.json)[1]
    assert choice["value"] == "/follow Bruno Guimarães"
    answer = await post_command(bot.url, click_fields(fake, choice))
    assert answer.status == 200 and answer.seconds < 3  # acked before the work
    said = await fake.response("click")
    assert said["response_type"] == "in_channel" and said["replace_original"] is False
    assert "Now following *Bruno Guimarães*" in section_texts(said)
    assert [p.name for p in bot.store.channel_players(HERE)] == ["Bruno Guimarães"]
    for _ in range(100):  # the question goes once the answer is in the channel
        if len(fake.responses["click"]) == 2:
            break
        await asyncio.sleep(0.02)
    assert fake.responses["click"][1]["delete_original"] is True


async def test_follow_anyway_is_a_button(bot: Bot, fake: FakeSlack) -> None:
    asked = await run(bot, fake, "follow Nobody Atall")
    [anyway] = buttons(asked.json)
    assert anyway["text"]["text"] == "Follow anyway"
    assert "`/transfers follow Nobody Atall --new`" in section_texts(asked.json)
    await post_command(bot.url, click_fields(fake, anyway))
    said = await fake.response("click")
    assert "Now following *Nobody Atall*" in section_texts(said)
    assert [p.name for p in bot.store.channel_players(HERE)] == ["Nobody Atall"]


async def test_a_misspelt_follow_says_what_was_typed(bot: Bot, fake: FakeSlack) -> None:
    answer = await run(bot, fake, "follow Kylian Mbape")
    text = section_texts(answer.json)
    assert "Now following *Kylian Mbappé* in this channel (you typed _Kylian Mbape_)." in text


@pytest.mark.parametrize(
    "how",
    [
        pytest.param({"signed": False}, id="unsigned"),
        pytest.param({"secret": "not-the-secret"}, id="wrong-secret"),
    ],
)
async def test_an_unverified_click_gets_401_and_changes_nothing(
    bot: Bot, fake: FakeSlack, how: dict[str, Any]
) -> None:
    asked = await run(bot, fake, "follow Bruno")
    fake.calls.clear()
    answer = await post_command(bot.url, click_fields(fake, buttons(asked.json)[0]), **how)
    assert answer.status == 401
    await asyncio.sleep(0.2)
    assert bot.store.channel_players(HERE) == []
    assert "click" not in fake.responses and fake.calls == []


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("/feeds add https://evil.test/rss", id="a-managed-command"),
        pytest.param("/unfollow Bruno Fernandes", id="another-command"),
        pytest.param("", id="empty"),
    ],
)
async def test_a_button_runs_only_a_follow_or_latest(bot: Bot, fake: FakeSlack, value: str) -> None:
    button = {"action_id": "choose:0", "value": value, "text": {"type": "plain_text", "text": "x"}}
    answer = await post_command(bot.url, click_fields(fake, button))
    assert answer.status == 200
    said = await fake.response("click")
    assert "that button runs nothing I know" in said["text"]
    assert bot.store.channel_players(HERE) == []
    assert bot.store.list_feeds() == []

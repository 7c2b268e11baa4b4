"""Every Discord alert carries its outbox rows' idempotency key as ``nonce`` + ``enforce_nonce``
(issue 15): a crash between Discord taking the message and the row being marked sent makes the
next try post the same nonce, and Discord (the fake, with Discord's semantics) answers with the
first message instead of posting a second one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.delivery import idempotency_key
from bot.errors import StoreError
from bot.model import Alert, Channel
from storage.models import DeliveryRow
from tests.discord.conftest import bot, discord_seams, fake  # noqa: F401 - fixtures
from tests.discord.test_delivery import (
    APPROACH,
    BID,
    PLAYER,
    Pipeline,
    _message_ids,
    pipeline,  # noqa: F401
)
from tests.fakes.discord import CHANNEL_ID, MANAGE_GUILD, MEMBER, interaction, refused

ALERT = Alert(
    channel=Channel(platform="discord", workspace="1", channel="2"),
    player="x",
    lines=(),
    stage=None,
    link=None,
    outlet="",
    published=datetime(2025, 1, 1, tzinfo=UTC),
)


def _sent_ids(pipeline: Pipeline) -> list[tuple[int, ...]]:  # noqa: F811
    with pipeline.bot.store.engine.connect() as conn:
        rows = conn.execute(select(DeliveryRow.id).where(DeliveryRow.status == "sent"))
        return [(row[0],) for row in rows]


def idempotency_key_of(ids: tuple[int, ...]) -> str | None:
    return idempotency_key(replace(ALERT, delivery_ids=ids))


async def test_each_alert_goes_with_its_rows_key_as_an_enforced_nonce(pipeline: Pipeline) -> None:  # noqa: F811
    chat = pipeline.fake
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    [post] = chat.posts_to(CHANNEL_ID)
    [sent] = _sent_ids(pipeline)
    assert post.body["nonce"] == idempotency_key_of(sent)
    assert post.body["enforce_nonce"] is True
    pipeline.site.publish(BID)
    await pipeline.poll()
    assert await pipeline.deliver() == 1
    first, second = chat.posts_to(CHANNEL_ID)
    assert first.body["nonce"] != second.body["nonce"]
    assert chat.repeats == []


async def test_a_resend_after_a_crash_before_marking_is_recognised_by_discord(
    pipeline: Pipeline,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chat, store = pipeline.fake, pipeline.bot.store
    pipeline.site.publish(APPROACH)
    await pipeline.poll()

    def crash(*args: object, **kwargs: object) -> None:
        raise StoreError("the process died before marking the row sent")

    with monkeypatch.context() as patched:
        patched.setattr(store, "mark_delivered", crash)
        assert await pipeline.deliver() == 0  # Discord took it; the row stays pending, leased
    assert len(chat.posts_to(CHANNEL_ID)) == 1
    assert _message_ids(pipeline) == []
    pipeline.later(3600)  # long past the lease
    assert await pipeline.deliver() == 1
    assert len(chat.posts_to(CHANNEL_ID)) == 1  # no second message in the channel
    [repeat] = chat.repeats
    [post] = chat.posts_to(CHANNEL_ID)
    assert repeat.body["nonce"] == post.body["nonce"]
    [message_id] = [m for m, where in chat.message_ids.items() if where == str(CHANNEL_ID)]
    assert _message_ids(pipeline) == [message_id]  # marked with the first message's id


async def test_status_lists_a_given_up_alert_to_admins_only(pipeline: Pipeline) -> None:  # noqa: F811
    chat = pipeline.fake
    chat.script(CHANNEL_ID, refused(400, 50035, "Invalid Form Body"))
    pipeline.site.publish(APPROACH)
    await pipeline.poll()
    assert await pipeline.deliver() == 0  # given up at once: a 400 cannot change
    denied = await chat.interact(interaction("status"))
    assert "Only people who manage" in denied.data["content"] and denied.ephemeral
    shown = await chat.interact(interaction("status", permissions=MEMBER | MANAGE_GUILD))
    text = shown.data["content"]
    assert shown.ephemeral
    assert text.startswith("Outbox: 0 alert(s) to send, 0 of them being retried; 1 given up.")
    assert f"Given up: {PLAYER} in {CHANNEL_ID}" in text
    assert "Invalid Form Body" in text

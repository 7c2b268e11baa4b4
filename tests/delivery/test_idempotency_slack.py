"""Every Slack alert carries its outbox rows' idempotency key in the message metadata
(``event_type`` ``transferbot_alert``) (issue 15). Slack posts a second message with the same
metadata; the fake recognises it by the key and counts it, as the harness counts resends."""

from __future__ import annotations

from dataclasses import replace

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.sender import SlackSender
from bot.delivery import ALERT_EVENT_TYPE, idempotency_key
from tests.fakes.slack import BOT_TOKEN, FakeSlack, metadata_key
from tests.slack.conftest import fake  # noqa: F401 - the fixture
from tests.slack.test_sender import ALERT as SLACK_ALERT

ALERT = replace(SLACK_ALERT, delivery_ids=(7, 3))


def test_the_key_is_the_rows_whatever_their_order_and_fits_a_discord_nonce() -> None:
    key = idempotency_key(ALERT)
    assert key is not None and len(key) <= 25
    assert idempotency_key(replace(ALERT, delivery_ids=(3, 7))) == key
    assert idempotency_key(replace(ALERT, delivery_ids=(3,))) != key
    assert idempotency_key(replace(ALERT, delivery_ids=(3, 7, 8))) != key
    assert idempotency_key(replace(ALERT, delivery_ids=())) is None


async def test_the_key_goes_in_the_metadata_and_a_resend_is_recognised(
    fake: FakeSlack,  # noqa: F811
) -> None:
    sender = SlackSender(AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_base_url))
    await sender.send(ALERT)
    [message] = fake.messages
    assert message["metadata"]["event_type"] == ALERT_EVENT_TYPE
    assert metadata_key(message) == idempotency_key(ALERT)
    await sender.send(replace(ALERT, delivery_ids=(8,)))  # another alert: not a repeat
    assert fake.repeats == []
    await sender.send(ALERT)  # the same rows again (a resend after a crash)
    [repeat] = fake.repeats
    assert metadata_key(repeat) == idempotency_key(ALERT)

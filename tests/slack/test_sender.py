"""How the Slack sender classifies Slack's refusals (real slack_sdk client, the fake's errors)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.sender import SlackSender
from bot.errors import ChannelGoneError, DeliveryError, PermanentDeliveryError, RateLimitedError
from bot.model import Alert, AlertLine, Channel, EventKind, ThreadRef
from bot.records import Sent
from tests.fakes.slack import BOT_TOKEN, FANS, TEAM_ID, FakeSlack

ALERT = Alert(
    channel=Channel(platform="slack", workspace=TEAM_ID, channel=FANS),
    player="Jude Bellingham",
    lines=(
        AlertLine(event=EventKind.NEW_SAGA, headline="h", label="NEW SAGA", source=None, tier=None),
    ),
    stage=None,
    link=None,
    outlet="",
    published=datetime(2025, 1, 2, tzinfo=UTC),
)


def sender(fake: FakeSlack, token: str = BOT_TOKEN) -> SlackSender:
    return SlackSender(AsyncWebClient(token=token, base_url=fake.api_base_url))


@pytest.mark.parametrize(
    ("error", "status", "kind"),
    [
        pytest.param("channel_not_found", 200, ChannelGoneError, id="channel_not_found"),
        pytest.param("not_in_channel", 200, ChannelGoneError, id="not_in_channel"),
        pytest.param("is_archived", 200, ChannelGoneError, id="is_archived"),
        pytest.param("account_inactive", 200, ChannelGoneError, id="account_inactive"),
        pytest.param("restricted_action", 200, PermanentDeliveryError, id="restricted_action"),
        pytest.param("token_revoked", 200, PermanentDeliveryError, id="token_revoked"),
        pytest.param("invalid_blocks", 200, PermanentDeliveryError, id="invalid_blocks"),
        pytest.param("internal_error", 500, DeliveryError, id="server-error-transient"),
        pytest.param("fatal_error", 200, DeliveryError, id="unknown-error-transient"),
    ],
)
async def test_errors_are_classified(
    fake: FakeSlack, error: str, status: int, kind: type[DeliveryError]
) -> None:
    fake.fail("chat.postMessage", error, status=status)
    with pytest.raises(DeliveryError) as caught:
        await sender(fake).send(ALERT)
    assert type(caught.value) is kind
    assert error in str(caught.value)


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        pytest.param({"Retry-After": "12"}, 12.0, id="retry-after"),
        pytest.param({}, 1.0, id="no-header-one-second"),
        pytest.param({"Retry-After": "soon"}, 1.0, id="garbled-header"),
    ],
)
async def test_ratelimited_carries_retry_after(
    fake: FakeSlack, headers: dict[str, str], seconds: float
) -> None:
    fake.fail("chat.postMessage", "ratelimited", status=429, headers=headers)
    with pytest.raises(RateLimitedError) as caught:
        await sender(fake).send(ALERT)
    assert caught.value.retry_after_s == seconds


async def test_a_dead_token_is_permanent(fake: FakeSlack) -> None:
    with pytest.raises(PermanentDeliveryError, match="invalid_auth"):
        await sender(fake, token="xoxb-wrong").send(ALERT)


async def test_unreachable_slack_is_transient(fake: FakeSlack) -> None:
    client = AsyncWebClient(token=BOT_TOKEN, base_url="http://127.0.0.1:9/api/", timeout=2)
    with pytest.raises(DeliveryError, match="unreachable") as caught:
        await SlackSender(client).send(ALERT)
    assert not isinstance(caught.value, PermanentDeliveryError)


async def test_a_notice_is_escaped_text(fake: FakeSlack) -> None:
    await sender(fake).send_notice(ALERT.channel, "Feed <http://x|y> & co disabled")
    [message] = fake.messages
    assert message["text"] == "Feed &lt;http://x|y&gt; &amp; co disabled"
    assert message["channel"] == FANS


async def test_a_threaded_alert_whose_parent_is_gone_goes_to_the_channel(fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", "thread_not_found")
    threaded = replace(ALERT, thread=ThreadRef(root="1700000001.000001"))
    sent = await sender(fake).send(threaded)
    [message] = fake.messages
    assert "thread_ts" not in message and message["channel"] == FANS
    assert sent == Sent(message_id=message["ts"])  # no thread: it starts the saga anew here
    [tried, _] = fake.called("chat.postMessage")
    assert tried.params["thread_ts"] == "1700000001.000001"


async def test_tell_admins_without_a_lookup_only_logs(
    fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    await sender(fake).tell_admins(ALERT.channel, "Slack: is_archived")
    assert fake.calls == []
    assert "refused (Slack: is_archived)" in caplog.text

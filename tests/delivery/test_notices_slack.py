"""A Slack alert given up is told to the bot's admins in a direct message that names the alert
and says the channel's other alerts go on (a refused channel's notice says they stopped)."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.sender import SlackSender
from tests.delivery.test_idempotency_slack import ALERT
from tests.fakes.slack import ADMIN, BOT_TOKEN, FakeSlack
from tests.slack.conftest import fake  # noqa: F401 - the fixture


async def test_a_given_up_alert_is_told_to_the_admins_by_name(fake: FakeSlack) -> None:  # noqa: F811
    async def admins(workspace: str) -> list[str]:
        return [ADMIN]

    sender = SlackSender(AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_base_url), admins=admins)
    await sender.tell_admins(ALERT.channel, "Slack: msg_too_long", alert="Jude <!here> Bellingham")
    [told] = fake.messages
    assert told["channel"] == ADMIN
    assert "could not deliver an alert to <#C0FANS> (Jude &lt;!here&gt; Bellingham)" in told["text"]
    assert "other alerts go on" in told["text"]
    await sender.tell_admins(ALERT.channel, "Slack: channel_not_found")
    assert "alerts there are stopped" in fake.messages[1]["text"]

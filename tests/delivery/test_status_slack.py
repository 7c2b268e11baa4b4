"""``/transfers status`` on Slack (signed slash command to the real Bolt app): a workspace admin
sees the channel's alerts given up, escaped; a member is refused."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ingest import Ingest
from bot.model import Article
from tests.fakes.slack import ADMIN, FAN, FakeSlack
from tests.slack.conftest import bot, fake, start_bot  # noqa: F401 - fixtures
from tests.slack.test_commands import HERE, Bot, run, section_texts

PLAYER = "Marco Rinaldi"


async def test_status_shows_an_admin_the_alerts_given_up_here(
    bot: Bot,  # noqa: F811
    fake: FakeSlack,  # noqa: F811
) -> None:
    bot.service.follow(HERE, PLAYER, new=True)
    now = datetime.now(UTC)
    article = Article(
        key="a1",
        title="Atalanta approach Torino for Marco Rinaldi <!channel>",
        summary="Atalanta have made an approach to Torino about signing Marco Rinaldi, "
        "according to Fabrizio Romano.",
        published=now,
        outlet="Calcio Daily",
        lang="en",
        link="https://news.example/a1",
    )
    assert Ingest(bot.store).read(article).result.deliveries == 1
    [row] = bot.store.pending_deliveries(now)
    bot.store.mark_failed([row.id], "Slack: msg_too_long", None)
    refused = await run(bot, fake, "status", user=FAN)
    assert refused.json["text"].startswith(":no_entry: Only workspace admins")
    shown = await run(bot, fake, "status", user=ADMIN)
    assert shown.json["response_type"] == "ephemeral"
    text = section_texts(shown.json)
    assert "Outbox: 0 alert(s) to send, 0 of them being retried; 1 given up." in text
    assert f"Given up: {PLAYER} in {HERE.channel}" in text
    assert "msg_too_long" in text
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text

"""The Slack surface: a Bolt handler (:mod:`.handler`, :mod:`.adapter`), a pure Block Kit renderer
(:mod:`.render`, :mod:`.saga`, :mod:`.mrkdwn`), the App Home tab and its shortcut (the pure
:mod:`.home` over what :mod:`.workspace` gathers) and the outbox's sender (:mod:`.sender`).

Importing this package imports slack_bolt; the registry does it only when ``SLACK_BOT_TOKEN`` is
set.
"""

from adapters.slack.adapter import EVENTS_PATH, SlackAdapter
from adapters.slack.render import alert_text, render_reply, to_slack_blocks
from adapters.slack.sender import SlackSender

__all__ = [
    "EVENTS_PATH",
    "SlackAdapter",
    "SlackSender",
    "alert_text",
    "render_reply",
    "to_slack_blocks",
]

"""The slash command's handler: ``/transfers <subcommand>`` → the shared commands → ack/respond.

Slack wants an ``ack()`` within three seconds. The answer is worked out at once; if it is ready
within :data:`ACK_BUDGET_S` it *is* the ack (one message, no second request), otherwise the ack
says so in a word and the answer follows through ``respond()`` (the command's ``response_url``).
Feeds and settings need the caller's right to manage (:mod:`adapters.slack.permissions`); a direct
message has no channel, and the shared commands refuse what belongs to one.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from adapters.chat.base import Caller
from adapters.chat.commands import BY_NAME, HELP, BadCommand, Command, Commands, parse_command
from adapters.chat.replies import Failed
from adapters.slack.permissions import Permissions
from adapters.slack.render import SlackMessage, render_reply
from bot.model import Channel

logger = logging.getLogger(__name__)

#: The answer goes in the ack when ready this soon (Slack's limit is 3 s, network included).
ACK_BUDGET_S = 2.0
WORKING = SlackMessage(text=":hourglass_flowing_sand: Working on it…")

#: The commands a question's button may run (they need no right to manage).
CLICKABLE = frozenset({"follow", "latest"})

Send = Callable[[dict[str, Any]], Awaitable[object]]
Ack = Callable[[], Awaitable[object]]
# "<https://example.com/feed.xml>" or "<https://…|label>": how Slack writes a link it escaped
_LINK = re.compile(r"<((?:https?|file)://[^|>\s]+)(?:\|[^>]*)?>")


class SlashCommand:
    """Answers one slash command for any transport (HTTP or Socket Mode)."""

    def __init__(
        self,
        commands: Commands,
        permissions: Permissions,
        *,
        name: str = "/transfers",
        ack_budget_s: float = ACK_BUDGET_S,
    ) -> None:
        self.name = name
        self._commands = commands
        self._permissions = permissions
        self.ack_budget_s = ack_budget_s
        self._work: set[asyncio.Task[SlackMessage]] = set()

    async def handle(self, ack: Send, respond: Send, command: dict[str, Any]) -> None:
        """Bolt's listener (its arguments are injected by name)."""
        task = asyncio.ensure_future(self.answer(command))
        self._work.add(task)
        task.add_done_callback(self._work.discard)
        done, _ = await asyncio.wait({task}, timeout=self.ack_budget_s)
        if task in done:
            await ack(task.result().payload())
            return
        await ack(WORKING.payload())
        message = await task
        try:
            await respond(message.payload())
        except Exception:
            logger.exception("could not answer %s %r through respond()", self.name, _text(command))

    async def answer(self, payload: Mapping[str, Any]) -> SlackMessage:
        """The message answering one command payload. Never raises."""
        try:
            return await self._answer(payload)
        except Exception:
            logger.exception("%s %r failed", self.name, _text(payload))
            failed = Failed(message="the command failed (see the bot's log)", internal=True)
            return render_reply(failed, self.name)

    async def _answer(self, payload: Mapping[str, Any]) -> SlackMessage:
        parsed = parse_command(_LINK.sub(r"\1", _text(payload)))
        if parsed is None:
            return render_reply(HELP, self.name)
        if isinstance(parsed, BadCommand):
            return render_reply(Failed(message=parsed.message, usage=True), self.name)
        channel = channel_of(payload)
        can_manage = False
        spec = BY_NAME.get(parsed.name)
        if spec is not None and spec.manage and channel is not None:
            verdict = await self._permissions.check(channel.workspace, str(payload["user_id"]))
            if not verdict.allowed:
                return render_reply(Failed(message=verdict.why, refused=True), self.name)
            can_manage = True
        reply = await self._commands.run(parsed, Caller(channel=channel, can_manage=can_manage))
        return render_reply(reply, self.name)

    async def chosen(self, ack: Ack, respond: Send, body: dict[str, Any]) -> None:
        """A click on a question's button (:func:`adapters.slack.render.question`): acked at
        once, then the button's command runs for the channel of the message and its answer
        replaces the question (a public answer is posted to the channel and the question goes)."""
        await ack()
        action = (body.get("actions") or [{}])[0]
        value = str(action.get("value") or "")
        message = await self.answer_click(value, body)
        payload = message.payload()
        try:
            if message.public:
                await respond({**payload, "replace_original": False})
                await respond({"delete_original": True})
            else:
                await respond({**payload, "replace_original": True})
        except Exception:
            logger.exception("could not answer a click on %r through respond()", value[:80])

    async def answer_click(self, value: str, body: Mapping[str, Any]) -> SlackMessage:
        """The message answering a button whose value is a shared command. Only the commands a
        question asks (follow, latest) run; anything else is refused. Never raises."""
        parsed = parse_command(value)
        if not isinstance(parsed, Command) or parsed.name not in CLICKABLE:
            return render_reply(Failed(message="that button runs nothing I know"), self.name)
        team = (body.get("team") or {}).get("id") or ""
        channel_id = (body.get("channel") or {}).get("id") or ""
        payload = {"team_id": team, "channel_id": channel_id, "text": value}
        channel = channel_of(payload)
        try:
            reply = await self._commands.run(parsed, Caller(channel=channel))
        except Exception:
            logger.exception("click on %r failed", value[:80])
            reply = Failed(message="the command failed (see the bot's log)", internal=True)
        return render_reply(reply, self.name)

    async def close(self) -> None:
        """Cancel answers still being worked out (at shutdown)."""
        for task in list(self._work):
            task.cancel()
        await asyncio.gather(*self._work, return_exceptions=True)


def channel_of(payload: Mapping[str, Any]) -> Channel | None:
    """The channel a command came from; None for a direct message with the bot."""
    channel_id = str(payload.get("channel_id") or "")
    direct = channel_id.startswith("D") or payload.get("channel_name") == "directmessage"
    if not channel_id or direct:
        return None
    team = str(payload.get("team_id") or payload.get("enterprise_id") or "")
    return Channel(platform="slack", workspace=team, channel=channel_id)


def _text(payload: Mapping[str, Any]) -> str:
    return str(payload.get("text") or "")

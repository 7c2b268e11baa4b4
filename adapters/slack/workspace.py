"""What a workspace follows: gathered from Slack and the service, shown in the App Home tab and
the "What does this workspace follow?" shortcut's modal.

The store knows channels one at a time, so the channels come from Slack: the workspace's public
channels (``conversations.list``, scope ``channels:read``; archived ones left out), read at most
:data:`MAX_CHANNEL_PAGES` pages and kept :data:`CHANNEL_CACHE_TTL_S` seconds per workspace, since
Slack allows that method about 20 calls a minute. Private channels are not listed: the Home tab
is open to every member, and a private channel's members see what it follows with
``/transfers following``. For each channel the shared commands answer ``following``; the
settings (``settings``) only for a user who may manage the bot, as everywhere else; and the
current stage of at most :data:`MAX_STAGES` players (``latest``), one store read each.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.chat.base import Caller
from adapters.chat.commands import Command, Commands
from adapters.chat.replies import Failed, Following, Latest, SettingsShown
from adapters.slack.home import (
    ChannelFollows,
    Overview,
    PlayerLine,
    current_stage,
    home_view,
    modal_view,
)
from adapters.slack.permissions import LookupFailed, Permissions, lookup
from adapters.slack.render import DEFAULT_COMMAND
from bot.model import Channel

logger = logging.getLogger(__name__)

CHANNEL_PAGE = 200
MAX_CHANNEL_PAGES = 10
CHANNEL_CACHE_TTL_S = 60.0
MAX_STAGES = 30


@dataclass(frozen=True, slots=True)
class SlackChannel:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class _Listed:
    expires: float
    channels: tuple[SlackChannel, ...]
    more: bool


class WorkspaceFollows:
    """Gathers the :class:`~adapters.slack.home.Overview` of one workspace for one user."""

    def __init__(
        self,
        client: AsyncWebClient,
        commands: Commands,
        permissions: Permissions,
        *,
        command: str = DEFAULT_COMMAND,
        ttl_s: float = CHANNEL_CACHE_TTL_S,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._commands = commands
        self._permissions = permissions
        self._command = command
        self._ttl_s = ttl_s
        self._clock = clock
        self._monotonic = monotonic
        self._listed: dict[str, _Listed] = {}

    async def overview(self, team_id: str, user_id: str) -> Overview:
        error: str | None = None
        try:
            listed = await self._channels(team_id)
        except LookupFailed as exc:
            logger.warning("could not list the channels of workspace %s: %s", team_id, exc.error)
            error = _listing_error(exc.error)
            listed = _Listed(0.0, (), False)
        verdict = await self._permissions.check(team_id, user_id)
        found: list[ChannelFollows] = []
        failed = 0
        for slack_channel in listed.channels:
            here = Channel(platform="slack", workspace=team_id, channel=slack_channel.id)
            reply = await self._commands.run(Command(name="following"), Caller(channel=here))
            if isinstance(reply, Failed):
                failed += 1
                continue
            if not isinstance(reply, Following) or not reply.players:
                continue
            settings = None
            if verdict.allowed:
                shown = await self._commands.run(
                    Command(name="settings"), Caller(channel=here, can_manage=True)
                )
                settings = shown.settings if isinstance(shown, SettingsShown) else None
            found.append(
                ChannelFollows(
                    channel_id=slack_channel.id,
                    name=slack_channel.name,
                    players=tuple(PlayerLine(name=p.name) for p in reply.players),
                    settings=settings,
                    broken=reply.broken,
                )
            )
        if failed and error is None:
            error = f"I could not read what {failed} channel(s) follow (see the bot's log)."
        stages, unstaged = await self._stages(found)
        channels = tuple(
            replace(c, players=tuple(replace(p, stage=stages.get(p.name)) for p in c.players))
            for c in found
        )
        return Overview(
            channels=channels,
            now=self._clock(),
            settings_shown=verdict.allowed,
            settings_rule=self._permissions.rule(),
            error=error,
            more_channels=listed.more,
            unstaged=unstaged,
            channels_read=len(listed.channels),
            command=self._command,
        )

    async def _stages(self, found: list[ChannelFollows]) -> tuple[dict[str, str], int]:
        """The current stage of the first :data:`MAX_STAGES` players named; how many are left."""
        names = list(dict.fromkeys(p.name for c in found for p in c.players))
        stages: dict[str, str] = {}
        for name in names[:MAX_STAGES]:
            reply = await self._commands.run(Command(name="latest", arg=name), Caller(channel=None))
            if isinstance(reply, Latest):
                stages[name] = current_stage(reply.report.sagas)
        return stages, max(0, len(names) - MAX_STAGES)

    async def _channels(self, team_id: str) -> _Listed:
        cached = self._listed.get(team_id)
        if cached is not None and cached.expires > self._monotonic():
            return cached
        channels: list[SlackChannel] = []
        cursor = ""
        more = False
        for page_no in range(MAX_CHANNEL_PAGES):
            page = await lookup(
                self._client,
                "conversations_list",
                types="public_channel",
                exclude_archived=True,
                limit=CHANNEL_PAGE,
                cursor=cursor or None,
            )
            channels += [
                SlackChannel(id=str(c["id"]), name=str(c.get("name") or ""))
                for c in page.get("channels") or ()
                if c.get("id") and not c.get("is_archived")
            ]
            cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                break
            more = page_no == MAX_CHANNEL_PAGES - 1
        listed = _Listed(self._monotonic() + self._ttl_s, tuple(channels), more)
        self._listed[team_id] = listed
        return listed


def _listing_error(code: str) -> str:
    if code == "missing_scope":
        return (
            "I may not list this workspace's channels (Slack said: missing_scope). An admin can "
            "add the channels:read scope (it is in the app's manifest) and reinstall the app."
        )
    return f"I could not list this workspace's channels just now (Slack said: {code})."


class HomeTab:
    """Bolt's listeners for the App Home tab and the global shortcut (thin: gather, render,
    send)."""

    def __init__(self, client: AsyncWebClient, follows: WorkspaceFollows) -> None:
        self._client = client
        self._follows = follows

    async def opened(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """``app_home_opened``: publish the Home view for the user who opened it."""
        if event.get("tab", "home") != "home":
            return  # the Messages tab
        user = str(event.get("user") or "")
        team = _team(body)
        overview = await self._follows.overview(team, user)
        try:
            await lookup(self._client, "views_publish", user_id=user, view=home_view(overview))
        except LookupFailed as exc:
            logger.warning("views.publish for %s failed: %s", user, exc.error)

    async def shortcut(self, ack: Any, shortcut: dict[str, Any]) -> None:
        """The global shortcut: a modal at once (its ``trigger_id`` lasts 3 s), filled in when
        the overview is ready."""
        await ack()
        user = str((shortcut.get("user") or {}).get("id") or "")
        try:
            opened = await lookup(
                self._client,
                "views_open",
                trigger_id=str(shortcut.get("trigger_id") or ""),
                view=modal_view(None),
            )
        except LookupFailed as exc:
            logger.warning("views.open for %s failed: %s", user, exc.error)
            return
        view_id = str((opened.get("view") or {}).get("id") or "")
        overview = await self._follows.overview(_team(shortcut), user)
        try:
            await lookup(self._client, "views_update", view_id=view_id, view=modal_view(overview))
        except LookupFailed as exc:
            logger.warning("views.update for %s failed: %s", user, exc.error)


def _team(body: dict[str, Any]) -> str:
    team = body.get("team_id") or (body.get("team") or {}).get("id") or body.get("enterprise_id")
    return str(team or "")

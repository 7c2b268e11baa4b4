"""The Slack surface as a ``ChatAdapter``: a Bolt ``AsyncApp`` over HTTP or Socket Mode.

HTTP mode (the default) serves Bolt's aiohttp app on ``SLACK_HTTP_HOST:SLACK_HTTP_PORT`` at
:data:`EVENTS_PATH`; Bolt checks every request's signature (``SLACK_SIGNING_SECRET``) and refuses
a forged or stale one with 401 before any listener runs. Socket Mode (``SLACK_APP_TOKEN`` set)
opens a websocket to Slack instead and needs no public URL. Both run inside the bot's own event
loop, beside the scheduler, and stop when :meth:`SlackAdapter.close` is called.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.chat.base import AdapterContext
from adapters.chat.commands import Commands
from adapters.slack.handler import SlashCommand
from adapters.slack.home import SHORTCUT
from adapters.slack.permissions import Permissions
from adapters.slack.render import CHOOSE, OPEN_ARTICLE
from adapters.slack.sender import SlackSender
from adapters.slack.workspace import HomeTab, WorkspaceFollows
from bot.errors import ConfigError

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
API_TIMEOUT_S = 10


class SlackAdapter:
    name = "slack"

    def __init__(self, context: AdapterContext) -> None:
        settings = context.settings
        if not settings.slack_bot_token:
            raise ConfigError("SLACK_BOT_TOKEN", "required for the Slack adapter")
        self.settings = settings
        self.socket_mode = bool(settings.slack_app_token)
        if not self.socket_mode and not settings.slack_signing_secret:
            raise ConfigError("SLACK_SIGNING_SECRET", "required in HTTP mode")
        base_url = settings.slack_api_base_url or AsyncWebClient.BASE_URL
        self.client = AsyncWebClient(
            token=settings.slack_bot_token, base_url=base_url, timeout=API_TIMEOUT_S
        )
        permissions = Permissions(self.client, group=settings.slack_admin_group)
        self._sender = SlackSender(self.client, admins=permissions.admin_ids)
        commands = Commands(context.service)
        self.command = SlashCommand(commands, permissions, name=settings.slack_command)
        follows = WorkspaceFollows(
            self.client, commands, permissions, command=settings.slack_command
        )
        self.home = HomeTab(self.client, follows)
        self.app = build_app(
            self.client, self.command, settings.slack_signing_secret or "", home=self.home
        )
        self.ready = asyncio.Event()
        self.port: int | None = None  # the bound port in HTTP mode, once listening
        self._stop = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None

    @property
    def sender(self) -> SlackSender:
        return self._sender

    async def run(self) -> None:
        """Serve slash commands until :meth:`close`."""
        try:
            if self.socket_mode:
                await self._connect_socket()
            else:
                await self._listen_http()
            self.ready.set()
            await self._stop.wait()
        finally:
            await self._shutdown()

    async def close(self) -> None:
        self._stop.set()
        await self.command.close()
        await self._shutdown()

    async def _listen_http(self) -> None:
        settings = self.settings
        web_app = self.app.web_app(path=EVENTS_PATH, port=settings.slack_http_port)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, settings.slack_http_host, settings.slack_http_port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        logger.info(
            "Slack HTTP mode: %s on http://%s:%d%s",
            settings.slack_command,
            settings.slack_http_host,
            self.port,
            EVENTS_PATH,
        )

    async def _connect_socket(self) -> None:
        self._socket = AsyncSocketModeHandler(
            self.app, app_token=self.settings.slack_app_token, web_client=self.client
        )
        await self._socket.connect_async()  # type: ignore[no-untyped-call]
        logger.info("Slack Socket Mode: %s connected", self.settings.slack_command)

    async def _shutdown(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        socket, self._socket = self._socket, None
        if socket is not None:
            await socket.close_async()  # type: ignore[no-untyped-call]


def build_app(
    client: AsyncWebClient, command: SlashCommand, signing_secret: str, *, home: HomeTab
) -> AsyncApp:
    """The Bolt app: the slash command and its questions' buttons, the App Home tab and the
    shortcut showing what the workspace follows, and an ack for the alerts' link button."""
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        request_verification_enabled=bool(signing_secret),
        logger=logging.getLogger("slack_bolt"),
    )
    app.command(command.name)(command.handle)

    async def link_clicked(ack: Any) -> None:
        await ack()

    app.action(OPEN_ARTICLE)(link_clicked)
    app.action(re.compile(rf"^{CHOOSE}:\d+$"))(command.chosen)
    app.event("app_home_opened")(home.opened)
    app.shortcut(SHORTCUT)(home.shortcut)
    return app

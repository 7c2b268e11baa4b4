"""The one explicit registry of chat adapters: name → factory, SDKs imported lazily.

A Slack-only deployment never imports discord.py: each factory imports its SDK when called.
``transferbot run`` starts every adapter whose credentials are set; with none, the console.
No plugin discovery.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from adapters.chat.base import AdapterContext, ChatAdapter
from adapters.console import ConsoleAdapter
from adapters.settings import Settings
from bot.errors import ConfigError

logger = logging.getLogger(__name__)


def _console(context: AdapterContext) -> ChatAdapter:
    return ConsoleAdapter(context)


def _discord(context: AdapterContext) -> ChatAdapter:
    from adapters.discord import DiscordAdapter  # noqa: PLC0415 - only Discord imports discord.py

    return DiscordAdapter(context)


def _slack(context: AdapterContext) -> ChatAdapter:
    from adapters.slack import SlackAdapter  # noqa: PLC0415 - only Slack imports slack_bolt

    return SlackAdapter(context)


@dataclass(frozen=True, slots=True, kw_only=True)
class AdapterSpec:
    name: str
    configured: Callable[[Settings], bool]  # are its credentials set?
    factory: Callable[[AdapterContext], ChatAdapter]


REGISTRY: dict[str, AdapterSpec] = {
    "console": AdapterSpec(name="console", configured=lambda s: False, factory=_console),
    "discord": AdapterSpec(
        name="discord", configured=lambda s: bool(s.discord_token), factory=_discord
    ),
    "slack": AdapterSpec(
        name="slack", configured=lambda s: bool(s.slack_bot_token), factory=_slack
    ),
}


def selected(settings: Settings) -> list[str]:
    """Names of the adapters to start: those with credentials, else the console."""
    names = [spec.name for spec in REGISTRY.values() if spec.configured(settings)]
    return names or ["console"]


def build_adapters(context: AdapterContext, names: list[str] | None = None) -> list[ChatAdapter]:
    """Build the adapters (``ConfigError`` when one cannot be); nothing is started yet."""
    chosen = names if names is not None else selected(context.settings)
    adapters = []
    for name in chosen:
        spec = REGISTRY.get(name)
        if spec is None:
            raise ConfigError("adapter", f"unknown adapter {name!r} (known: {', '.join(REGISTRY)})")
        adapters.append(spec.factory(context))
        logger.info("chat adapter %s ready", name)
    return adapters

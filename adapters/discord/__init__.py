"""The Discord surface (discord.py 2.7): a handler of app commands (:mod:`.handler`, its
commands in :mod:`.tree`), a pure renderer (:mod:`.render`, limits in :mod:`.limits`) and the
outbox's sender (:mod:`.sender`), put together by :class:`.adapter.DiscordAdapter`.

Only ``adapters.registry`` imports this package, and only when ``DISCORD_TOKEN`` is set.
"""

from adapters.discord.adapter import DiscordAdapter, apply_endpoints
from adapters.discord.render import render_reply, to_discord_embed, to_saga_embed
from adapters.discord.sender import DiscordSender

__all__ = [
    "DiscordAdapter",
    "DiscordSender",
    "apply_endpoints",
    "render_reply",
    "to_discord_embed",
    "to_saga_embed",
]

"""Who may manage the bot in a Slack workspace: its admins and owners (``users.info``), or the
members of a configured user group (``usergroups.users.list``; a handle is resolved once with
``usergroups.list``). Answers are cached for a few minutes so that a slash command's three-second
ack is not spent on lookups, and so a busy channel does not run into ``users.info`` limits."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.sender import error_code

logger = logging.getLogger(__name__)

CACHE_TTL_S = 300.0
#: At most this many people are told that a channel was refused, and this many pages of
#: ``users.list`` (200 each) read to find the owners.
MAX_TOLD = 10
MAX_USER_PAGES = 10
_GROUP_ID = re.compile(r"S[A-Z0-9]{6,}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    allowed: bool
    why: str = ""  # for a refusal: what the caller would need, or what could not be checked


class LookupFailed(Exception):
    """Slack did not answer a lookup (``error`` is its error code or the network failure)."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class Permissions:
    def __init__(
        self,
        client: AsyncWebClient,
        *,
        group: str | None = None,
        ttl_s: float = CACHE_TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._group = group
        self._ttl_s = ttl_s
        self._clock = clock
        self._admins: dict[tuple[str, str], tuple[float, bool]] = {}
        self._members: tuple[float, frozenset[str]] | None = None
        self._group_id: str | None = group if group and _GROUP_ID.fullmatch(group) else None

    def rule(self) -> str:
        """Who may manage, in words."""
        if self._group:
            return f"workspace admins and owners, and members of the @{self._group} user group"
        return "workspace admins and owners"

    async def check(self, team_id: str, user_id: str) -> Verdict:
        """May ``user_id`` manage feeds and settings in workspace ``team_id``?"""
        refused = f"Only {self.rule()} may manage the bot's feeds and settings in this workspace."
        try:
            if await self._is_admin(team_id, user_id):
                return Verdict(allowed=True)
            if self._group and user_id in await self._group_members():
                return Verdict(allowed=True)
        except LookupFailed as exc:
            logger.warning("permission lookup for %s failed: %s", user_id, exc.error)
            return Verdict(
                allowed=False,
                why=f"{refused} I could not check your role just now (Slack said: {exc.error}).",
            )
        return Verdict(allowed=False, why=refused)

    async def admin_ids(self, team_id: str) -> list[str]:
        """Who to tell that a channel refused the bot: the members of the admin group when one
        is configured, else the workspace's owners (``users.list``); [] when Slack won't say."""
        try:
            if self._group:
                return sorted(await self._group_members())[:MAX_TOLD]
            owners: list[str] = []
            cursor = ""
            for _ in range(MAX_USER_PAGES):
                page = await self._call("users_list", limit=200, cursor=cursor or None)
                owners += [
                    str(user["id"])
                    for user in page.get("members") or ()
                    if (user.get("is_owner") or user.get("is_primary_owner"))
                    and not user.get("deleted")
                    and not user.get("is_bot")
                ]
                cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "")
                if not cursor:
                    break
            return owners[:MAX_TOLD]
        except LookupFailed as exc:
            logger.warning("could not list the admins of workspace %s: %s", team_id, exc.error)
            return []

    async def _is_admin(self, team_id: str, user_id: str) -> bool:
        key = (team_id, user_id)
        cached = self._admins.get(key)
        if cached is not None and cached[0] > self._clock():
            return cached[1]
        user = (await self._call("users_info", user=user_id)).get("user") or {}
        admin = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
        self._admins[key] = (self._clock() + self._ttl_s, admin)
        return admin

    async def _group_members(self) -> frozenset[str]:
        if self._members is not None and self._members[0] > self._clock():
            return self._members[1]
        if self._group_id is None:
            groups = (await self._call("usergroups_list")).get("usergroups") or []
            wanted = (self._group or "").lower()
            for group in groups:
                if str(group.get("handle", "")).lower() == wanted:
                    self._group_id = str(group["id"])
                    break
            else:
                raise LookupFailed(f"no user group with the handle @{self._group}")
        answer = await self._call("usergroups_users_list", usergroup=self._group_id)
        members = frozenset(str(u) for u in answer.get("users") or ())
        self._members = (self._clock() + self._ttl_s, members)
        return members

    async def _call(self, method: str, **params: Any) -> dict[str, Any]:
        return await lookup(self._client, method, **params)


async def lookup(client: AsyncWebClient, method: str, **params: Any) -> dict[str, Any]:
    """The data of one Web API call (``method`` as the client names it: ``users_info``);
    ``LookupFailed`` with Slack's error code, or the network failure, when it fails."""
    try:
        response = await getattr(client, method)(**params)
    except SlackApiError as exc:
        raise LookupFailed(error_code(exc)) from None
    except (TimeoutError, SlackClientError, aiohttp.ClientError) as exc:
        raise LookupFailed(type(exc).__name__) from None
    data = response.data
    return data if isinstance(data, dict) else {}

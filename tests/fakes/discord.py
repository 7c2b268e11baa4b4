"""A fake Discord on 127.0.0.1 that the real discord.py client talks to.

REST under ``/api/v10`` (aiohttp) and a JSON gateway websocket at ``/``, on one port. It answers
what the bot calls: login (``/users/@me``, ``/oauth2/applications/@me``), command sync (``PUT``),
interaction callbacks and follow-ups, and channel messages; it records every request. Tests
drive it: :meth:`FakeDiscord.interact` dispatches an ``INTERACTION_CREATE`` (a command from
:func:`interaction`, a button's click from :func:`click`), :meth:`reconnect`
sends ``op 7``, :meth:`script` queues answers (a 429, a 403 …) for one channel's next posts.
Threads started on a message (``POST /channels/{id}/messages/{id}/threads``) are public threads
whose id is the message's, as on Discord; :attr:`FakeDiscord.threads` records them.

Sharding: an IDENTIFY with ``shard: [id, count]`` gets a READY (and a GUILD_CREATE) for the
servers on that shard only, by Discord's rule ``(guild_id >> 22) % count``; one without is shard
0 of 1. Each shard has its own socket and session; events for a server go on its shard's socket.
``GET /gateway/bot`` recommends :attr:`FakeDiscord.recommended_shards`.

Idempotency, as on Discord: a post with a ``nonce`` and ``enforce_nonce`` whose nonce an earlier
accepted post to that channel had, within :data:`NONCE_WINDOW_S` (by :attr:`FakeDiscord.clock`),
creates no message: it gets the earlier message back and is counted in
:attr:`FakeDiscord.repeats`.

Faults: :meth:`FakeDiscord.faulty` makes a share of the channel posts fail at random (a 429
with ``retry_after`` and ``Via``, a 500, a connection reset before the message is made, or after:
made, and the bot never hears of it), counted in :attr:`FakeDiscord.faults`.

Every JSON answer carries ``Content-Type: application/json`` exactly: aiohttp's
``json_response`` adds a charset, and discord.py then reads the body as text.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = 710000000000000001  # the bot user has the application's id, as on Discord
GUILD_ID = 720000000000000002  # on shard 1 of 2
OTHER_GUILD_ID = GUILD_ID + (1 << 22)  # the next shard: 0 of 2
OTHER_GUILD_CHANNEL_ID = 730000000000000010
CHANNEL_ID = 730000000000000003
OTHER_CHANNEL_ID = 730000000000000004
SYSTEM_CHANNEL_ID = 730000000000000009  # the server's system channel ("general")
ADMIN_ROLE_ID = 740000000000000005
FAN_ID = 750000000000000006
ADMIN_ID = 750000000000000007
TOKEN = "fake-token"

MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
MEMBER = (1 << 10) | (1 << 11)  # view channel, send messages

JSON = {"Content-Type": "application/json"}
FAULTS = ("429", "500", "reset", "lost")
#: How long Discord remembers an enforced nonce ("the past few minutes").
NONCE_WINDOW_S = 300.0


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
    }


BOT_USER = user(APP_ID, "transferbot", bot=True)


def shard_of(guild_id: int, count: int) -> int:
    return (guild_id >> 22) % count


def channel(
    channel_id: int, name: str, *, permissions: int | None = None, guild_id: int = GUILD_ID
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def guild_create(guild_id: int = GUILD_ID) -> dict[str, Any]:
    """The fan club (:data:`GUILD_ID`), or another server with one channel."""
    role = {"color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}
    if guild_id == GUILD_ID:
        name, system = "Fan Club", SYSTEM_CHANNEL_ID
        channels = [
            channel(CHANNEL_ID, "transfers"),
            channel(OTHER_CHANNEL_ID, "rumours"),
            channel(SYSTEM_CHANNEL_ID, "general"),
        ]
    else:
        name, system = "Away End", OTHER_GUILD_CHANNEL_ID
        channels = [channel(OTHER_GUILD_CHANNEL_ID, "transfers", guild_id=guild_id)]
    return {
        "id": str(guild_id),
        "name": name,
        "unavailable": False,
        "owner_id": str(ADMIN_ID),
        "member_count": 3,
        "roles": [
            {
                **role,
                "id": str(guild_id),
                "name": "@everyone",
                "permissions": str(MEMBER),
                "position": 0,
            },
            {
                **role,
                "id": str(ADMIN_ROLE_ID),
                "name": "Transfer Desk",
                "permissions": str(MEMBER),
                "position": 1,
            },
        ],
        "channels": channels,
        "system_channel_id": str(system),
        "threads": [],
        "members": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "voice_states": [],
        "presences": [],
    }


@dataclass
class Request:
    method: str
    path: str  # under /api/v10
    query: dict[str, str]
    body: Any
    headers: dict[str, str]


@dataclass
class Scripted:
    """One answer to the next post to a channel, instead of accepting it."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def rate_limited(retry_after: float, *, via: bool = True) -> Scripted:
    headers = {"Via": "1.1 google"} if via else {}
    return Scripted(
        429,
        {"message": "You are being rate limited.", "retry_after": retry_after, "global": False},
        headers,
    )


def refused(status: int, code: int, message: str) -> Scripted:
    return Scripted(status, {"message": message, "code": code})


@dataclass
class Answer:
    """What the bot did with one interaction: its callback and the webhook calls after it."""

    id: int
    token: str
    callback: dict[str, Any] | None = None  # {"type": 4|5|8, "data": {...}}
    followups: list[Request] = field(default_factory=list)  # PATCH/DELETE @original, POST

    @property
    def type(self) -> int | None:
        return self.callback["type"] if self.callback else None

    @property
    def data(self) -> dict[str, Any]:
        return (self.callback or {}).get("data") or {}

    @property
    def ephemeral(self) -> bool:
        return bool(self.data.get("flags", 0) & 64)

    def final(self) -> dict[str, Any]:
        """The message the caller finally sees: the callback's, or the last follow-up's."""
        bodies = [r.body for r in self.followups if r.method in ("PATCH", "POST")]
        return bodies[-1] if bodies else self.data


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.synced: dict[str, list[dict[str, Any]]] = {}  # "global" or guild id -> commands
        self.posts: list[Request] = []  # accepted POST /channels/{id}/messages
        self.refusals: list[Request] = []  # posts answered with a scripted error
        self.answers: dict[str, Answer] = {}  # by interaction token
        self.threads: dict[str, dict[str, Any]] = {}  # thread id -> its channel object
        self.message_ids: dict[str, str] = {}  # accepted message id -> the channel it is in
        self.repeats: list[Request] = []  # posts answered with the message of an earlier nonce
        self.clock: Callable[[], float] = time.monotonic
        self._nonces: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
        self.threads_allowed = True  # False: the bot lacks Create Public Threads (403 50013)
        self.identifies = 0
        self.identified: list[dict[str, Any]] = []  # each IDENTIFY's payload
        self.token = TOKEN  # the only token it takes
        self.resumes = 0
        self.ready = asyncio.Event()  # a first shard is READY
        self.guilds = [GUILD_ID]  # the servers the bot is in
        self.recommended_shards = 1  # GET /gateway/bot's "shards"
        self.shard_count = 1  # as the last IDENTIFY said
        self._scripts: dict[str, list[Scripted]] = {}
        self.faults: Counter[str] = Counter()  # the faults injected, by kind
        self._fault_rate = 0.0
        self._fault_kinds: tuple[str, ...] = ()
        self._rng = random.Random(0)
        self._sockets: dict[int, web.WebSocketResponse] = {}  # by shard id
        self._connected: dict[int, asyncio.Event] = {}
        self._seq = 0
        self._ids = itertools.count(800000000000000000)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base = ""

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base = f"{host}:{port}"

    async def close(self) -> None:
        for ws in list(self._sockets.values()):
            if not ws.closed:
                await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://{self.base}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.base}/"

    # ------------------------------------------------------------------ test controls

    def script(self, channel_id: int, *answers: Scripted) -> None:
        """The next posts to ``channel_id`` get these answers, in order, then are accepted."""
        self._scripts.setdefault(str(channel_id), []).extend(answers)

    def faulty(self, rate: float, *, kinds: tuple[str, ...] = FAULTS, seed: int = 0) -> None:
        """From now on a share ``rate`` of channel posts fails, each with one of ``kinds`` at
        random: ``429`` (``retry_after`` 1 s, with ``Via``: discord.py waits and retries),
        ``500``, ``reset`` (the connection dropped before the message is made), ``lost`` (made,
        then the connection dropped: the bot cannot know it was)."""
        self._fault_rate, self._fault_kinds = rate, kinds
        self._rng = random.Random(seed)

    def post_requests(self) -> int:
        """Channel posts that arrived (accepted, repeated, refused or faulted)."""
        return sum(
            1
            for r in self.requests
            if r.method == "POST" and r.path.startswith("channels/") and r.path.endswith("messages")
        )

    def posts_to(self, channel_id: int) -> list[Request]:
        """Accepted posts to a channel."""
        return [r for r in self.posts if r.path == f"channels/{channel_id}/messages"]

    def requests_to(self, channel_id: int) -> list[Request]:
        """Every post to a channel, accepted or not."""
        path = f"channels/{channel_id}/messages"
        return [r for r in self.requests if r.method == "POST" and r.path == path]

    async def wait_for(self, check: Callable[[], bool], within_s: float = 10.0) -> None:
        async def until() -> None:
            async with self._changed:
                await self._changed.wait_for(check)

        await asyncio.wait_for(until(), within_s)

    def connected(self, shard: int = 0) -> asyncio.Event:
        return self._connected.setdefault(shard, asyncio.Event())

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event on the socket of its server's shard (shard 0 without a server)."""
        guild = data.get("guild_id")
        shard = shard_of(int(guild), self.shard_count) if guild else 0
        await asyncio.wait_for(self.connected(shard).wait(), 10)
        self._seq += 1
        frame = {"op": 0, "t": event, "s": self._seq, "d": data}
        await self._sockets[shard].send_str(json.dumps(frame))

    async def reconnect(self, shard: int = 0) -> None:
        """``op 7``: the client must reconnect to ``resume_gateway_url`` and RESUME."""
        self.connected(shard).clear()
        await self._sockets[shard].send_str(json.dumps({"op": 7, "d": None}))

    async def interact(
        self,
        payload: dict[str, Any],
        *,
        settle: Callable[[Answer], bool] | None = None,
        within_s: float = 10.0,
    ) -> Answer:
        """Dispatch an interaction; returns once it is answered (``settle``: until that holds,
        e.g. a deferred answer's follow-up arrived)."""
        answer = Answer(id=int(payload["id"]), token=payload["token"])
        self.answers[answer.token] = answer
        await self.dispatch("INTERACTION_CREATE", payload)
        done = settle or (lambda a: a.callback is not None and (a.type != 5 or bool(a.followups)))
        await self.wait_for(lambda: done(answer), within_s)
        return answer

    # ------------------------------------------------------------------ REST

    async def _rest(self, request: web.Request) -> web.Response:
        raw = await request.read()
        body = json.loads(raw) if raw and request.content_type == "application/json" else None
        path = request.match_info["tail"]
        req = Request(request.method, path, dict(request.query), body, dict(request.headers))
        self.requests.append(req)
        try:
            if self._fault_rate and request.method == "POST" and path.endswith("/messages"):
                faulted = self._fault(request, req)
                if faulted is not None:
                    return faulted
            return await self._route(req)
        finally:
            async with self._changed:
                self._changed.notify_all()

    async def _route(self, req: Request) -> web.Response:
        parts = req.path.split("/")
        if parts[0] not in ("interactions", "webhooks") and (
            req.headers.get("Authorization") != f"Bot {self.token}"
        ):
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        if req.method == "GET" and req.path == "users/@me":
            return _json(BOT_USER)
        if req.method == "GET" and req.path == "oauth2/applications/@me":
            return _json(self._app_info())
        if req.method == "GET" and req.path == "gateway/bot":
            limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
            return _json(
                {
                    "url": self.gateway_url,
                    "shards": self.recommended_shards,
                    "session_start_limit": limit,
                }
            )
        if req.method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            scope = parts[3] if len(parts) == 5 else "global"
            self.synced[scope] = req.body
            return _json([self._command(c, scope) for c in req.body])
        if parts[0] == "interactions" and parts[-1] == "callback":
            answer = self.answers.setdefault(parts[2], Answer(id=int(parts[1]), token=parts[2]))
            answer.callback = req.body
            kind = req.body["type"]
            result: dict[str, Any] = {"interaction": {"id": parts[1], "type": 2}}
            if kind in (4, 5):
                result["resource"] = {
                    "type": kind,
                    "message": self._message(CHANNEL_ID, req.body.get("data") or {}),
                }
            return _json(result)
        if parts[0] == "webhooks":
            answer = self.answers.setdefault(parts[2], Answer(id=0, token=parts[2]))
            answer.followups.append(req)
            if req.method == "DELETE":
                return web.Response(status=204)
            return _json(self._message(CHANNEL_ID, req.body or {}))
        if req.method == "POST" and parts[0] == "channels" and parts[-1] == "threads":
            return self._start_thread(parts[1], parts[3], req.body or {})
        if req.method == "POST" and parts[0] == "channels" and parts[-1] == "messages":
            queued = self._scripts.get(parts[1])
            if queued:
                answer = queued.pop(0)
                self.refusals.append(req)
                return _json(answer.body, status=answer.status, headers=answer.headers)
            return _json(self._accept(parts[1], req))
        return _json(
            {"message": f"fake Discord: no route {req.method} {req.path}", "code": 0}, status=404
        )

    def _fault(self, request: web.Request, req: Request) -> web.Response | None:
        """A fault for this channel post, or None to answer it normally."""
        if self._rng.random() >= self._fault_rate:
            return None
        kind = self._rng.choice(self._fault_kinds)
        self.faults[kind] += 1
        if kind == "429":
            answer = rate_limited(1.0)
            return _json(answer.body, status=429, headers=answer.headers)
        if kind == "500":
            return _json({"message": "500: Internal Server Error", "code": 0}, status=500)
        if kind == "lost":
            self._accept(req.path.split("/")[1], req)
        if request.transport is not None:
            request.transport.abort()  # reset and lost: the line drops
        return web.Response(status=500)  # never reaches the bot: the connection is gone

    def _accept(self, channel_id: str, req: Request) -> dict[str, Any]:
        """A post made into a message (or, its enforced nonce already seen, the earlier one)."""
        body = req.body or {}
        nonce = str(body["nonce"]) if body.get("nonce") and body.get("enforce_nonce") else None
        earlier = self._nonces.get((channel_id, nonce)) if nonce else None
        if earlier is not None and self.clock() - earlier[0] <= NONCE_WINDOW_S:
            self.repeats.append(req)
            return earlier[1]
        self.posts.append(req)
        message = self._message(int(channel_id), body)
        if nonce:
            message["nonce"] = nonce
            self._nonces[(channel_id, nonce)] = (self.clock(), message)
        self.message_ids[message["id"]] = channel_id
        return message

    def _start_thread(self, channel_id: str, message_id: str, body: dict[str, Any]) -> web.Response:
        if not self.threads_allowed:
            return _json({"message": "Missing Permissions", "code": 50013}, status=403)
        if self.message_ids.get(message_id) != channel_id:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        if message_id in self.threads:
            message = "A thread has already been created for this message"
            return _json({"message": message, "code": 160004}, status=400)
        name = str(body.get("name", ""))
        if not 1 <= len(name) <= 100 or body.get("auto_archive_duration") not in (
            60,
            1440,
            4320,
            10080,
        ):
            return _json({"message": "Invalid Form Body", "code": 50035}, status=400)
        thread = {
            **channel(int(message_id), name),
            "type": 11,  # a public thread
            "parent_id": channel_id,
            "owner_id": str(APP_ID),
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": body["auto_archive_duration"],
                "archive_timestamp": datetime.now(UTC).isoformat(),
                "locked": False,
            },
            "message_count": 0,
            "member_count": 1,
        }
        self.threads[message_id] = thread
        return _json(thread, status=201)

    def _app_info(self) -> dict[str, Any]:
        return {
            "id": str(APP_ID),
            "name": "transferbot",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": user(ADMIN_ID, "owner"),
            "verify_key": "0" * 64,
            "flags": 0,
        }

    def _command(self, command: dict[str, Any], scope: str) -> dict[str, Any]:
        out = {**command, "id": str(next(self._ids)), "application_id": str(APP_ID), "version": "1"}
        if scope != "global":
            out["guild_id"] = scope
        return out

    def _message(self, channel_id: int, data: dict[str, Any]) -> dict[str, Any]:
        return message(next(self._ids), channel_id, data)

    # ------------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            frame = json.loads(msg.data)
            op = frame["op"]
            if op == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                await self._identify(ws, frame["d"])
            elif op == 6:
                # the session id names the shard (see _identify)
                shard = int(frame["d"]["session_id"].rpartition("-")[2])
                self.resumes += 1
                self._seq += 1
                self._sockets[shard] = ws
                await ws.send_str(json.dumps({"op": 0, "t": "RESUMED", "s": self._seq, "d": {}}))
                self.connected(shard).set()
            async with self._changed:
                self._changed.notify_all()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        self.identifies += 1
        self.identified.append(payload)
        shard, count = payload.get("shard") or (0, 1)
        if not (isinstance(count, int) and count >= 1 and 0 <= shard < count):
            await ws.close(code=4010, message=b"Invalid shard")  # as Discord does
            return
        self.shard_count = count
        self._sockets[shard] = ws
        guilds = [g for g in self.guilds if shard_of(g, count) == shard]
        self._seq += 1
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(g), "unavailable": True} for g in guilds],
            "session_id": f"fake-session-{shard}",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
        }
        if "shard" in payload:
            ready["shard"] = [shard, count]
        await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": self._seq, "d": ready}))
        for guild in guilds:
            self._seq += 1
            event = {"op": 0, "t": "GUILD_CREATE", "s": self._seq, "d": guild_create(guild)}
            await ws.send_str(json.dumps(event))
        self.connected(shard).set()
        self.ready.set()


def _json(data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        status=status, body=json.dumps(data).encode(), headers={**JSON, **(headers or {})}
    )


# --------------------------------------------------------------------------- interactions

_ids = itertools.count(900000000000000000)


def option(name: str, value: Any, *, kind: int = 3, focused: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": kind, "value": value}
    if focused:
        out["focused"] = True
    return out


def interaction(
    command: str,
    *options: dict[str, Any],
    sub: str | None = None,
    autocomplete: bool = False,
    permissions: int = MEMBER,
    roles: tuple[int, ...] = (),
    channel_id: int = CHANNEL_ID,
    guild_id: int = GUILD_ID,
    dm: bool = False,
    resolved: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An ``INTERACTION_CREATE`` for ``/command [sub] options…`` from a member (or in a DM)."""
    opts = list(options)
    if sub is not None:
        opts = [{"name": sub, "type": 1, "options": opts}]
    data: dict[str, Any] = {"id": str(next(_ids)), "name": command, "type": 1, "options": opts}
    if resolved:
        data["resolved"] = resolved
    number = next(_ids)
    payload: dict[str, Any] = {
        "id": str(number),
        "application_id": str(APP_ID),
        "type": 4 if autocomplete else 2,
        "token": f"token-{number}",
        "version": 1,
        "attachment_size_limit": 8 * 1024 * 1024,
        "data": data,
        "locale": "en-GB",
        "app_permissions": str(MEMBER),
    }
    fan = user(ADMIN_ID if permissions & MANAGE_GUILD else FAN_ID, "fan")
    if dm:
        payload["user"] = fan
        payload["channel"] = {"id": str(channel_id), "type": 1, "recipients": [fan]}
        payload["channel_id"] = str(channel_id)
        payload["context"] = 1
    else:
        payload["guild_id"] = str(guild_id)
        payload["channel"] = channel(
            channel_id, "transfers", permissions=permissions, guild_id=guild_id
        )
        payload["channel_id"] = str(channel_id)
        payload["context"] = 0
        payload["member"] = {
            "user": fan,
            "roles": [str(r) for r in roles],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "permissions": str(permissions),
        }
    return payload


def click(
    custom_id: str,
    *,
    message_content: str = "",
    ephemeral: bool = True,
    permissions: int = MEMBER,
    channel_id: int = CHANNEL_ID,
) -> dict[str, Any]:
    """An ``INTERACTION_CREATE`` of type 3 (MESSAGE_COMPONENT): a member clicks the button
    ``custom_id`` on a message of the bot (Discord sends that message, components included)."""
    payload = interaction("unused", permissions=permissions, channel_id=channel_id)
    payload["type"] = 3
    payload["data"] = {"custom_id": custom_id, "component_type": 2}
    button = {"type": 2, "style": 2, "label": "x", "custom_id": custom_id}
    data = {"content": message_content, "flags": 64 if ephemeral else 0}
    payload["message"] = {
        **message(next(_ids), channel_id, data),
        "type": 20,  # a reply to a command
        "components": [{"type": 1, "components": [button]}],
    }
    return payload


def message(message_id: int, channel_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """A message of the bot as Discord sends it, from what the bot posted (``data``)."""
    return {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": BOT_USER,
        "content": data.get("content") or "",
        "timestamp": datetime.now(UTC).isoformat(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": data.get("embeds") or [],
        "pinned": False,
        "type": 0,
        "flags": data.get("flags", 0),
    }


def channel_option(
    name: str, channel_id: int, *, permissions: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A channel option and the ``resolved`` data Discord sends with it (the caller's
    permissions in that channel)."""
    resolved = {
        "channels": {str(channel_id): channel(channel_id, "rumours", permissions=permissions)}
    }
    return option(name, str(channel_id), kind=7), resolved

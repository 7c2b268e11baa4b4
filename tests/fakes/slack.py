"""A fake Slack on 127.0.0.1 that the real slack-bolt / slack-sdk code talks to.

* the Web API under ``/api/<method>`` (the SDK's ``base_url`` is :attr:`FakeSlack.api_base_url`,
  with its trailing slash): ``auth.test``, ``chat.postMessage`` (checked against Block Kit's
  limits the way Slack refuses a message: ``invalid_blocks``), ``users.info``,
  ``usergroups.list``, ``usergroups.users.list``, ``users.list`` (one user a page),
  ``conversations.list`` (public channels of :attr:`FakeSlack.channels`, ``page_size`` a page),
  ``views.publish`` / ``views.open`` / ``views.update`` (checked against a view's limits: 100
  blocks, text lengths, a modal's title), ``apps.connections.open``; any method can be
  made to fail (:meth:`FakeSlack.fail`) and any channel to be gone (:attr:`channel_errors`);
  a message whose metadata (``transferbot_alert``) carries the idempotency key of an earlier
  one is posted, as Slack does, and recognised: counted in :attr:`FakeSlack.repeats`;
  :meth:`FakeSlack.faulty` makes that share of ``chat.postMessage`` calls fail at random (a 429
  with ``Retry-After``, a 500, a connection reset before or after the message is posted, an
  answer that never comes), counted in :attr:`FakeSlack.faults`;
* ``response_url`` targets under ``/respond/<key>`` that record what ``respond()`` posts;
* a Socket Mode websocket at ``/link``: :meth:`FakeSlack.socket_command` sends a slash command
  envelope and returns the client's ack (:meth:`FakeSlack.socket_send` any envelope);
* :func:`post_command`: a slash command POSTed **form-encoded and signed** (``v0`` HMAC-SHA256 of
  ``v0:{timestamp}:{body}``), as Slack sends it to a request URL; :func:`post_event` an Events API
  callback (signed JSON), :func:`post_shortcut` a global shortcut (signed, form-encoded
  ``payload``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import json
import random
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
from aiohttp import web

BOT_TOKEN = "xoxb-fake-bot-token"
APP_TOKEN = "xapp-fake-app-token"
SIGNING_SECRET = "fake-signing-secret"
TEAM_ID = "T0FAKE"
BOT_USER_ID = "U0BOT"
FANS = "C0FANS"  # a channel the bot posts to
ADMIN, OWNER, FAN, GROUPIE = "U0ADMIN", "U0OWNER", "U0FAN", "U0GROUPIE"
ADMIN_GROUP_ID, ADMIN_GROUP_HANDLE = "S0ADMINS1", "transfer-admins"
FAULTS = ("429", "500", "reset", "lost", "timeout")


@dataclass
class Failure:
    error: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    token: str | None
    at: float  # time.monotonic() when it arrived


class FakeSlack:
    def __init__(self) -> None:
        self.base = ""
        self.calls: list[ApiCall] = []
        self.messages: list[dict[str, Any]] = []  # accepted chat.postMessage params (+ "ts")
        # posted messages whose metadata key an earlier message had (Slack posts them anyway)
        self.repeats: list[dict[str, Any]] = []
        self._keys: dict[str, str] = {}  # idempotency key in a message's metadata -> its ts
        self.faults: Counter[str] = Counter()  # the faults injected, by kind
        self._fault_rate = 0.0
        self._fault_kinds: tuple[str, ...] = ()
        self._rng = random.Random(0)
        self._hang_s = 0.0
        self._closing = asyncio.Event()  # set at close: a hung answer ends
        self.responses: dict[str, list[dict[str, Any]]] = {}  # response_url key -> bodies
        self._responded: dict[str, asyncio.Event] = {}
        self.channel_errors: dict[str, str] = {}  # channel id -> error (channel_not_found …)
        self.users: dict[str, dict[str, bool]] = {
            ADMIN: {"is_admin": True},
            OWNER: {"is_owner": True, "is_primary_owner": True},
            FAN: {},
            GROUPIE: {},
        }
        self.usergroups = {ADMIN_GROUP_ID: (ADMIN_GROUP_HANDLE, [GROUPIE])}
        #: the workspace's channels for ``conversations.list`` (id, name, is_private, is_archived)
        self.channels: list[dict[str, Any]] = [{"id": FANS, "name": "transfer-news"}]
        self.page_size: int | None = None  # None: the caller's ``limit``
        self.views: dict[str, dict[str, Any]] = {}  # view id -> the view last opened/updated
        self.socket_connected = asyncio.Event()
        self._arrived: dict[str, asyncio.Event] = {}
        self._failures: dict[str, deque[Failure]] = {}
        self._ts = itertools.count(1)
        self._sockets: set[web.WebSocketResponse] = set()
        self._acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)  # users.info is a GET
        app.router.add_post("/respond/{key}", self._respond)
        app.router.add_get("/link", self._link)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base = f"http://{host}:{port}"

    async def close(self) -> None:
        self._closing.set()
        for ws in list(self._sockets):
            await ws.close()
        for future in self._acks.values():
            future.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, key: str) -> str:
        return f"{self.base}/respond/{key}"

    # ------------------------------------------------------------------ test controls

    def fail(
        self,
        method: str,
        error: str,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """The next ``times`` calls of ``method`` answer ``{"ok": false, "error": error}``."""
        queue = self._failures.setdefault(method, deque())
        queue.extend(Failure(error, status, dict(headers or {})) for _ in range(times))

    def faulty(
        self,
        rate: float,
        *,
        kinds: tuple[str, ...] = FAULTS,
        seed: int = 0,
        hang_s: float = 12.0,
    ) -> None:
        """From now on a share ``rate`` of ``chat.postMessage`` calls fails, each with one of
        ``kinds`` at random: ``429`` (ratelimited, ``Retry-After: 1``), ``500``, ``reset``
        (the connection dropped before the message is posted), ``lost`` (posted, then the
        connection dropped: the bot cannot know it was), ``timeout`` (posted, the answer held
        ``hang_s``: longer than the bot waits)."""
        self._fault_rate, self._fault_kinds = rate, kinds
        self._rng = random.Random(seed)
        self._hang_s = hang_s

    async def _fault(self, request: web.Request, params: dict[str, Any]) -> web.Response | None:
        """A fault for this ``chat.postMessage`` call, or None to answer it normally."""
        if not self._fault_rate or self._rng.random() >= self._fault_rate:
            return None
        kind = self._rng.choice(self._fault_kinds)
        self.faults[kind] += 1
        if kind == "429":
            body = {"ok": False, "error": "ratelimited"}
            return _answer(body, status=429, headers={"Retry-After": "1"})
        if kind == "500":
            return _answer({"ok": False, "error": "internal_error"}, status=500)
        if kind in ("lost", "timeout"):
            self._chat_postMessage(params)
        if kind == "timeout":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), self._hang_s)
        if request.transport is not None:
            request.transport.abort()  # reset, lost, and a timeout's answer: the line drops
        return web.Response(status=500)  # never reaches the bot: the connection is gone

    def called(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, method: str, count: int = 1, within_s: float = 10) -> list[ApiCall]:
        """The calls of ``method`` once there are at least ``count`` of them."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within_s
        while len(self.called(method)) < count:
            event = self._arrived.setdefault(method, asyncio.Event())
            event.clear()
            await asyncio.wait_for(event.wait(), max(0.0, deadline - loop.time()))
        return self.called(method)

    # ------------------------------------------------------------------ Web API

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(parse_qsl(await request.text()))
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        self.calls.append(ApiCall(method, params, token, time.monotonic()))
        self._arrived.setdefault(method, asyncio.Event()).set()
        wanted = APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN
        if token != wanted:
            return _answer({"ok": False, "error": "invalid_auth"})
        queue = self._failures.get(method)
        if queue:
            failure = queue.popleft()
            body = {"ok": False, "error": failure.error}
            return _answer(body, status=failure.status, headers=failure.headers)
        if method == "chat.postMessage" and (fault := await self._fault(request, params)):
            return fault
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return _answer({"ok": False, "error": "unknown_method"})
        answer: dict[str, Any] = handler(params)
        return _answer(answer)

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake.slack.test/",
            "team": "Fake FC",
            "user": "transferbot",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": "B0BOT",
        }

    def _chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel", ""))
        if channel in self.channel_errors:
            return {"ok": False, "error": self.channel_errors[channel]}
        blocks = params.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if not params.get("text") and not blocks:
            return {"ok": False, "error": "no_text"}
        problem = block_kit_problem(blocks or [])
        if problem:
            return {"ok": False, "error": "invalid_blocks", "errors": [problem]}
        n = next(self._ts)
        ts = f"{1_700_000_000 + n}.{n:06d}"
        key = metadata_key(params)
        if key is not None and key in self._keys:
            self.repeats.append({**params, "blocks": blocks, "ts": ts})
        elif key is not None:
            self._keys[key] = ts
        self.messages.append({**params, "blocks": blocks, "ts": ts})
        return {"ok": True, "channel": channel, "ts": ts, "message": {"text": params.get("text")}}

    def _users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = str(params.get("user", ""))
        if user not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": {"id": user, "team_id": TEAM_ID, **self.users[user]}}

    def _users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        """One page per user (so that paging is exercised), the bot user first."""
        members = [{"id": BOT_USER_ID, "is_bot": True}] + [
            {"id": user, "team_id": TEAM_ID, **flags} for user, flags in self.users.items()
        ]
        at = int(params.get("cursor") or 0)
        rest = str(at + 1) if at + 1 < len(members) else ""
        return {
            "ok": True,
            "members": members[at : at + 1],
            "response_metadata": {"next_cursor": rest},
        }

    def _usergroups_list(self, params: dict[str, Any]) -> dict[str, Any]:
        groups = [{"id": gid, "handle": handle} for gid, (handle, _) in self.usergroups.items()]
        return {"ok": True, "usergroups": groups}

    def _usergroups_users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        group = self.usergroups.get(str(params.get("usergroup", "")))
        if group is None:
            return {"ok": False, "error": "no_such_subteam"}
        return {"ok": True, "users": list(group[1])}

    def _conversations_list(self, params: dict[str, Any]) -> dict[str, Any]:
        types = str(params.get("types") or "public_channel").split(",")
        wanted = [
            {"is_private": False, "is_archived": False, "is_channel": True, **c}
            for c in self.channels
        ]
        wanted = [
            c
            for c in wanted
            if ("private_channel" if c["is_private"] else "public_channel") in types
            and not (c["is_archived"] and str(params.get("exclude_archived")) in ("1", "true"))
        ]
        size = self.page_size or int(params.get("limit") or 100)
        at = int(params.get("cursor") or 0)
        rest = str(at + size) if at + size < len(wanted) else ""
        return {
            "ok": True,
            "channels": wanted[at : at + size],
            "response_metadata": {"next_cursor": rest},
        }

    def _views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        view = as_json(params.get("view"))
        if str(params.get("user_id", "")) not in self.users:
            return {"ok": False, "error": "user_not_found"}
        if view.get("type") != "home":
            return {"ok": False, "error": "invalid_arguments"}
        return self._view(view)

    def _views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        return self._view(as_json(params.get("view")))

    def _views_update(self, params: dict[str, Any]) -> dict[str, Any]:
        view_id = str(params.get("view_id", ""))
        if view_id not in self.views:
            return {"ok": False, "error": "not_found"}
        return self._view(as_json(params.get("view")), view_id)

    def _view(self, view: dict[str, Any], view_id: str | None = None) -> dict[str, Any]:
        problem = view_problem(view)
        if problem:
            return {
                "ok": False,
                "error": "invalid_arguments",
                "response_metadata": {"messages": [problem]},
            }
        view_id = view_id or f"V{len(self.views) + 1:08d}"
        self.views[view_id] = view
        return {"ok": True, "view": {**view, "id": view_id}}

    def _apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        ws = self.base.replace("http://", "ws://")
        return {"ok": True, "url": f"{ws}/link?ticket={uuid.uuid4().hex}"}

    # ------------------------------------------------------------------ response_url

    async def _respond(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        self.responses.setdefault(key, []).append(await request.json())
        self._responded.setdefault(key, asyncio.Event()).set()
        return web.Response(text="ok")

    async def response(self, key: str, within_s: float = 10) -> dict[str, Any]:
        """The first body ``respond()`` posted to ``response_url(key)``, once it arrives."""
        await asyncio.wait_for(self._responded.setdefault(key, asyncio.Event()).wait(), within_s)
        return self.responses[key][0]

    # ------------------------------------------------------------------ Socket Mode

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()  # answers the client's pings itself
        await ws.prepare(request)
        self._sockets.add(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {}})
        self.socket_connected.set()
        try:
            async for message in ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    continue
                data = json.loads(message.data)
                future = self._acks.pop(str(data.get("envelope_id")), None)
                if future is not None and not future.done():
                    future.set_result(data.get("payload") or {})
        finally:
            self._sockets.discard(ws)
        return ws

    async def socket_command(self, fields: dict[str, str], within_s: float = 5) -> dict[str, Any]:
        """Send a slash command over the websocket; the payload of the client's ack."""
        return await self.socket_send("slash_commands", dict(fields), within_s)

    async def socket_send(
        self, kind: str, payload: dict[str, Any], within_s: float = 5
    ) -> dict[str, Any]:
        """Send one envelope (``slash_commands``, ``events_api``, ``interactive``) over the
        websocket; the payload of the client's ack ({} when it acks without one)."""
        [ws] = list(self._sockets)
        envelope = uuid.uuid4().hex
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[envelope] = future
        await ws.send_json(
            {
                "envelope_id": envelope,
                "type": kind,
                "accepts_response_payload": kind != "events_api",
                "payload": payload,
            }
        )
        return await asyncio.wait_for(future, within_s)


def _answer(
    body: dict[str, Any], *, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        status=status, text=json.dumps(body), content_type="application/json", headers=headers
    )


def metadata_key(params: dict[str, Any]) -> str | None:
    """The idempotency key in a ``chat.postMessage``'s metadata (``transferbot_alert``)."""
    metadata = params.get("metadata")
    if isinstance(metadata, str):
        metadata = json.loads(metadata)
    if not isinstance(metadata, dict) or metadata.get("event_type") != "transferbot_alert":
        return None
    payload = metadata.get("event_payload")
    key = payload.get("key") if isinstance(payload, dict) else None
    return str(key) if key else None


def as_json(value: Any) -> dict[str, Any]:
    """A JSON parameter as the SDK sent it (a string in a form, an object in a JSON body)."""
    loaded = json.loads(value) if isinstance(value, str) else value
    return loaded if isinstance(loaded, dict) else {}


def view_problem(view: dict[str, Any]) -> str | None:
    """Why Slack would refuse this Home tab or modal view, or None."""
    kind = view.get("type")
    if kind not in ("home", "modal"):
        return f"view type {kind!r}"
    if kind == "modal":
        title = (view.get("title") or {}).get("text", "")
        if not 1 <= len(title) <= 24:
            return f"modal title of {len(title)} characters (1-24)"
    return block_kit_problem(view.get("blocks") or [], max_blocks=100)


def block_kit_problem(blocks: list[dict[str, Any]], *, max_blocks: int = 50) -> str | None:
    """Why Slack would refuse these blocks (the limits this bot must keep), or None: at most
    ``max_blocks`` (50 in a message, 100 in a view)."""
    if len(blocks) > max_blocks:
        return f"{len(blocks)} blocks (max {max_blocks})"
    for i, block in enumerate(blocks):
        kind = block.get("type")
        texts: list[tuple[dict[str, Any], int]] = []
        if kind == "header":
            texts.append((block["text"], 150))
            if block["text"].get("type") != "plain_text":
                return f"block {i}: a header must be plain_text"
        elif kind == "section":
            texts.append((block["text"], 3000))
        elif kind == "context":
            if not 1 <= len(block["elements"]) <= 10:
                return f"block {i}: {len(block['elements'])} context elements (1-10)"
            texts.extend((element, 3000) for element in block["elements"])
        elif kind == "actions":
            for element in block["elements"]:
                texts.append((element["text"], 75))
                if len(element.get("url", "")) > 3000:
                    return f"block {i}: a button URL over 3000 characters"
        elif kind != "divider":
            return f"block {i}: unexpected block type {kind!r}"
        for text, limit in texts:
            if not 1 <= len(text.get("text", "")) <= limit:
                return f"block {i}: text of {len(text.get('text', ''))} characters (1-{limit})"
    return None


# --------------------------------------------------------------------------- slash commands


def command_fields(
    text: str,
    *,
    user: str = FAN,
    channel: str = FANS,
    channel_name: str = "transfer-news",
    response_url: str = "",
    command: str = "/transfers",
) -> dict[str, str]:
    """The fields Slack sends for one slash command."""
    return {
        "token": "deprecated-verification-token",
        "team_id": TEAM_ID,
        "team_domain": "fakefc",
        "channel_id": channel,
        "channel_name": channel_name,
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": "A0FAKE",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:8]}",
    }


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """Slack's request signature: ``v0=`` HMAC-SHA256 of ``v0:{timestamp}:{body}``."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Answer:
    status: int
    body: dict[str, Any] | str
    seconds: float  # from sending the request to the whole answer

    @property
    def json(self) -> dict[str, Any]:
        assert isinstance(self.body, dict), self.body
        return self.body


async def post_command(
    url: str,
    fields: dict[str, str],
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    signature: str | None = None,
    signed: bool = True,
) -> Answer:
    """POST one slash command, form-encoded and signed (``signature`` forces a given one)."""
    return await _post_signed(
        url,
        urlencode(fields),
        "application/x-www-form-urlencoded",
        secret=secret,
        timestamp=timestamp,
        signature=signature,
        signed=signed,
    )


def home_opened(user: str = FAN, *, tab: str = "home", team: str = TEAM_ID) -> dict[str, Any]:
    """The Events API callback Slack sends when ``user`` opens the app's Home (or Messages) tab."""
    return {
        "token": "deprecated-verification-token",
        "team_id": team,
        "api_app_id": "A0FAKE",
        "event": {
            "type": "app_home_opened",
            "user": user,
            "channel": "D0HOME",
            "tab": tab,
            "event_ts": f"{time.time():.6f}",
        },
        "type": "event_callback",
        "event_id": f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "team_id": team,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
    }


async def post_event(url: str, body: dict[str, Any], *, signed: bool = True) -> Answer:
    """POST one Events API callback as Slack does: JSON, signed."""
    return await _post_signed(url, json.dumps(body), "application/json", signed=signed)


def shortcut_payload(
    callback_id: str, user: str = FAN, *, team: str = TEAM_ID, trigger_id: str = "13345224609.1"
) -> dict[str, Any]:
    """A global shortcut's interaction payload."""
    return {
        "type": "shortcut",
        "token": "deprecated-verification-token",
        "action_ts": f"{time.time():.6f}",
        "team": {"id": team, "domain": "fakefc"},
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "is_enterprise_install": False,
        "callback_id": callback_id,
        "trigger_id": trigger_id,
    }


def block_actions(
    button: dict[str, Any], response_url: str, *, user: str = FAN, channel: str = FANS
) -> dict[str, Any]:
    """The interaction payload of a click on ``button`` (its action_id, value, text) of an
    ephemeral message of the bot in ``channel``."""
    return {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user},
        "channel": {"id": channel},
        "api_app_id": "A0FAKE",
        "container": {"type": "message", "message_ts": "1700000001.000001", "is_ephemeral": True},
        "trigger_id": "1.2",
        "response_url": response_url,
        "actions": [{"type": "button", "block_id": "b1", "action_ts": "1", **button}],
    }


async def post_shortcut(url: str, payload: dict[str, Any]) -> Answer:
    """POST one interaction as Slack does: form-encoded ``payload=<json>``, signed."""
    body = urlencode({"payload": json.dumps(payload)})
    return await _post_signed(url, body, "application/x-www-form-urlencoded")


async def _post_signed(
    url: str,
    body: str,
    content_type: str,
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    signature: str | None = None,
    signed: bool = True,
) -> Answer:
    stamp = int(time.time()) if timestamp is None else timestamp
    headers = {"Content-Type": content_type}
    if signed:
        headers["X-Slack-Request-Timestamp"] = str(stamp)
        headers["X-Slack-Signature"] = signature or sign(body, stamp, secret)
    started = time.perf_counter()
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body.encode(), headers=headers) as response,
    ):
        raw = await response.text()
        seconds = time.perf_counter() - started
        try:
            parsed: dict[str, Any] | str = json.loads(raw) if raw else ""
        except json.JSONDecodeError:
            parsed = raw
        return Answer(status=response.status, body=parsed, seconds=seconds)

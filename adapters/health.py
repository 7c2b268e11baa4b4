"""The operations endpoint of ``transferbot run``: ``/healthz`` and ``/metrics`` over HTTP.

Off unless ``HEALTH_PORT`` is set (the Docker image sets 8080); ``HEALTH_HOST`` (default
127.0.0.1) is the address it listens on, ``HEALTH_PORT=0`` any free port (logged).

``/healthz`` answers 200 when every check passes and 503 otherwise, with a JSON body naming each
check: ``process`` (always ok while it answers), ``database`` (``SELECT 1`` within 5 s),
``scheduler`` (running) and one entry per chat adapter (Discord: gateway ready; Slack: server or
socket up; the console: reading its input). ``/metrics`` is the Prometheus text format of
:mod:`adapters.metrics`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import Engine, text

from adapters.chat.base import ChatAdapter
from adapters.metrics import Metrics
from bot.errors import ConfigError

logger = logging.getLogger(__name__)

DB_TIMEOUT_S = 5.0


@dataclass(slots=True)
class Runtime:
    """What ``serve`` is running, filled in as it starts: read by ``/healthz``."""

    adapters: Sequence[ChatAdapter] = ()
    scheduler: AsyncIOScheduler | None = None
    tasks: dict[str, asyncio.Future[object]] = field(default_factory=dict)


def adapter_state(adapter: ChatAdapter, task: asyncio.Future[object] | None) -> str:
    """``ok``, or what is wrong with one chat adapter (duck-typed: no adapter changes)."""
    if task is not None and task.done():
        return "stopped"
    client: Any = getattr(adapter, "client", None)
    if client is not None and callable(getattr(client, "is_ready", None)):  # discord.py
        if client.is_closed():
            return "disconnected"
        return "ok" if client.is_ready() else "connecting"
    ready = getattr(adapter, "ready", None)
    if isinstance(ready, asyncio.Event):  # Slack: HTTP server listening or socket connected
        return "ok" if ready.is_set() else "connecting"
    return "ok" if task is not None else "not started"


def _database_ok(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


class HealthServer:
    def __init__(
        self, *, engine: Engine, metrics: Metrics, runtime: Runtime, host: str, port: int
    ) -> None:
        self.engine = engine
        self.metrics = metrics
        self.runtime = runtime
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics_page)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            where = f"{self.host}:{self.port}"
            why = os.strerror(exc.errno) if exc.errno else str(exc)
            raise ConfigError("HEALTH_PORT", f"cannot listen on {where}: {why}") from None
        self.port = int(self._runner.addresses[0][1])
        logger.info("health endpoint on http://%s:%d/healthz and /metrics", self.host, self.port)

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def checks(self) -> dict[str, Any]:
        checks: dict[str, Any] = {"process": "ok"}
        try:
            await asyncio.wait_for(asyncio.to_thread(_database_ok, self.engine), DB_TIMEOUT_S)
        except TimeoutError:
            checks["database"] = f"no answer within {DB_TIMEOUT_S:g} s"
        except Exception as exc:
            first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
            checks["database"] = f"error: {type(exc).__name__}: {first[:200]}"
        else:
            checks["database"] = "ok"
        scheduler = self.runtime.scheduler
        checks["scheduler"] = "ok" if scheduler is not None and scheduler.running else "stopped"
        checks["adapters"] = {
            a.name: adapter_state(a, self.runtime.tasks.get(a.name)) for a in self.runtime.adapters
        }
        return checks

    async def healthz(self, request: web.Request) -> web.Response:
        checks = await self.checks()
        flat = [v for k, v in checks.items() if k != "adapters"] + list(checks["adapters"].values())
        healthy = all(value == "ok" for value in flat)
        body = {"status": "ok" if healthy else "fail", "checks": checks}
        return web.Response(
            text=json.dumps(body, sort_keys=True),
            status=200 if healthy else 503,
            content_type="application/json",
        )

    async def metrics_page(self, request: web.Request) -> web.Response:
        try:
            payload = await asyncio.to_thread(self.metrics.render)
        except Exception as exc:  # the database is down: say so rather than half an answer
            logger.warning("metrics scrape failed: %s", exc)
            return web.Response(text=f"metrics unavailable: {type(exc).__name__}\n", status=503)
        return web.Response(body=payload, headers={"Content-Type": CONTENT_TYPE_LATEST})

"""Feed parsing in worker processes that can be stopped: a wall-clock limit and a memory cap.

A thread cannot be stopped: a parse that runs too long keeps its thread, its CPU and its memory
after the caller gave up on it. So :class:`ParsePool` parses in at most ``workers`` (default 2)
child processes, each a fresh interpreter (``python -m adapters.feeds.parsepool``, not a fork of the
bot), that read one job from a pipe and answer it:

* **wall-clock limit**: a job not answered within ``timeout_s`` gets its worker killed
  (``SIGKILL``) and raises ``FeedTimeoutError``; the next job gets a new worker;
* **memory cap**: a worker's address space is limited (``RLIMIT_AS``) to its size once started
  plus ``memory_mb``; a parse that needs more fails with ``MemoryError`` in the worker, which
  answers ``FeedTooLargeError`` and exits (a worker killed for it reads the same);
* **what comes back is small**: the ``max_items`` newest items only, each text already capped
  (:mod:`.feedparse`), as JSON (never pickle), with the number of entries the feed had;
* a worker that grew more than ``recycle_mb`` above its start is replaced after its answer,
  so one big feed does not keep its memory for the life of the bot.

:meth:`ParsePool.parse` blocks (thread-safe); :meth:`ParsePool.parse_async` runs it on the pool's
own threads, and cancelling it stops the job (the worker is killed) within ``_TICK_S``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import resource
import select
import struct
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adapters.feeds.feedparse import newest, parse_feed
from bot.errors import FeedError, FeedNotAFeedError, FeedTimeoutError, FeedTooLargeError
from bot.records import FeedItem

logger = logging.getLogger(__name__)

__all__ = ["ParsePool", "ParsedFeed"]

_LEN = struct.Struct(">Q")
_TICK_S = 0.05  # how often a waiting job looks at its cancel flag
_SPAWN_TIMEOUT_S = 60.0  # an interpreter and feedparser, on a busy machine
_MAX_REPLY = 256 * 1024 * 1024
_EXIT_MEMORY = 3  # a worker's exit code when it ran out of memory outside a job


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedFeed:
    title: str | None
    items: tuple[FeedItem, ...]  # the newest ``max_items``, in feed order
    bozo: str | None
    total: int  # entries the feed had
    worker_peak_kb: int = 0  # the worker's peak RSS during this job (VmHWM, reset per job)


class _Lost(Exception):
    """The worker went away mid-job (killed, crashed)."""


def _status_kb(field: str, pid: int | str = "self") -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# --------------------------------------------------------------------------- parent side


class _Worker:
    def __init__(self, memory_mb: int, recycle_mb: int) -> None:
        root = str(Path(__file__).resolve().parent.parent)  # where ``adapters`` is
        path = [root, *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
        self.proc = subprocess.Popen(  # ``-P``: the working directory is not on sys.path
            [
                sys.executable,
                "-P",
                "-m",
                "adapters.feeds.parsepool",
                str(memory_mb),
                str(recycle_mb),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._in = self.proc.stdin.fileno()
        self._out = self.proc.stdout.fileno()
        os.set_blocking(self._in, False)
        os.set_blocking(self._out, False)
        try:
            self.ready = self._exchange(b"", time.monotonic() + _SPAWN_TIMEOUT_S, ())
        except BaseException:
            self.kill()
            raise

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def _exchange(
        self, request: bytes, deadline: float, cancels: tuple[threading.Event, ...]
    ) -> dict[str, Any]:
        """Write ``request``, read one framed JSON answer; TimeoutError past ``deadline`` or
        once one of ``cancels`` is set."""
        view, header, body = memoryview(request), bytearray(), bytearray()
        while True:
            if any(c.is_set() for c in cancels):
                raise TimeoutError("cancelled")
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            writing = [self._in] if view else []
            readable, writable, _ = select.select([self._out], writing, [], min(left, _TICK_S))
            if writable:
                try:
                    view = view[os.write(self._in, view[: 1 << 16]) :]
                except (BrokenPipeError, BlockingIOError) as exc:
                    if isinstance(exc, BrokenPipeError):
                        raise _Lost("worker closed its input") from exc
            if not readable:
                continue
            want = _LEN.size - len(header) if len(header) < _LEN.size else 1 << 20
            try:
                chunk = os.read(self._out, want)
            except BlockingIOError:
                continue
            if not chunk:
                raise _Lost(f"worker exited ({self.proc.wait()})")
            if len(header) < _LEN.size:
                header += chunk
                if len(header) == _LEN.size and _LEN.unpack(header)[0] > _MAX_REPLY:
                    raise _Lost("worker answer too large")
                continue
            body += chunk
            (size,) = _LEN.unpack(header)
            if len(body) >= size:
                answer = json.loads(bytes(body[:size]))
                assert isinstance(answer, dict)
                return answer

    def job(
        self,
        body: bytes,
        headers: Mapping[str, str],
        *,
        max_items: int,
        timeout_s: float,
        cancels: tuple[threading.Event, ...],
    ) -> dict[str, Any]:
        meta = json.dumps({"headers": dict(headers), "max_items": max_items}).encode()
        request = _LEN.pack(len(meta)) + meta + _LEN.pack(len(body)) + body
        return self._exchange(request, time.monotonic() + timeout_s, cancels)

    def kill(self) -> None:
        _stop(self.proc, kill=True)


def _stop(proc: subprocess.Popen[bytes], *, kill: bool) -> None:
    """End a worker: close its input (it exits at end of input), or kill it; reap it."""
    with contextlib.suppress(OSError):
        if proc.stdin is not None:
            proc.stdin.close()
    if kill and proc.poll() is None:
        proc.kill()
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    with contextlib.suppress(OSError):
        if proc.stdout is not None:
            proc.stdout.close()


def _stop_all(workers: list[_Worker]) -> None:
    while workers:
        _stop(workers.pop().proc, kill=False)


class ParsePool:
    """Parses feed bodies in at most ``workers`` child processes; see the module docstring."""

    def __init__(
        self,
        *,
        workers: int = 2,
        timeout_s: float = 15.0,
        memory_mb: int = 48,
        recycle_mb: int = 16,
        max_items: int = 200,
    ) -> None:
        self.workers = max(1, workers)
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.recycle_mb = recycle_mb
        self.max_items = max_items
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.workers)
        self._closed = threading.Event()
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="feedparse")
        self._finalizer = weakref.finalize(self, _stop_all, self._idle)

    def close(self) -> None:
        """Stop the workers (a job under way is stopped too)."""
        self._closed.set()
        self._executor.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            _stop_all(self._idle)

    async def parse_async(self, body: bytes, headers: Mapping[str, str]) -> ParsedFeed:
        """:meth:`parse` on the pool's threads; cancelling stops the job and kills its worker."""
        cancel = threading.Event()
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, self.parse, body, headers, cancel)
        except asyncio.CancelledError:
            cancel.set()
            raise

    def parse(
        self, body: bytes, headers: Mapping[str, str], cancel: threading.Event | None = None
    ) -> ParsedFeed:
        """Parse one body in a worker. Raises ``FeedTimeoutError`` (over the time limit),
        ``FeedTooLargeError`` (over the memory cap), ``FeedNotAFeedError``, ``FeedError``."""
        with self._slots:
            if self._closed.is_set():
                raise FeedError("parser stopped")
            worker = self._take()
            cancels = (self._closed,) if cancel is None else (self._closed, cancel)
            try:
                answer = worker.job(
                    body,
                    headers,
                    max_items=self.max_items,
                    timeout_s=self.timeout_s,
                    cancels=cancels,
                )
            except TimeoutError as exc:
                worker.kill()
                if (cancel is not None and cancel.is_set()) or self._closed.is_set():
                    raise FeedError("parsing cancelled") from exc
                raise FeedTimeoutError(
                    f"parsing stopped after {self.timeout_s:g} s (the feed takes too long to parse)"
                ) from exc
            except _Lost as exc:
                worker.kill()
                code = worker.proc.returncode
                if code == _EXIT_MEMORY:
                    raise FeedTooLargeError(_over_cap(self.memory_mb)) from exc
                if code is not None and code < 0:  # a signal: the kernel's OOM killer, say
                    raise FeedTooLargeError(
                        f"parsing stopped: the parser was killed (signal {-code}), "
                        f"likely over its {self.memory_mb} MB memory cap"
                    ) from exc
                raise FeedError(f"parser failed ({exc})") from exc
            if answer.get("exit") or not worker.alive:
                _stop(worker.proc, kill=False)
            else:
                with self._lock:
                    self._idle.append(worker)
        return _result(answer, self.memory_mb)

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive:
                    return worker
                _stop(worker.proc, kill=True)
        worker = _Worker(self.memory_mb, self.recycle_mb)
        logger.debug("feed parser worker %d started", worker.proc.pid)
        return worker


def _over_cap(memory_mb: int) -> str:
    return f"parsing stopped: over the parser's {memory_mb} MB memory cap"


def _result(answer: Mapping[str, Any], memory_mb: int) -> ParsedFeed:
    kind = answer.get("kind")
    reason = str(answer.get("reason") or "")
    if kind == "memory":
        raise FeedTooLargeError(_over_cap(memory_mb))
    if kind == "not_a_feed":
        raise FeedNotAFeedError(reason)
    if kind != "ok":
        raise FeedError(f"parser failed ({reason or kind})")
    items = tuple(
        FeedItem(
            guid=guid,
            link=link,
            title=title,
            summary=summary,
            content=content,
            author=author,
            published=datetime.fromtimestamp(ts, tz=UTC) if ts is not None else None,
            lang=lang,
        )
        for guid, link, title, summary, content, author, ts, lang in answer["items"]
    )
    return ParsedFeed(
        title=answer.get("title"),
        items=items,
        bozo=answer.get("bozo"),
        total=int(answer.get("total", len(items))),
        worker_peak_kb=int(answer.get("peak_kb", 0)),
    )


# --------------------------------------------------------------------------- worker side


def _reset_peak() -> None:
    """Start this process' peak RSS (VmHWM) afresh, so a job reports its own peak."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")


def _read_frame(stream: Any) -> bytes | None:
    header = stream.read(_LEN.size)
    if len(header) < _LEN.size:
        return None
    (size,) = _LEN.unpack(header)
    data = stream.read(size)
    return data if len(data) == size else None


def _write(out: Any, answer: Mapping[str, Any]) -> None:
    data = json.dumps(answer, ensure_ascii=False).encode("utf-8", "replace")
    out.write(_LEN.pack(len(data)) + data)
    out.flush()


def _job(meta: Mapping[str, Any], body: bytes) -> dict[str, Any]:
    try:
        title, items, bozo = parse_feed(body, meta.get("headers") or {})
    except FeedNotAFeedError as exc:
        return {"kind": "not_a_feed", "reason": exc.reason}
    kept = newest(items, int(meta.get("max_items") or len(items) or 1))
    return {
        "kind": "ok",
        "title": title,
        "bozo": bozo,
        "total": len(items),
        "items": [
            [
                i.guid,
                i.link,
                i.title,
                i.summary,
                i.content,
                i.author,
                i.published.timestamp() if i.published else None,
                i.lang,
            ]
            for i in kept
        ],
    }


def _worker_main(memory_mb: int, recycle_mb: int) -> int:
    out = os.fdopen(os.dup(1), "wb")  # the answers' pipe; stray prints go to stderr instead
    os.dup2(2, 1)
    source = sys.stdin.buffer
    start_rss = _status_kb("VmRSS")  # feedparser is imported: this is the idle size
    limit = (_status_kb("VmSize") + memory_mb * 1024) * 1024
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    _write(out, {"kind": "ready", "pid": os.getpid(), "rss_kb": start_rss})
    while True:
        try:
            raw, body = _read_frame(source), _read_frame(source)
        except MemoryError:
            return _EXIT_MEMORY  # mid-frame: the parent reads the exit code
        if raw is None or body is None:
            return 0  # end of input: the pool closed
        _reset_peak()
        try:
            answer = _job(json.loads(raw), body)
        except MemoryError:
            answer = {"kind": "memory"}
        except Exception as exc:  # a bug: report it, and start clean
            answer = {"kind": "error", "reason": type(exc).__name__, "exit": True}
        del raw, body
        grown = _status_kb("VmRSS") - start_rss > recycle_mb * 1024
        answer["exit"] = bool(answer.get("exit")) or answer["kind"] == "memory" or grown
        answer["peak_kb"] = _status_kb("VmHWM")
        try:
            _write(out, answer)
        except MemoryError:
            return _EXIT_MEMORY
        if answer["exit"]:
            return 0


if __name__ == "__main__":
    sys.exit(_worker_main(int(sys.argv[1]), int(sys.argv[2])))

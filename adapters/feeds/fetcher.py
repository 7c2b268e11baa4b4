"""Feed fetching over HTTP (aiohttp) and parsing (feedparser in a worker process).

:class:`HttpFeedFetcher` implements ``bot.ports.FeedFetcher``: a polite conditional GET
(ETag / Last-Modified), gzip, connect and total timeouts, a size cap, at most five redirects
followed by hand (each hop re-checked by the SSRF guard of :mod:`.ssrf`, and the address of
every connection checked just before it is made), a User-Agent naming the bot,
``Retry-After`` and ``Cache-Control: max-age`` honoured as a lower bound on the next poll, and a
per-host concurrency limit. A body whose hash is unchanged is not parsed again. Failures raise the
``bot.errors.FeedError`` subclasses.

Parsing lives in :mod:`.feedparse` (re-exported here) and runs in the worker processes of
an :class:`.parsepool.ParsePool`, under a wall-clock limit and a memory cap of its own,
after the download (outside its timeout and host slot); only the newest ``max_items`` come back.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import aiohttp
from aiohttp.abc import AbstractResolver
from yarl import URL

from adapters.feeds.feedparse import html_to_text, parse_feed
from adapters.feeds.parsepool import ParsePool
from adapters.feeds.ssrf import (
    AddressPolicy,
    PeerRefusedError,
    SafeResolver,
    connect_host,
    guarded_connector,
    requesting,
)
from bot.errors import (
    FeedError,
    FeedHTTPError,
    FeedTimeoutError,
    FeedTooLargeError,
    UnsafeAddressError,
)
from bot.model import Feed
from bot.records import FetchResult

logger = logging.getLogger(__name__)

__all__ = ["HttpFeedFetcher", "html_to_text", "parse_feed"]

USER_AGENT = "transferbot/0.1 (+https://github.com/transferbot/transferbot)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
MAX_HINT_S = 24 * 3600  # a Retry-After / max-age beyond a day is taken as a day
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


# --------------------------------------------------------------------------- fetching


def _seconds_hint(headers: Mapping[str, str], now: float) -> int | None:
    """The lower bound on the next poll said by ``Retry-After`` and ``Cache-Control: max-age``."""
    hints: list[int] = []
    retry = headers.get("Retry-After", "").strip()
    if retry.isdigit():
        hints.append(int(retry))
    elif retry:
        try:
            when = email.utils.parsedate_to_datetime(retry)
            hints.append(max(0, int(when.timestamp() - now)))
        except (TypeError, ValueError):
            pass
    cache = headers.get("Cache-Control", "")
    if "no-store" not in cache.lower() and (match := _MAX_AGE.search(cache)):
        hints.append(int(match.group(1)))
    return min(max(hints), MAX_HINT_S) if hints else None


class HttpFeedFetcher:
    """``bot.ports.FeedFetcher`` over aiohttp. Use as ``async with`` or call :meth:`aclose`.

    Two address policies (:mod:`adapters.feeds.ssrf`): ``policy``, the operator's (allow-list, file
    roots), for feeds the operator added (``Feed.operator``), and ``chat_policy`` (public
    addresses only unless told otherwise) for every other feed. Each policy has its own session,
    connector and resolver, so a pooled connection one policy allowed never serves the other.

    ``parser``: the pool that parses bodies; without one the fetcher starts its own on first use
    (with ``parse_timeout_s``, ``parse_memory_mb``, ``max_items``) and stops it in :meth:`aclose`.
    """

    def __init__(
        self,
        policy: AddressPolicy | None = None,
        *,
        chat_policy: AddressPolicy | None = None,
        max_bytes: int = MAX_BYTES,
        total_timeout_s: float = 30.0,
        connect_timeout_s: float = 10.0,
        max_redirects: int = MAX_REDIRECTS,
        per_host: int = 2,
        max_connections: int = 50,
        user_agent: str = USER_AGENT,
        resolver: AbstractResolver | None = None,
        parser: ParsePool | None = None,
        parse_timeout_s: float = 15.0,
        parse_memory_mb: int = 48,
        max_items: int = 200,
    ) -> None:
        self.policy = policy if policy is not None else AddressPolicy.from_env()
        self.chat_policy = chat_policy if chat_policy is not None else AddressPolicy.public()
        self.max_bytes = max_bytes
        self.total_timeout_s = total_timeout_s
        self.connect_timeout_s = connect_timeout_s
        self.max_redirects = max_redirects
        self.per_host = per_host
        self.max_connections = max_connections
        self.user_agent = user_agent
        self._inner_resolver = resolver  # wrapped by SafeResolver; None: aiohttp's default
        self._sessions: dict[AddressPolicy, aiohttp.ClientSession] = {}
        self._resolvers: dict[AddressPolicy, SafeResolver] = {}
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._parser = parser
        self._own_parser = parser is None
        self.parse_timeout_s = parse_timeout_s
        self.parse_memory_mb = parse_memory_mb
        self.max_items = max_items

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        sessions, self._sessions = self._sessions, {}
        for session in sessions.values():
            await session.close()
        resolvers, self._resolvers = self._resolvers, {}
        if resolvers and self._inner_resolver is not None:
            await self._inner_resolver.close()  # shared by the safe resolvers: closed once
        elif resolvers:
            for resolver in resolvers.values():  # the connector does not close a given resolver
                await resolver.close()
        parser, self._parser = self._parser, None
        if parser is not None and self._own_parser:
            await asyncio.to_thread(parser.close)

    @property
    def parser(self) -> ParsePool:
        if self._parser is None:
            self._parser = ParsePool(
                timeout_s=self.parse_timeout_s,
                memory_mb=self.parse_memory_mb,
                max_items=self.max_items,
            )
        return self._parser

    def policy_for(self, feed: Feed) -> AddressPolicy:
        """The operator's policy for a feed the operator added, else the chat policy."""
        return self.policy if feed.operator else self.chat_policy

    def _get_session(self, policy: AddressPolicy) -> aiohttp.ClientSession:
        session = self._sessions.get(policy)
        if session is None or session.closed:
            connector, self._resolvers[policy] = guarded_connector(
                policy,
                self._inner_resolver,
                limit=self.max_connections,
                limit_per_host=self.per_host,
            )
            session = self._sessions[policy] = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(
                    total=self.total_timeout_s,
                    connect=self.connect_timeout_s,
                    sock_connect=self.connect_timeout_s,
                ),
                headers={"User-Agent": self.user_agent, "Accept": ACCEPT},
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=False,  # no proxy: the address checked is the address connected to
            )
        return session

    async def fetch(self, feed: Feed) -> FetchResult:
        policy = self.policy_for(feed)
        url = policy.check_url(feed.url)
        if url.scheme.lower() == "file":
            return await self._result(feed, await self._fetch_file(feed, policy))
        gate = self._hosts.setdefault(connect_host(url), asyncio.Semaphore(self.per_host))
        async with gate:
            try:
                async with asyncio.timeout(self.total_timeout_s):
                    got = await self._fetch_http(feed, url, policy)
            except FeedError:
                raise
            except TimeoutError as exc:
                raise FeedTimeoutError(f"timeout after {self.total_timeout_s:g} s") from exc
            except aiohttp.ClientConnectorError as exc:
                if isinstance(exc.os_error, PeerRefusedError):
                    raise UnsafeAddressError(exc.os_error.reason) from exc
                raise FeedError(f"connection failed: {_describe(exc)}") from exc
            except aiohttp.ClientError as exc:
                raise FeedError(f"connection failed: {_describe(exc)}") from exc
        return got if isinstance(got, FetchResult) else await self._result(feed, got)

    async def _fetch_http(
        self, feed: Feed, url: URL, policy: AddressPolicy
    ) -> FetchResult | _Download:
        session = self._get_session(policy)
        headers: dict[str, str] = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        status = 0
        for _hop in range(self.max_redirects + 1):
            with requesting(url):  # the URL object checked is the one connected to
                async with session.get(url, headers=headers, allow_redirects=False) as resp:
                    status = resp.status
                    if status in _REDIRECTS and "Location" in resp.headers:
                        url = policy.check_url(_redirect_target(url, resp), files=False)
                        continue
                    hint = _seconds_hint(resp.headers, time.time())
                    if resp.status == 304:
                        return FetchResult(
                            items=None,
                            etag=resp.headers.get("ETag", feed.etag),
                            last_modified=resp.headers.get("Last-Modified", feed.last_modified),
                            body_hash=feed.body_hash,
                            min_next_poll_s=hint,
                            headers=dict(resp.headers),
                        )
                    if not 200 <= resp.status < 300:
                        error = FeedHTTPError(
                            resp.status, f"HTTP {resp.status} {resp.reason or ''}".strip()
                        )
                        error.retry_after_s = hint
                        raise error
                    return _Download(
                        body=await self._read_capped(resp),
                        parse_headers={
                            "content-type": resp.headers.get("Content-Type", ""),
                            "content-location": str(resp.url),
                        },
                        etag=resp.headers.get("ETag"),
                        last_modified=resp.headers.get("Last-Modified"),
                        hint=hint,
                        headers=dict(resp.headers),
                    )
        raise FeedHTTPError(status, f"too many redirects (more than {self.max_redirects})")

    async def _read_capped(self, resp: aiohttp.ClientResponse) -> bytes:
        declared = resp.content_length
        if declared is not None and declared > self.max_bytes:
            raise FeedTooLargeError(f"too large: {declared} bytes (cap {self.max_bytes})")
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                raise FeedTooLargeError(f"too large: over {self.max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    async def _fetch_file(self, feed: Feed, policy: AddressPolicy) -> _Download:
        path = policy.check_file(feed.url)
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                raise FeedTooLargeError(f"too large: {size} bytes (cap {self.max_bytes})")
            body = await asyncio.to_thread(path.read_bytes)
        except OSError as exc:
            raise FeedError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
        return _Download(body=body)

    async def _result(self, feed: Feed, got: _Download) -> FetchResult:
        body_hash = hashlib.sha256(got.body).hexdigest()
        common: dict[str, Any] = {
            "etag": got.etag,
            "last_modified": got.last_modified,
            "body_hash": body_hash,
            "min_next_poll_s": got.hint,
            "headers": got.headers,
        }
        if feed.body_hash == body_hash:
            return FetchResult(items=None, title=feed.title, **common)
        parsed = await self.parser.parse_async(got.body, got.parse_headers)
        if parsed.bozo:
            logger.info(
                "feed %s is ill-formed (%s); kept %d items", feed.url, parsed.bozo, parsed.total
            )
        return FetchResult(
            items=parsed.items,
            title=parsed.title,
            bozo=parsed.bozo,
            items_total=parsed.total,
            **common,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Download:
    """A body fetched, not parsed yet, with what the result needs from its response."""

    body: bytes
    parse_headers: Mapping[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    hint: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


def _redirect_target(url: URL, resp: aiohttp.ClientResponse) -> URL:
    """The absolute URL a redirect points at, parsed the way the next request will use it."""
    location = resp.headers["Location"]
    try:
        return url.join(URL(location))
    except (ValueError, UnicodeError) as exc:
        raise UnsafeAddressError(f"refused: malformed redirect to {location!r}") from exc


def _describe(exc: aiohttp.ClientError) -> str:
    if isinstance(exc, aiohttp.ClientConnectorError):
        return f"cannot connect to {exc.host}:{exc.port} ({exc.os_error.strerror or exc.os_error})"
    return str(exc) or type(exc).__name__

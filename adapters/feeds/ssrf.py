"""Server-side request forgery guard for feed URLs.

One rule, applied to the host the HTTP client will actually connect to, never to the text typed:

1. :meth:`AddressPolicy.check_url` parses the URL with yarl, the library aiohttp connects with,
   so the host checked is yarl's normalised ``raw_host`` (IDNA/UTS-46 with NFKC: fullwidth
   digits and dots, ideographic dots and enclosed digits such as ``①②⑦.0.0.1`` are all
   ``127.0.0.1`` by then). IP literals (IPv4-mapped IPv6 included) are checked there; legacy
   numeric IPv4 forms (``2130706433``, ``0177.0.0.1``, ``0x7f.1``, ``127.1``) are refused
   outright. The fetcher connects to the very ``URL`` object that was checked, hop by hop.
2. :class:`SafeResolver` wraps aiohttp's resolver and checks every address a name resolves to.
3. :func:`guarded_connector` checks the socket address of every connection just before
   ``connect()`` (aiohttp's ``socket_factory``), so nothing reaches an address the policy refuses,
   whatever path produced it (a literal aiohttp did not resolve, a DNS answer, a rebinding).

Two policies: the operator's (``FEED_ALLOW_HOSTS=127.0.0.1,localhost``: the tests' local server,
an intranet feed; ``file://`` roots such as the bundled sample feed in ``seeds/``), used for feeds
the operator added, and :meth:`AddressPolicy.public` (public addresses only, no files), used for
everything a chat user added, whatever the allow-list says.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import logging
import os
import re
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from aiohttp import TCPConnector
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from yarl import URL

from bot.errors import UnsafeAddressError

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: The bundled sample feeds live here; ``file://`` URLs under it are allowed by default.
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LEGACY_IPV4 = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}", re.I)
_HOST_NAME = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")

#: The host of the request being connected, for the connect-time check of allowed host names.
_REQUEST_HOST: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "transferbot_request_host", default=None
)


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public address ("a private address" …), or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is None and ip.teredo is not None:
            embedded = ip.teredo[1]
        if embedded is not None:
            inner = address_problem(embedded)
            if inner is not None:
                return inner
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (cloud metadata lives there)"
    if ip.is_multicast:
        return "a multicast address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "a shared (CGNAT) address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a non-public address"
    return None


def parse_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a legacy numeric host ("127.1", "017700000001") means to ``inet_aton``."""
    if not _LEGACY_IPV4.fullmatch(host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def parse_url(url: str | URL) -> URL:
    """``url`` as yarl (and so aiohttp) reads it; :class:`UnsafeAddressError` when it cannot."""
    if isinstance(url, URL):
        return url
    try:
        parsed = URL(url)
        parsed.raw_host  # noqa: B018 - IDNA errors surface here
    except (ValueError, UnicodeError) as exc:
        raise UnsafeAddressError(f"refused: malformed URL ({exc})") from exc
    return parsed


def connect_host(url: URL) -> str:
    """The host aiohttp will connect to for ``url``: yarl's normalised (IDNA, NFKC) ASCII host,
    lower case, without brackets or trailing dots."""
    return (url.raw_host or "").strip("[]").rstrip(".").lower()


def normalise_host(host: str) -> str:
    """``host`` the way :func:`connect_host` gives it (for allow-list entries)."""
    bare = host.strip().strip("[]")
    ip = parse_ip(bare)
    if ip is not None:
        return str(ip)
    return connect_host(parse_url(f"http://{bare}/"))


class PeerRefusedError(OSError):
    """Raised by the connect-time guard in place of a connection to a refused address."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True, kw_only=True)
class AddressPolicy:
    """Which hosts and files a feed URL may point at, beyond the public internet."""

    allow_hosts: frozenset[str] = frozenset()
    allow_networks: tuple[IPNetwork, ...] = ()
    file_roots: tuple[Path, ...] = field(default_factory=lambda: (SEEDS_DIR,))

    @classmethod
    def public(cls) -> AddressPolicy:
        """Public addresses only, no local files: the policy of every feed a chat user added."""
        return cls(file_roots=())

    @classmethod
    def from_setting(
        cls, value: str | None, *, file_roots: tuple[Path, ...] = (SEEDS_DIR,)
    ) -> AddressPolicy:
        """Parse ``FEED_ALLOW_HOSTS``: comma-separated host names, IPs, CIDR networks and
        ``file://`` directories."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        roots = list(file_roots)
        for raw in (value or "").split(","):
            entry = raw.strip()
            if not entry:
                continue
            if entry.startswith("file://"):
                roots.append(Path(unquote(URL(entry).raw_path)).resolve())
            elif "/" in entry:
                networks.append(ipaddress.ip_network(entry, strict=False))
            else:
                hosts.add(normalise_host(entry))
        return cls(
            allow_hosts=frozenset(hosts), allow_networks=tuple(networks), file_roots=tuple(roots)
        )

    @classmethod
    def from_env(cls) -> AddressPolicy:
        return cls.from_setting(os.environ.get("FEED_ALLOW_HOSTS"))

    def host_allowed(self, host: str) -> bool:
        return host.strip("[]").rstrip(".").lower() in self.allow_hosts

    def ip_allowed(self, ip: IPAddress) -> bool:
        return str(ip) in self.allow_hosts or any(ip in net for net in self.allow_networks)

    def check_address(self, host: str, ip: IPAddress) -> None:
        """Raise :class:`UnsafeAddressError` unless ``ip`` (what ``host`` gave) may be used."""
        if self.host_allowed(host) or self.ip_allowed(ip):
            return
        problem = address_problem(ip)
        if problem is not None:
            via = "" if parse_ip(host) is not None else f"{host} resolves to "
            raise UnsafeAddressError(f"refused: {via}{ip} is {problem}")

    def check_url(self, url: str | URL, *, files: bool = True) -> URL:
        """Check what can be checked before connecting (scheme, the normalised host, literal
        IPs, file paths); the parsed URL to connect to. ``files=False`` refuses ``file://``
        (a redirect target)."""
        parsed = parse_url(url)
        scheme = parsed.scheme.lower()
        if scheme == "file" and files:
            self.check_file(str(parsed))
            return parsed
        if scheme not in ("http", "https"):
            raise UnsafeAddressError(
                f"refused: only http and https feeds are allowed, not {scheme or 'no'}:"
            )
        host = connect_host(parsed)
        if not host:
            raise UnsafeAddressError("refused: no host in the address")
        ip = parse_ip(host)
        if ip is not None:
            self.check_address(host, ip)
        elif (legacy := _legacy_ipv4(host)) is not None:  # "127.1", "2130706433", "0x7f.1"
            self.check_address(str(legacy), legacy)
            raise UnsafeAddressError(f"refused: {host} is a non-canonical form of {legacy}")
        elif not _HOST_NAME.fullmatch(host):  # "127%2e0%2e0%2e1" …: not a name DNS should see
            raise UnsafeAddressError(f"refused: {host!r} is not a valid host name")
        return parsed

    def check_file(self, url: str) -> Path:
        """The local path of a ``file://`` URL, when it lies under an allowed root."""
        path = Path(unquote(URL(url).raw_path)).resolve()
        for root in self.file_roots:
            if path.is_relative_to(root.resolve()):
                return path
        raise UnsafeAddressError(f"refused: local file {path} is not under an allowed directory")

    def check_peer(self, host: str | None, address: str) -> None:
        """Check the address a socket is about to connect to (``host``: the request's host)."""
        ip = parse_ip(address)
        if ip is None:
            raise UnsafeAddressError(f"refused: cannot read the peer address {address!r}")
        self.check_address(host or str(ip), ip)


class SafeResolver(AbstractResolver):
    """An aiohttp resolver that refuses names resolving to non-public addresses."""

    def __init__(self, policy: AddressPolicy, inner: AbstractResolver | None = None) -> None:
        self._policy = policy
        self._inner = inner if inner is not None else DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        for result in results:
            ip = parse_ip(result["host"])
            if ip is None:
                raise UnsafeAddressError(f"refused: {host} resolved to {result['host']!r}")
            self._policy.check_address(host, ip)
        return results

    async def close(self) -> None:
        await self._inner.close()


@contextlib.contextmanager
def requesting(url: URL) -> Iterator[None]:
    """Name the host of the request about to be made, for the connect-time check."""
    token = _REQUEST_HOST.set(connect_host(url))
    try:
        yield
    finally:
        _REQUEST_HOST.reset(token)


def _socket_factory(policy: AddressPolicy) -> Callable[[Any], socket.socket]:
    def make_socket(addr_info: Any) -> socket.socket:
        family, type_, proto, _, sockaddr = addr_info
        try:
            policy.check_peer(_REQUEST_HOST.get(), str(sockaddr[0]))
        except UnsafeAddressError as exc:
            logger.warning("connection to %s not made: %s", sockaddr[0], exc.reason)
            raise PeerRefusedError(exc.reason) from exc
        return socket.socket(family=family, type=type_, proto=proto)

    return make_socket


def guarded_connector(
    policy: AddressPolicy, resolver: AbstractResolver | None = None, **kwargs: Any
) -> tuple[TCPConnector, SafeResolver]:
    """A connector whose every name resolution and every ``connect()`` obeys ``policy``; the
    resolver is returned for the caller to close (a connector does not close one it was given)."""
    safe = SafeResolver(policy, resolver)
    connector = TCPConnector(
        resolver=safe,
        use_dns_cache=False,  # every connection re-resolves and re-checks (rebinding)
        socket_factory=_socket_factory(policy),
        **kwargs,
    )
    return connector, safe

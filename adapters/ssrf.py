"""Server-side request forgery guard for feed URLs added from chat.

A feed may only be fetched from a public address. The check is made on the address actually
connected to: :class:`SafeResolver` wraps aiohttp's resolver and validates every address a name
resolves to (so DNS rebinding cannot slip a private address in after a check), literal IPs are
checked before each request, and redirects are followed by hand so every hop is checked again.

The operator may allow hosts (``FEED_ALLOW_HOSTS=127.0.0.1,localhost``: the tests' local server,
an intranet feed) and ``file://`` paths under given roots (the bundled sample feed in ``seeds/``).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from bot.errors import UnsafeAddressError

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: The bundled sample feeds live here; ``file://`` URLs under it are allowed by default.
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LEGACY_IPV4 = re.compile(r"(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}", re.I)


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


@dataclass(frozen=True, slots=True, kw_only=True)
class AddressPolicy:
    """Which hosts and files a feed URL may point at, beyond the public internet."""

    allow_hosts: frozenset[str] = frozenset()
    allow_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    file_roots: tuple[Path, ...] = field(default_factory=lambda: (SEEDS_DIR,))

    @classmethod
    def from_setting(
        cls, value: str | None, *, file_roots: tuple[Path, ...] = (SEEDS_DIR,)
    ) -> AddressPolicy:
        """Parse ``FEED_ALLOW_HOSTS``: comma-separated host names, IPs, CIDR networks and
        ``file://`` directories."""
        hosts: set[str] = set()
        networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        roots = list(file_roots)
        for raw in (value or "").split(","):
            entry = raw.strip()
            if not entry:
                continue
            if entry.startswith("file://"):
                roots.append(Path(unquote(urlsplit(entry).path)).resolve())
            elif "/" in entry:
                networks.append(ipaddress.ip_network(entry, strict=False))
            else:
                hosts.add(entry.strip("[]").lower().rstrip("."))
        return cls(
            allow_hosts=frozenset(hosts), allow_networks=tuple(networks), file_roots=tuple(roots)
        )

    @classmethod
    def from_env(cls) -> AddressPolicy:
        return cls.from_setting(os.environ.get("FEED_ALLOW_HOSTS"))

    def host_allowed(self, host: str) -> bool:
        return host.strip("[]").lower().rstrip(".") in self.allow_hosts

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

    def check_url(self, url: str) -> None:
        """Check what can be checked before connecting: scheme, literal IPs, file paths."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError as exc:
            raise UnsafeAddressError(f"refused: malformed URL {url!r}") from exc
        if parts.scheme == "file":
            self.check_file(url)
            return
        if parts.scheme not in ("http", "https"):
            raise UnsafeAddressError(
                f"refused: only http and https feeds are allowed, not {parts.scheme or 'no'}:"
            )
        if not host:
            raise UnsafeAddressError(f"refused: no host in {url!r}")
        ip = parse_ip(host)
        if ip is not None:
            self.check_address(host, ip)
        elif (legacy := _legacy_ipv4(host)) is not None:  # "127.1", "2130706433", "0x7f.1"
            self.check_address(str(legacy), legacy)
            raise UnsafeAddressError(f"refused: {host} is a non-canonical form of {legacy}")

    def check_file(self, url: str) -> Path:
        """The local path of a ``file://`` URL, when it lies under an allowed root."""
        path = Path(unquote(urlsplit(url).path)).resolve()
        for root in self.file_roots:
            if path.is_relative_to(root.resolve()):
                return path
        raise UnsafeAddressError(f"refused: local file {path} is not under an allowed directory")


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

"""Article identity: canonical links, article keys and content hashes (pure).

Two feeds carrying the same story with different tracking tails (``?utm_source=rss``,
``#comments``, ``:443``) must give the same key, so the store sees one article; an edited item
keeps its key and changes its content hash, so the store re-reads it for new claims only.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that only track the reader; dropped from canonical links.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "at_link_id",
        "at_link_origin",
        "at_link_type",
        "at_ptr_name",
        "at_bbc_team",
        "at_format",
        "at_platform",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "ito",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "icid",
        "ocid",
        "smid",
        "_ga",
        "_gl",
        "spm",
        "xtor",
    }
)
#: Prefixes of tracking parameters (``utm_source``, ``utm_medium`` …).
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_", "oly_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SPACES = re.compile(r"\s+")


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The link with scheme and host lower-cased, default port, fragment and tracking parameters
    dropped, remaining query parameters sorted. Non-http(s) strings come back stripped."""
    raw = url.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return raw
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return raw
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = parts.path or "/"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def article_key(link: str | None, guid: str | None, *, fallback: str = "") -> str:
    """An article's identity: its canonical link, plus its guid when the guid says more.

    A guid that is itself the link (the usual RSS case) adds nothing. With neither link nor guid
    the key is a hash of ``fallback`` (the feed URL and the item's title, say).
    """
    guid = (guid.strip() or None) if guid else None
    canon = canonical_url(link) if link and link.strip() else None
    if canon is not None:
        if guid is None or canonical_url(guid) == canon:
            return canon
        return f"{canon} {guid}"
    if guid is not None:
        return f"guid:{canonical_url(guid)}"
    digest = hashlib.sha256(_SPACES.sub(" ", fallback).strip().encode()).hexdigest()[:32]
    return f"hash:{digest}"

"""The operator's admin commands: ``doctor``, ``players alias add``, ``sources tier``, ``backfill``.

Each prints what it did (or what is wrong and how to fix it) in plain lines; the composition root
(:mod:`adapters.cli`) parses the arguments and opens the database.
"""

from __future__ import annotations

import asyncio
import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import aiohttp

from adapters.database import (
    connect,
    current_revision,
    head_revision,
    known_revision,
    newer_schema,
    safe_url,
)
from adapters.settings import Settings, load_settings
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.errors import ConfigError, FeedError, UserError
from bot.feeds.polling import to_article
from bot.model import Feed, FeedState, Player
from bot.names import normalise
from bot.ports import ArticleIngest, FeedFetcher, FeedStore, PlayerStore
from bot.records import IngestStatus

DISCORD_API = "https://discord.com/api/v10"
SLACK_API = "https://slack.com/api/"
REACH_TIMEOUT_S = 5.0

_DISCORD_TOKEN = re.compile(r"[A-Za-z\d_-]{23,28}\.[A-Za-z\d_-]{6,7}\.[A-Za-z\d_-]{27,}")
_SLACK_SECRET = re.compile(r"[0-9a-f]{32}")


# --------------------------------------------------------------------------- doctor


@dataclass(frozen=True, slots=True)
class Check:
    status: str  # "ok", "warn" or "FAIL"
    name: str
    message: str
    fix: str | None = None

    def line(self) -> str:
        fix = f"\n       fix: {self.fix}" if self.fix else ""
        return f"{self.status:<4}  {self.name}: {self.message}{fix}"


def token_checks(settings: Settings) -> list[Check]:
    """The shape of each credential that is set (never its value)."""
    checks: list[Check] = []
    if not (settings.discord_token or settings.slack_bot_token):
        checks.append(Check("ok", "chat", "no chat token set: the console adapter runs"))
    if settings.discord_token:
        token = settings.discord_token.removeprefix("Bot ").strip()
        if _DISCORD_TOKEN.fullmatch(token):
            checks.append(Check("ok", "DISCORD_TOKEN", "looks like a bot token"))
        else:
            checks.append(
                Check(
                    "FAIL",
                    "DISCORD_TOKEN",
                    f"not shaped like a Discord bot token ({len(token)} characters, "
                    f"{token.count('.')} dots; expected three dot-separated parts)",
                    "copy it again from the developer portal: Bot → Reset Token",
                )
            )
    if settings.slack_bot_token:
        if settings.slack_bot_token.startswith("xoxb-"):
            checks.append(Check("ok", "SLACK_BOT_TOKEN", "looks like a bot token (xoxb-)"))
        else:
            checks.append(
                Check(
                    "FAIL",
                    "SLACK_BOT_TOKEN",
                    f"does not start with xoxb- (starts {settings.slack_bot_token[:4]!r})",
                    "use the Bot User OAuth Token: the app's OAuth & Permissions page",
                )
            )
    if settings.slack_app_token:
        ok = settings.slack_app_token.startswith("xapp-")
        checks.append(
            Check("ok", "SLACK_APP_TOKEN", "looks like an app-level token (xapp-)")
            if ok
            else Check(
                "FAIL",
                "SLACK_APP_TOKEN",
                "does not start with xapp-",
                "create one under Basic Information → App-Level Tokens (connections:write)",
            )
        )
    if settings.slack_signing_secret and not settings.slack_app_token:
        ok = bool(_SLACK_SECRET.fullmatch(settings.slack_signing_secret))
        checks.append(
            Check("ok", "SLACK_SIGNING_SECRET", "32 hexadecimal characters")
            if ok
            else Check(
                "FAIL",
                "SLACK_SIGNING_SECRET",
                f"{len(settings.slack_signing_secret)} characters, expected 32 hexadecimal",
                "copy Basic Information → App Credentials → Signing Secret",
            )
        )
    return checks


async def _reach(name: str, method: str, url: str) -> Check:
    timeout = aiohttp.ClientTimeout(total=REACH_TIMEOUT_S)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout, trust_env=True) as session,
            session.request(method, url) as response,
        ):
            return Check("ok", name, f"{url} answers (HTTP {response.status})")
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        why = str(exc) or type(exc).__name__
        return Check(
            "FAIL",
            name,
            f"cannot reach {url}: {why}",
            "check this host's network, DNS, proxy and firewall (outbound HTTPS)",
        )


async def reach_checks(settings: Settings) -> list[Check]:
    """Can this host reach each configured adapter's API base?"""
    probes = []
    if settings.discord_token:
        base = settings.discord_api_base or DISCORD_API
        probes.append(_reach("Discord API", "GET", f"{base}/gateway"))
    if settings.slack_bot_token:
        base = settings.slack_api_base_url or SLACK_API
        probes.append(_reach("Slack API", "POST", f"{base}api.test"))
    return list(await asyncio.gather(*probes))


def database_checks(settings: Settings) -> tuple[list[Check], list[Feed]]:
    """Connect (without migrating), compare the schema with the newest, list the feeds."""
    try:
        engine, url = connect(settings.database_url)
    except ConfigError as exc:
        fix = "check DATABASE_URL; is the server running and reachable from here?"
        return [Check("FAIL", "database", exc.problem, fix)], []
    checks = [Check("ok", "database", f"{safe_url(url)} answers")]
    feeds: list[Feed] = []
    try:
        current, head = current_revision(engine), head_revision()
        if current == head:
            checks.append(Check("ok", "migrations", f"schema {current} is the newest"))
        elif current is not None and not known_revision(current):
            fix = "upgrade transferbot to the version that migrated this database"
            checks.append(Check("FAIL", "migrations", newer_schema(safe_url(url), current), fix))
            return checks, feeds
        else:
            where = "no schema yet" if current is None else f"schema {current}, newest {head}"
            fix = "run transferbot migrate (transferbot run also migrates at start)"
            checks.append(Check("FAIL", "migrations", where, fix))
            return checks, feeds
        from storage import SqlStore  # noqa: PLC0415 - only once the schema is known good

        store = SqlStore(engine)
        try:
            feeds = store.list_feeds(None)
        finally:
            store.close()
    finally:
        engine.dispose()
    return checks, feeds


def feed_checks(feeds: Sequence[Feed]) -> list[Check]:
    if not feeds:
        return [
            Check(
                "warn",
                "feeds",
                "no feeds: nothing will be read",
                "transferbot feeds defaults --add, or transferbot feeds add URL",
            )
        ]
    checks = [Check("ok", "feeds", f"{len(feeds)} feed(s)")]
    for feed in feeds:
        if feed.state is FeedState.DISABLED:
            checks.append(
                Check(
                    "warn",
                    f"feed #{feed.id}",
                    f"disabled: {feed.last_error or 'no reason recorded'} ({feed.url})",
                    f"transferbot feeds add {feed.url} re-enables it, feeds remove drops it",
                )
            )
    return checks


def doctor(out: TextIO = sys.stdout) -> int:
    """Print every check; 0 when none failed, 1 otherwise."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        check = Check(
            "FAIL",
            "config",
            str(exc),
            f"set {exc.variable} to a valid value (README: Configure), or unset it",
        )
        print(check.line(), file=out)
        return 1
    checks = [Check("ok", "config", "every setting is valid")]
    checks += token_checks(settings)
    db, feeds = database_checks(settings)
    checks += db
    if all(c.status != "FAIL" for c in db):
        checks += feed_checks(feeds)
    checks += asyncio.run(reach_checks(settings))
    for check in checks:
        print(check.line(), file=out)
    failed = sum(c.status == "FAIL" for c in checks)
    warned = sum(c.status == "warn" for c in checks)
    print(f"{failed} problem(s), {warned} warning(s)", file=out)
    return 1 if failed else 0


# --------------------------------------------------------------------------- players


def add_alias(store: PlayerStore, name: str, alias: str) -> tuple[Player, bool]:
    """Give ``name`` (created if new) the alias; (player, added). ``UserError`` when the alias
    already belongs to another player or is empty."""
    name, alias = " ".join(name.split()), " ".join(alias.split())
    if not name or not normalise(alias):
        raise UserError("give a player's name and an alias, e.g. 'Trent Alexander-Arnold' TAA")
    owner = store.find_player(alias)
    if owner is not None and owner.name != name:
        raise UserError(f"{alias!r} is already an alias of {owner.name}")
    known = store.find_player(name)
    if known is not None and known.name != name:  # "TAA" given as the name: use the real one
        name = known.name
    player = store.add_player(name, [alias])
    return player, owner is None


# --------------------------------------------------------------------------- sources


def _rows(name: str) -> list[dict[str, Any]]:
    text = (resources.files("bot") / "data" / name).read_text(encoding="utf-8")
    key = "source" if name == "sources.toml" else "club"
    return list(tomllib.loads(text).get(key, []))


def _find(rows: Iterable[dict[str, Any]], wanted: str) -> dict[str, Any] | None:
    key = normalise(wanted)
    for row in rows:
        names = [row["name"], *row.get("aliases", ()), *row.get("nicknames", ())]
        if any(normalise(str(n)) == key for n in names):
            return row
    return None


def read_overrides(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("SOURCES_FILE", f"cannot read {path}: {exc}") from None


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_overrides(path: Path, overrides: dict[str, Any]) -> None:
    lines = [
        "# Operator overrides of source tiers (transferbot sources tier NAME N [--club CLUB]).",
        "# Read at start by transferbot run and backfill, over bot/data/sources.toml.",
    ]
    for name, entry in sorted(overrides.get("source", {}).items()):
        lines += ["", f"[source.{_toml_string(name)}]"]
        if "tier" in entry:
            lines.append(f"tier = {int(entry['tier'])}")
        clubs = entry.get("club_tiers", {})
        if clubs:
            pairs = ", ".join(f"{_toml_string(c)} = {int(t)}" for c, t in sorted(clubs.items()))
            lines.append(f"club_tiers = {{ {pairs} }}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)


def set_tier(path: Path, name: str, tier: int, club: str | None) -> str:
    """Record a tier for a known source (for one club with ``club``); the line to print."""
    if not 0 <= tier <= 3:
        raise UserError(f"tier must be 0, 1, 2 or 3, not {tier}")
    source = _find(_rows("sources.toml"), name)
    if source is None:
        raise UserError(f"no source called {name!r} in the gazetteer (bot/data/sources.toml)")
    overrides = read_overrides(path)
    entry = overrides.setdefault("source", {}).setdefault(source["name"], {})
    if club is None:
        entry["tier"] = tier
        write_overrides(path, overrides)
        return f"{source['name']}: tier {tier} (was {source.get('tier')}), saved in {path}"
    found = _find(_rows("clubs.toml"), club)
    if found is None:
        raise UserError(f"no club called {club!r} in the gazetteer (bot/data/clubs.toml)")
    entry.setdefault("club_tiers", {})[found["name"]] = tier
    write_overrides(path, overrides)
    return f"{source['name']}: tier {tier} for {found['name']} stories, saved in {path}"


def gazetteer(path: Path) -> Gazetteer | None:
    """The gazetteer with the operator's overrides, or None (the default) when there are none."""
    overrides = read_overrides(path).get("source", {})
    if not overrides:
        return None
    sources = []
    for original in _rows("sources.toml"):
        entry = overrides.get(original["name"], {})
        row = dict(original)
        if "tier" in entry:
            row["tier"] = int(entry["tier"])
        if entry.get("club_tiers"):
            row["club_tiers"] = {**row.get("club_tiers", {}), **entry["club_tiers"]}
        sources.append(row)
    clubs = _rows("clubs.toml")
    return Gazetteer.from_data({"club": clubs}, {"source": sources})


# --------------------------------------------------------------------------- backfill


@dataclass(slots=True)
class BackfillStats:
    items: int = 0
    new: int = 0
    known: int = 0
    failed: int = 0


def progress(done: int, total: int, width: int = 30) -> str:
    filled = width * done // total if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


async def backfill(
    feed: Feed,
    fetcher: FeedFetcher,
    ingest: ArticleIngest,
    now: Callable[[], Any],
    *,
    err: TextIO = sys.stderr,
) -> BackfillStats:
    """Fetch ``feed`` once and ingest every item as history (``silent``: no event, no alert)."""
    try:
        result = await fetcher.fetch(feed)
    except FeedError as exc:
        raise UserError(f"{feed.url}: {exc.reason}") from None
    items = result.items or ()
    stats = BackfillStats()
    at = now()
    articles = sorted((to_article(item, feed, at) for item in items), key=lambda a: a.published)
    live = err.isatty()
    for number, article in enumerate(articles, start=1):
        stats.items += 1
        try:
            outcome = await asyncio.to_thread(ingest, article, silent=True)
        except Exception as exc:  # one bad item never stops the others
            stats.failed += 1
            print(f"\nitem {article.key}: {type(exc).__name__}: {exc}", file=err)
            continue
        if outcome.status is IngestStatus.NEW:
            stats.new += 1
        else:
            stats.known += 1
        if live or number == len(articles):
            print(f"\rbackfill {progress(number, len(articles))}", end="", file=err, flush=True)
    if articles:
        print(file=err)
    return stats


def find_feed(store: FeedStore, wanted: str) -> Feed | None:
    wanted = wanted.strip()
    for feed in store.list_feeds(None):
        if wanted in (feed.url, str(feed.id)):
            return feed
    return None

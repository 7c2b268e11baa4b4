"""``transferbot``: the composition root, the only place that knows every part.

It builds the settings, logging, the engine (migrated on start), the store, the service, the feed
fetcher and poller, the scheduler and the chat adapters, and wires them together.

Commands: ``run``, ``migrate``, ``demo``, ``replay``, ``feeds add|remove|list|import|export|
defaults``, and the admin commands of :mod:`adapters.admin` (``doctor``, ``players alias add``,
``sources tier``, ``backfill``); ``--version``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import TextIO

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

import storage
from adapters import admin
from adapters.chat.base import AdapterContext, ChatAdapter
from adapters.commandline import build_parser, version
from adapters.console import CONSOLE_CHANNEL, ConsoleAdapter
from adapters.database import open_database, safe_url
from adapters.default_feeds import add_default_feeds, load_default_feeds
from adapters.default_feeds import describe as describe_defaults
from adapters.feeds import opml
from adapters.feeds.fetcher import HttpFeedFetcher
from adapters.feeds.ssrf import AddressPolicy
from adapters.health import HealthServer, Runtime
from adapters.logs import configure_logging
from adapters.metrics import MeteredFetcher, MeteredIngest, MeteredSender, Metrics
from adapters.registry import build_adapters
from adapters.replay import ItemError, ReplayClock, parse_item, replay
from adapters.scheduler import DELIVER_EVERY_S, POLL_EVERY_S, Jobs, make_scheduler
from adapters.settings import Settings, load_settings
from bot.delivery import Delivery
from bot.errors import ConfigError, TransferbotError, UsageError, UserError
from bot.feeds.polling import Poller, PollSettings
from bot.ingest import Ingest
from bot.model import Channel, Feed, FeedState
from bot.ports import ChatSender
from bot.service import Service

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2
SAMPLE_FEED = "sample_feed.xml"
SEED_STREAM = "seeds.jsonl"
DEMO_PLAYERS = ("Trent Alexander-Arnold", "Diogo Dalot")


# --------------------------------------------------------------------------- helpers


def seeds_dir() -> Path:
    """The seeds folder: beside the packages in a checkout, else under the working directory."""
    for candidate in (Path(__file__).resolve().parent.parent / "seeds", Path.cwd() / "seeds"):
        if (candidate / SAMPLE_FEED).is_file():
            return candidate
    return Path.cwd() / "seeds"


def make_engine(url: str, variable: str = "DATABASE_URL") -> Engine:
    """The engine, migrated to the newest schema (idempotent, on every start); a database that
    cannot be used is a one-line ``ConfigError`` naming ``variable``."""
    engine, _ = open_database(url, variable)
    return engine


def make_fetcher(settings: Settings) -> HttpFeedFetcher:
    """The fetcher of every command. ``FEED_ALLOW_HOSTS`` (and the seeds' directory) is the
    operator's: it applies to feeds the operator added (``transferbot feeds add/import``, the
    sample feed), never to a feed a chat user added, which is fetched public-only."""
    operator = AddressPolicy.from_setting(
        ",".join(settings.feed_allow_hosts), file_roots=(seeds_dir(),)
    )
    return HttpFeedFetcher(
        operator, chat_policy=AddressPolicy.public(), max_bytes=settings.feed_max_bytes
    )


def make_poller(
    store: storage.SqlStore,
    ingest: Ingest,
    fetcher: HttpFeedFetcher,
    settings: Settings,
    senders: Mapping[str, ChatSender],
    *,
    metrics: Metrics | None = None,
) -> Poller:
    """The poller of ``run``; with ``metrics``, its fetcher and ingest are counted."""

    async def notify(channel: Channel, text: str) -> None:
        sender = senders.get(channel.platform)
        if sender is not None:
            await sender.send_notice(channel, text)

    poll_settings = PollSettings(
        jitter=settings.poll_jitter, max_age=timedelta(days=settings.feed_max_age_days)
    )
    if metrics is None:
        return Poller(store, fetcher, ingest.ingest, notify=notify, settings=poll_settings)
    return Poller(
        store,
        MeteredFetcher(fetcher, metrics),
        MeteredIngest(ingest, metrics),
        notify=notify,
        settings=poll_settings,
    )


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Until the event loop installs its own handlers, SIGTERM stops like Ctrl-C does."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


async def serve(
    adapters: Sequence[ChatAdapter],
    jobs: Jobs,
    *,
    also: Sequence[Awaitable[None]] = (),
    poll_every_s: float | None = None,
    deliver_every_s: float | None = None,
    runtime: Runtime | None = None,
) -> int:
    """Run the scheduler and the adapters until SIGINT/SIGTERM, or until every adapter and every
    task in ``also`` has finished (the console at EOF); then shut everything down cleanly. The
    number of adapters and tasks that stopped on an error (a refused token …)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    scheduler = make_scheduler(
        jobs,
        poll_every_s=poll_every_s or POLL_EVERY_S,
        deliver_every_s=deliver_every_s or DELIVER_EVERY_S,
    )
    scheduler.start()
    tasks: dict[str, asyncio.Future[object]] = {
        a.name: asyncio.ensure_future(a.run()) for a in adapters
    }
    if runtime is not None:
        runtime.adapters, runtime.scheduler, runtime.tasks = adapters, scheduler, dict(tasks)
    work: set[asyncio.Future[object]] = set(tasks.values())
    work |= {asyncio.ensure_future(task) for task in also}
    stopper: asyncio.Future[object] = asyncio.ensure_future(stop.wait())
    try:
        names = {task: f"chat adapter {name}" for name, task in tasks.items()}
        failed = 0
        pending = set(work)
        while pending:
            done, _ = await asyncio.wait(pending | {stopper}, return_when=asyncio.FIRST_COMPLETED)
            if stopper in done:
                logger.info("stopping on signal")
                break
            for task in done:
                pending.discard(task)
                if not task.cancelled() and (exc := task.exception()) is not None:
                    failed += 1
                    name = names.get(task, "a task")
                    logger.error("%s stopped: %s: %s", name, type(exc).__name__, exc)
                    logger.debug("%s stopped", name, exc_info=exc)
        else:
            await jobs.deliver_due()  # input ended: send what is already due before leaving
    finally:
        await jobs.drain()  # let runs in flight finish before the scheduler cancels them
        scheduler.shutdown(wait=False)
        for task in (*work, stopper):
            task.cancel()
        await asyncio.gather(*work, stopper, return_exceptions=True)
        for adapter in adapters:
            try:
                await adapter.close()
            except Exception:
                logger.exception("closing the %s adapter failed", adapter.name)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    return failed


# --------------------------------------------------------------------------- commands


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    engine, migration = open_database(
        args.db or settings.database_url, "--db" if args.db else "DATABASE_URL"
    )
    engine.dispose()
    print(migration.describe(safe_url(engine.url)))
    return EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:

    engine = make_engine(settings.database_url)
    store = storage.SqlStore(engine)
    fetcher = make_fetcher(settings)
    service = Service(store, fetcher=fetcher, feed_interval_s=settings.poll_interval_s)
    metrics = Metrics()
    metrics.watch_store(engine)
    try:
        context = AdapterContext(settings=settings, service=service, status=store.delivery_status)
        adapters = build_adapters(context)
        senders: dict[str, ChatSender] = {
            adapter.name: MeteredSender(adapter.sender, metrics) for adapter in adapters
        }
        ingest = Ingest(
            store,
            extraction_budget_s=settings.extraction_budget_s,
            gazetteer=admin.gazetteer(Path(settings.sources_file)),
        )
        poller = make_poller(store, ingest, fetcher, settings, senders, metrics=metrics)
        shards = {"discord": settings.discord_shards} if settings.discord_shards else None
        jobs = Jobs(deliverer=Delivery(store, shards=shards), senders=senders, poller=poller)
        poller.on_news = jobs.news_found  # a feed's alerts go out while the poll goes on
        runtime = Runtime()
        health = None
        if settings.health_port is not None:
            health = HealthServer(
                engine=engine,
                metrics=metrics,
                runtime=runtime,
                host=settings.health_host,
                port=settings.health_port,
            )

        async def main() -> int:
            try:
                if health is not None:
                    await health.start()
                if settings.default_feeds and not store.list_feeds(None):
                    _add_defaults_on_first_start(store)
                if settings.sample_feed and not args.no_sample_feed:
                    await _add_sample_feed(service)
                _say_what_it_reads(store)
                store.reclaim_dead_leases(datetime.now(UTC))  # a killed run's, at once
                try:
                    return await serve(
                        adapters,
                        jobs,
                        runtime=runtime,
                        poll_every_s=settings.scheduler_poll_every_s,
                        deliver_every_s=settings.scheduler_deliver_every_s,
                    )
                finally:  # the runs in flight ended (or were cancelled): free what they held
                    freed = store.release_leases()
                    if any(freed.values()):
                        logger.info("released leases at shutdown: %s", freed)
            finally:
                if health is not None:
                    await health.stop()
                await fetcher.aclose()

        failed = asyncio.run(main())
    finally:
        store.close()
        engine.dispose()
    return EXIT_FAILED if failed else EXIT_OK


def _add_defaults_on_first_start(store: storage.SqlStore) -> None:
    defaults = load_default_feeds()
    add_default_feeds(store, defaults)
    languages = sorted({d.lang for d in defaults})
    logger.info(
        "first start: added the %d bundled public feeds (%s); TRANSFERBOT_DEFAULT_FEEDS=off "
        "skips them, transferbot feeds remove URL drops one",
        len(defaults),
        ", ".join(languages),
    )


def _say_what_it_reads(store: storage.SqlStore) -> None:
    feeds = sorted(store.list_feeds(None), key=lambda f: f.id)
    if not feeds:
        logger.warning(
            "no feeds to read: add some with transferbot feeds add URL, or transferbot feeds "
            "defaults --add for the bundled public ones"
        )
        return
    logger.info("reading %d feed(s): %s", len(feeds), "; ".join(f.title or f.url for f in feeds))


async def _add_sample_feed(service: Service) -> None:
    path = seeds_dir() / SAMPLE_FEED
    if not path.is_file():
        logger.warning("sample feed %s not found; not added", path)
        return
    try:
        feed = await service.add_feed(None, path.as_uri())
    except UserError as exc:
        logger.warning("sample feed not added: %s", exc)
    else:
        logger.info("sample feed #%d: %s", feed.id, feed.url)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:

    stream = Path(args.stream) if args.stream else seeds_dir() / SEED_STREAM
    lines = [line for line in read_file(stream, "--stream").splitlines() if line.strip()]
    engine = make_engine(args.db, "--db")
    store = storage.SqlStore(engine)
    clock = ReplayClock()  # each story is read as of its own date, then time runs on
    service = Service(store, clock=clock)
    console = ConsoleAdapter(AdapterContext(settings=settings, service=service))
    ingest = Ingest(store, clock=clock)
    jobs = Jobs(deliverer=Delivery(store, clock=clock), senders={"console": console.sender})
    out = console.chat

    async def feed_seeds() -> None:
        for name in DEMO_PLAYERS:
            result = service.follow(CONSOLE_CHANNEL, name)
            out.say(f"demo: following {result.player.name}")
        out.say(
            f"demo: {len(lines)} seed stories arrive one every {args.delay:g} s; "
            "alerts print as they land. Type /latest Trent Alexander-Arnold any time."
        )
        for number, line in enumerate(lines, start=1):
            await asyncio.sleep(args.delay)
            try:
                article = parse_item(line)
            except ItemError as exc:
                logger.warning("%s line %d: %s", stream, number, exc)
                continue
            # Arrives now, but keeps its own date: "January" in a 2025 story means January 2025.
            out.say(f"demo: news in: {article.outlet}: {article.title}")
            clock.now = article.published
            report = ingest.read(article)
            clock.now = datetime.now(UTC)
            if not report.result.deliveries:
                out.say("demo: (nothing new in it: no alert)")
            await jobs.deliver_due()
        out.say("demo: stream done. Try /latest Trent Alexander-Arnold; Ctrl-D quits.")

    try:
        asyncio.run(serve([console], jobs, also=[feed_seeds()]))
    finally:
        store.close()
        engine.dispose()
    return EXIT_OK


def cmd_replay(args: argparse.Namespace, settings: Settings) -> int:

    engine = make_engine(args.db, "--db")
    store = storage.SqlStore(engine)
    clock = ReplayClock()
    try:
        service = Service(store, clock=clock)
        with _open_input(args.items) as stream:
            return replay(
                service,
                Ingest(store, clock=clock),
                clock,
                stream,
                follows=args.follow,
                out=sys.stdout,
                err=sys.stderr,
                fmt=args.format,
            )
    finally:
        store.close()
        engine.dispose()


@contextlib.contextmanager
def _open_input(name: str) -> Iterator[TextIO]:
    if name == "-":
        yield sys.stdin
        return
    try:
        stream = open(name, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ConfigError("ITEMS", f"cannot read {name}: {exc.strerror or exc}") from None
    with stream:
        yield stream


def cmd_feeds(args: argparse.Namespace, settings: Settings) -> int:
    if args.feeds_command == "defaults" and not args.add:  # a listing: no database needed
        defaults = load_default_feeds()
        print("\n".join(describe_defaults(defaults)))
        print(f"{len(defaults)} feeds; transferbot feeds defaults --add adds them")
        return EXIT_OK
    engine = make_engine(settings.database_url)
    store = storage.SqlStore(engine)
    fetcher = make_fetcher(settings)
    service = Service(store, fetcher=fetcher, feed_interval_s=settings.poll_interval_s)

    async def add_all(urls: Sequence[str]) -> int:
        failed = 0
        try:
            for url in urls:
                ok = await add_operator_feed(service, store, url)
                failed += not ok
        finally:
            await fetcher.aclose()
        return EXIT_FAILED if failed else EXIT_OK

    try:
        match args.feeds_command:
            case "add":
                return asyncio.run(add_all([args.url]))
            case "import":
                data = read_bytes(Path(args.file), "FILE")
                return asyncio.run(add_all(read_feed_list(data)))
            case "remove":
                feed = service.remove_feed(None, args.url_or_id)
                print(f"removed feed #{feed.id}: {feed.url}")
            case "defaults":
                for done in add_default_feeds(store, load_default_feeds()):
                    name, url = done.default.outlet, done.feed.url
                    state = "added feed" if done.new else "already there: feed"
                    print(f"{state} #{done.feed.id} ({name}): {url}")
            case "list":
                lines = service.list_feeds(None)
                print("\n".join(lines) if lines else "no feeds")
            case "export":
                sys.stdout.buffer.write(opml.export_opml(store.list_feeds(None)))
        return EXIT_OK
    finally:
        store.close()
        engine.dispose()


async def add_operator_feed(service: Service, store: storage.SqlStore, url: str) -> bool:
    """Add one feed as the operator; one line on stdout (added, already there) or stderr (why
    not, naming the URL once). True when the feed is there afterwards."""
    url = url.strip()
    before = store.find_feed(url)
    try:
        feed = await service.add_feed(None, url)
    except UserError as exc:
        text = str(exc)
        print(f"error: {text}" if url in text else f"error: {url}: {text}", file=sys.stderr)
        return False
    except ValueError as exc:  # urlsplit refuses some malformed addresses outright
        print(f"error: {url}: not a valid URL ({exc})", file=sys.stderr)
        return False
    if before is None:
        print(f"added feed #{feed.id}: {feed.url}")
    elif before.state is FeedState.DISABLED:
        print(f"re-enabled feed #{feed.id}: {feed.url}")
    else:
        print(f"feed #{feed.id} already there: {feed.url}")
    return True


def read_bytes(path: Path, what: str) -> bytes:
    """A file the operator named; a one-line ``UserError`` when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{what}: no such file: {path}") from None
    except IsADirectoryError:
        raise UserError(f"{what}: {path} is a directory, not a file") from None
    except OSError as exc:
        raise UserError(f"{what}: cannot read {path}: {exc.strerror or exc}") from None


def read_file(path: Path, what: str) -> str:
    """:func:`read_bytes` as UTF-8 text."""
    try:
        return read_bytes(path, what).decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{what}: {path} is not UTF-8 text") from None


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    return admin.doctor()


def cmd_players(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    store = storage.SqlStore(engine)
    try:
        player, added = admin.add_alias(store, args.name, args.alias)
    finally:
        store.close()
        engine.dispose()
    state = "added to" if added else "already an alias of"
    print(f"alias {args.alias!r} {state} {player.name} (aliases: {', '.join(player.aliases)})")
    return EXIT_OK


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    print(admin.set_tier(Path(settings.sources_file), args.name, args.tier, args.club))
    return EXIT_OK


def cmd_backfill(args: argparse.Namespace, settings: Settings) -> int:
    target = args.feed.strip()
    local = Path(target)
    if "://" not in target and not target.isdigit():
        read_bytes(local, "FEED")  # a missing file is a one-line error, before any database
    engine = make_engine(settings.database_url)
    store = storage.SqlStore(engine)
    try:
        feed = admin.find_feed(store, target)
        if feed is None:
            url = local.resolve().as_uri() if "://" not in target else target
            feed = Feed(id=0, url=url, operator=True)
        roots = (seeds_dir(), local.resolve().parent) if "://" not in target else (seeds_dir(),)
        policy = AddressPolicy.from_setting(",".join(settings.feed_allow_hosts), file_roots=roots)
        fetcher = HttpFeedFetcher(
            policy, chat_policy=AddressPolicy.public(), max_bytes=settings.feed_max_bytes
        )
        ingest = Ingest(
            store,
            extraction_budget_s=settings.extraction_budget_s,
            gazetteer=admin.gazetteer(Path(settings.sources_file)),
        )

        async def go() -> admin.BackfillStats:
            try:
                return await admin.backfill(feed, fetcher, ingest.ingest, lambda: datetime.now(UTC))
            finally:
                await fetcher.aclose()

        stats = asyncio.run(go())
    finally:
        store.close()
        engine.dispose()
    print(
        f"backfilled {stats.items} item(s) of {feed.url}: {stats.new} new, {stats.known} already "
        f"known, {stats.failed} failed; recorded as history, nothing alerted"
    )
    return EXIT_FAILED if stats.failed else EXIT_OK


def read_feed_list(data: bytes) -> list[str]:
    """Feed URLs of an OPML document (:mod:`adapters.feeds.opml`) or of a one-URL-a-line list."""
    if data.lstrip().startswith(b"<"):
        return [feed.url for feed in opml.parse_opml(data)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("neither an OPML file nor a UTF-8 list of URLs") from None
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


# --------------------------------------------------------------------------- argparse


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run its command (what the ``transferbot`` script does, through
    :func:`adapters.commandline.main`, which answers ``--help`` before this module loads)."""
    return run_command(build_parser().parse_args(argv))


def run_command(args: argparse.Namespace) -> int:
    """Run a parsed command: settings, logging, and one line for every error an operator can
    meet (exit 2 for configuration, 1 for the rest)."""
    handler: Callable[[argparse.Namespace, Settings], int] = globals()[args.handler]
    if args.command == "doctor":  # it reports a bad setting itself, among its checks
        configure_logging("WARNING")
        return admin.doctor()
    try:
        settings = load_settings()
        quiet = args.command == "replay" and not os.environ.get("LOG_LEVEL")
        configure_logging(
            "WARNING" if quiet else settings.log_level,
            settings.log_format,
            secrets=settings.secrets,
        )
        with _sigterm_as_interrupt():
            return handler(args, settings)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return EXIT_OK
    except TransferbotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except SQLAlchemyError as exc:  # the database went away after it was opened
        logger.debug("database error", exc_info=exc)
        print(f"database error: {_first_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # a bug: one line for the operator, the traceback at DEBUG
        logger.debug("unexpected error", exc_info=exc)
        print(
            f"error: unexpected {type(exc).__name__}: {_first_line(exc)} "
            "(LOG_LEVEL=DEBUG shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _first_line(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0][:300] if lines else type(cause).__name__


__all__ = ["build_parser", "main", "run_command", "version"]

if __name__ == "__main__":
    sys.exit(main())

"""The ``transferbot`` command line, parsed before anything heavy is imported.

``transferbot --help``, ``--version`` and a malformed command are answered from here, with the
standard library only (issue 16: importing the whole bot first made ``--help`` take 0.75 s and
more); a well-formed command then loads :mod:`adapters.cli`, the composition root, and runs there.
Each sub-command names its handler in ``adapters.cli`` by name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from adapters import cli  # noqa: PLC0415 - the heavy part, only for a command to run

    return cli.run_command(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transferbot",
        description="Football transfer news bot that alerts only on genuinely new claims.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the bot (Discord/Slack with tokens, else the console)")
    run.add_argument(
        "--no-sample-feed", action="store_true", help="do not add the seeds' sample feed"
    )
    run.set_defaults(handler="cmd_run")

    migrate = sub.add_parser("migrate", help="create or upgrade the database schema")
    migrate.add_argument("--db", help="database URL (default: DATABASE_URL)")
    migrate.set_defaults(handler="cmd_migrate")

    demo = sub.add_parser("demo", help="console bot fed the seed stories: no network, no token")
    demo.add_argument("--delay", type=_seconds, default=4.0, help="seconds between stories")
    demo.add_argument("--db", default="sqlite://", help="database URL (default: in memory)")
    demo.add_argument("--stream", help="JSONL news items to feed (default: seeds/seeds.jsonl)")
    demo.set_defaults(handler="cmd_demo")

    replay = sub.add_parser("replay", help="run the pipeline over a JSONL stream of news items")
    replay.add_argument("items", metavar="ITEMS.jsonl", help="news items, one JSON per line")
    replay.add_argument(
        "--follow", action="append", required=True, metavar="NAME", help="a player to follow"
    )
    replay.add_argument("--db", default="sqlite://", help="database URL (default: in memory)")
    replay.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    replay.set_defaults(handler="cmd_replay")

    feeds = sub.add_parser("feeds", help="operator feed management")
    feeds_sub = feeds.add_subparsers(dest="feeds_command", required=True, metavar="ACTION")
    feeds_sub.add_parser("add", help="add a feed URL").add_argument("url")
    feeds_sub.add_parser("remove", help="remove a feed by URL or id").add_argument("url_or_id")
    feeds_sub.add_parser("list", help="the feeds and their health")
    feeds_sub.add_parser("import", help="add the feeds of an OPML or URL-list file").add_argument(
        "file"
    )
    feeds_sub.add_parser("export", help="write the feeds as OPML to stdout")
    defaults = feeds_sub.add_parser(
        "defaults", help="the bundled public football feeds (six languages); --add adds them"
    )
    defaults.add_argument("--add", action="store_true", help="add them as the operator's feeds")
    feeds.set_defaults(handler="cmd_feeds")

    doctor = sub.add_parser(
        "doctor", help="check config, database, migrations, tokens, API reachability, feeds"
    )
    doctor.set_defaults(handler="cmd_doctor")

    players = sub.add_parser("players", help="the player registry")
    players_sub = players.add_subparsers(dest="players_command", required=True, metavar="ACTION")
    alias = players_sub.add_parser("alias", help="player aliases")
    alias_sub = alias.add_subparsers(dest="alias_command", required=True, metavar="ACTION")
    alias_add = alias_sub.add_parser("add", help="give a player another name the news uses")
    alias_add.add_argument("name", help='the player, e.g. "Trent Alexander-Arnold"')
    alias_add.add_argument("alias", help="the other name, e.g. TAA")
    players.set_defaults(handler="cmd_players")

    sources = sub.add_parser("sources", help="source credibility tiers")
    sources_sub = sources.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    tier = sources_sub.add_parser("tier", help="set a source's tier (0-3), or its tier for a club")
    tier.add_argument("name", help='a source of the gazetteer, e.g. "Fabrizio Romano"')
    tier.add_argument("tier", type=int, help="0 on the record, 1 top, 2 established, 3 rumour")
    tier.add_argument("--club", help="only for stories about this club")
    sources.set_defaults(handler="cmd_sources")

    backfill = sub.add_parser(
        "backfill", help="read a feed's items as history (no alerts), with a progress bar"
    )
    backfill.add_argument("feed", help="a feed's id or URL, or a local RSS/Atom file")
    backfill.set_defaults(handler="cmd_backfill")
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def version() -> str:
    from importlib import metadata  # noqa: PLC0415 - only when --help or --version asks

    try:
        return metadata.version("transferbot")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


if __name__ == "__main__":
    sys.exit(main())

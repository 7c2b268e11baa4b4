"""The bundled public feeds: a checked list (outlet, language, URL, tier agreeing with the
gazetteer), ``feeds defaults`` and ``--add``, and what the first start says it reads. Nothing
here fetches them: adding stores them without a probe."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest

import storage
from adapters import cli
from adapters.default_feeds import (
    DEFAULT_FEEDS_FILE,
    LANGUAGES,
    add_default_feeds,
    load_default_feeds,
)
from bot.errors import ConfigError
from tests.ops.conftest import ROOT, clean_env, transferbot


def test_the_list_covers_six_languages_with_known_tiers() -> None:
    feeds = load_default_feeds()
    assert {f.lang for f in feeds} == set(LANGUAGES)
    assert len({f.url for f in feeds}) == len(feeds)
    sources = tomllib.loads((ROOT / "bot" / "data" / "sources.toml").read_text("utf-8"))
    tiers = {s["name"]: s["tier"] for s in sources["source"]}
    for feed in feeds:
        assert feed.url.startswith("https://"), feed
        assert feed.source in tiers, feed.source
        assert feed.tier == tiers[feed.source], feed
        assert feed.interval_s >= 60


def test_header_names_only_commands_that_exist() -> None:
    header = DEFAULT_FEEDS_FILE.read_text("utf-8").split("[[feed]]")[0]
    assert "transferbot feeds defaults --add" in header
    assert "TRANSFERBOT_DEFAULT_FEEDS" in header
    args = cli.build_parser().parse_args(["feeds", "defaults", "--add"])
    assert (args.command, args.feeds_command, args.add) == ("feeds", "defaults", True)


@pytest.mark.parametrize(
    "text",
    [
        '[[feed]]\noutlet = "X"\nsource = "X"\ntier = 1\nlang = "en"\n',  # no url
        '[[feed]]\noutlet = "X"\nsource = "X"\ntier = 1\nlang = "xx"\nurl = "https://x.org/"\n',
        '[[feed]]\noutlet = "X"\nsource = "X"\ntier = 1\nlang = "en"\nurl = "http://x.org/"\n',
        "[[feed]\n",
    ],
    ids=["no-url", "bad-lang", "not-https", "not-toml"],
)
def test_a_broken_list_is_a_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="default feeds"):
        load_default_feeds(path)


def test_feeds_defaults_lists_without_touching_the_database(tmp_path: Path) -> None:
    ran = transferbot(["feeds", "defaults"], clean_env(tmp_path))
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    assert len(lines) == len(load_default_feeds()) + 1
    assert lines[0].startswith("tier 1  en  BBC Sport")
    assert not (tmp_path / "bot.db").exists()


def test_feeds_defaults_add_is_idempotent(tmp_path: Path) -> None:
    env = clean_env(tmp_path, LOG_LEVEL="WARNING")
    count = len(load_default_feeds())
    first = transferbot(["feeds", "defaults", "--add"], env)
    assert first.code == 0, first.err
    assert sum(line.startswith("added feed #") for line in first.out.splitlines()) == count
    again = transferbot(["feeds", "defaults", "--add"], env)
    assert sum("already there" in line for line in again.out.splitlines()) == count
    listed = transferbot(["feeds", "list"], env)
    assert "feeds.bbci.co.uk" in listed.out
    assert "www.record.pt" in listed.out


def test_first_start_adds_them_and_says_what_it_reads(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = cli.make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    store = storage.SqlStore(engine)
    try:
        with caplog.at_level(logging.INFO, logger="adapters.cli"):
            cli._add_defaults_on_first_start(store)
            cli._say_what_it_reads(store)
        text = caplog.text
        assert "first start: added the 12 bundled public feeds (de, en, es, fr, it, pt)" in text
        assert "reading 12 feed(s): BBC Sport – Football;" in text
        assert {f.url for f in store.list_feeds(None)} == {f.url for f in load_default_feeds()}
        again = add_default_feeds(store, load_default_feeds())
        assert not any(done.new for done in again)
    finally:
        store.close()
        engine.dispose()


def test_run_with_defaults_off_reads_only_the_sample_feed(tmp_path: Path) -> None:
    ran = transferbot(["run"], clean_env(tmp_path), stdin="")
    assert ran.code == 0, ran.err
    assert "reading 1 feed(s): " in ran.err
    assert "first start" not in ran.err
    assert "bbci" not in ran.err

"""The use cases end to end over the real SQLite store: follow, latest, ingest, fan-out …"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.delivery import Delivery
from bot.errors import UnknownPlayerError, UsageError, UserError
from bot.ingest import Ingest
from bot.model import Article, Channel, ClaimKind, EventKind, Feed
from bot.records import FeedItem, FetchResult
from bot.service import Service
from storage import migrate
from storage.engine import make_engine
from storage.store import SqlStore
from tests.fakes.chat import RecordingSender

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds" / "seeds.jsonl"
A = Channel(platform="console", workspace="local", channel="a")
B = Channel(platform="console", workspace="local", channel="b")
SLACK = Channel(platform="slack", workspace="T1", channel="a")
T0 = datetime(2025, 1, 2, 9, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate(engine)
    s = SqlStore(engine)
    yield s
    s.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(store: SqlStore, clock: Clock) -> Service:
    return Service(store, clock=clock)


@pytest.fixture
def ingest(store: SqlStore, clock: Clock) -> Ingest:
    return Ingest(store, clock=clock)


@pytest.fixture
def delivery(store: SqlStore, clock: Clock) -> Delivery:
    return Delivery(store, clock=clock)


def seed_articles() -> list[Article]:
    items = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line]
    return [
        Article(
            key=i["id"],
            title=i["title"],
            summary=i["summary"],
            published=datetime.fromisoformat(i["published"].replace("Z", "+00:00")),
            outlet=i["outlet"],
            journalist=i.get("journalist"),
            lang=i.get("lang"),
        )
        for i in items
    ]


# ------------------------------------------------------------------ follow / unfollow


def test_follow_creates_player_with_aliases_and_is_idempotent(service: Service) -> None:
    first = service.follow(A, "Trent Alexander-Arnold")
    assert first.created_player and not first.already_following
    assert "Alexander-Arnold" in first.player.aliases
    again = service.follow(A, "trent alexander arnold")
    assert again.player.id == first.player.id
    assert again.already_following and not again.created_player


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param("Alexander-Arnold", id="surname-alias"),
        pytest.param("Trent Alexandr-Arnold", id="typo-fuzzy"),
        pytest.param("TRENT ALEXANDER ARNOLD", id="case-and-hyphen"),
    ],
)
def test_follow_resolves_spellings_to_the_same_player(service: Service, spelling: str) -> None:
    original = service.follow(A, "Trent Alexander-Arnold").player
    assert service.follow(B, spelling).player.id == original.id


def test_accent_folded_spelling_is_the_same_player(service: Service) -> None:
    original = service.follow(A, "Joško Gvardiol").player
    assert service.follow(B, "Josko Gvardiol").player.id == original.id


def test_subscriptions_are_scoped_per_channel(service: Service) -> None:
    service.follow(A, "Diogo Dalot")
    service.follow(SLACK, "Jude Bellingham")
    assert [p.name for p in service.following(A)] == ["Diogo Dalot"]
    assert [p.name for p in service.following(SLACK)] == ["Jude Bellingham"]
    assert service.following(B) == []


def test_unfollow(service: Service) -> None:
    service.follow(A, "Diogo Dalot")
    assert service.unfollow(A, "dalot").name == "Diogo Dalot"
    assert service.following(A) == []
    with pytest.raises(UserError, match="does not follow"):
        service.unfollow(A, "Diogo Dalot")


def test_unknown_player_gets_suggestions(service: Service) -> None:
    service.follow(A, "Benjamin Šeško")
    with pytest.raises(UnknownPlayerError) as info:
        service.latest("Benjamin Sesny")
    assert info.value.suggestions[0] == "Benjamin Šeško"


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("x" * 200, id="too-long"),
        pytest.param("<script>alert(1)</script>", id="markup"),
    ],
)
def test_malformed_names_are_usage_errors_and_change_nothing(service: Service, bad: str) -> None:
    with pytest.raises(UsageError):
        service.follow(A, bad)
    assert service.following(A) == []


def test_latest_with_no_news_says_so(service: Service) -> None:
    service.follow(A, "Diogo Dalot")
    assert "No transfer news about Diogo Dalot" in service.latest("Diogo Dalot")


# ------------------------------------------------------------------ ingest → outbox → delivery


def test_seeds_alert_only_for_what_is_new(service: Service, clock: Clock, ingest: Ingest) -> None:
    """Issue 4's acceptance on the seeds: 000 then 002, following Trent and Dalot."""
    service.follow(A, "Trent Alexander-Arnold")
    service.follow(B, "Diogo Dalot")
    first, second = seed_articles()
    clock.now = first.published
    r1 = ingest.read(first)
    kinds1 = {e.claim.kind for e in r1.result.events}
    assert {ClaimKind.APPROACH, ClaimKind.BID_REJECTED, ClaimKind.CONTRACT} <= kinds1
    clock.now = second.published
    r2 = ingest.read(second)
    new2 = {(e.claim.player, e.claim.kind, e.kind) for e in r2.result.events}
    taa, dal = "Trent Alexander-Arnold", "Diogo Dalot"
    assert (taa, ClaimKind.ADVOCATE, EventKind.CONTEXT) in new2
    # Dalot's followers learn of a new saga in which he is Real's alternative …
    assert any(p == dal and e is EventKind.NEW_SAGA for p, _, e in new2)
    assert any(p == dal and k is ClaimKind.ALTERNATIVE_TARGET for p, k, _ in new2)
    # … a fact of Dalot's: Trent is the one he would stand in for (the seeds' labels), so
    # Trent's followers hear of the figure and of Ancelotti, not of Dalot
    assert any(p == taa and k is ClaimKind.FEE for p, k, _ in new2)
    # only what it adds: the approach and the refusal it repeats alert nobody
    added = {ClaimKind.FEE, ClaimKind.ADVOCATE}
    assert {k for p, k, _ in new2 if p == taa} == added


async def test_one_alert_per_article_and_player_listing_every_new_claim(
    service: Service, clock: Clock, ingest: Ingest, delivery: Delivery
) -> None:
    service.follow(A, "Trent Alexander-Arnold")
    first, _ = seed_articles()
    clock.now = first.published
    report = ingest.read(first)
    assert report.result.deliveries == len(report.result.events) >= 2
    sender = RecordingSender()
    assert await delivery.deliver({"console": sender}) == 1
    (alert,) = sender.alerts
    assert alert.player == "Trent Alexander-Arnold"
    assert len(alert.lines) == len(report.result.events)
    assert await delivery.deliver({"console": sender}) == 0  # sent rows are not sent again


async def test_failed_send_is_retried_later_not_lost(
    service: Service, clock: Clock, ingest: Ingest, delivery: Delivery
) -> None:
    service.follow(A, "Trent Alexander-Arnold")
    first, _ = seed_articles()
    clock.now = first.published
    ingest.read(first)
    sender = RecordingSender(fail=1)
    assert await delivery.deliver({"console": sender}) == 0
    assert await delivery.deliver({"console": sender}) == 0  # not due yet
    clock.now += timedelta(minutes=5)
    assert await delivery.deliver({"console": sender}) == 1


async def test_a_channel_gone_is_not_retried(
    service: Service, clock: Clock, ingest: Ingest, delivery: Delivery
) -> None:
    service.follow(A, "Trent Alexander-Arnold")
    first, _ = seed_articles()
    clock.now = first.published
    ingest.read(first)
    gone = RecordingSender(gone=True)
    assert await delivery.deliver({"console": gone}) == 0
    clock.now += timedelta(days=1)
    healthy = RecordingSender()
    assert await delivery.deliver({"console": healthy}) == 0  # given up: never sent again
    assert healthy.alerts == []


def test_same_article_twice_is_a_duplicate(service: Service, clock: Clock, ingest: Ingest) -> None:
    service.follow(A, "Trent Alexander-Arnold")
    first, _ = seed_articles()
    clock.now = first.published
    ingest.read(first)
    again = ingest.read(first)
    assert again.result.status.value == "duplicate"
    assert again.result.events == ()


def test_silent_ingest_records_history_without_alerts(
    service: Service, clock: Clock, ingest: Ingest
) -> None:
    service.follow(A, "Trent Alexander-Arnold")
    first, second = seed_articles()
    clock.now = first.published
    assert ingest.read(first, silent=True).result.deliveries == 0
    clock.now = second.published
    kinds = {e.claim.kind for e in ingest.read(second).result.events}
    assert ClaimKind.APPROACH not in kinds  # known from the silent first read


def test_following_late_shows_saga_and_does_not_flood(
    service: Service, clock: Clock, ingest: Ingest, delivery: Delivery
) -> None:
    service.follow(A, "Trent Alexander-Arnold")
    first, _ = seed_articles()
    clock.now = first.published
    ingest.read(first)
    late = service.follow(B, "Trent Alexander-Arnold")
    assert late.saga is not None and "Real Madrid" in late.saga.text()
    rows = delivery.pending_alerts()
    assert {a.channel for a in rows} == {A}


def test_latest_tells_the_saga(service: Service, clock: Clock, ingest: Ingest) -> None:
    service.follow(A, "Trent Alexander-Arnold")
    for article in seed_articles():
        clock.now = article.published
        ingest.read(article)
    text = service.latest("Trent Alexander-Arnold")
    assert "Real Madrid" in text
    assert "Timeline:" in text
    assert "£20" in text


def test_known_players_feed_autocomplete_and_did_you_mean(
    service: Service, store: SqlStore
) -> None:
    store.remember_players(["Jeremie Frimpong", "Pedro Porro"])
    assert service.suggest("frim") == ["Jeremie Frimpong"]
    with pytest.raises(UnknownPlayerError) as info:
        service.latest("Jeremy Frimpong")
    assert info.value.suggestions == ("Jeremie Frimpong",)


def test_feeds_list_shows_every_feed_and_marks_the_channels_own(
    service: Service, store: SqlStore
) -> None:
    operator = store.add_feed("https://news.example/rss", channel=None)
    own = store.add_feed("https://blog.example/atom", channel=A)
    lines = service.list_feeds(A)
    assert len(lines) == 2
    assert lines[0].startswith("  ") and f"#{operator.id}" in lines[0]
    assert lines[1].startswith("* ") and f"#{own.id}" in lines[1]
    assert service.list_feeds(B)[1].startswith("  ")


def test_remove_feed_unlinks_only_this_channel_and_names_an_unknown_feed(
    service: Service, store: SqlStore
) -> None:
    feed = store.add_feed("https://news.example/rss", channel=A)
    store.add_feed("https://news.example/rss", channel=B)
    assert service.remove_feed(A, f" {feed.id} ").id == feed.id
    assert store.feed_channels(feed.id) == [B]
    with pytest.raises(UserError, match="No feed 'nope' here"):
        service.remove_feed(A, "nope")
    assert store.feed_channels(feed.id) == [B]


def test_a_longer_different_name_is_a_different_player(service: Service) -> None:
    first = service.follow(A, "Marin Delgado", new=True).player
    other = service.follow(A, "Marin Delgadoson", new=True)
    assert other.created_player and other.player.id != first.id


class OneItemFetcher:
    """A fetcher stand-in that always brings back one item (the real one is in tests/feeds)."""

    async def fetch(self, feed: Feed) -> FetchResult:
        item = FeedItem(guid="g1", link="https://news.example/1", title="t")
        return FetchResult(items=(item,), title="Example news")


async def test_added_feeds_get_the_configured_interval(store: SqlStore, clock: Clock) -> None:
    service = Service(store, clock=clock, fetcher=OneItemFetcher(), feed_interval_s=900)
    feed = await service.add_feed(A, "https://news.example/rss")
    assert feed.interval_s == 900
    assert feed.title == "Example news"

"""Per-channel settings: how a typed value is read (tables), and what the delivery worker does
with them over the real SQLite store: min_tier skips, saga threads, a broken channel stopped,
its admins told once, resumed by a follow or a settings change."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot import channels
from bot.delivery import Delivery
from bot.errors import UsageError
from bot.ingest import Ingest
from bot.model import Article, Channel, ThreadRef
from bot.records import ChannelSettings, DeliveryMode, QuietHours
from bot.service import Service
from storage.store import SqlStore
from tests import test_service
from tests.fakes.chat import RecordingSender
from tests.test_service import T0, Clock

store = test_service.store  # the same SQLite store fixture

HERE = Channel(platform="console", workspace="local", channel="a")
THERE = Channel(platform="console", workspace="local", channel="b")
PLAYER = "Marco Rinaldi"

# --------------------------------------------------------------------------- reading values

DEFAULT = ChannelSettings()


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        pytest.param("min_tier", "1", {"min_tier": 1}, id="min-tier"),
        pytest.param("MIN-TIER", " 0 ", {"min_tier": 0}, id="key-any-case-and-dash"),
        pytest.param("mode", "Digest", {"mode": DeliveryMode.DIGEST}, id="mode-digest"),
        pytest.param("mode", "instant", {"mode": DeliveryMode.INSTANT}, id="mode-instant"),
        pytest.param("digest_hour", "0", {"digest_hour": 0}, id="digest-midnight"),
        pytest.param("digest_hour", "23", {"digest_hour": 23}, id="digest-late"),
        pytest.param(
            "quiet_hours",
            "22-07",
            {"quiet_hours": QuietHours(start=time(22), end=time(7))},
            id="quiet-over-midnight",
        ),
        pytest.param(
            "quiet_hours",
            "13:30 – 14:45",
            {"quiet_hours": QuietHours(start=time(13, 30), end=time(14, 45))},
            id="quiet-minutes-en-dash-spaces",
        ),
        pytest.param("quiet_hours", "off", {"quiet_hours": None}, id="quiet-off"),
        pytest.param("timezone", "Europe/London", {"timezone": "Europe/London"}, id="tz"),
        pytest.param("timezone", "utc", {"timezone": "UTC"}, id="tz-utc-any-case"),
        pytest.param("threads", "on", {"threads": True}, id="threads-on"),
        pytest.param("threads", "OFF", {"threads": False}, id="threads-off"),
    ],
)
def test_a_valid_value_changes_only_its_key(
    key: str, value: str, expected: dict[str, object]
) -> None:
    start = ChannelSettings(quiet_hours=QuietHours(start=time(1), end=time(2)), threads=True)
    changed = channels.change(start, key, value)
    for name in ("min_tier", "mode", "digest_hour", "quiet_hours", "timezone", "threads"):
        want = expected.get(name, getattr(start, name))
        assert getattr(changed, name) == want, name


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        pytest.param("min_tier", "4", "min_tier takes 0, 1, 2 or 3", id="tier-too-high"),
        pytest.param("min_tier", "-1", "min_tier takes 0, 1, 2 or 3", id="tier-negative"),
        pytest.param("min_tier", "one", "min_tier takes 0, 1, 2 or 3", id="tier-a-word"),
        pytest.param("mode", "weekly", "mode is instant or digest", id="mode-unknown"),
        pytest.param("digest_hour", "24", "digest_hour is an hour from 0 to 23", id="hour-24"),
        pytest.param("digest_hour", "8am", "digest_hour is an hour from 0 to 23", id="hour-8am"),
        pytest.param("quiet_hours", "22", "quiet_hours is start-end", id="quiet-one-end"),
        pytest.param("quiet_hours", "25-07", "quiet_hours is start-end", id="quiet-bad-hour"),
        pytest.param("quiet_hours", "22:61-07", "quiet_hours is start-end", id="quiet-bad-min"),
        pytest.param("quiet_hours", "07-07", "different times", id="quiet-empty-span"),
        pytest.param("timezone", "Mars/Olympus", "unknown time zone", id="tz-unknown"),
        pytest.param("timezone", "../../etc/passwd", "unknown time zone", id="tz-a-path"),
        pytest.param("timezone", "Europe/London x", "unknown time zone", id="tz-two-words"),
        pytest.param("threads", "maybe", "threads is on or off", id="threads-maybe"),
        pytest.param("colour", "red", "unknown setting 'colour'", id="unknown-key"),
        pytest.param("min_tier", "", "min_tier needs a value", id="no-value"),
    ],
)
def test_a_bad_value_is_refused_with_what_the_key_takes(key: str, value: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        channels.change(DEFAULT, key, value)


@pytest.mark.parametrize(
    ("min_tier", "tier", "wanted"),
    [
        pytest.param(3, None, True, id="everything-takes-unattributed"),
        pytest.param(3, 3, True, id="everything-takes-tier-3"),
        pytest.param(1, 1, True, id="tier-1-takes-tier-1"),
        pytest.param(1, 0, True, id="tier-1-takes-the-club"),
        pytest.param(1, 2, False, id="tier-1-drops-tier-2"),
        pytest.param(2, None, False, id="tier-2-drops-unattributed"),
        pytest.param(0, 1, False, id="club-only-drops-tier-1"),
    ],
)
def test_accepts_by_tier(min_tier: int, tier: int | None, wanted: bool) -> None:
    assert channels.accepts(ChannelSettings(min_tier=min_tier), tier) is wanted


def test_describe_says_what_digest_and_quiet_hours_do() -> None:
    shown = dict(
        channels.describe(
            ChannelSettings(
                mode=DeliveryMode.DIGEST, quiet_hours=QuietHours(start=time(22), end=time(7))
            )
        )
    )
    assert shown["min_tier"] == "3 (every source)"
    assert shown["mode"] == "digest at 08:00: the day's news in one message"
    assert shown["quiet_hours"] == "22:00-07:00 (alerts held until then)"
    assert shown["threads"] == "off"


# --------------------------------------------------------------------------- delivery

TIER1_APPROACH = (
    "Atalanta approach Torino for Marco Rinaldi",
    "Atalanta have made an approach to Torino about signing Marco Rinaldi, according to "
    "Fabrizio Romano.",
)
UNATTRIBUTED_BID = (
    "Atalanta bid for Rinaldi",
    "Atalanta have submitted a bid of €30m to Torino for Marco Rinaldi.",
)
TIER1_AGREEMENT = (
    "Rinaldi agrees terms with Atalanta",
    "Marco Rinaldi has agreed personal terms with Atalanta, according to Fabrizio Romano.",
)


class World:
    def __init__(self, store: SqlStore) -> None:
        self.store = store
        self.clock = Clock()
        self.service = Service(store, clock=self.clock)
        self.ingest = Ingest(store, clock=self.clock)
        self.delivery = Delivery(store, clock=self.clock)
        self.n = 0

    def publish(self, story: tuple[str, str]) -> int:
        self.n += 1
        self.clock.now += timedelta(minutes=10)
        title, text = story
        article = Article(
            key=f"story-{self.n}",
            title=title,
            summary=text,
            published=self.clock.now,
            outlet="Calcio Daily",
            lang="en",
            link=f"https://news.example/{self.n}",
        )
        return self.ingest.read(article).result.deliveries

    async def deliver(self, sender: RecordingSender) -> int:
        return await self.delivery.deliver({"console": sender})


@pytest.fixture
def world(store: SqlStore) -> World:
    w = World(store)
    w.service.follow(HERE, PLAYER, new=True)
    return w


async def test_min_tier_skips_the_sources_a_channel_does_not_want(world: World) -> None:
    world.service.follow(THERE, PLAYER, new=True)
    world.service.change_setting(THERE, "min_tier", "1")
    assert world.publish(TIER1_APPROACH) == 2
    assert world.publish(UNATTRIBUTED_BID) == 4  # a stage and a fee: both channels get rows
    sender = RecordingSender()
    assert await world.deliver(sender) == 3  # ... and the picky one only the tier-1 alert
    got = {(a.channel.channel, a.lines[0].label, a.lines[0].tier) for a in sender.alerts}
    assert got == {("a", "NEW SAGA", 1), ("a", "STAGE: approach → bid", 3), ("b", "NEW SAGA", 1)}
    world.clock.now += timedelta(days=1)
    assert await world.deliver(sender) == 0  # skipped rows are not sent later


async def test_threads_on_puts_a_sagas_later_alerts_under_its_first(world: World) -> None:
    world.service.change_setting(HERE, "threads", "on")
    sender = RecordingSender()
    world.publish(TIER1_APPROACH)
    assert await world.deliver(sender) == 1
    world.publish(UNATTRIBUTED_BID)
    assert await world.deliver(sender) == 1
    world.publish(TIER1_AGREEMENT)
    assert await world.deliver(sender) == 1
    first, second, third = sender.alerts
    assert first.thread is None  # the saga's first alert: in the channel
    assert second.thread == ThreadRef(root="m1", title=f"{PLAYER} · Atalanta")
    # the thread the platform made is kept: the third goes straight into it
    assert third.thread == ThreadRef(root="m1", thread="m1", title=f"{PLAYER} · Atalanta")


async def test_a_first_alert_the_platform_lost_is_replaced_by_the_next(world: World) -> None:
    world.service.change_setting(HERE, "threads", "on")
    sender = RecordingSender()
    world.publish(TIER1_APPROACH)
    assert await world.deliver(sender) == 1  # m1, the saga's first alert
    sender.threads = False  # m1 was deleted: the next alert goes to the channel, as m2
    world.publish(UNATTRIBUTED_BID)
    assert await world.deliver(sender) == 1
    assert sender.alerts[1].thread is not None and sender.alerts[1].thread.root == "m1"
    sender.threads = True
    world.publish(TIER1_AGREEMENT)
    assert await world.deliver(sender) == 1
    # m2, posted in m1's place, is the saga's first alert in the channel now
    assert sender.alerts[2].thread == ThreadRef(root="m2", title=f"{PLAYER} · Atalanta")


async def test_threads_off_posts_every_alert_in_the_channel(world: World) -> None:
    sender = RecordingSender()
    world.publish(TIER1_APPROACH)
    world.publish(UNATTRIBUTED_BID)
    assert await world.deliver(sender) == 2
    assert [a.thread for a in sender.alerts] == [None, None]
    # the first alert is still remembered: turned on later, the saga's news go under it
    world.service.change_setting(HERE, "threads", "on")
    world.publish(TIER1_AGREEMENT)
    assert await world.deliver(sender) == 1
    assert sender.alerts[-1].thread is not None and sender.alerts[-1].thread.root == "m1"


async def test_a_gone_channel_is_broken_its_admins_told_once_and_a_follow_resumes_it(
    world: World,
) -> None:
    world.service.follow(HERE, "Diogo Dalot")
    gone = RecordingSender(gone=True)
    world.publish(TIER1_APPROACH)
    assert await world.deliver(gone) == 0
    assert gone.told == [(HERE, "channel not found")]
    settings = world.service.channel_settings(HERE)
    assert settings.broken is not None and settings.broken.reason == "channel not found"
    note = channels.broken_note(settings)
    assert note is not None and "channel not found" in note

    world.publish(UNATTRIBUTED_BID)  # more news for a broken channel: not even tried
    healthy = RecordingSender()
    assert await world.deliver(healthy) == 0
    assert (
        healthy.alerts == [] and healthy.told == [] and gone.told == [(HERE, "channel not found")]
    )

    # following again (even the same player) resumes it
    world.service.follow(HERE, PLAYER, new=True)
    assert world.service.channel_settings(HERE).broken is None
    world.publish(TIER1_AGREEMENT)
    assert await world.deliver(healthy) == 1
    # broken again later: told again, once
    world.publish(
        ("Rinaldi medical", "Marco Rinaldi is having a medical at Atalanta, Romano says.")
    )
    assert await world.deliver(gone) == 0
    assert len(gone.told) == 2


async def test_a_settings_change_resumes_a_broken_channel(world: World) -> None:
    world.store.mark_channel_broken(HERE, "Slack: is_archived", T0)
    changed = world.service.change_setting(HERE, "min_tier", "2")
    assert changed.broken is None and changed.min_tier == 2
    assert world.service.channel_settings(HERE) == changed


def test_a_bad_value_changes_nothing(world: World) -> None:
    world.service.change_setting(HERE, "threads", "on")
    before = world.service.channel_settings(HERE)
    with pytest.raises(UsageError):
        world.service.change_setting(HERE, "timezone", "Nowhere/Atall")
    assert world.service.channel_settings(HERE) == before

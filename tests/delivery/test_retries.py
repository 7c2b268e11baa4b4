"""Failed sends are retried with a bounded, jittered backoff, whatever the failure (issue 15): a
sender that raises something unexpected is tried at most ``MAX_DELIVERY_ATTEMPTS`` times, then
its alert is failed for good with a warning, instead of being retried every few minutes forever;
an alert given up is told to the channel's admins and listed by ``/status``. Injected clock and
draws: nothing sleeps."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from adapters.console import ConsoleChat
from bot.delivery import MAX_DELIVERY_ATTEMPTS, RETRY_JITTER, Delivery, retry_wait
from bot.errors import DeliveryError, PermanentDeliveryError
from bot.model import Alert
from bot.records import Sent
from storage.store import SqlStore
from tests import test_service
from tests.fakes.chat import RecordingSender
from tests.test_channels import HERE, PLAYER, THERE, TIER1_APPROACH, World

store = test_service.store  # the same SQLite store fixture


class FailingSender:
    """Raises ``error`` on every send, counting the tries."""

    platform = "console"

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.tries = 0
        self.told: list[tuple[str, str | None]] = []

    async def send(self, alert: Alert) -> Sent:
        self.tries += 1
        raise self.error

    async def send_notice(self, channel: object, text: str) -> None:
        return None

    async def tell_admins(self, channel: object, reason: str, *, alert: str | None = None) -> None:
        self.told.append((reason, alert))


class Draws:
    """The jitter's draws, in order (then the last one again); records how many were drawn."""

    def __init__(self, *values: float) -> None:
        self.values = list(values)
        self.drawn = 0

    def __call__(self) -> float:
        self.drawn += 1
        return self.values.pop(0) if len(self.values) > 1 else self.values[0]


@pytest.fixture
def world(store: SqlStore) -> World:
    w = World(store)
    w.delivery = Delivery(store, clock=w.clock, draw=Draws(0.5))  # 0.5: no jitter at all
    w.service.follow(HERE, PLAYER, new=True)
    return w


async def _waits(world: World, sender: FailingSender) -> list[timedelta]:
    """Deliver until the sender is no longer tried; the waits between tries."""
    waits: list[timedelta] = []
    for _ in range(MAX_DELIVERY_ATTEMPTS + 3):
        before = sender.tries
        await world.delivery.deliver({"console": sender})
        if sender.tries == before:
            break
        pending = world.store.pending_deliveries(world.clock.now + timedelta(days=30))
        if not pending:
            break
        next_at = min(row.due_at or world.clock.now for row in pending)
        world.store.hold([row.id for row in pending], next_at)  # let the peek's lease go
        waits.append(next_at - world.clock.now)
        world.clock.now = next_at
    return waits


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(RuntimeError("a bug in the sender"), id="unexpected"),
        pytest.param(DeliveryError("503 from the platform"), id="transient"),
    ],
)
async def test_a_failing_send_is_tried_a_bounded_number_of_times_with_backoff(
    world: World, error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    sender = FailingSender(error)
    world.publish(TIER1_APPROACH)
    waits = await _waits(world, sender)
    assert sender.tries == MAX_DELIVERY_ATTEMPTS
    assert waits == [timedelta(seconds=30 * 2**i) for i in range(MAX_DELIVERY_ATTEMPTS - 1)]
    assert world.store.pending_deliveries(world.clock.now + timedelta(days=365)) == []
    assert f"giving up on alert to {HERE} after {MAX_DELIVERY_ATTEMPTS} tries" in caplog.text
    [(reason, alert)] = sender.told  # the admins hear of it once, with the alert's title
    assert alert == PLAYER
    assert reason in (str(error), "internal error (RuntimeError)")
    status = world.store.delivery_status()
    assert (status.failed_total, status.pending, status.retrying) == (1, 0, 0)
    [failed] = status.failed
    assert failed.channel == HERE
    assert failed.player == PLAYER
    assert failed.title == TIER1_APPROACH[0]
    assert failed.attempts == MAX_DELIVERY_ATTEMPTS
    assert failed.error.startswith(f"given up after {MAX_DELIVERY_ATTEMPTS} tries")


def test_each_wait_is_jittered_within_its_bounds() -> None:
    for attempt in range(1, MAX_DELIVERY_ATTEMPTS):
        step = 30 * 2 ** (attempt - 1)
        assert retry_wait(attempt, 0.0) == timedelta(seconds=step * (1 - RETRY_JITTER))
        assert retry_wait(attempt, 0.5) == timedelta(seconds=step)
        assert retry_wait(attempt, 0.999) < timedelta(seconds=step * (1 + RETRY_JITTER))
        assert retry_wait(attempt, 7.0) == timedelta(seconds=step * (1 + RETRY_JITTER))  # clamped


async def test_the_waits_use_the_injected_draws(world: World, store: SqlStore) -> None:
    draws = Draws(0.0, 1.0, 0.25)
    world.delivery = Delivery(store, clock=world.clock, draw=draws)
    sender = FailingSender(DeliveryError("503"))
    world.publish(TIER1_APPROACH)
    waits = await _waits(world, sender)
    low, high = 1 - RETRY_JITTER, 1 + RETRY_JITTER
    quarter = 1 - RETRY_JITTER / 2
    assert waits[:3] == [
        timedelta(seconds=30 * low),
        timedelta(seconds=60 * high),
        timedelta(seconds=120 * quarter),
    ]
    assert draws.drawn == MAX_DELIVERY_ATTEMPTS - 1  # one per retry, none when giving up


async def test_a_refused_alert_is_given_up_at_once_and_told(world: World) -> None:
    sender = FailingSender(PermanentDeliveryError("Discord 400 (code 50035): Invalid Form Body"))
    world.publish(TIER1_APPROACH)
    assert await _waits(world, sender) == []
    assert sender.tries == 1
    assert sender.told == [("Discord 400 (code 50035): Invalid Form Body", PLAYER)]
    assert world.store.delivery_status().failed_total == 1


async def test_status_on_the_console_lists_given_up_alerts_and_broken_channels(
    world: World,
) -> None:
    world.service.follow(THERE, PLAYER, new=True)
    world.publish(TIER1_APPROACH)
    refused = FailingSender(PermanentDeliveryError("Slack: msg_too_long"))
    gone = RecordingSender(gone=True)

    class Split(FailingSender):
        """Channel ``a`` refuses the message, channel ``b`` is gone."""

        async def send(self, alert: Alert) -> Sent:
            if alert.channel == THERE:
                return await gone.send(alert)
            return await refused.send(alert)

    await world.delivery.deliver({"console": Split(RuntimeError())})
    out = io.StringIO()
    chat = ConsoleChat(world.service, out=out, status=world.store.delivery_status)
    text = await chat.handle_line("/status")
    assert text is not None
    lines = text.splitlines()
    assert lines[0] == "Outbox: 0 alert(s) to send, 0 of them being retried; 2 given up."
    assert f"Broken channel {THERE.channel} since " in lines[1]
    assert "channel not found" in lines[1]
    given_up = [line for line in lines if line.startswith("Given up:")]
    assert len(given_up) == 2
    assert any(f"{PLAYER} in {HERE.channel}" in g and "msg_too_long" in g for g in given_up)
    assert any(f"{PLAYER} in {THERE.channel}" in g for g in given_up)
    just_here = world.store.delivery_status(HERE)
    assert just_here.failed_total == 1
    assert just_here.broken == ()
    assert "/status" in (await chat.handle_line("/help") or "")
    no_db = ConsoleChat(world.service, out=out)
    assert "needs the bot's database" in (await no_db.handle_line("/status") or "")

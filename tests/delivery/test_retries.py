"""Failed sends are retried with a bounded backoff, whatever the failure (issue 15): a sender
that raises something unexpected is tried at most ``MAX_DELIVERY_ATTEMPTS`` times, then its
alert is failed for good with a warning, instead of being retried every few minutes forever."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.delivery import MAX_DELIVERY_ATTEMPTS
from bot.errors import DeliveryError
from bot.model import Alert
from bot.records import Sent
from storage.store import SqlStore
from tests import test_service
from tests.test_channels import HERE, PLAYER, TIER1_APPROACH, World

store = test_service.store  # the same SQLite store fixture


class FailingSender:
    """Raises ``error`` on every send, counting the tries."""

    platform = "console"

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.tries = 0

    async def send(self, alert: Alert) -> Sent:
        self.tries += 1
        raise self.error

    async def send_notice(self, channel: object, text: str) -> None:
        return None

    async def tell_admins(self, channel: object, reason: str) -> None:
        return None


@pytest.fixture
def world(store: SqlStore) -> World:
    w = World(store)
    w.service.follow(HERE, PLAYER, new=True)
    return w


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
    assert sender.tries == MAX_DELIVERY_ATTEMPTS
    assert waits == [timedelta(seconds=30 * 2**i) for i in range(MAX_DELIVERY_ATTEMPTS - 1)]
    assert world.store.pending_deliveries(world.clock.now + timedelta(days=365)) == []
    assert f"giving up on alert to {HERE} after {MAX_DELIVERY_ATTEMPTS} tries" in caplog.text

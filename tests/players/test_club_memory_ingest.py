"""Club memory in the ingest (issue 16): the club a followed player's stored saga gives him is
learnt when an article first names him, in any process, and a learnt club does not rebuild the
gazetteer. A store of thousands of followed players, each with a saga, reads only the sagas of
the players its articles name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import storage
from bot.ingest import Ingest
from bot.model import Article, Channel, ClaimKind
from bot.service import Service

A = Channel(platform="console", workspace="local", channel="a")
T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
BRENNAN, VARGA, NOVAK = "Kai Brennan", "Tomas Varga", "Mateo Novak"  # in no registry


def _article(key: str, text: str, minutes: int) -> Article:
    return Article(
        key=key,
        title=text.split(".", maxsplit=1)[0],
        summary=text,
        published=T0 + timedelta(minutes=minutes),
        outlet="The Athletic",
    )


def _ingest(store: storage.SqlStore) -> Ingest:
    return Ingest(store, clock=lambda: T0 + timedelta(days=1))


@pytest.fixture
def learnt(store: storage.SqlStore) -> storage.SqlStore:
    """Brennan's saga says Dortmund is his club (two facts name it his seller), Varga's
    Leipzig; Novak has no saga."""
    service = Service(store, clock=lambda: T0)
    for name in (BRENNAN, VARGA, NOVAK):
        service.follow(A, name, new=True)
    first = _ingest(store)
    for n, (player, club) in enumerate([(BRENNAN, "Dortmund"), (VARGA, "Leipzig")]):
        _seller_twice(first, player, club, f"learn-{n}", 10 * n)
    return store


def _seller_twice(ingest: Ingest, player: str, club: str, key: str, minutes: int) -> None:
    for n, text in enumerate(
        [
            f"{club} have rejected a €50m offer from Arsenal for {player}.",
            f"{club} have rejected a €60m offer from Chelsea for {player}.",
        ]
    ):
        ingest.read(_article(f"{key}-{n}", text, minutes + n))


def _talks(ingest: Ingest, key: str, player: str, minutes: int) -> set[tuple[str | None, ...]]:
    text = f"Liverpool are in talks with {player}'s representatives over a summer move."
    report = ingest.read(_article(key, text, minutes))
    return {(c.buyer, c.seller) for c in report.claims if c.kind is ClaimKind.TALKS}


def test_a_new_process_learns_his_club_from_his_stored_saga(learnt: storage.SqlStore) -> None:
    # the article names no club of his: the seller is the club his saga gives him
    assert _talks(_ingest(learnt), "new-1", BRENNAN, 60) == {("Liverpool", "Borussia Dortmund")}


def test_only_the_sagas_of_players_named_are_read(
    learnt: storage.SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[int] = []
    views = learnt.saga_views

    def counting(player_id: int):  # type: ignore[no-untyped-def]
        read.append(player_id)
        return views(player_id)

    monkeypatch.setattr(learnt, "saga_views", counting)
    ingest = _ingest(learnt)
    brennan, varga = learnt.find_player(BRENNAN), learnt.find_player(VARGA)
    assert brennan is not None and varga is not None
    assert _talks(ingest, "new-1", BRENNAN, 60) == {("Liverpool", "Borussia Dortmund")}
    assert read == [brennan.id]  # not Varga's, not Novak's (who has none)
    assert _talks(ingest, "new-2", VARGA, 61) == {("Liverpool", "RB Leipzig")}
    _talks(ingest, "new-3", BRENNAN, 62)
    assert read == [brennan.id, varga.id]  # each read once


def test_a_learnt_club_does_not_rebuild_the_gazetteer(learnt: storage.SqlStore) -> None:
    ingest = _ingest(learnt)
    _talks(ingest, "new-1", NOVAK, 60)  # Novak has no club yet
    before = ingest._gazetteer_at(T0 + timedelta(hours=2))
    _seller_twice(ingest, NOVAK, "Leipzig", "novak", 70)  # now his saga says Leipzig
    assert _talks(ingest, "new-2", NOVAK, 80) == {("Liverpool", "RB Leipzig")}
    assert ingest._gazetteer_at(T0 + timedelta(hours=3)) is before

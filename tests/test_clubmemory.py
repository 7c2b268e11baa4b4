"""ClubMemory: a player's club learnt from his saga."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clubmemory import ClubMemory
from bot.model import Claim, ClaimKind, Source

T = datetime(2025, 1, 1, tzinfo=UTC)
P = "Trent Alexander-Arnold"


def c(
    kind: ClaimKind, seller: str | None, buyer: str | None = "Real Madrid", **kw: object
) -> Claim:
    return Claim(player=P, kind=kind, seller=seller, buyer=buyer, **kw)  # type: ignore[arg-type]


def test_unknown_until_seen_twice() -> None:
    memory = ClubMemory()
    memory.learn([c(ClaimKind.APPROACH, "Liverpool")], T)
    assert memory.club(P) is None
    memory.learn([c(ClaimKind.BID_REJECTED, "Liverpool")], T)
    assert memory.club(P) == "Liverpool"


def test_no_clear_majority_is_no_club() -> None:
    memory = ClubMemory()
    memory.learn([c(ClaimKind.BID, "Liverpool"), c(ClaimKind.BID, "Liverpool")], T)
    memory.learn([c(ClaimKind.BID, "Everton"), c(ClaimKind.BID, "Everton")], T)
    assert memory.club(P) is None


def test_hedged_and_negated_claims_teach_nothing() -> None:
    memory = ClubMemory()
    memory.learn([c(ClaimKind.BID, "Everton", hedged=True)] * 3, T)
    memory.learn([c(ClaimKind.TALKS, "Everton", polarity=False)] * 3, T)
    assert memory.club(P) is None


def test_official_move_on_record_wipes_the_slate() -> None:
    memory = ClubMemory()
    memory.learn([c(ClaimKind.APPROACH, "Liverpool")] * 3, T)
    rumour = c(ClaimKind.OFFICIAL, "Liverpool", buyer="Chelsea", source=Source(name="x", tier=3))
    memory.learn([rumour], T)
    assert memory.club(P) == "Liverpool"  # only an on-record move counts
    later = T + timedelta(days=1)
    memory.learn([c(ClaimKind.OFFICIAL, "Liverpool", source=Source(name="Real", tier=0))], later)
    assert memory.club(P) is None
    memory.learn([c(ClaimKind.APPROACH, "Liverpool")] * 2, later)  # same instant: still history
    assert memory.club(P) is None
    memory.learn([c(ClaimKind.BID, "Real Madrid", buyer="Chelsea")] * 2, later + timedelta(days=1))
    assert memory.club(P) == "Real Madrid"


def test_reports_of_the_move_in_its_first_days_still_name_the_old_club() -> None:
    memory = ClubMemory()
    memory.learn([c(ClaimKind.BID, "Liverpool")] * 2, T)
    moved = T + timedelta(days=10)
    memory.learn([c(ClaimKind.OFFICIAL, "Liverpool", source=Source(name="Real", tier=0))], moved)
    assert memory.club(P) is None  # no article date: nothing to go on
    assert memory.club(P, moved + timedelta(hours=6)) == "Liverpool"  # the fee reported that day
    assert memory.club(P, moved + timedelta(days=4)) is None  # days later: he is not theirs
    assert memory.club(P, moved - timedelta(days=1)) is None  # before the move: not yet known


def test_the_old_club_is_the_move_seller_when_nothing_was_learnt() -> None:
    memory = ClubMemory()
    move = c(ClaimKind.OFFICIAL, "Brentford", buyer="Fulham", source=Source(name="Fulham", tier=0))
    memory.learn([move], T)
    assert memory.club(P, T + timedelta(hours=1)) == "Brentford"

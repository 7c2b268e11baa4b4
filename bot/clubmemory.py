"""Each followed player's current club, learnt from his own saga.

Articles often never say whose player he is ("Real want Trent"): the claim engine then cannot tell
the seller from the buyer. The saga can: the club most of his stored claims name as the seller is
his club. An official move on the record wipes that slate (reports right after a move still name
the old club as seller, or the new one as his: the memory waits for fresh evidence rather than
guess). The service passes what this learns to the extractor as ``Player.attributes["club"]``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.model import Claim, ClaimKind
from bot.ports import SagaView

#: Sellers named at least this often, and by this share of the claims naming one, count as his
#: club: one odd article must not move a player.
MIN_SIGHTINGS = 2
MIN_SHARE = 0.6


class ClubMemory:
    def __init__(self) -> None:
        self._sellers: dict[str, Counter[str]] = {}
        self._moved_at: dict[str, datetime] = {}

    def knows(self, player: str) -> bool:
        return player in self._sellers

    def seed(self, player: str, views: Sequence[SagaView]) -> None:
        """Learn from the stored saga (once per player per process)."""
        self._sellers.setdefault(player, Counter())
        for view in views:
            for claim_view in view.claims:
                self._learn_one(claim_view.claim, claim_view.record.last_seen)

    def learn(self, claims: Iterable[Claim], when: datetime) -> None:
        for claim in claims:
            self._sellers.setdefault(claim.player, Counter())
            self._learn_one(claim, when)

    def _learn_one(self, claim: Claim, when: datetime) -> None:
        if not claim.polarity or claim.hedged:
            return
        moved = self._moved_at.get(claim.player)
        if claim.kind is ClaimKind.OFFICIAL and claim.source and claim.source.tier == 0:
            if moved is None or moved < when:  # he moved: what we knew of his club is history
                self._moved_at[claim.player] = when
                self._sellers[claim.player] = Counter()
            return
        if claim.seller and (moved is None or when > moved):
            self._sellers.setdefault(claim.player, Counter())[claim.seller] += 1

    def club(self, player: str) -> str | None:
        counts = self._sellers.get(player)
        if not counts:
            return None
        club, seen = counts.most_common(1)[0]
        if seen >= MIN_SIGHTINGS and seen / sum(counts.values()) >= MIN_SHARE:
            return club
        return None

"""Each followed player's current club, learnt from his own saga.

Articles often never say whose player he is ("Real want Trent"): the claim engine then cannot tell
the seller from the buyer. The saga can: the club most of his stored claims name as the seller is
his club. An official move on the record wipes that slate: the memory waits for fresh evidence
rather than guess. For a few days after the move, reports of that move still name the old club
as the seller, so until fresh evidence comes the old club is still given for articles of those
days. The service passes what this learns to the extractor as ``Player.attributes["club"]``,
which also tells a shared nickname ("United") which club it is when the article names neither.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from bot.model import Claim, ClaimKind
from bot.records import SagaView

#: Sellers named at least this often, and by this share of the claims naming one, count as his
#: club: one odd article must not move a player.
MIN_SIGHTINGS = 2
MIN_SHARE = 0.6
#: How long after a move the reports of it (fee, medical, reactions) still treat the old club as
#: the seller: the days of the announcement and its write-ups.
MOVE_REPORTS = timedelta(days=3)


class ClubMemory:
    def __init__(self) -> None:
        self._sellers: dict[str, Counter[str]] = {}
        self._moved_at: dict[str, datetime] = {}
        self._former: dict[str, str] = {}

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
                former = self.club(claim.player) or claim.seller
                if former:
                    self._former[claim.player] = former
                self._moved_at[claim.player] = when
                self._sellers[claim.player] = Counter()
            return
        if moved is not None and when <= moved:
            return
        if claim.seller:
            self._sellers.setdefault(claim.player, Counter())[claim.seller] += 1

    def club(self, player: str, at: datetime | None = None) -> str | None:
        """His club as his saga names it; for an article of the days right after a move (``at``),
        the club he left while nothing newer is known."""
        counts = self._sellers.get(player)
        if counts:
            club, seen = counts.most_common(1)[0]
            if seen >= MIN_SIGHTINGS and seen / sum(counts.values()) >= MIN_SHARE:
                return club
        moved = self._moved_at.get(player)
        if at is not None and moved is not None and moved <= at <= moved + MOVE_REPORTS:
            return self._former.get(player)
        return None

"""Domain values of the core: frozen, slotted, keyword-only dataclasses.

Nothing here does I/O. ORM rows never leave ``storage/``; the store maps them to these values at
its boundary, and adapters turn them into embeds, Block Kit or console lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

# --------------------------------------------------------------------------- claims


class ClaimKind(StrEnum):
    """What a sentence asserts about a player's transfer saga (DESIGN §3)."""

    INTEREST = "interest"
    APPROACH = "approach"
    TALKS = "talks"
    BID = "bid"
    BID_REJECTED = "bid_rejected"
    FEE = "fee"
    PERSONAL_TERMS = "personal_terms"
    AGREEMENT = "agreement"
    HERE_WE_GO = "here_we_go"
    MEDICAL = "medical"
    OFFICIAL = "official"
    CONTRACT = "contract"
    RENEWAL = "renewal"
    DENIAL = "denial"
    COLLAPSE = "collapse"
    ADVOCATE = "advocate"
    ALTERNATIVE_TARGET = "alternative_target"
    LOAN = "loan"
    RELEASE_CLAUSE = "release_clause"
    INTENT = "intent"  # the player's own stated wish: to leave, to join a club (False: to stay)
    DEADLINE = "deadline"  # a deadline or an ultimatum set in the deal (an answer, a clause)
    EXCLUSION = "exclusion"  # left out of a squad, a tour or a match because of a transfer


#: Forward stages of a deal and their rank: a higher rank is further along.
STAGE_RANK: dict[ClaimKind, int] = {
    ClaimKind.INTEREST: 1,
    ClaimKind.APPROACH: 2,
    ClaimKind.TALKS: 3,
    ClaimKind.BID: 4,
    ClaimKind.LOAN: 4,
    ClaimKind.PERSONAL_TERMS: 5,
    ClaimKind.AGREEMENT: 6,
    ClaimKind.RENEWAL: 6,
    ClaimKind.HERE_WE_GO: 7,
    ClaimKind.MEDICAL: 8,
    ClaimKind.OFFICIAL: 9,
}
#: Kinds that push a saga backwards or end it.
NEGATIVE_KINDS: frozenset[ClaimKind] = frozenset(
    {ClaimKind.BID_REJECTED, ClaimKind.DENIAL, ClaimKind.COLLAPSE}
)
#: Kinds that add context to a saga without moving it (first time per saga only).
CONTEXT_KINDS: frozenset[ClaimKind] = frozenset(
    {
        ClaimKind.ADVOCATE,
        ClaimKind.ALTERNATIVE_TARGET,
        ClaimKind.CONTRACT,
        ClaimKind.INTENT,
        ClaimKind.DEADLINE,
        ClaimKind.EXCLUSION,
    }
)
#: Kinds that carry a money figure as their main fact.
MONEY_KINDS: frozenset[ClaimKind] = frozenset({ClaimKind.FEE, ClaimKind.RELEASE_CLAUSE})


class DealKind(StrEnum):
    TRANSFER = "transfer"
    LOAN = "loan"
    RENEWAL = "renewal"


class FeeKind(StrEnum):
    """What a money figure is: what a buyer offers, what a seller wants, a clause, or wages."""

    OFFER = "offer"
    VALUATION = "valuation"
    CLAUSE = "clause"
    WAGES = "wages"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class Fee:
    """A money figure as written, with its normalised range in euros (fixed rate table)."""

    text: str
    eur_min: float
    eur_max: float
    currency: str = "EUR"
    qualifier: str | None = None  # "just over", "around", "up to", "plus add-ons" …
    kind: FeeKind = FeeKind.UNKNOWN

    @property
    def eur_mid(self) -> float:
        return (self.eur_min + self.eur_max) / 2


@dataclass(frozen=True, slots=True, kw_only=True)
class Window:
    """A transfer window or season moment, as a key ("january-2025") and a date range."""

    key: str
    start: date
    end: date


#: The tier of a claim whose source is unknown or unattributed: the least credible (DESIGN §4).
#: The one definition: the gazetteer's default, the judge, the store and channel filters use it.
UNKNOWN_TIER = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Who a claim is credited to, and how reliable: tier 0 (on the record) … 3 (unattributed)."""

    name: str
    tier: int
    aggregator: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One normalised assertion about one player's transfer saga, found in one sentence."""

    player: str  # canonical name of the player the claim is about
    kind: ClaimKind
    polarity: bool = True  # False: "no talks", "not for sale" as a negated positive kind
    hedged: bool = False  # could / set to / considering
    # official: the deal announced agreed in principle or subject to a medical or terms, the
    # signing still to come ("City confirm agreement in principle with Dortmund")
    provisional: bool = False
    clubs: tuple[str, ...] = ()  # canonical club names, buyer first when known
    buyer: str | None = None
    seller: str | None = None
    fee: Fee | None = None
    window: Window | None = None
    source: Source | None = None  # credited original (Romano, not the fan site quoting him)
    carrier: str | None = None  # the outlet that published the article
    related_player: str | None = None  # alternative_target: the other player of the pair
    sentence: str = ""
    # How well the text supports the claim, 0..1: 1.0 a clear statement about this player (the
    # default); lower when the cue, the player or the counterpart is only loosely tied to it.
    confidence: float = 1.0
    # What made the claim: "cue=...; player=...; clubs=Club:how,..." (for debugging and /why).
    evidence: str = ""

    @property
    def deal_kind(self) -> DealKind:
        if self.kind is ClaimKind.RENEWAL:
            return DealKind.RENEWAL
        if self.kind is ClaimKind.LOAN:
            return DealKind.LOAN
        return DealKind.TRANSFER

    @property
    def counterpart(self) -> str:
        """The club on the other side of the saga: the buyer, else ``*`` (unknown)."""
        if self.kind is ClaimKind.RENEWAL:
            return self.seller or (self.clubs[0] if self.clubs else "*")
        return self.buyer or "*"

    @property
    def saga_key(self) -> SagaKey:
        return SagaKey(player=self.player, counterpart=self.counterpart, deal=self.deal_kind)


# --------------------------------------------------------------------------- sagas and events


@dataclass(frozen=True, slots=True, kw_only=True)
class SagaKey:
    player: str
    counterpart: str  # canonical club name or "*"
    deal: DealKind


class SagaStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DEAD = "dead"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimRecord:
    """What the store remembers of one fact in a saga: the claim history ``judge`` reads."""

    fact_key: str
    kind: ClaimKind
    polarity: bool
    fee_eur: tuple[float, float] | None
    fee_kind: FeeKind | None
    first_seen: datetime
    last_seen: datetime
    times_seen: int
    best_tier: int | None
    outlets: int = 1
    related_player: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SagaState:
    key: SagaKey
    stage: ClaimKind | None  # highest forward stage reached
    status: SagaStatus
    first_seen: datetime
    last_seen: datetime
    best_tier: int | None
    last_fee: Fee | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SagaHistory:
    """Everything ``judge`` may look at: the saga so far (None when new) and its facts."""

    saga: SagaState | None
    claims: tuple[ClaimRecord, ...] = ()
    # for an alternative_target claim: the alternative_target facts already stored for the
    # player it pairs him with (the pairing is one fact, whichever of the two it was filed under)
    paired: tuple[ClaimRecord, ...] = ()


class EventKind(StrEnum):
    NEW_SAGA = "NEW_SAGA"
    STAGE = "STAGE"
    FEE = "FEE"
    CONTRADICTION = "CONTRADICTION"
    CORROBORATED = "CORROBORATED"
    REVIVED = "REVIVED"
    CONTEXT = "CONTEXT"


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A claim judged to be new information, with why."""

    kind: EventKind
    claim: Claim
    fact_key: str
    previous_stage: ClaimKind | None = None
    stage: ClaimKind | None = None  # the saga's stage after this claim


# --------------------------------------------------------------------------- players, chat, feeds


@dataclass(frozen=True, slots=True, kw_only=True)
class Player:
    id: int
    name: str
    aliases: tuple[str, ...] = ()
    followed: bool = False
    # descriptors' facts: nationality ("England"), position ("right-back"), birth date, shirt …
    attributes: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel:
    """Where a subscription lives: one channel of one workspace (guild) on one platform."""

    platform: str  # "console", "discord", "slack"
    workspace: str
    channel: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Subscription:
    id: int
    channel: Channel
    player: Player


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A news item as the core reads it. ``key`` is its identity (canonical link + guid)."""

    key: str
    title: str
    summary: str
    published: datetime
    content: str = ""
    outlet: str = ""
    journalist: str | None = None
    lang: str | None = None
    link: str | None = None
    feed_id: int | None = None

    @property
    def text(self) -> str:
        body = self.content or self.summary
        return f"{self.title}\n\n{body}" if self.title else body


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertLine:
    event: EventKind
    headline: str  # "Real Madrid willing to pay just over £20m for Trent Alexander-Arnold"
    label: str  # "NEW FEE", "STAGE: approach → bid"
    source: str | None
    tier: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRef:
    """Where a saga's later alerts go in one channel: under ``root``, the message id of its first
    alert there; ``thread`` is the thread's id once one exists (Slack's is the root's ``ts``;
    Discord creates one from the root message on first use)."""

    root: str
    thread: str | None = None
    title: str = ""  # a name for a thread the platform has to create


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    """One message to one channel: everything new one article says about one player.
    ``thread``: post it in that saga's thread (the channel has threads on)."""

    channel: Channel
    player: str
    lines: tuple[AlertLine, ...]
    stage: str | None  # the saga's current stage, human-readable
    link: str | None
    outlet: str
    published: datetime
    delivery_ids: tuple[int, ...] = ()
    thread: ThreadRef | None = None


class FeedState(StrEnum):
    ACTIVE = "active"
    BACKING_OFF = "backing_off"
    DISABLED = "disabled"


@dataclass(frozen=True, slots=True, kw_only=True)
class Feed:
    id: int
    url: str
    title: str | None = None
    interval_s: int = 600
    state: FeedState = FeedState.ACTIVE
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    next_poll_at: datetime | None = None
    last_poll_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    failures: int = 0
    items_seen: int = 0
    first_polled: bool = False
    item_error: str | None = None  # "1 item failed: …" from the last poll that read the items
    operator: bool = False  # added by the operator (CLI, config): fetched under its allow-list

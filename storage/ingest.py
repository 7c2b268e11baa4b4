"""Ingest: an article and its claims, judged against saga history, into events and the outbox.

One transaction per article. Every dedup rests on a unique constraint (article key, claim per saga
and fact, evidence per claim and article, delivery per subscription and event), and each saga row
is locked before its history is read (``SELECT … FOR UPDATE`` on PostgreSQL, in one lock order;
``BEGIN IMMEDIATE`` on SQLite), so concurrent ingests of one fact yield one event.

The claims are judged in memory against the players' histories (two statements for all of them)
and written at the end in a few Core executemany statements built once per dialect: new facts,
their evidence, changed facts, sagas, events, deliveries (issue 16: an ORM statement and flush
per claim were most of the store's time). Ids come back in the order of the rows, so every
table's rows get the ids the per-claim writes gave them.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Engine,
    Executable,
    Update,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from bot.model import (
    Article,
    Claim,
    ClaimKind,
    ClaimRecord,
    Event,
    SagaHistory,
    SagaKey,
    SagaState,
)
from bot.ports import NoveltyRules
from bot.records import IngestResult, IngestStatus
from storage import lsh, mapping
from storage.cleantext import CleanJSON, CleanString
from storage.codec import claim_to_dict, event_to_dict, fee_to_dict
from storage.models import (
    ArticleBandRow,
    ArticleRow,
    ClaimRow,
    DeliveryRow,
    EventRow,
    EvidenceRow,
    SagaRow,
    SubscriptionRow,
)
from storage.players import PlayerRepo

logger = logging.getLogger(__name__)


class IngestRepo(PlayerRepo):
    def __init__(self, engine: Engine, **kwargs: Any) -> None:
        super().__init__(engine, **kwargs)
        self._histories = _HistoryCache()

    def ingest(
        self,
        article: Article,
        claims: Sequence[Claim],
        rules: NoveltyRules,
        now: datetime,
        *,
        content_hash: str,
        silent: bool = False,
        signature: Sequence[int] = (),
        near_duplicate_of: str | None = None,
        near_duplicate_since: datetime | None = None,
        remember: Iterable[str] = (),
        spellings: Mapping[int, Iterable[str]] | None = None,
    ) -> IngestResult:
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        with self._core(write=True) as c:
            # one transaction for what were four (issue 16): the names read, the lookup of
            # an earlier copy, the article and its claims, the spellings after them
            self._remember_players(c, remember)
            if near_duplicate_of is None and near_duplicate_since is not None:
                original = self._near_duplicate(c, signature, near_duplicate_since)
                near_duplicate_of = original if original != article.key else None
            result, read = self._ingest(
                c,
                article,
                claims,
                rules,
                now,
                content_hash=content_hash,
                silent=silent,
                signature=signature,
                near_duplicate_of=near_duplicate_of,
            )
            renamed = self._note_spellings(c, spellings or {})  # after its claims: his name
        self._histories.keep(read)  # committed: what they hold is what the store holds
        if renamed:
            self._moved()
        return result

    def _ingest(
        self,
        c: Connection,
        article: Article,
        claims: Sequence[Claim],
        rules: NoveltyRules,
        now: datetime,
        *,
        content_hash: str,
        silent: bool,
        signature: Sequence[int],
        near_duplicate_of: str | None,
    ) -> tuple[IngestResult, dict[int, _PlayerHistory]]:
        """The article's result, and the histories of the players it judged claims of (as this
        ingest leaves them)."""
        article_id, status = self._record_article(
            c,
            article,
            now=now,
            content_hash=content_hash,
            signature=signature,
            near_duplicate_of=near_duplicate_of,
        )
        if status is IngestStatus.DUPLICATE:
            return IngestResult(status=status), {}
        player_ids, sagas = self._lock_sagas(c, claims, now)
        quiet = silent or near_duplicate_of is not None
        # every fact of the players the claims are about, read once (issue 16), or the copy
        # kept from an earlier ingest when the store's facts of the player have not moved since
        histories = self._histories.take(c, {saga.player_id for saga in sagas.values()})
        # the facts this article gave evidence to before (an edited article)
        given = (
            set(c.execute(_EVIDENCE_OF_ARTICLE, {"b_article": article_id}).scalars())
            if status is IngestStatus.EDITED
            else set()
        )
        writes = _Writes(article_id, now, self._outlet)
        pending: list[tuple[SagaRow, _Fact, Event]] = []
        for claim in claims:
            key = claim.saga_key
            saga = sagas[key]
            fact_key = rules.fact_key(claim)
            player_history = histories[saga.player_id]
            row = player_history.fact(saga.id, fact_key)
            if row is not None and not writes.judged(row) and row.id in given:
                continue  # an edited article: this fact was judged when first read
            history = player_history.as_seen_by(saga, key)
            if claim.kind is ClaimKind.ALTERNATIVE_TARGET:
                # the pair told before from the partner's side (his history is read when this
                # article has claims of his, as it does when it names him beside the pairing)
                partner = player_ids.get(claim.related_player or "")
                if partner in histories:
                    history = replace(history, paired=histories[partner].stored_pairs())
            event = rules.judge(claim, history, now)
            state = rules.advance(history.saga, claim, now)
            row, outlet = writes.claim(
                row, saga_id=saga.id, fact_key=fact_key, claim=claim, article=article
            )
            player_history.recorded(row, outlet)
            _save_saga(saga, state)
            writes.saga(saga)
            if event is None or quiet:
                continue
            pending.append((saga, row, event))
        writes.flush(c)
        events = [event for _, _, event in pending]
        deliveries = self._store_events(c, pending, player_ids, article_id, now)
        logger.debug(
            "ingested %s (%s): %d claims, %d events, %d deliveries",
            article.key,
            status.value,
            len(claims),
            len(events),
            deliveries,
        )
        return IngestResult(status=status, events=tuple(events), deliveries=deliveries), histories

    def find_near_duplicate(self, signature: Sequence[int], *, since: datetime) -> str | None:
        if not lsh.band_hashes(signature):
            return None
        with self._core() as c:
            return self._near_duplicate(c, signature, since)

    @staticmethod
    def _near_duplicate(c: Connection, signature: Sequence[int], since: datetime) -> str | None:
        bands = lsh.band_hashes(signature)
        if not bands:
            return None
        wanted = {
            "b_bands": [h for _, h in bands],
            "b_since": since,
            "b_shared": lsh.min_shared_bands(len(signature)),
        }
        candidates = c.execute(_NEAR, wanted).all()
        best: tuple[float, str] | None = None
        for key, other, _seen in candidates:
            score = lsh.agreement(signature, other or ())
            if score >= lsh.MIN_AGREEMENT and (best is None or score > best[0]):
                best = (score, key)  # ties keep the earliest article: the original
        return best[1] if best else None

    # ----------------------------------------------------------------------- steps

    def _record_article(
        self,
        c: Connection,
        article: Article,
        *,
        now: datetime,
        content_hash: str,
        signature: Sequence[int],
        near_duplicate_of: str | None,
    ) -> tuple[int, IngestStatus]:
        fields = {
            "link": article.link,
            "title": article.title,
            "outlet": article.outlet,
            "journalist": article.journalist,
            "lang": article.lang,
            "published": article.published,
            "content_hash": content_hash,
            "feed_id": article.feed_id,
            "near_duplicate_of": near_duplicate_of,
            "signature": [int(v) for v in signature] or None,
        }
        article_id = c.execute(
            _statements(self._pg).article, {"key": article.key, "first_seen": now, **fields}
        ).scalar_one_or_none()
        if article_id is not None:
            self._store_bands(c, article_id, signature)
            return article_id, IngestStatus.NEW
        # seen before (or being inserted by a concurrent ingest, which we waited for)
        article_id, stored_hash = c.execute(
            select(ArticleRow.id, ArticleRow.content_hash)
            .where(ArticleRow.key == article.key)
            .with_for_update()
        ).one()
        if stored_hash == content_hash:
            return article_id, IngestStatus.DUPLICATE
        changed = {k: v for k, v in fields.items() if k != "feed_id" or v is not None}
        c.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(**changed))
        if signature:
            c.execute(delete(ArticleBandRow).where(ArticleBandRow.article_id == article_id))
            self._store_bands(c, article_id, signature)
        return article_id, IngestStatus.EDITED

    def _store_bands(self, c: Connection, article_id: int, signature: Sequence[int]) -> None:
        bands = lsh.band_hashes(signature)
        if bands:  # one executemany of a cached statement
            c.execute(
                insert(ArticleBandRow),
                [{"article_id": article_id, "band": b, "band_hash": h} for b, h in bands],
            )

    def _lock_sagas(
        self, c: Connection, claims: Sequence[Claim], now: datetime
    ) -> tuple[dict[str, int], dict[SagaKey, SagaRow]]:
        """Get or create every saga the claims touch and lock them, in one global order. The
        rows are read whole (unattached to any session: this ingest writes them back itself)."""
        keys = sorted({c.saga_key for c in claims}, key=lambda k: (k.player, k.counterpart, k.deal))
        player_ids: dict[str, int] = {}
        sagas: dict[SagaKey, SagaRow] = {}
        stmt = _statements(self._pg)
        for key in keys:
            if key.player not in player_ids:
                player_ids[key.player] = self._player_id(c, key.player)
            where = {
                "b_player": player_ids[key.player],
                "b_counterpart": key.counterpart,
                "b_deal": key.deal.value,
            }
            found = c.execute(stmt.lock_saga, where).one_or_none()
            if found is None:  # new (or being created by a concurrent ingest: we wait for it)
                c.execute(
                    stmt.create_saga,
                    {
                        "player_id": where["b_player"],
                        "counterpart": key.counterpart,
                        "deal": key.deal.value,
                        "status": "open",
                        "first_seen": now,
                        "last_seen": now,
                    },
                )
                found = c.execute(stmt.lock_saga, where).one()
            sagas[key] = SagaRow(**found._asdict())
        return player_ids, sagas

    def _outlet(self, value: str) -> str:
        """``value`` as the evidence's outlet column stores it (cleaned, cut to its length)."""
        return _OUTLET_TYPE.process_bind_param(value, self._engine.dialect) or ""

    def _store_events(
        self,
        c: Connection,
        pending: Sequence[tuple[SagaRow, _Fact, Event]],
        player_ids: dict[str, int],
        article_id: int,
        now: datetime,
    ) -> int:
        """The events (one executemany, ids in order) and one pending delivery per
        subscription of each event's player (one more). Whether its channel wants it (its
        settings: minimum tier, broken) is the delivery worker's call (``bot.delivery``), made
        when it is due, on the settings of that moment."""
        if not pending:
            return 0
        stmt = _statements(self._pg)
        event_ids = (
            c.execute(
                stmt.event,
                [
                    {
                        "saga_id": saga.id,
                        "claim_id": row.id,
                        "article_id": article_id,
                        "kind": event.kind.value,
                        "payload": event_to_dict(event),
                        "created_at": now,
                    }
                    for saga, row, event in pending
                ],
            )
            .scalars()
            .all()
        )
        players = [
            player_ids.get(event.claim.player) or self._player_id(c, event.claim.player)
            for _, _, event in pending
        ]
        subscriptions: dict[int, list[int]] = {}
        for sub, player in c.execute(_SUBSCRIPTIONS, {"b_players": sorted(set(players))}):
            subscriptions.setdefault(player, []).append(sub)
        rows = [
            {
                "subscription_id": sub,
                "event_id": event_id,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
            }
            for event_id, player in zip(event_ids, players, strict=True)
            for sub in subscriptions.get(player, ())
        ]
        if not rows:
            return 0
        return len(c.execute(stmt.delivery, rows).all())


@dataclass(eq=False, slots=True, kw_only=True)
class _Fact:
    """One fact (a claims row) as this ingest reads and writes it, without the ORM (issue 16:
    an ORM object per fact of a player's history cost more than reading it). A fact read
    from the store leaves out what judging does not read (its newest claim, fee text, window);
    those are written only when set."""

    id: int | None = None
    saga_id: int
    fact_key: str
    kind: str
    polarity: bool
    related_player: str | None
    fee_eur_min: float | None
    fee_eur_max: float | None
    fee_kind: str | None
    first_seen: datetime
    last_seen: datetime
    times_seen: int
    best_tier: int | None
    fee_text: str | None = None
    window_key: str | None = None
    last_claim: dict[str, Any] | None = None


class _Writes:
    """What one ingest writes about facts, sagas and evidence, kept in memory while its claims
    are judged and written at the end in a few executemany statements (issue 16: an ORM
    statement and flush per claim were most of the store's time). Whether evidence is new is
    known here: the article's row is this transaction's (new, or locked), so only this ingest
    gives it evidence, and a fact it gave evidence to before was skipped."""

    __slots__ = (
        "_article_id",
        "_dirty",
        "_evidence",
        "_judged",
        "_new",
        "_now",
        "_outlet",
        "_sagas",
    )

    def __init__(self, article_id: int, now: datetime, outlet: Callable[[str], str]) -> None:
        self._article_id = article_id
        self._now = now
        self._outlet = outlet
        self._new: list[_Fact] = []  # facts to insert, in order: their ids in that order
        self._dirty: dict[_Fact, set[str]] = {}  # stored facts and the columns changed
        self._evidence: list[tuple[_Fact, dict[str, object]]] = []
        self._judged: set[_Fact] = set()  # facts this ingest gave evidence to
        self._sagas: dict[int, SagaRow] = {}

    def judged(self, row: _Fact) -> bool:
        return row in self._judged

    def saga(self, saga: SagaRow) -> None:
        self._sagas[saga.id] = saga

    def claim(
        self,
        row: _Fact | None,
        *,
        saga_id: int,
        fact_key: str,
        claim: Claim,
        article: Article,
    ) -> tuple[_Fact, str | None]:
        """The claim's fact (new if ``row`` is None) with this article's evidence, and the
        outlet of that evidence when it is new (None when the article had given it before)."""
        now = self._now
        tier = claim.source.tier if claim.source else None
        changed: set[str] = set()
        if row is None:
            row = _Fact(
                saga_id=saga_id,
                fact_key=fact_key,
                kind=claim.kind.value,
                polarity=claim.polarity,
                related_player=claim.related_player,
                first_seen=now,
                last_seen=now,
                times_seen=0,
                best_tier=tier,
                last_claim=claim_to_dict(claim),
                fee_text=None,
                fee_eur_min=None,
                fee_eur_max=None,
                fee_kind=None,
                window_key=None,
            )
            _copy_fee(row, claim, changed)
            self._new.append(row)
        outlet: str | None = None
        if row not in self._judged:
            outlet = self._outlet(article.outlet or claim.carrier or "")
            self._judged.add(row)
            self._evidence.append(
                (
                    row,
                    {
                        "article_id": self._article_id,
                        "source": claim.source.name if claim.source else None,
                        "tier": tier,
                        "carrier": claim.carrier,
                        "outlet": outlet,
                        "sentence": claim.sentence,
                        "seen_at": now,
                    },
                )
            )
            row.times_seen += 1
            row.last_seen = max(row.last_seen, now)
            row.last_claim = claim_to_dict(claim)
            changed |= {"times_seen", "last_seen", "last_claim"}
            _copy_fee(row, claim, changed)
        if tier is not None and (row.best_tier is None or tier < row.best_tier):
            row.best_tier = tier
            changed.add("best_tier")
        if row.id is not None and changed:
            self._dirty.setdefault(row, set()).update(changed)
        return row, outlet

    def flush(self, c: Connection) -> None:
        """New facts (ids back in order), their evidence, changed facts and sagas."""
        if self._new:
            ids = (
                c.execute(
                    _NEW_CLAIM,
                    [{col: getattr(row, col) for col in _CLAIM_COLUMNS} for row in self._new],
                )
                .scalars()
                .all()
            )
            for row, claim_id in zip(self._new, ids, strict=True):
                row.id = claim_id
        if self._evidence:
            c.execute(_NEW_EVIDENCE, [{"claim_id": row.id, **e} for row, e in self._evidence])
        by_columns: dict[tuple[str, ...], list[dict[str, object]]] = {}
        for row, columns in self._dirty.items():
            names = tuple(sorted(columns))
            values = {f"b_{col}": getattr(row, col) for col in names}
            by_columns.setdefault(names, []).append({"b_id": row.id, **values})
        for names, rows in by_columns.items():
            c.execute(_claim_update(names), rows)
        if self._sagas:
            c.execute(
                _SAGA_UPDATE,
                [
                    {"b_id": saga.id, **{f"b_{col}": getattr(saga, col) for col in _SAGA_STATE}}
                    for saga in self._sagas.values()
                ],
            )


class _PlayerHistory:
    """What ``judge`` sees of one player, read once per article and kept up to date by this
    ingest's own writes (issue 16: it was re-read for every claim).

    Every fact of *every* saga of the player (a claim that names no club may be about any of his
    deals: ``bot.novelty`` picks the comparable ones), with the distinct outlets that reported
    each. The rows are this ingest's own (unattached) objects, so what ``_Writes`` changes on
    them is what the next claim sees, as a fresh read would; each one's record is built again
    only when it changes."""

    __slots__ = ("_by_fact", "_records", "_sagas", "outlets", "rows")

    def __init__(self) -> None:
        self.rows: list[_Fact] = []
        self.outlets: dict[_Fact, set[str]] = {}
        self._by_fact: dict[tuple[int, str], _Fact] = {}
        self._sagas: set[int] = set()
        self._records: dict[_Fact, ClaimRecord] = {}

    @classmethod
    def read(cls, c: Connection, player_ids: set[int]) -> dict[int, _PlayerHistory]:
        """The histories of ``player_ids``: two statements, whatever their number."""
        out = {player_id: cls() for player_id in player_ids}
        if not player_ids:
            return out
        wanted = {"b_players": sorted(player_ids)}
        by_id: dict[int, _Fact] = {}
        for player_id, claim_id, *values in c.execute(_HISTORY, wanted).all():
            row = _Fact(id=claim_id, **dict(zip(_HISTORY_COLUMNS[1:], values, strict=True)))
            out[player_id].add(row)
            by_id[claim_id] = row
        for claim_id, player_id, outlet in c.execute(_HISTORY_OUTLETS, wanted).all():
            out[player_id].outlets.setdefault(by_id[claim_id], set()).add(outlet)
        return out

    def add(self, row: _Fact) -> None:
        self.rows.append(row)
        self._by_fact[row.saga_id, row.fact_key] = row
        self._sagas.add(row.saga_id)

    def fact(self, saga_id: int, fact_key: str) -> _Fact | None:
        return self._by_fact.get((saga_id, fact_key))

    def as_seen_by(self, saga: SagaRow, key: SagaKey) -> SagaHistory:
        """The history for a claim of ``saga``: its state (None while it has no fact yet) and
        every fact of the player."""
        return SagaHistory(
            saga=mapping.saga_state(saga, key.player) if saga.id in self._sagas else None,
            claims=tuple(self._record(row) for row in self.rows),
        )

    def stored_pairs(self) -> tuple[ClaimRecord, ...]:
        """The player's alternative_target facts stored before this ingest (not its own new
        ones: two players paired for the first time by one article are news to both)."""
        return tuple(
            self._record(row)
            for row in self.rows
            if row.kind == ClaimKind.ALTERNATIVE_TARGET.value and row.id is not None
        )

    def _record(self, row: _Fact) -> ClaimRecord:
        """The fact as ``judge`` reads it, built again only after it changed."""
        record = self._records.get(row)
        if record is None:
            record = self._records[row] = mapping.claim_record(row, len(self.outlets.get(row, ())))
        return record

    def version(self) -> tuple[int, int, int]:
        """How many facts, the highest id, the sum of their ``times_seen``: as the store's
        :data:`_HISTORY_VERSION` counts them when this copy is the store's."""
        ids = [row.id for row in self.rows if row.id is not None]
        return len(self.rows), max(ids, default=0), sum(row.times_seen for row in self.rows)

    def recorded(self, row: _Fact, outlet: str | None) -> None:
        """``row`` was written with new evidence from ``outlet`` (None: no new evidence)."""
        if (row.saga_id, row.fact_key) not in self._by_fact:  # a new fact: last in id order
            self.add(row)
        if outlet is not None:
            self.outlets.setdefault(row, set()).add(outlet)
        self._records.pop(row, None)


class _HistoryCache:
    """The players' histories of the last ingests, kept in memory between them (issue 16:
    reading 190 facts of a player again for every item cost 1.6-2 ms, a third of the store's
    time), checked against the store before each use.

    A copy is used only when the store's facts of its player are as it holds them: how many
    there are, the highest id and the sum of their ``times_seen``, read in one aggregate
    statement. Every write to a fact is an ingest's, and each one adds a fact (the count and
    the highest id move) or evidence to one (``times_seen`` moves), whichever process made it;
    the distinct outlets of a fact change only with its evidence. A copy is taken out while an
    ingest uses it (two ingests at once never share one) and put back only after that ingest
    committed, so one rolled back leaves nothing behind. At most :data:`HISTORY_CACHE_PLAYERS`
    players are kept, the least recently used dropped first."""

    __slots__ = ("_kept", "_lock")

    def __init__(self) -> None:
        self._kept: OrderedDict[int, _PlayerHistory] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, c: Connection, player_ids: set[int]) -> dict[int, _PlayerHistory]:
        """The histories of ``player_ids``, from the copies still true and the store."""
        with self._lock:
            kept = {pid: self._kept.pop(pid) for pid in player_ids if pid in self._kept}
        if kept:
            stored = {
                pid: (int(count), int(top), int(seen))
                for pid, count, top, seen in c.execute(
                    _HISTORY_VERSION, {"b_players": sorted(kept)}
                )
            }
            kept = {
                pid: history
                for pid, history in kept.items()
                if history.version() == stored.get(pid, (0, 0, 0))
            }
        out = _PlayerHistory.read(c, player_ids - kept.keys())
        out.update(kept)
        return out

    def keep(self, histories: Mapping[int, _PlayerHistory]) -> None:
        with self._lock:
            for pid, history in histories.items():
                self._kept[pid] = history
                self._kept.move_to_end(pid)
            while len(self._kept) > HISTORY_CACHE_PLAYERS:
                self._kept.popitem(last=False)


#: players whose histories are kept between ingests (a player of 190 facts takes about 150 KB)
HISTORY_CACHE_PLAYERS = 64


def _save_saga(row: SagaRow, state: SagaState) -> None:
    row.stage = state.stage.value if state.stage else None
    row.status = state.status.value
    row.first_seen = state.first_seen
    row.last_seen = state.last_seen
    row.best_tier = state.best_tier
    row.last_fee = fee_to_dict(state.last_fee) if state.last_fee else None


def _copy_fee(row: _Fact, claim: Claim, changed: set[str]) -> None:
    if claim.fee is not None:
        row.fee_text = claim.fee.text
        row.fee_eur_min = claim.fee.eur_min
        row.fee_eur_max = claim.fee.eur_max
        row.fee_kind = claim.fee.kind.value
        changed |= {"fee_text", "fee_eur_min", "fee_eur_max", "fee_kind"}
    if claim.window is not None:
        row.window_key = claim.window.key
        changed.add("window_key")


# ----------------------------------------------------------------------- statements, built once
# (a statement built per call cost more than running it; these keep their compiled form cached)

_CLAIMS = ClaimRow.__table__
_SAGAS = SagaRow.__table__
_OUTLET_TYPE = cast(CleanString, EvidenceRow.__table__.c.outlet.type)
#: the columns of a fact ``judge`` reads (not its newest claim, its fee text, its window)
_HISTORY_COLUMNS = (
    "id",
    "saga_id",
    "fact_key",
    "kind",
    "polarity",
    "related_player",
    "fee_eur_min",
    "fee_eur_max",
    "fee_kind",
    "first_seen",
    "last_seen",
    "times_seen",
    "best_tier",
)
_HISTORY = (
    select(SagaRow.player_id, *(_CLAIMS.c[col] for col in _HISTORY_COLUMNS))
    .select_from(_CLAIMS)
    .join(SagaRow, SagaRow.id == ClaimRow.saga_id)
    .where(SagaRow.player_id.in_(bindparam("b_players", expanding=True)))
    .order_by(ClaimRow.id)
)
_HISTORY_VERSION = (
    select(
        SagaRow.player_id,
        func.count(ClaimRow.id),
        func.coalesce(func.max(ClaimRow.id), 0),
        func.coalesce(func.sum(ClaimRow.times_seen), 0),
    )
    .select_from(_CLAIMS)
    .join(SagaRow, SagaRow.id == ClaimRow.saga_id)
    .where(SagaRow.player_id.in_(bindparam("b_players", expanding=True)))
    .group_by(SagaRow.player_id)
)
_HISTORY_OUTLETS = (
    select(EvidenceRow.claim_id, SagaRow.player_id, EvidenceRow.outlet)
    .distinct()
    .join(ClaimRow, ClaimRow.id == EvidenceRow.claim_id)
    .join(SagaRow, SagaRow.id == ClaimRow.saga_id)
    .where(SagaRow.player_id.in_(bindparam("b_players", expanding=True)))
)
_NEAR = (
    select(ArticleRow.key, ArticleRow.signature, ArticleRow.first_seen)
    .where(
        ArticleRow.id.in_(  # the articles sharing enough bands to be near-duplicates
            select(ArticleBandRow.article_id)
            .where(ArticleBandRow.band_hash.in_(bindparam("b_bands", expanding=True)))
            .group_by(ArticleBandRow.article_id)
            .having(func.count() >= bindparam("b_shared"))
        ),
        ArticleRow.first_seen >= bindparam("b_since"),
    )
    .order_by(ArticleRow.first_seen, ArticleRow.id)
)
_EVIDENCE_OF_ARTICLE = select(EvidenceRow.claim_id).where(
    EvidenceRow.article_id == bindparam("b_article")
)
_SUBSCRIPTIONS = (
    select(SubscriptionRow.id, SubscriptionRow.player_id)
    .where(SubscriptionRow.player_id.in_(bindparam("b_players", expanding=True)))
    .order_by(SubscriptionRow.id)
)
_CLAIM_COLUMNS = (
    "saga_id",
    "fact_key",
    "kind",
    "polarity",
    "fee_text",
    "fee_eur_min",
    "fee_eur_max",
    "fee_kind",
    "window_key",
    "related_player",
    "first_seen",
    "last_seen",
    "times_seen",
    "best_tier",
    "last_claim",
)
_NEW_CLAIM = insert(ClaimRow).returning(ClaimRow.id, sort_by_parameter_order=True)
_NEW_EVIDENCE = insert(EvidenceRow)
_SAGA_STATE = ("stage", "status", "first_seen", "last_seen", "best_tier", "last_fee")
_SAGA_UPDATE = (
    update(SagaRow)
    .where(SagaRow.id == bindparam("b_id"))
    .values(
        {
            col: bindparam(f"b_{col}")
            if col != "last_fee"  # no fee is SQL NULL, as on a new saga (not JSON null)
            else bindparam(f"b_{col}", type_=CleanJSON(none_as_null=True))
            for col in _SAGA_STATE
        }
    )
)


@cache
def _claim_update(columns: tuple[str, ...]) -> Update:
    """``UPDATE claims SET`` these columns ``WHERE id``, for an executemany."""
    return (
        update(ClaimRow)
        .where(ClaimRow.id == bindparam("b_id"))
        .values({col: bindparam(f"b_{col}") for col in columns})
    )


@dataclass(frozen=True, slots=True)
class _Statements:
    article: Executable
    lock_saga: Executable
    create_saga: Executable
    event: Executable
    delivery: Executable


@cache
def _statements(pg: bool) -> _Statements:
    """The dialect's upserts (and the saga lock, ``FOR UPDATE`` on PostgreSQL only)."""
    insert_of = postgresql.insert if pg else sqlite.insert
    return _Statements(
        article=insert_of(ArticleRow)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(ArticleRow.id),
        lock_saga=select(*_SAGAS.c)
        .where(
            SagaRow.player_id == bindparam("b_player"),
            SagaRow.counterpart == bindparam("b_counterpart"),
            SagaRow.deal == bindparam("b_deal"),
        )
        .with_for_update(),
        create_saga=insert_of(SagaRow).on_conflict_do_nothing(
            index_elements=["player_id", "counterpart", "deal"]
        ),
        event=insert(EventRow).returning(EventRow.id, sort_by_parameter_order=True),
        delivery=insert_of(DeliveryRow)
        .on_conflict_do_nothing(index_elements=["subscription_id", "event_id"])
        .returning(DeliveryRow.id),
    )

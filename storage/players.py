"""Players, their aliases, known names, and channel subscriptions."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Executable,
    Exists,
    bindparam,
    delete,
    exists,
    func,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.model import Channel, Player
from bot.names import normalise
from storage import mapping
from storage.models import (
    KnownPlayerRow,
    PlayerAliasRow,
    PlayerRow,
    SagaRow,
    SubscriptionRow,
)
from storage.repo import Repo

#: A player row's attribute counting the spellings of his name the news wrote (not a
#: descriptor's fact: left out of the players this module returns).
SPELLINGS = "spellings"


#: How long a read of the stored followed version stands for other processes' follows (a
#: follow made through this store moves the version at once)
FOLLOWED_RECHECK_S = 1.0


class PlayerRepo(Repo):
    def __init__(self, engine: Engine, **kwargs: Any) -> None:
        super().__init__(engine, **kwargs)
        self._version_lock = threading.Lock()
        self._written = 0  # follows, players, aliases and renames written through this store
        self._stored: tuple[tuple[object, ...], float] | None = None  # (version, when read)

    # ----------------------------------------------------------------------- players

    def find_player(self, alias: str) -> Player | None:
        norm = normalise(alias)
        if not norm:
            return None
        with self._tx() as s:
            ids = (
                s.execute(
                    select(PlayerAliasRow.player_id)
                    .where(PlayerAliasRow.alias_norm == norm)
                    .distinct()
                    .limit(2)
                )
                .scalars()
                .all()
            )
            if len(ids) != 1:  # unknown, or ambiguous between players
                return None
            return load_players(s, ids)[ids[0]]

    def players(self, *, followed_only: bool = False) -> list[Player]:
        with self._tx() as s:
            stmt = select(PlayerRow.id).order_by(PlayerRow.name)
            if followed_only:
                stmt = stmt.where(_followed(PlayerRow.id))
            ids = list(s.execute(stmt).scalars())
            loaded = load_players(s, ids)
            return [loaded[i] for i in ids]

    def followed_version(self) -> tuple[object, ...]:
        """What moves when what is followed or how players are named changes: the writes made
        through this store (at once), and the store's counts, highest ids and sums of the player
        ids of the subscriptions and of the followed players' aliases, read again when the last
        read is :data:`FOLLOWED_RECHECK_S` old (another process's follow is seen within that:
        issue 16, aggregates over every player cost 3.3 ms an item over 28,580 players, more
        than reading it). A follow, an unfollow, a followed player's new alias moves them, and
        so does one player's follow swapped for another's between two reads (SQLite may give
        the new row the id the deleted one had; the sum of player ids still moves)."""
        now = time.monotonic()
        with self._version_lock:
            stored, written = self._stored, self._written
        if stored is None or now - stored[1] >= FOLLOWED_RECHECK_S:
            with self._core() as c:
                stored = (tuple(c.execute(_FOLLOWED_VERSION).one()), now)
            with self._version_lock:
                self._stored = stored
        return (written, *stored[0])

    def _moved(self) -> None:
        """A write through this store changed what is followed or how players are named
        (called after its transaction committed)."""
        with self._version_lock:
            self._written += 1

    def players_with_sagas(self) -> set[int]:
        with self._core() as c:
            return set(c.execute(select(SagaRow.player_id).distinct()).scalars())

    def add_player(
        self,
        name: str,
        aliases: Iterable[str],
        *,
        attributes: Mapping[str, str] | None = None,
    ) -> Player:
        name = " ".join(name.split())
        with self._tx(write=True) as s:
            player_id = self._player_id(s, name)
            if attributes:
                row = s.get_one(PlayerRow, player_id)
                row.attributes = {**(row.attributes or {}), **attributes}
            for alias in aliases:
                self._add_alias(s, player_id, alias)
            player = load_players(s, [player_id])[player_id]
        self._moved()
        return player

    def _player_id(self, s: Session | Connection, name: str) -> int:
        """Id of the player called ``name``, created (with its name as an alias) if new: one
        statement for a stored player (statements built once per dialect, issue 16)."""
        c = s.connection() if isinstance(s, Session) else s
        found = c.execute(_PLAYER_ID, {"b_name": name}).scalar_one_or_none()
        if found is not None:
            return int(found)
        stmt = _player_statements(self._pg)
        created = c.execute(stmt.create, {"name": name, "attributes": {}}).scalar_one_or_none()
        if created is None:  # created meanwhile by a concurrent writer
            return int(c.execute(_PLAYER_ID, {"b_name": name}).scalar_one())
        self._add_alias(c, created, name)
        return int(created)

    def _add_alias(self, s: Session | Connection, player_id: int, alias: str) -> None:
        c = s.connection() if isinstance(s, Session) else s
        alias = " ".join(alias.split())
        norm = normalise(alias)
        if norm:
            c.execute(
                _player_statements(self._pg).alias,
                {"player_id": player_id, "alias": alias, "alias_norm": norm},
            )

    def remember_players(self, names: Iterable[str]) -> None:
        names = list(names)
        if any(normalise(n) for n in names):
            with self._core(write=True) as c:
                self._remember_players(c, names)

    def _remember_players(self, c: Connection, names: Iterable[str]) -> None:
        """:meth:`remember_players` inside the transaction of ``c`` (the ingest's own)."""
        by_norm = {normalise(n): " ".join(n.split()) for n in names if normalise(n)}
        if not by_norm:
            return
        now = datetime.now(UTC)
        rows = [  # sorted: one lock order for concurrent writers
            {"name_norm": norm, "name": by_norm[norm], "times_seen": 1, "last_seen": now}
            for norm in sorted(by_norm)
        ]
        c.execute(_player_statements(self._pg).remember, rows)  # one executemany

    def note_spellings(self, spellings: Mapping[int, Iterable[str]]) -> dict[int, str]:
        """Count the spellings of these players' names one article wrote (each once); a player
        whose spelling the news now uses more often than his name takes it as his name (the old
        one stays an alias). A name another player has is never taken. The players renamed ->
        their new names."""
        if not spellings:
            return {}
        with self._core(write=True) as c:
            renamed = self._note_spellings(c, spellings)
        if renamed:
            self._moved()
        return renamed

    def _note_spellings(
        self, c: Connection, spellings: Mapping[int, Iterable[str]]
    ) -> dict[int, str]:
        """:meth:`note_spellings` inside the transaction of ``c`` (the ingest's own, issue 16:
        a transaction of its own per item cost more than its work)."""
        renamed: dict[int, str] = {}
        for player_id in sorted(spellings):  # one lock order for concurrent writers
            row = c.execute(_SPELLINGS_OF, {"b_id": player_id}).one_or_none()
            written = dict.fromkeys(" ".join(x.split()) for x in spellings[player_id])
            if row is None or not any(written):
                continue
            name, stored = row
            attributes: dict[str, Any] = dict(stored or {})
            counts: dict[str, int] = dict(attributes.get(SPELLINGS) or {})
            for spelling in written:
                if spelling:
                    counts[spelling] = counts.get(spelling, 0) + 1
            values = {"b_id": player_id, "b_attributes": {**attributes, SPELLINGS: counts}}
            best = self._best_spelling(c, name, counts)
            if best is None:
                c.execute(_SAVE_SPELLINGS, values)
                continue
            c.execute(_RENAME, {**values, "b_name": best})
            # his new name as an alias, added anew: followed_version() moves
            c.execute(_DROP_ALIAS, {"b_id": player_id, "b_alias": best})
            self._add_alias(c, player_id, best)
            renamed[player_id] = best
        return renamed

    @staticmethod
    def _best_spelling(c: Connection, name: str, counts: Mapping[str, int]) -> str | None:
        """The spelling seen most (the first seen of equals), if more often than ``name`` and
        no other player's name."""
        for spelling in sorted(counts, key=lambda k: -counts[k]):
            if spelling == name or counts[spelling] <= counts.get(name, 0):
                return None
            if c.execute(_PLAYER_ID, {"b_name": spelling}).first() is None:
                return spelling
        return None

    def known_players(self, *, limit: int = 500) -> list[str]:
        with self._tx() as s:
            rows = s.execute(
                select(KnownPlayerRow.name)
                .order_by(KnownPlayerRow.times_seen.desc(), KnownPlayerRow.name)
                .limit(limit)
            )
            return list(rows.scalars())

    # ----------------------------------------------------------------------- subscriptions

    def subscribe(self, channel: Channel, player_id: int) -> bool:
        with self._tx(write=True) as s:
            stmt = self._insert_ignore(
                SubscriptionRow,
                ["platform", "workspace", "channel", "player_id"],
                platform=channel.platform,
                workspace=channel.workspace,
                channel=channel.channel,
                player_id=player_id,
                created_at=datetime.now(UTC),
            )
            added = s.execute(stmt.returning(SubscriptionRow.id)).scalar_one_or_none() is not None
        if added:
            self._moved()
        return added

    def unsubscribe(self, channel: Channel, player_id: int) -> bool:
        with self._tx(write=True) as s:
            ids = s.execute(
                delete(SubscriptionRow)
                .where(*_in_channel(channel), SubscriptionRow.player_id == player_id)
                .returning(SubscriptionRow.id)
            ).all()
        if ids:
            self._moved()
        return bool(ids)

    def channel_players(self, channel: Channel) -> list[Player]:
        with self._tx() as s:
            ids = list(
                s.execute(
                    select(PlayerRow.id)
                    .join(SubscriptionRow, SubscriptionRow.player_id == PlayerRow.id)
                    .where(*_in_channel(channel))
                    .order_by(PlayerRow.name)
                ).scalars()
            )
            loaded = load_players(s, ids)
            return [loaded[i] for i in ids]


@dataclass(frozen=True, slots=True)
class _PlayerStatements:
    """The write statements of the ingest path, built once per dialect: a statement built
    for every call cost more than running it (issue 16)."""

    create: Executable
    alias: Executable
    remember: Executable


@cache
def _player_statements(pg: bool) -> _PlayerStatements:
    insert_of = postgresql.insert if pg else sqlite.insert
    remember = insert_of(KnownPlayerRow)
    return _PlayerStatements(
        create=insert_of(PlayerRow)
        .on_conflict_do_nothing(index_elements=["name"])
        .returning(PlayerRow.id),
        alias=insert_of(PlayerAliasRow).on_conflict_do_nothing(
            index_elements=["player_id", "alias"]
        ),
        remember=remember.on_conflict_do_update(
            index_elements=["name_norm"],
            set_={
                "times_seen": KnownPlayerRow.times_seen + 1,
                "last_seen": remember.excluded.last_seen,
            },
        ),
    )


_PLAYER_ID = select(PlayerRow.id).where(PlayerRow.name == bindparam("b_name"))
# a player's spellings noted, in Core statements built once (issue 16: an ORM session per
# item cost more than these)
_SPELLINGS_OF = (
    select(PlayerRow.name, PlayerRow.attributes)
    .where(PlayerRow.id == bindparam("b_id"))
    .with_for_update()
)
_SAVE_SPELLINGS = (
    update(PlayerRow)
    .where(PlayerRow.id == bindparam("b_id"))
    .values(attributes=bindparam("b_attributes"))
)
_RENAME = (
    update(PlayerRow)
    .where(PlayerRow.id == bindparam("b_id"))
    .values(attributes=bindparam("b_attributes"), name=bindparam("b_name"))
)
_DROP_ALIAS = delete(PlayerAliasRow).where(
    PlayerAliasRow.player_id == bindparam("b_id"), PlayerAliasRow.alias == bindparam("b_alias")
)


def _in_channel(channel: Channel) -> tuple[ColumnElement[bool], ...]:
    return (
        SubscriptionRow.platform == channel.platform,
        SubscriptionRow.workspace == channel.workspace,
        SubscriptionRow.channel == channel.channel,
    )


def _followed(player_id: ColumnElement[int] | InstrumentedAttribute[int]) -> Exists:
    return exists().where(SubscriptionRow.player_id == player_id)


_FOLLOWED_VERSION = select(
    *(
        select(aggregate).where(where).scalar_subquery()
        for aggregate, where in (
            (func.count(SubscriptionRow.id), true()),
            (func.max(SubscriptionRow.id), true()),
            (func.sum(SubscriptionRow.player_id), true()),
            # of the followed players only: a player the news named, whom nobody follows,
            # changes nothing the ingest reads (issue 16: each one made it read 10,000
            # followed players again)
            (func.count(PlayerAliasRow.id), _followed(PlayerAliasRow.player_id)),
            (func.max(PlayerAliasRow.id), _followed(PlayerAliasRow.player_id)),
            (func.sum(PlayerAliasRow.player_id), _followed(PlayerAliasRow.player_id)),
        )
    )
)


def load_players(s: Session, ids: Iterable[int]) -> dict[int, Player]:
    """Players by id, with aliases (in insertion order) and whether anyone follows them."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    # plain rows, not ORM objects (issue 16: loading 10,000 followed players as ORM objects
    # held 10 MB more at once, and that high-water mark stays in the process's RSS)
    rows = s.execute(
        select(PlayerRow.id, PlayerRow.name, PlayerRow.attributes).where(PlayerRow.id.in_(wanted))
    ).all()
    aliases: dict[int, list[str]] = defaultdict(list)
    for player_id, alias in s.execute(
        select(PlayerAliasRow.player_id, PlayerAliasRow.alias)
        .where(PlayerAliasRow.player_id.in_(wanted))
        .order_by(PlayerAliasRow.id)
    ):
        aliases[player_id].append(alias)
    followed = set(
        s.execute(
            select(SubscriptionRow.player_id)
            .where(SubscriptionRow.player_id.in_(wanted))
            .distinct()
        ).scalars()
    )
    return {
        row.id: _without_counts(
            mapping.player(row, tuple(aliases[row.id]), followed=row.id in followed)
        )
        for row in rows
    }


def _without_counts(player: Player) -> Player:
    if SPELLINGS not in player.attributes:
        return player
    return replace(
        player, attributes={k: v for k, v in player.attributes.items() if k != SPELLINGS}
    )

"""Channels' settings and broken state, and each saga's first alert and thread per channel."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, select, tuple_, update
from sqlalchemy.orm import Session

from bot.model import Channel, ThreadRef
from bot.records import Broken, ChannelSettings, DeliveryMode, QuietHours
from storage.mapping import channel_values
from storage.models import ChannelRow, SagaThreadRow
from storage.repo import Repo

Key = tuple[str, str, str]


def key(channel: Channel) -> Key:
    return (channel.platform, channel.workspace, channel.channel)


class ChannelRepo(Repo):
    # ----------------------------------------------------------------------- settings

    def channel_settings(self, channel: Channel) -> ChannelSettings:
        with self._tx() as s:
            return load_settings(s, [key(channel)]).get(key(channel), ChannelSettings())

    def save_channel_settings(self, channel: Channel, settings: ChannelSettings) -> None:
        values = _values(settings)
        with self._tx(write=True) as s:
            stmt = self._insert(ChannelRow).values(**channel_values(channel), **values)
            s.execute(
                stmt.on_conflict_do_update(
                    index_elements=["platform", "workspace", "channel"], set_=values
                )
            )

    def mark_channel_broken(self, channel: Channel, reason: str, now: datetime) -> bool:
        with self._tx(write=True) as s:
            self._ensure(s, channel)
            marked = s.execute(
                update(ChannelRow)
                .where(*_at(ChannelRow, channel), ChannelRow.broken_at.is_(None))
                .values(broken_at=now, broken_reason=reason[:500])
                .returning(ChannelRow.id)
            ).all()
            return bool(marked)

    def clear_channel_broken(self, channel: Channel) -> bool:
        with self._tx(write=True) as s:
            cleared = s.execute(
                update(ChannelRow)
                .where(*_at(ChannelRow, channel), ChannelRow.broken_at.is_not(None))
                .values(broken_at=None, broken_reason=None)
                .returning(ChannelRow.id)
            ).all()
            return bool(cleared)

    def _ensure(self, s: Session, channel: Channel) -> None:
        """The channel's row, with the default settings if it had none."""
        s.execute(
            self._insert_ignore(
                ChannelRow,
                ["platform", "workspace", "channel"],
                **channel_values(channel),
                **_values(ChannelSettings()),
            )
        )

    # ----------------------------------------------------------------------- saga threads

    def saga_thread(self, channel: Channel, saga_id: int) -> ThreadRef | None:
        with self._tx() as s:
            row = s.execute(
                select(SagaThreadRow).where(
                    *_at(SagaThreadRow, channel), SagaThreadRow.saga_id == saga_id
                )
            ).scalar_one_or_none()
            if row is None:
                return None
            return ThreadRef(root=row.root_message_id, thread=row.thread_id)

    def save_saga_thread(
        self, channel: Channel, saga_id: int, ref: ThreadRef, *, replace: bool = False
    ) -> None:
        where = (*_at(SagaThreadRow, channel), SagaThreadRow.saga_id == saga_id)
        with self._tx(write=True) as s:
            s.execute(
                self._insert_ignore(
                    SagaThreadRow,
                    ["platform", "workspace", "channel", "saga_id"],
                    **channel_values(channel),
                    saga_id=saga_id,
                    root_message_id=ref.root,
                    thread_id=ref.thread,
                    created_at=datetime.now(UTC),
                )
            )
            if replace:
                s.execute(
                    update(SagaThreadRow)
                    .where(*where)
                    .values(root_message_id=ref.root, thread_id=ref.thread)
                )
            elif ref.thread is not None:
                s.execute(
                    update(SagaThreadRow)
                    .where(
                        *where,
                        SagaThreadRow.root_message_id == ref.root,
                        SagaThreadRow.thread_id.is_(None),
                    )
                    .values(thread_id=ref.thread)
                )


def load_settings(s: Session, keys: Iterable[Key]) -> dict[Key, ChannelSettings]:
    """The stored settings of these channels (a channel without a row is left out)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    rows = s.execute(
        select(ChannelRow).where(
            tuple_(ChannelRow.platform, ChannelRow.workspace, ChannelRow.channel).in_(wanted)
        )
    ).scalars()
    return {(r.platform, r.workspace, r.channel): _settings(r) for r in rows}


def _at(
    model: type[ChannelRow] | type[SagaThreadRow], channel: Channel
) -> tuple[ColumnElement[bool], ...]:
    return (
        model.platform == channel.platform,
        model.workspace == channel.workspace,
        model.channel == channel.channel,
    )


def _clock(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def _time(text: str) -> time:
    hour, _, minute = text.partition(":")
    return time(int(hour), int(minute or 0))


def _values(settings: ChannelSettings) -> dict[str, Any]:
    quiet = settings.quiet_hours
    broken = settings.broken
    return {
        "min_tier": settings.min_tier,
        "mode": settings.mode.value,
        "digest_hour": settings.digest_hour,
        "quiet_start": _clock(quiet.start) if quiet else None,
        "quiet_end": _clock(quiet.end) if quiet else None,
        "timezone": settings.timezone,
        "threads": settings.threads,
        "broken_at": broken.since if broken else None,
        "broken_reason": broken.reason if broken else None,
    }


def _settings(row: ChannelRow) -> ChannelSettings:
    quiet = None
    if row.quiet_start and row.quiet_end:
        quiet = QuietHours(start=_time(row.quiet_start), end=_time(row.quiet_end))
    broken = None
    if row.broken_at is not None:
        broken = Broken(reason=row.broken_reason or "refused", since=row.broken_at)
    return ChannelSettings(
        min_tier=row.min_tier,
        mode=DeliveryMode(row.mode),
        digest_hour=row.digest_hour,
        quiet_hours=quiet,
        timezone=row.timezone,
        threads=row.threads,
        broken=broken,
    )

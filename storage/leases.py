"""Who holds a lease: this process's identity, and whether the holder of a lease still lives.

A feed being polled and the outbox rows being sent are leased (``leased_until``) and carry the
holder's identity (``lease_owner``): ``host:pid:start``, the process's start time (clock ticks
since boot, ``/proc/<pid>/stat``) telling a reused pid from the process that held it. A process
that starts (:meth:`LeaseRepo.reclaim_dead_leases`) frees at once the leases of the processes of
its own host that are gone: a bot killed during a poll and restarted polls again at once
instead of waiting for the lease to run out. Leases of other hosts run out as before. At a
graceful stop a process frees its own (:meth:`LeaseRepo.release_leases`).
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, update

from storage.models import DeliveryRow, FeedRow
from storage.repo import Repo

logger = logging.getLogger(__name__)


def _start_ticks(pid: int) -> str | None:
    """The process's start time in clock ticks since boot; None when there is no such process
    (or no ``/proc``)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) is in parentheses and may hold spaces: split after it
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None  # field 22 of the whole line


def process_identity(pid: int | None = None) -> str:
    """``host:pid:start`` of this process (or of ``pid``, on this host)."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid) or 0}"


def is_gone(owner: str) -> bool:
    """True when ``owner`` was a process of this host that no longer runs (its pid is free, or
    is another process's now). A holder on another host, or one not to be read, is not gone."""
    parts = owner.rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    host, pid, start = parts
    if host != socket.gethostname():
        return False
    now = _start_ticks(int(pid))
    if now is None:
        return Path("/proc/self/stat").exists()  # no such pid (when /proc can be read at all)
    return start not in ("0", now)


class LeaseRepo(Repo):
    #: The identity written on the leases this store takes (a test stands in for another
    #: process by setting another).
    lease_owner: str = process_identity()

    def reclaim_dead_leases(self, now: datetime) -> dict[str, int]:
        """Free the unexpired leases of feeds and outbox rows held by processes of this host
        that are gone; how many of each were freed."""
        freed: dict[str, int] = {}
        with self._tx(write=True) as s:
            for name, model in (("feeds", FeedRow), ("deliveries", DeliveryRow)):
                owners = s.execute(
                    select(model.lease_owner)
                    .where(model.leased_until > now, model.lease_owner.is_not(None))
                    .distinct()
                ).scalars()
                dead = [o for o in owners if o is not None and o != self.lease_owner and is_gone(o)]
                count = 0
                if dead:
                    count = len(
                        s.execute(
                            update(model)
                            .where(model.lease_owner.in_(dead), model.leased_until > now)
                            .values(leased_until=None, lease_owner=None)
                            .returning(model.id)
                        ).all()
                    )
                freed[name] = count
        if any(freed.values()):
            logger.info(
                "freed the leases of stopped processes: %d feed(s), %d outbox row(s)",
                freed["feeds"],
                freed["deliveries"],
            )
        return freed

    def release_leases(self) -> dict[str, int]:
        """Free every lease this process holds (a graceful stop)."""
        freed: dict[str, int] = {}
        with self._tx(write=True) as s:
            for name, model in (("feeds", FeedRow), ("deliveries", DeliveryRow)):
                freed[name] = len(
                    s.execute(
                        update(model)
                        .where(
                            model.lease_owner == self.lease_owner, model.leased_until.is_not(None)
                        )
                        .values(leased_until=None, lease_owner=None)
                        .returning(model.id)
                    ).all()
                )
        return freed

"""A player's saga (``/transfers latest``) as Block Kit (pure): stage per club, the newest claims
with their source, tier, outlets and a link to the newest report, and a short timeline."""

from __future__ import annotations

from collections.abc import Sequence

from adapters.slack.mrkdwn import (
    MAX_BLOCKS,
    MAX_SECTION,
    Block,
    clip,
    context,
    escape,
    header,
    link,
    section,
)
from bot.model import SagaStatus
from bot.records import ClaimView, SagaView
from bot.service import SagaReport
from bot.summaries import (
    NEWEST_CLAIMS,
    TIMELINE_ENTRIES,
    event_label,
    headline,
    source_label,
    stage_name,
)


def saga_blocks(report: SagaReport) -> list[Block]:
    """The saga so far, within Block Kit's limits (one section per saga, each clipped)."""
    name = report.player.name
    if not report.sagas:
        return [
            section(f"No transfer news about *{escape(name)}* yet. I'll post here when there is.")
        ]
    count = len(report.sagas)
    blocks = [header(f"{name}: {count} saga{'s' if count != 1 else ''} so far")]
    ordered = sorted(
        report.sagas,
        key=lambda v: (v.state.key.counterpart == "*", -v.state.last_seen.timestamp()),
    )
    blocks.extend(section(_saga_text(view)) for view in ordered)
    timeline = sorted((t for v in report.sagas for t in v.timeline), key=lambda t: t.at)
    tail = []
    if timeline:
        lines = [
            f"`{t.at:%Y-%m-%d}` *{escape(event_label(t.event))}* {escape(headline(t.event.claim))}"
            for t in timeline[-TIMELINE_ENTRIES:]
        ]
        tail.append(section("*Timeline*\n" + "\n".join(lines)))
    tail.append(context(f"as of {report.now:%Y-%m-%d %H:%M} UTC"))
    room = MAX_BLOCKS - len(tail)
    if len(blocks) > room:
        left = len(blocks) - (room - 1)
        blocks = [*blocks[: room - 1], context(f"… {left} more sagas of {escape(name)} not shown")]
    return [*blocks, *tail]


def saga_text(report: SagaReport) -> str:
    """The notification text of a saga message."""
    count = len(report.sagas)
    if not count:
        return f"No transfer news about {report.player.name} yet."
    return f"{report.player.name}: {count} saga{'s' if count != 1 else ''} so far"


def _saga_text(view: SagaView) -> str:
    state = view.state
    when = f"last news {state.last_seen:%Y-%m-%d}"
    if state.key.counterpart == "*":
        title = f"*Reports naming no club* · {when}"
    else:
        status = "" if state.status is SagaStatus.OPEN else f" · {state.status.value}"
        title = (
            f"*{escape(state.key.counterpart)}* ({state.key.deal.value}) · stage "
            f"*{escape(stage_name(state.stage))}*{status} · {when}"
        )
    newest = sorted(view.claims, key=lambda c: c.record.last_seen, reverse=True)
    lines = [title, *(_claim_line(c, view.claims) for c in newest[:NEWEST_CLAIMS])]
    if len(newest) > NEWEST_CLAIMS:
        lines.append(f"… and {len(newest) - NEWEST_CLAIMS} older claims")
    return clip("\n".join(lines), MAX_SECTION)


def _claim_line(view: ClaimView, siblings: Sequence[ClaimView]) -> str:
    record = view.record
    source = source_label(view.claim) or view.claim.carrier or "unattributed"
    newest = max(view.evidence, key=lambda e: e.seen_at, default=None)
    credited = link(newest.link if newest else None, source)
    outlets = f"{record.outlets} outlet{'s' if record.outlets != 1 else ''}"
    contradicted = any(
        s.record.kind is record.kind
        and s.record.polarity != record.polarity
        and s.claim.counterpart == view.claim.counterpart
        for s in siblings
    )
    flag = " · :warning: contradicted" if contradicted else ""
    return (
        f"• `{record.last_seen:%Y-%m-%d}` {escape(headline(view.claim))} — {credited}, "
        f"{outlets}{flag}"
    )

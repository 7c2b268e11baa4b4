"""Platform-neutral words for alerts and for ``/latest``: plain text with light markup.

Adapters turn these into Discord embeds, Slack blocks or console lines; nothing here knows which.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.model import (
    STAGE_RANK,
    AlertLine,
    Claim,
    ClaimKind,
    Event,
    EventKind,
    FeeKind,
    Player,
    SagaStatus,
    Window,
)
from bot.records import ClaimView, SagaView

NEWEST_CLAIMS = 5  # claims shown per saga in /latest
TIMELINE_ENTRIES = 8  # events shown in the compact timeline

_EVENT_LABEL = {
    EventKind.NEW_SAGA: "NEW SAGA",
    EventKind.FEE: "NEW FEE",
    EventKind.CONTRADICTION: "CONTRADICTION",
    EventKind.REVIVED: "REVIVED",
    EventKind.CONTEXT: "CONTEXT",
}


def stage_name(kind: ClaimKind | str | None) -> str:
    if kind is None:
        return "none yet"
    return str(kind).replace("_", " ")


def window_name(window: Window | None) -> str | None:
    if window is None:
        return None
    season, _, year = window.key.partition("-")
    return f"{season.capitalize()} {year}".strip()


def source_label(claim: Claim) -> str | None:
    if claim.source is None:
        return None
    return f"{claim.source.name} (tier {claim.source.tier})"


def headline(claim: Claim) -> str:
    """One line saying what the claim asserts, in plain English."""
    p = claim.player
    seller = claim.seller
    # with no buyer named, the first other club the claim names, never the seller itself
    # ("Liverpool approach Liverpool" for an approach whose suitor is only a pronoun)
    others = [c for c in claim.clubs if c != seller]
    buyer = claim.buyer or (others[0] if others else "A club")
    fee = claim.fee.text if claim.fee else None
    k = claim.kind
    if k is ClaimKind.INTEREST:
        text = f"{buyer} interested in {p}"
    elif k is ClaimKind.APPROACH:
        text = f"{buyer} approach {seller} for {p}" if seller else f"{buyer} make contact over {p}"
    elif k is ClaimKind.TALKS:
        text = f"{buyer} in talks over {p}" + (f" with {seller}" if seller else "")
    elif k is ClaimKind.BID:
        text = f"{buyer} bid {fee} for {p}" if fee else f"{buyer} make a bid for {p}"
    elif k is ClaimKind.BID_REJECTED:
        who = seller or "His club"
        text = f"{who} turn down {buyer} for {p}" if claim.buyer else f"{who}: {p} not for sale"
    elif k is ClaimKind.FEE:
        text = _fee_headline(claim, buyer, seller, fee or "an undisclosed fee")
    elif k is ClaimKind.PERSONAL_TERMS:
        text = f"{p} agrees personal terms with {buyer}"
    elif k is ClaimKind.AGREEMENT:
        text = f"{buyer} agree a deal for {p}" + (f" with {seller}" if seller else "")
    elif k is ClaimKind.HERE_WE_GO:
        text = f"Here we go: {p} to {buyer}"
    elif k is ClaimKind.MEDICAL:
        text = f"{p} has a medical at {buyer}"
    elif k is ClaimKind.OFFICIAL and claim.provisional:
        party = claim.buyer or claim.seller
        text = (
            f"Official: {party} announce a deal in principle for {p}"
            if party
            else f"Official: a deal in principle for {p}"
        )
    elif k is ClaimKind.OFFICIAL:
        text = f"Official: {p} joins {buyer}" if claim.buyer else f"Official: {p}'s move confirmed"
    elif k is ClaimKind.CONTRACT:
        club = seller or (claim.clubs[0] if claim.clubs else "his club")
        when = window_name(claim.window)
        text = f"{p}'s contract at {club}" + (f" expires {when}" if when else " discussed")
    elif k is ClaimKind.RENEWAL:
        text = f"{p} extends his contract with {claim.counterpart}"
    elif k is ClaimKind.DENIAL:
        text = f"Reports of a {p} move denied" + (f" ({seller or buyer})" if claim.clubs else "")
    elif k is ClaimKind.COLLAPSE:
        text = f"{p}'s move to {buyer} has collapsed"
    elif k is ClaimKind.ADVOCATE:
        text = f"Push inside {buyer} to sign {p}"
    elif k is ClaimKind.ALTERNATIVE_TARGET:
        # which of two players named as alternatives is the first choice, the sentence rarely
        # says for sure: both are on the list
        text = f"{p} is on {buyer}'s list as an alternative"
        if claim.related_player:
            text = f"{p} and {claim.related_player} both on {buyer}'s list"
    elif k is ClaimKind.LOAN:
        text = f"{buyer} want {p} on loan"
    elif k is ClaimKind.EXCLUSION:
        club = seller or "his club"
        text = f"{p} left out by {club} amid transfer talk"
    elif k is ClaimKind.DEADLINE:
        setter = claim.buyer or seller
        text = f"{setter} set a deadline over {p}" if setter else f"A deadline is set in {p}'s saga"
    elif k is ClaimKind.INTENT:
        if not claim.polarity:
            return f"{p} does not want to leave" + (f" {seller}" if seller else "")
        if claim.buyer:
            text = f"{p} wants to join {claim.buyer}"
        else:
            text = f"{p} wants to leave" + (f" {seller}" if seller else "")
    else:  # RELEASE_CLAUSE
        text = f"{p}'s release clause: {fee or 'set'}"
    if not claim.polarity and k is not ClaimKind.BID_REJECTED:
        text = f"Not so: {text}"  # the sentence may open on a name: keep its capital
    if claim.hedged:
        text += " (tentative)"
    when = window_name(claim.window)
    if when and k is not ClaimKind.CONTRACT:
        text += f" — {when}"
    return text


def _fee_headline(claim: Claim, buyer: str, seller: str | None, fee: str) -> str:
    kind = claim.fee.kind if claim.fee else FeeKind.UNKNOWN
    if kind is FeeKind.WAGES:
        return f"{claim.player} set to earn {fee} at {buyer}"
    if kind is FeeKind.CLAUSE:
        return f"{claim.player}'s release clause: {fee}"
    if kind is FeeKind.VALUATION and seller:
        return f"{seller} want {fee} for {claim.player}"
    return f"{buyer} willing to pay {fee} for {claim.player}"


def event_label(event: Event) -> str:
    if event.kind is EventKind.STAGE:
        if event.claim.kind in STAGE_RANK:
            return f"STAGE: {stage_name(event.previous_stage)} → {stage_name(event.claim.kind)}"
        return f"SETBACK: {stage_name(event.claim.kind)}"
    if event.kind is EventKind.CORROBORATED:
        src = event.claim.source.name if event.claim.source else "a top source"
        return f"CONFIRMED by {src}"
    return _EVENT_LABEL[event.kind]


def alert_line(event: Event) -> AlertLine:
    claim = event.claim
    return AlertLine(
        event=event.kind,
        headline=headline(claim),
        label=event_label(event),
        source=claim.source.name if claim.source else claim.carrier,
        tier=claim.source.tier if claim.source else None,
    )


def render_alert_lines(player: str, lines: Sequence[AlertLine], stage: str | None) -> str:
    out = [f"{player} — saga stage: {stage_name(stage)}"]
    for line in lines:
        src = (
            f" · {line.source} (tier {line.tier})" if line.source and line.tier is not None else ""
        )
        src = src or (f" · {line.source}" if line.source else "")
        out.append(f"  [{line.label}] {line.headline}{src}")
    return "\n".join(out)


# --------------------------------------------------------------------------- /latest


def render_latest(player: Player, sagas: Sequence[SagaView], now: datetime) -> str:
    """The saga so far, per club: stage, newest claims with sources, contradictions, timeline."""
    if not sagas:
        return f"No transfer news about {player.name} yet. I'll post here when there is."
    out = [f"{player.name} — {len(sagas)} saga{'s' if len(sagas) != 1 else ''}"]
    # deals with a club first (most recent first), reports naming no club last
    ordered = sorted(
        sagas, key=lambda v: (v.state.key.counterpart == "*", -v.state.last_seen.timestamp())
    )
    for view in ordered:
        state = view.state
        if state.key.counterpart == "*":
            out.append(f"▸ Reports naming no club · last news {state.last_seen:%Y-%m-%d}")
        else:
            status = "" if state.status is SagaStatus.OPEN else f" · {state.status.value}"
            out.append(
                f"▸ {state.key.counterpart} ({state.key.deal.value}): stage"
                f" {stage_name(state.stage)}{status} · last news {state.last_seen:%Y-%m-%d}"
            )
        newest = sorted(view.claims, key=lambda c: c.record.last_seen, reverse=True)
        for claim_view in newest[:NEWEST_CLAIMS]:
            out.append("   " + _claim_line(claim_view, view.claims))
        if len(newest) > NEWEST_CLAIMS:
            out.append(f"   … and {len(newest) - NEWEST_CLAIMS} older claims")
    timeline = sorted((t for v in sagas for t in v.timeline), key=lambda t: t.at)
    if timeline:
        out.append("Timeline:")
        for entry in timeline[-TIMELINE_ENTRIES:]:
            out.append(
                f"   {entry.at:%Y-%m-%d} {event_label(entry.event)}: {headline(entry.event.claim)}"
            )
    return "\n".join(out)


def _claim_line(view: ClaimView, siblings: Sequence[ClaimView]) -> str:
    record = view.record
    outlets = record.outlets
    src = source_label(view.claim) or view.claim.carrier or "unattributed"
    carried = f"reported by {outlets} outlet{'s' if outlets != 1 else ''}"
    flag = ""
    if any(
        s.record.kind is record.kind
        and s.record.polarity != record.polarity
        and s.claim.counterpart == view.claim.counterpart
        for s in siblings
    ):
        flag = " ⚠ contradicted"
    return f"• {record.last_seen:%Y-%m-%d} {headline(view.claim)} — {src}, {carried}{flag}"

"""JSON-ready dicts for claims and events, and back (pure).

The store keeps the newest claim of each fact and the payload of each event as JSON; these functions
are the one place that knows that shape. Reading is lenient: a missing optional key takes the
dataclass default, so rows written by an older version still load.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.model import (
    Claim,
    ClaimKind,
    Event,
    EventKind,
    Fee,
    FeeKind,
    Source,
    Window,
)

JSONDict = dict[str, Any]


# --------------------------------------------------------------------------- values


def fee_to_dict(fee: Fee) -> JSONDict:
    return {
        "text": fee.text,
        "eur_min": fee.eur_min,
        "eur_max": fee.eur_max,
        "currency": fee.currency,
        "qualifier": fee.qualifier,
        "kind": fee.kind.value,
    }


def fee_from_dict(d: JSONDict) -> Fee:
    return Fee(
        text=str(d["text"]),
        eur_min=float(d["eur_min"]),
        eur_max=float(d["eur_max"]),
        currency=str(d.get("currency", "EUR")),
        qualifier=d.get("qualifier"),
        kind=FeeKind(d.get("kind", FeeKind.UNKNOWN.value)),
    )


def window_to_dict(window: Window) -> JSONDict:
    return {"key": window.key, "start": window.start.isoformat(), "end": window.end.isoformat()}


def window_from_dict(d: JSONDict) -> Window:
    return Window(
        key=str(d["key"]),
        start=date.fromisoformat(str(d["start"])),
        end=date.fromisoformat(str(d["end"])),
    )


def source_to_dict(source: Source) -> JSONDict:
    return {"name": source.name, "tier": source.tier, "aggregator": source.aggregator}


def source_from_dict(d: JSONDict) -> Source:
    return Source(
        name=str(d["name"]), tier=int(d["tier"]), aggregator=bool(d.get("aggregator", False))
    )


# --------------------------------------------------------------------------- claims and events


def claim_to_dict(claim: Claim) -> JSONDict:
    return {
        "player": claim.player,
        "kind": claim.kind.value,
        "polarity": claim.polarity,
        "hedged": claim.hedged,
        "clubs": list(claim.clubs),
        "buyer": claim.buyer,
        "seller": claim.seller,
        "fee": fee_to_dict(claim.fee) if claim.fee else None,
        "window": window_to_dict(claim.window) if claim.window else None,
        "source": source_to_dict(claim.source) if claim.source else None,
        "carrier": claim.carrier,
        "related_player": claim.related_player,
        "sentence": claim.sentence,
        **({"provisional": True} if claim.provisional else {}),
    }


def claim_from_dict(d: JSONDict) -> Claim:
    fee = d.get("fee")
    window = d.get("window")
    source = d.get("source")
    return Claim(
        player=str(d["player"]),
        kind=ClaimKind(d["kind"]),
        polarity=bool(d.get("polarity", True)),
        hedged=bool(d.get("hedged", False)),
        provisional=bool(d.get("provisional", False)),
        clubs=tuple(str(c) for c in d.get("clubs") or ()),
        buyer=d.get("buyer"),
        seller=d.get("seller"),
        fee=fee_from_dict(fee) if fee else None,
        window=window_from_dict(window) if window else None,
        source=source_from_dict(source) if source else None,
        carrier=d.get("carrier"),
        related_player=d.get("related_player"),
        sentence=str(d.get("sentence", "")),
    )


def event_to_dict(event: Event) -> JSONDict:
    return {
        "kind": event.kind.value,
        "claim": claim_to_dict(event.claim),
        "fact_key": event.fact_key,
        "previous_stage": event.previous_stage.value if event.previous_stage else None,
        "stage": event.stage.value if event.stage else None,
    }


def event_from_dict(d: JSONDict) -> Event:
    previous = d.get("previous_stage")
    stage = d.get("stage")
    return Event(
        kind=EventKind(d["kind"]),
        claim=claim_from_dict(d["claim"]),
        fact_key=str(d["fact_key"]),
        previous_stage=ClaimKind(previous) if previous else None,
        stage=ClaimKind(stage) if stage else None,
    )

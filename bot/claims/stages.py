"""Which stage a sentence's cues really state, once they are read together.

``bot.claims`` finds every cue of every kind in a sentence; some only make sense in the light
of the others in the same clause:

- a denial that says what it denies also states that stage, negative: "no agreement", "rejected
  the idea that any verbal agreement exists", "dementiert Einigung" are a denial and an
  agreement −, both credited to the one denying (so the novelty layer can set the agreement −
  against the agreement reported before; the denial stays, as novelty reads a saga's denials
  from denial records); a denial of a stage not reached yet ("far from finalised", "nothing
  signed yet") stays a bare denial; "no official offer has been made" is a bid − alone;
- a negated signing ("nothing signed yet", "noch nichts unterschrieben") states no stage at all:
  it is neither official nor a denial of anything reported;
- a club *confirming* or *announcing* a negotiation or an agreement is that stage on the record
  (tier 0), not an official signing; a statement announcing a refusal or a denial is that
  refusal, not a signing either; "official contract offer" is an offer;
- a stage said to be close, or still open, is not reached: talks ("close to an agreement",
  "Einigung rückt näher", "offen ist nur noch die Einigung der Klubs");
- a cue inside a longer one of another kind belongs to it ("accepted the offer");
- a club and the player agreeing together ("City and Gvardiol agree") are personal terms, not a
  clubs' agreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.claims.clauses import Span
from bot.claims.lexicon.cues import Cues
from bot.claims.sentence_info import SentenceInfo
from bot.model import ClaimKind

K = ClaimKind

#: Stages a denial right before (or around) them takes back.
_DENIABLE = frozenset(
    {K.AGREEMENT, K.PERSONAL_TERMS, K.TALKS, K.HERE_WE_GO, K.OFFICIAL, K.APPROACH}
)
#: Stages an announcement or confirmation may be about.
_ANNOUNCED = frozenset({K.AGREEMENT, K.TALKS, K.APPROACH, K.PERSONAL_TERMS, K.BID})
#: What a statement may announce that is no signing: a refusal or a denial ("a statement
#: rejecting the offer", "un comunicado en el que considera insuficiente la cantidad").
_REFUSED = frozenset({K.DENIAL, K.BID_REJECTED, K.COLLAPSE})
_NOT_YET = frozenset({K.AGREEMENT, K.HERE_WE_GO, K.OFFICIAL})
_PENDING_BEFORE = 40  # folded characters from "close to" to the stage it qualifies
_PENDING_AFTER = 50  # from the stage to a trailing "… rückt näher", "… still open"
_WITH_PLAYER_REACH = 40
_DENIAL_REACH = 25  # folded characters between a denial cue and the stage it takes back
_ANNOUNCE_REACH = 60  # between "confirmed" and the agreement it confirms
_CONJUNCTION = re.compile(r"^\s*(?:and|und|e|y|et|&|with|mit|con|avec|com)\s*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    kind: ClaimKind
    start: int  # folded offsets in the sentence
    end: int
    positive: bool
    span: Span  # the clause
    on_record: bool = False  # announced or confirmed by a club in the same clause
    denied: bool = False  # negative because a denial takes it back (not a bare negator)


def refine(cues: Cues, text: str, found: list[Cue]) -> list[Cue]:
    """The cues of one sentence, read together (see the module docstring)."""
    found = _negated_offers(found)
    denials = [c for c in found if c.kind is K.DENIAL]
    out: list[Cue] = []
    for cue in found:
        if any(_inside(cue, o) for o in found):
            continue  # "accepted Arsenal's offer": the acceptance, not an offer
        if cue.kind in _DENIABLE and any(_denies(d, cue) for d in denials):
            if _stated_negative(cues, text, cue):
                out.append(replace(cue, positive=False, denied=True))  # "no verbal agreement"
            continue  # "far from done", "nothing signed yet": the bare denial says it
        if cue.kind in (K.OFFICIAL, K.MEDICAL) and not cue.positive:
            continue  # "nothing signed yet": no stage, no denial
        if (
            cue.kind is K.OFFICIAL
            and cues.future
            and cues.future.search(text, cue.span[0], cue.start)
        ):
            continue  # "will be presented", "before signing": not done yet
        out.append(cue)
    out = [_pending(cues, text, _with_player(cues, text, c)) for c in out]
    announced = [c for c in out if c.kind is K.OFFICIAL and _bare_voice(cues, text, c)]
    result: list[Cue] = []
    for cue in out:
        voice = next((a for a in announced if _announces(a, cue)), None)
        if voice is not None and cue.kind in _ANNOUNCED:
            result.append(replace(cue, on_record=True))
            continue
        if cue in announced and any(_announces(cue, o) for o in out if o.kind in _ANNOUNCED):
            continue  # "confirmed the agreement": the agreement, on the record
        if cue in announced and (
            _statement(cues, text, cue) or any(o.kind in _REFUSED for o in out)
        ):
            # "a statement rejecting the offer", "…zu niedrig, teilte der Klub mit", "in a
            # statement, Atlético say Barcelona began talking to him in February": what the
            # statement says, not a signing
            continue
        result.append(cue)
    return result


def _stated_negative(cues: Cues, text: str, cue: Cue) -> bool:
    """Does the denial deny the stage outright ("no agreement exists") rather than say it is
    not reached yet ("far from being finalised", "nothing signed yet", "not close")?"""
    if cue.kind is K.OFFICIAL:
        return False
    a = max(cue.span[0], cue.start - _DENIAL_REACH - 15)
    b = min(cue.span[1], cue.end + 15)
    return not any(p is not None and p.search(text, a, b) for p in (cues.not_yet, cues.pending))


def _negated_offers(found: list[Cue]) -> list[Cue]:
    """ "No official offer has been made": a denial worded around a negated bid is that bid,
    negative (the bid's own cue carries it), not a bare denial."""
    negated_bids = [c for c in found if c.kind is K.BID and not c.positive]
    return [
        c
        for c in found
        if not (
            c.kind is K.DENIAL
            and any(c.start <= b.start < c.end and b.span == c.span for b in negated_bids)
        )
    ]


def _pending(cues: Cues, text: str, cue: Cue) -> Cue:
    """ "Close to an agreement", "die Einigung der Klubs ist noch offen": talks, not the stage."""
    if cue.kind in _NOT_YET and pending_near(cues, text, cue):
        return replace(cue, kind=K.TALKS)
    return cue


def pending_near(cues: Cues, text: str, cue: Cue) -> bool:
    """Is a pending or attempt word ("close to", "trying to", "noch offen") right before, right
    after or around the cue, in its clause? Then its stage is not reached."""
    if cues.pending is None:
        return False
    a, b = cue.span
    for m in cues.pending.finditer(text, a, b):
        before = 0 <= cue.start - m.end() <= _PENDING_BEFORE
        after = 0 <= m.start() - cue.end <= _PENDING_AFTER
        if before or after or m.start() <= cue.start < m.end():
            return True
    return False


def _with_player(cues: Cues, text: str, cue: Cue) -> Cue:
    """ "Intesa verbale già raggiunta con il giocatore": the player's terms, not the clubs'."""
    if cue.kind is not K.AGREEMENT or cues.with_player is None:
        return cue
    m = cues.with_player.search(text, cue.end, min(cue.span[1], cue.end + _WITH_PLAYER_REACH))
    return replace(cue, kind=K.PERSONAL_TERMS) if m else cue


def _inside(cue: Cue, other: Cue) -> bool:
    """Is ``cue`` part of a longer cue of another kind?"""
    longer = other.end - other.start > cue.end - cue.start
    denied = other.kind is K.DENIAL and (cue.kind is K.BID or cue.kind in _DENIABLE)
    distinct = other.kind is not cue.kind and not denied
    return distinct and longer and other.start <= cue.start < cue.end <= other.end


def refused(bid: Cue, rejections: list[Cue]) -> bool:
    """Is this offer the one a rejection in its clause turns down ("the offer was rejected",
    "rejected the offer")? A bid after the rejection ("…, then a second bid") is a new one."""
    return any(
        r.span == bid.span and (bid.start < r.start or 0 <= bid.start - r.end <= _DENIAL_REACH)
        for r in rejections
    )


def _denies(denial: Cue, cue: Cue) -> bool:
    if denial.span != cue.span:
        return False
    overlaps = denial.start <= cue.start < denial.end or cue.start <= denial.start < cue.end
    return overlaps or 0 <= cue.start - denial.end <= _DENIAL_REACH


def _bare_voice(cues: Cues, text: str, cue: Cue) -> bool:
    """Is this official cue only a verb of saying ("confirmed", "announced", "comunicado")?"""
    if cues.official_voice is None:
        return False
    m = cues.official_voice.match(text, cue.start)
    return m is not None and m.end() >= cue.end - 4


def _statement(cues: Cues, text: str, voice: Cue) -> bool:
    """Is this bare official voice a statement as a document ("a statement", "un comunicado")?
    A statement is a signing only when it says one: "has joined …, the club said in a
    statement" is the joining's cue, on the record; "in a statement, Atlético say Barcelona
    began talking to him" is the talks."""
    return cues.statement_nouns is not None and bool(cues.statement_nouns.match(text, voice.start))


def _announces(voice: Cue, cue: Cue) -> bool:
    return voice.span == cue.span and 0 <= cue.start - voice.end <= _ANNOUNCE_REACH


def seller_announces(cues: Cues, text: str, span: Span, speaker_is_seller: bool) -> bool:
    """Does a club's announcement state the clubs' agreement (the seller announcing a sale)
    rather than the signing (the buyer announcing an arrival)?"""
    a, b = span
    if cues.arrival is not None and cues.arrival.search(text, a, b):
        return False
    if cues.sale is not None and cues.sale.search(text, a, b):
        return True
    return speaker_is_seller


def player_and_club(text: str, club_spans: list[Span], player_spans: list[Span]) -> bool:
    """Are a club and the player joined as one subject ("City and Gvardiol", "X und Y")?"""
    for ca, cb in club_spans:
        for pa, pb in player_spans:
            gap = text[cb:pa] if cb <= pa else text[pb:ca]
            if _CONJUNCTION.match(gap):
                return True
    return False


def with_the_player(s: SentenceInfo, span: Span, player: str) -> bool:
    """Is the player one of the parties agreeing in this clause, with a single club?"""
    a, b = span
    ends = {m.start: m.end for m in s.matches}
    clubs = [(pos, ends.get(pos, pos)) for pos, _ in s.clubs if a <= pos < b]
    mine = [
        (m.start, m.end)
        for m in s.matches
        if m.entity.kind == "player" and m.name == player and a <= m.start < b
    ]
    others = {c for pos, c in s.clubs if a <= pos < b}
    return len(others) == 1 and player_and_club(s.folded.text, clubs, mine)

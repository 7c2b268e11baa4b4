"""Club roles: whose club a player is, and which club wants him (clauses: ``bot.clauses``).

The player's own club (the seller of any transfer) is inferred article-wide from votes: the
club his saga or the registry gives a player it names (``Gazetteer.club_of``); ownership
patterns around a club mention ("Liverpool's Trent", "the Leipzig striker", "X (Leipzig)",
"his contract at Y", "leave Y", "il difensore del Y", "der Y-Stürmer"); a club that rejects,
refuses, values or demands (``seller_verbs``); a club that is approached or talked to
(``seller_objects``). Votes against: a club that approaches, bids, wants or signs him
(``buyer_verbs``) or that he joins (``buyer_before``). A club offering him a *new contract* is
his own club. The own club is never the buyer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.claims.budget import Deadline, unlimited
from bot.claims.clauses import clause_at, clause_spans, clubs_in, is_past, player_positions
from bot.claims.lexicon.cues import Cues
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.claims.sentence_info import SentenceInfo
from bot.model import ClaimKind

#: English auxiliaries, for a language whose roles data has no ``filler`` list
_FILLER = re.compile(
    r"(?:have|has|had|are|is|was|were|will|would|could|also|now|already|reportedly|"
    r"still|all|been|not|said to|understood to|believed to|thought to|then|officially)\s+"
)
_OWN = 2
_ASIDE = re.compile(r"\s*,[^,;:]{2,45},")  # ", as Fabrizio Romano revealed,"
_ATTRIBUTE = 2


@dataclass(slots=True, kw_only=True)
class Roles:
    own: dict[str, str]  # player -> his current club
    buyers: Counter[str] = field(default_factory=Counter)  # destinations across the article
    # player -> clubs the article shows acting as buyers (bidding, approaching, wanting him)
    bidders: dict[str, set[str]] = field(default_factory=dict)

    def main_buyer(self, player: str) -> str | None:
        own = self.own.get(player)
        ranked = [c for c, _ in self.buyers.most_common() if c != own]
        return ranked[0] if ranked else None


def _verb_after(verbs: re.Pattern[str] | None, cues: Cues, text: str, end: int, limit: int) -> bool:
    """Does one of ``verbs`` follow the club, right after it, after an aside between commas
    ("United, as Romano revealed, will bid") or after up to three of its auxiliaries ("Il Lipsia
    ha già respinto")? Each cut is tried, as a verb cue may itself start with a filler word ("no
    quiere vender", "not for sale")."""
    if verbs is None:
        return False
    filler = cues.filler or _FILLER
    rest = text[end:limit]
    aside = _ASIDE.match(rest)
    if aside:
        rest = rest[aside.end() :]
    rest = rest.lstrip(" ,")
    for _ in range(4):
        if verbs.match(rest):
            return True
        word = filler.match(rest)
        if word is None or not word.end():
            return False
        rest = rest[word.end() :].lstrip(" ,")
    return False


def infer_roles(  # noqa: PLR0917 - the article's whole context, called once
    sentences: Sequence[SentenceInfo],
    gazetteer: Gazetteer,
    cues: Cues,
    renewal: re.Pattern[str] | None = None,
    deal: Sequence[re.Pattern[str]] = (),
    year: int | None = None,
    deadline: Deadline | None = None,
) -> Roles:
    """The article's club roles: each player's own club and the clubs wanting them."""
    deadline = deadline or unlimited()
    own: dict[str, Counter[str]] = {}
    against: dict[str, Counter[str]] = {}
    # the clubs the sagas give the players this article names (an unnamed player's club owns
    # nobody here: it may still buy)
    named = {p for s in sentences for p in s.players}
    for player in gazetteer.given(named):
        attribute = gazetteer.club_of(player)
        known = gazetteer.club(attribute) if attribute else None
        if known is not None:
            own.setdefault(player.name, Counter())[known.name] += _ATTRIBUTE
    roles = Roles(own={})
    pairs: list[tuple[str, list[str]]] = []  # (player, clubs of one deal clause)
    # the players an ownership gap ties to each club mention, read once per mention
    gaps = [
        {pos: _ownership_gaps(s, cues, pos, _club_end(s, pos)) for pos, _ in s.clubs}
        for s in sentences
    ]
    tied = {  # "Manchester United's Dalot": a club tied to one player is not another's
        club: set(gaps[i][pos])
        for i, s in enumerate(sentences)
        for pos, club in s.clubs
        if gaps[i][pos]
    }
    last: list[str] = []
    for s, ties in zip(sentences, gaps, strict=True):
        deadline.check()
        players = s.players or last  # "Liverpool turned down £20m" after a sentence naming him
        last = s.players or last
        if not players or not s.clubs:
            continue
        text = s.folded.text
        spans = clause_spans(text, cues)
        for span in spans:
            local = clubs_in(s, span)
            if len(local) >= 2 and any(p.search(text, span[0], span[1]) for p in deal):
                pairs.extend((p, local) for p in players)
        past = {span: is_past(cues, text, span, year) for span in spans}  # once per clause
        positions = {p: player_positions(s, p) for p in players}
        for club_pos, club in s.clubs:
            span = clause_at(spans, club_pos)
            if past[span]:
                continue  # "signed him from X in 2020": an old club, not his club now
            end = _club_end(s, club_pos)
            near = [p for p in players if any(span[0] <= q < span[1] for q in positions[p])]
            targets = near or (players if len(players) == 1 else [])
            before, after = text[span[0] : club_pos], text[end : span[1]]
            mine = ties[club_pos]
            for p in mine:
                own.setdefault(p, Counter())[club] += 3
            renewing = bool(renewal and renewal.search(text, span[0], span[1]))
            vote_own = bool(
                (cues.own_before and cues.own_before.search(before))
                or (cues.own_after and cues.own_after.match(after))
                or _verb_after(cues.seller_verbs, cues, text, end, span[1])
                or _object_right_before(cues, text, span[0], club_pos)
            )
            vote_buyer = bool(
                (cues.buyer_before and cues.buyer_before.search(before))
                or _verb_after(cues.buyer_verbs, cues, text, end, span[1])
            )
            if renewing and (vote_buyer or len(clubs_in(s, span)) == 1):
                # "Dortmund offered him a new contract", "Leipzig announced he has extended"
                vote_own, vote_buyer = True, False
            for p in targets:
                if vote_own and p not in tied.get(club, {p}):
                    continue
                if vote_own:
                    own.setdefault(p, Counter())[club] += _OWN
                if vote_buyer:
                    against.setdefault(p, Counter())[club] += _OWN
            if vote_buyer:
                roles.buyers[club] += 2
    for p, local in pairs:  # "Real and Dortmund agree": the club less often the buyer sells
        ranked = sorted(local, key=lambda c: roles.buyers[c])
        bidders = against.get(p, Counter())
        if bidders[ranked[0]] and bidders[ranked[1]]:
            continue  # "Newcastle and United both bid": two buyers, neither sells
        if roles.buyers[ranked[0]] < roles.buyers[ranked[1]]:
            own.setdefault(p, Counter())[ranked[0]] += 1
    for p, votes in own.items():
        scored = [(v - against.get(p, Counter())[c], c) for c, v in votes.items()]
        scored = [(v, c) for v, c in scored if v > 0]
        if scored:
            roles.own[p] = max(scored, key=lambda x: x[0])[1]
    owners = set(roles.own.values())
    for s in sentences:
        if s.players:
            roles.buyers.update(c for _, c in s.clubs if c not in owners)
    for c in owners:
        roles.buyers.pop(c, None)
    roles.bidders = {p: {c for c, n in votes.items() if n > 0} for p, votes in against.items()}
    return roles


def _object_right_before(cues: Cues, text: str, start: int, club_pos: int) -> bool:
    if cues.seller_objects is None:
        return False
    window = text[max(start, club_pos - 30) : club_pos]
    return any(m.end() >= len(window) - 5 for m in cues.seller_objects.finditer(window))


def _ownership_gaps(s: SentenceInfo, cues: Cues, club_pos: int, club_end: int) -> list[str]:
    """Players that an ownership gap ties to this club ("Liverpool's X", "X (Leipzig)")."""
    text = s.folded.text
    out: list[str] = []
    for m in s.matches:
        if m.entity.kind != "player":
            continue
        if (
            m.start >= club_end
            and cues.ownership
            and cues.ownership.match(text[club_end : m.start])
        ):
            out.append(m.name)
        elif club_pos >= m.end:
            gap = text[m.end : club_pos]
            if re.fullmatch(r"\s*\(\s*", gap):
                out.append(m.name)  # "X (Leipzig)"
            elif (
                re.fullmatch(r"\s*,\s*(?:the|a|el|il|le|der|o)?\s*", gap)
                and cues.own_after is not None
                and cues.own_after.match(text[club_end:])
            ):
                out.append(m.name)  # "X, the Leipzig striker"
    return out


def _club_end(s: SentenceInfo, pos: int) -> int:
    for m in s.matches:
        if m.start == pos:
            return m.end
    return pos


#: Kinds whose buyer is the club that wants the player; the others name the seller's side.
SELLER_SIDE = frozenset({ClaimKind.BID_REJECTED, ClaimKind.DENIAL, ClaimKind.RENEWAL})

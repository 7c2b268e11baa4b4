"""Which clubs each sentence names: full names and aliases, and nicknames resolved only when
the article allows one reading.

A nickname resolves when exactly one of its candidate clubs is otherwise named in the article,
or, none being named, when exactly one is the club of a player it names (his club as his saga
tells, ``Gazetteer.club_of``);
a club's own name cut short ("Newcastle", "Leipzig") resolves on its own; a nickname shared by
two named clubs ("United") resolves only when the headline or the nearby sentences call one of
them by another short form. A club named as a match opponent ("the Atalanta friendly") is not
a party to anything.
"""

from __future__ import annotations

from bot.claims.lexicon.cues import Cues
from bot.claims.lexicon.gazetteer import Gazetteer, Match, key_of
from bot.claims.sentence_info import SentenceInfo


def resolve_clubs(sentences: list[SentenceInfo], gazetteer: Gazetteer, cues: Cues) -> None:
    """Fill each sentence's ``clubs`` (and ``ambiguous``) from its gazetteer matches."""
    named_clubs = {m.name for s in sentences for m in s.matches if m.entity.kind == "club"}
    sagas = _saga_clubs(sentences, gazetteer)
    for i, s in enumerate(sentences):
        for m in s.matches:
            if _a_fixture(s, m, cues) or _a_former_club(s, m, cues):
                continue  # "the Atalanta friendly", "his former Ajax coach": no party
            if m.entity.kind == "club":
                s.clubs.append((m.start, m.name))
            elif m.entity.kind == "nickname":
                present = [c for c in m.entity.names if c in named_clubs]
                written = s.text[slice(*s.folded.span(m.start, m.end))]
                if not present and _short_form(written, m.entity.names, gazetteer):
                    present = list(m.entity.names)
                if not present:  # "United say Dalot is not for sale": the club he plays for
                    present = [c for c in m.entity.names if c in sagas]
                if len(present) > 1:
                    near = [sentences[0], *sentences[max(1, i - 1) : i + 1]]  # headline too
                    present = _tied(key_of(written), present, near)
                if len(present) == 1:
                    s.clubs.append((m.start, present[0]))
                else:
                    s.ambiguous = True


def _saga_clubs(sentences: list[SentenceInfo], gazetteer: Gazetteer) -> set[str]:
    """The clubs the players the article names play for, as their sagas tell
    (``Gazetteer.club_of``: ``bot.clubmemory``, or the registry). A nickname shared by several
    clubs, none named in the article, is the one of these it can mean ("United" in an article
    about Manchester United's Dalot). The clubs that want a player are not used: measured on
    the labelled streams, resolving a nickname to a suitor gave more wrong buyers than right."""
    out: set[str] = set()
    for s in sentences:
        for m in s.matches:
            if m.entity.kind != "player":
                continue
            player = gazetteer.player(m.name)
            if player is None:
                continue
            club = gazetteer.club_of(player)
            if club:
                out.add(club)
    return out


def _a_fixture(s: SentenceInfo, m: Match, cues: Cues) -> bool:
    """Is this club named as the opponent in a match, not as a party to a deal?"""
    if m.entity.kind not in ("club", "nickname"):
        return False
    text = s.folded.text
    after = cues.fixture_after is not None and cues.fixture_after.match(text[m.end : m.end + 30])
    before = cues.fixture_before is not None and cues.fixture_before.search(
        text[max(0, m.start - 40) : m.start]
    )
    return bool(after or before)


def _a_former_club(s: SentenceInfo, m: Match, cues: Cues) -> bool:
    """Is this club named as someone's former club ("his former Ajax coach", "l'ex-joueur du
    PSG", "der ehemalige Ajax-Trainer")? It describes a person's past, no party to the deal."""
    if m.entity.kind not in ("club", "nickname") or cues.former_before is None:
        return False
    return cues.former_before.search(s.folded.text[max(0, m.start - 40) : m.start]) is not None


#: Abbreviations a club's written name may use for a word of its nickname ("Man Utd" ↔ "United").
_ABBREVIATED = {"utd": "united"}


def _tied(nickname: str, candidates: list[str], near: list[SentenceInfo]) -> list[str]:
    """Of several named clubs a shared nickname may mean ("United": Manchester United and
    Newcastle United both named), the one its usual short form fits: a club the headline, the
    previous sentence or this one call by a name without the nickname ("Newcastle") is not the
    one meant, so "Man Utd and Newcastle … United opened with €85m" is Manchester United.
    Unless exactly one candidate is left so, all stay: never a guess."""
    words = set(nickname.split())
    other_names: set[str] = set()
    for s in near:
        for m in s.matches:
            if m.entity.kind == "club" or (
                m.entity.kind == "nickname" and len(m.entity.names) == 1
            ):
                name = m.entity.names[0]
                written = key_of(s.folded.text[m.start : m.end]).split()
                if name in candidates and not words <= {_ABBREVIATED.get(w, w) for w in written}:
                    other_names.add(name)
    left = [c for c in candidates if c not in other_names]
    return left if len(left) == 1 else candidates


def _short_form(written: str, names: tuple[str, ...], gazetteer: Gazetteer) -> bool:
    """Is this nickname its only club's name cut short ("Newcastle" for Newcastle United,
    "Leipzig" for RB Leipzig)? Then it names that club even when the full name is absent;
    a nickname shared by several clubs ("United", "Real") or a word of its own ("the Magpies",
    "Forest") still waits for its club to be named."""
    if len(names) != 1 or not written[:1].isupper():
        return False
    short = key_of(written)
    if len(short) < 4:
        return False
    club = gazetteer.club(names[0])
    fulls = [key_of(n) for n in (names[0], *(club.aliases if club else ()))]
    # "Newcastle" (United), or the name after a club-type prefix: (RB) "Leipzig", (RB) "Lipsia"
    return any(
        full.startswith(short + " ") or (full.endswith(" " + short) and len(full) - len(short) <= 4)
        for full in fulls
    )

"""Who and which clubs each sentence of an article is about.

Players are found by alias (the gazetteer; an alias several players carry is the one the article
names unambiguously elsewhere, else the followed one, else nobody), by close misspelling of a
followed name (rapidfuzz, capitalised tokens only, high threshold), and by reference: a pronoun,
a descriptor ("the England international", "the 26-year-old", "our No.66") or a bare first name
resolves only to a player already named earlier in the article, the most recent one; a
descriptor whose facts contradict the player's known attributes is not resolved. Club nicknames
resolve only when exactly one of their candidate clubs is otherwise named in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from bot.claims.budget import Deadline, unlimited
from bot.claims.club_mentions import resolve_clubs
from bot.claims.lexicon.cues import Cues, fold_word
from bot.claims.lexicon.gazetteer import Gazetteer, key_of
from bot.claims.lexicon.sentences import fold, split_sentences
from bot.claims.sentence_info import SentenceInfo
from bot.model import Player

_FUZZY_CUTOFF = 90
# descriptor stems every language shares (English); ``descriptors`` in cues.toml adds local ones
_NATIONS: dict[str, tuple[str, ...]] = dict.fromkeys(
    "engl croat slove spani portu frenc germa dutch brazi".split(), ()
)
_POSITIONS: dict[str, tuple[str, ...]] = dict.fromkeys(
    "striker|forward|midfielder|defender|goalkeeper|winger|right back|left back|centre back".split(
        "|"
    ),
    (),
)
_OTHER = "\x00"  # marks a person nobody follows as the most recent one named
_PERSON = re.compile(
    r"(?<![\w])[A-ZÀ-ÖØ-ÞŠŽČĆĐ][\w'’.-]+(?:\s+(?:(?:de|da|van|von|dos|del|di|le|la)\s+)?"
    r"[A-ZÀ-ÖØ-ÞŠŽČĆĐ][\w'’-]+){1,3}"
)
_NOT_PERSON = frozenset(
    [
        "league",
        "cup",
        "world",
        "club",
        "champions",
        "premier",
        "la",
        "liga",
        "bundesliga",
        "serie",
        "ligue",
        "nations",
        "euro",
        "euros",
        "super",
        "copa",
        "supercopa",
        "fifa",
        "uefa",
        "sport",
        "sports",
        "news",
        "times",
        "daily",
        "mail",
        "football",
        "city",
        "united",
        "real",
        "madrid",
        "the",
        "and",
        "new",
        "year",
        "eve",
        "day",
        "real",
        "fc",
        "cf",
        "sc",
        "ac",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "talk",
        "show",
        "mundial",
        "clubes",
        "coppa",
        "pokal",
        "coupe",
        "taca",
        "trophy",
        "final",
    ]
)


@dataclass(slots=True, kw_only=True)
class ArticleMentions:
    sentences: list[SentenceInfo]


def analyse(
    text: str,
    gazetteer: Gazetteer,
    cues: Cues,
    published: date,
    deadline: Deadline | None = None,
) -> ArticleMentions:
    deadline = deadline or unlimited()
    sentences: list[SentenceInfo] = []
    for i, raw in enumerate(split_sentences(text)):
        deadline.check()
        folded = fold(raw.text)
        sentences.append(
            SentenceInfo(
                index=i,
                text=raw.text,
                folded=folded,
                paragraph=raw.paragraph,
                matches=gazetteer.scan(folded, cues.name_suffixes),
            )
        )
    resolve_clubs(sentences, gazetteer, cues)
    for s in sentences:
        deadline.check()
        _find_persons(s, gazetteer, cues)
    _find_players(sentences, gazetteer, cues, published, deadline)
    return ArticleMentions(sentences=sentences)


def _find_persons(s: SentenceInfo, gazetteer: Gazetteer, cues: Cues) -> None:
    taken = [s.folded.span(m.start, m.end) for m in s.matches if m.entity.kind != "player"]
    for m in _PERSON.finditer(s.text):
        start = m.start()
        for a, b in taken:  # "Liverpool's Marco Rinaldi": drop the club in front
            if a <= start < b:
                start = b
        rest = (
            re.match(r"(?:['’]s)?\s+(.+)", s.text[start : m.end()]) if start > m.start() else None
        )
        span = rest.group(1) if rest else m.group(0) if start == m.start() else ""
        if len(span.split()) < 2:
            continue
        begin = m.end() - len(span)
        words = [w.lower().strip(".'’") for w in span.split()]
        if any(w in _NOT_PERSON for w in words):
            continue
        if any(a < m.end() and begin < b for a, b in taken):
            continue
        for run in _name_runs(span.split(), cues.not_person):
            name = re.sub(r"['’]s$", "", run).strip()
            if gazetteer.club(name) is None and gazetteer.source(name) is None:
                s.persons.append(name)


def _name_runs(tokens: list[str], not_person: frozenset[str]) -> list[str]:
    """The spans of two or more words left once the language's non-name words are cut out
    ("Der Slowene Benjamin Sesko" -> "Benjamin Sesko"; "Am Montag" -> nothing)."""
    runs: list[list[str]] = [[]]
    for token in tokens:
        if fold_word(token) in not_person:
            runs.append([])
        else:
            runs[-1].append(token)
    return [" ".join(run) for run in runs if len(run) >= 2]


def _fuzzy_players(s: SentenceInfo, choices: dict[str, str], keys: list[str]) -> list[str]:
    if not choices:
        return []
    found: list[str] = []
    matched = [s.folded.span(m.start, m.end) for m in s.matches]
    for m in re.finditer(r"[A-ZÀ-ÖØ-Þ][\w-]{4,}(?:\s+[A-ZÀ-ÖØ-Þ][\w-]{2,})?", s.text):
        if any(a < m.end() and m.start() < b for a, b in matched):
            continue
        hit = process.extractOne(
            key_of(m.group(0)), keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
        )
        if hit is not None:
            found.append(choices[hit[0]])
    return found


def _merged(
    base: dict[str, tuple[str, ...]], extra: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    out = {k: (k, *v) for k, v in base.items()}
    for key, words in extra.items():
        out[key] = (*out.get(key, (key,)), *words)
    return out


def _descriptor_ok(phrase: str, player: Player, published: date, cues: Cues) -> bool:
    attrs = player.attributes
    age = re.search(r"(\d+)-year-old", phrase)
    if age and attrs.get("birth_date"):
        born = date.fromisoformat(attrs["birth_date"])
        years = (
            published.year - born.year - ((published.month, published.day) < (born.month, born.day))
        )
        if abs(years - int(age.group(1))) > 0:
            return False
    shirt = re.search(r"no\.? ?(\d+)", phrase)
    if shirt and attrs.get("shirt") and attrs["shirt"] != shirt.group(1):
        return False
    nat = attrs.get("nationality")
    if nat:
        nat_key = key_of(nat)[:5]
        for stem, words in _merged(_NATIONS, cues.nationality_words).items():
            if any(w in phrase for w in words) and not nat_key.startswith(stem[:4]):
                return False
    position = attrs.get("position")
    if position:
        pos_key = key_of(position)
        for canon, words in _merged(_POSITIONS, cues.position_words).items():
            if not any(w in phrase.replace("-", " ") for w in words) or canon in pos_key:
                continue
            if not (canon == "defender" and "back" in pos_key):
                return False
    return True


def _player_spans(s: SentenceInfo) -> list[list[str]]:
    """The players each matched name could be, per place in the sentence."""
    spans: dict[tuple[int, int], list[str]] = {}
    for m in s.matches:
        if m.entity.kind == "player":
            spans.setdefault((m.start, m.end), []).append(m.name)
    return list(spans.values())


def _named_players(s: SentenceInfo, sure: set[str], watched: frozenset[str]) -> list[str]:
    """The players a sentence names. A name several players carry ("Bellingham", "Williams")
    is the one the article names unambiguously elsewhere, else the one someone follows, else
    nobody: context decides, as for club nicknames."""
    out: list[str] = []
    for names in _player_spans(s):
        pick = names if len(names) == 1 else [n for n in names if n in sure]
        if len(pick) != 1:
            pick = [n for n in names if n in watched]
        if len(pick) == 1 and pick[0] not in out:
            out.append(pick[0])
    return out


def _find_players(
    sentences: list[SentenceInfo],
    gazetteer: Gazetteer,
    cues: Cues,
    published: date,
    deadline: Deadline,
) -> None:
    # players named so far, most recent last (a dict: the order of a list, the look-up of a
    # set; a list searched at every sentence made a long article quadratic)
    recent: dict[str, None] = {}
    choices = gazetteer.fuzzy_keys()
    keys = list(choices)
    firsts = gazetteer.first_names()
    sure = {names[0] for s in sentences for names in _player_spans(s) if len(names) == 1}
    for s in sentences:
        deadline.check()
        named = _named_players(s, sure, gazetteer.watched)
        named += [n for n in _fuzzy_players(s, choices, keys) if n not in named]
        for person in s.persons:
            head = key_of(person.split()[0])
            if head in firsts and firsts[head] in recent and firsts[head] not in named:
                named.append(firsts[head])
        # bare first names ("Trent") of a player already named in the article
        for token in re.findall(r"\b[A-ZÀ-Þ][a-zà-ÿ]{3,}\b", s.text):
            name = firsts.get(key_of(token))
            if name and name in recent and name not in named:
                named.append(name)
        s.named = list(dict.fromkeys(named))
        s.players = list(s.named)
        latest = next(reversed(recent), None)
        if not s.players and latest and not latest.startswith(_OTHER) and cues.refer:
            refs = list(cues.refer.finditer(s.folded.text))
            player = gazetteer.player(latest)
            if refs and (
                player is None
                or all(_descriptor_ok(r.group(0), player, published, cues) for r in refs)
            ):
                s.players = [latest]
            elif refs:
                s.foreign_ref = True
        for name in reversed(
            s.named
        ):  # the first named (the subject, mostly) is the one a pronoun after means
            recent.pop(name, None)
            recent[name] = None
        unknown_people = [p for p in s.persons if gazetteer.player(p) is None]
        if unknown_people and not s.named:
            # another person became the topic: pronouns no longer point at our player
            recent.pop(_OTHER + unknown_people[-1], None)
            recent[_OTHER + unknown_people[-1]] = None

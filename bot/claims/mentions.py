"""Who and which clubs each sentence of an article is about.

Players are found by alias (the gazetteer; an alias several players carry is the one the article
names unambiguously elsewhere, else the followed one, else nobody), by close misspelling of a
followed name (rapidfuzz, capitalised tokens only, high threshold), and by reference: a pronoun,
a descriptor ("the England international", "the 26-year-old", "our No.66") or a bare first name
resolves only to a player already named earlier in the article. A pronoun is the most recent
one; a descriptor the one named so far whom it fits by what is known of him (the registry's
birth year, nationality and position, ``bot/data/descriptors.toml``), nobody when two fit as
well, else the most recent one unless it contradicts what is known of him. Club nicknames
resolve only when exactly one of their candidate clubs is otherwise named in the article.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from bot.claims.budget import Deadline, unlimited
from bot.claims.club_mentions import resolve_clubs
from bot.claims.lexicon.cues import Cues, fold_word
from bot.claims.lexicon.gazetteer import Gazetteer, key_of
from bot.claims.lexicon.sentences import fold, split_sentences
from bot.claims.sentence_info import SentenceInfo
from bot.model import Player

_FUZZY_CUTOFF = 90
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


def _fuzzy_players(s: SentenceInfo, gazetteer: Gazetteer) -> list[str]:
    choices = gazetteer.fuzzy_keys()
    if not choices:
        return []
    found: list[str] = []
    matched = [s.folded.span(m.start, m.end) for m in s.matches]
    for m in re.finditer(r"[A-ZÀ-ÖØ-Þ][\w-]{4,}(?:\s+[A-ZÀ-ÖØ-Þ][\w-]{2,})?", s.text):
        if any(a < m.end() and m.start() < b for a, b in matched):
            continue
        key = key_of(m.group(0))
        keys = gazetteer.fuzzy_candidates(len(key), _FUZZY_CUTOFF)
        hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        if hit is not None:
            found.append(choices[hit[0]])
    return found


# ------------------------------------------------------------------ descriptors

# a descriptor and what is known of a player: it fits, fits only by the less likely of the two
# ages a birth year gives, says nothing known of him, or contradicts it
_FIT, _MAYBE, _UNKNOWN, _NOT = 2, 1, 0, -1
_MID_YEAR = 183  # day of the year past which most people born in a year have had a birthday
#: The canonical words of ``descriptors.position`` in cues.toml -> the position codes they fit.
_CANON_POSITIONS: dict[str, frozenset[str]] = {
    "striker": frozenset({"ST"}),
    "forward": frozenset({"ST", "RW", "LW"}),
    "defender": frozenset({"RB", "CB", "LB"}),
    "midfielder": frozenset({"DM", "CM", "AM"}),
    "goalkeeper": frozenset({"GK"}),
    "winger": frozenset({"RW", "LW"}),
    "right back": frozenset({"RB"}),
    "left back": frozenset({"LB"}),
    "centre back": frozenset({"CB"}),
}
#: Lowercase words right after a descriptor that may still describe ("le milieu néerlandais").
_AFTER = re.compile(r"(?:\s+[a-z]+){1,2}")


@dataclass(frozen=True, slots=True)
class _Facts:
    """What one descriptor says of the player it means (nothing: a pronoun, "the player")."""

    age: int | None = None
    shirt: str | None = None
    nations: frozenset[str] = frozenset()  # countries, as the registry names them
    positions: frozenset[str] = frozenset()  # position codes (GK, RB … ST)

    def __bool__(self) -> bool:
        return bool(self.age is not None or self.shirt or self.nations or self.positions)


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """``bot/data/descriptors.toml`` with one language's own descriptor words (cues.toml)."""

    nations: re.Pattern[str]
    stem_countries: dict[str, frozenset[str]]
    positions: re.Pattern[str]
    word_codes: dict[str, frozenset[str]]
    ages: tuple[re.Pattern[str], ...]

    def countries(self, text: str) -> frozenset[str]:
        found: set[str] = set()
        for m in self.nations.finditer(text):
            found |= self.stem_countries[m.group(1)]
        return frozenset(found)

    def codes(self, text: str) -> frozenset[str]:
        found: set[str] = set()
        for m in self.positions.finditer(text.replace("-", " ")):
            found |= self.word_codes[m.group(1)]
        return frozenset(found)


@functools.cache
def _descriptor_data() -> dict[str, Any]:
    path = resources.files("bot") / "data" / "descriptors.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


_VOCABULARIES: dict[str, _Vocabulary] = {}
_NOT_A_PLAYER = re.compile(
    rf"(?<![a-z])(?:{'|'.join(map(re.escape, _descriptor_data()['not_player']['words']))})(?![a-z])"
)


def _vocabulary(cues: Cues) -> _Vocabulary:
    known = _VOCABULARIES.get(cues.lang)
    if known is not None:
        return known
    data = _descriptor_data()
    stems: dict[str, set[str]] = {}
    for country, words in data["nationality"].items():
        for word in words:
            stems.setdefault(str(word), set()).add(str(country))
    for canon, words in cues.nationality_words.items():  # "engl" -> "englisch", "brite"
        countries = {c for c, ws in data["nationality"].items() if any(_stem(w, canon) for w in ws)}
        for word in (canon, *words):
            stems.setdefault(word, set()).update(countries)
    codes: dict[str, set[str]] = {}
    for code, words in data["position"].items():
        for word in words:
            codes.setdefault(str(word).replace("-", " "), set()).add(str(code))
    for canon, words in cues.position_words.items():
        for word in (canon, *words):
            codes.setdefault(word.replace("-", " "), set()).update(_CANON_POSITIONS.get(canon, ()))
    vocabulary = _Vocabulary(
        nations=_words(stems, prefix=True),
        stem_countries={k: frozenset(v) for k, v in stems.items() if v},
        positions=_words(codes, prefix=False),
        word_codes={k: frozenset(v) for k, v in codes.items() if v},
        ages=tuple(re.compile(str(p)) for p in data["age"]["patterns"]),
    )
    _VOCABULARIES[cues.lang] = vocabulary
    return vocabulary


def _stem(word: str, canon: str) -> bool:
    return word.startswith(canon) or canon.startswith(word)


def _words(table: dict[str, set[str]], *, prefix: bool) -> re.Pattern[str]:
    """Whole words of ``table`` (the start of one, with ``prefix``), longest first."""
    words = sorted((w for w, v in table.items() if v), key=len, reverse=True)
    end = "" if prefix else "(?![a-z])"
    return re.compile(rf"(?<![a-z])({'|'.join(map(re.escape, words))}){end}")


def _facts(s: SentenceInfo, ref: re.Match[str], cues: Cues) -> _Facts:
    """What the reference ``ref`` of ``s`` says: a pronoun nothing; a descriptor an age, a
    shirt number, countries, positions, with the lowercase words right after it too ("el
    internacional inglés", "le milieu néerlandais"; not "the defender Brazil want")."""
    phrase = ref.group(0)
    if len(phrase.split()) < 2 and "'" not in phrase:  # "he", "il", "sein": a pronoun
        return _Facts()
    end = re.compile(r"[\w-]*").match(s.folded.text, ref.end())
    end_at = end.end() if end is not None else ref.end()  # "the 26" of "the 26-year-old"
    phrase = s.folded.text[ref.start() : end_at]
    after = _AFTER.match(s.folded.text, end_at)
    if after is not None:
        words = re.finditer(r"[a-z]+", after.group(0))
        kept = []
        for w in words:
            start = s.folded.index[end_at + w.start()]
            if not s.folded.original[start : start + 1].islower():
                break
            kept.append(w.group(0))
        phrase = " ".join([phrase, *kept])
    following = re.match(r"(?:\s+[a-z]+){0,2}", s.folded.text[end_at:])  # any case
    if _NOT_A_PLAYER.search(phrase + (following.group(0) if following else "")):
        return _Facts()  # "the Spanish champions", "der spanische Klub"
    vocabulary = _vocabulary(cues)
    age = next((int(m.group(1)) for p in vocabulary.ages if (m := p.search(phrase))), None)
    shirt = re.search(r"no\.? ?(\d+)", phrase)
    return _Facts(
        age=age,
        shirt=shirt.group(1) if shirt else None,
        nations=vocabulary.countries(phrase),
        positions=vocabulary.codes(phrase),
    )


def _fits(facts: _Facts, player: Player, published: date, cues: Cues) -> int:
    """Does what a descriptor says fit what is known of ``player`` (the registry's facts,
    or the store's): every fact known of him agrees (_FIT; _MAYBE when his birth year makes
    the age the less likely of two), one does not (_NOT), or nothing it says is known of him
    (_UNKNOWN)."""
    attrs = player.attributes
    verdicts: list[int] = []
    if facts.age is not None:
        if attrs.get("birth_date"):
            born = date.fromisoformat(attrs["birth_date"])
            birthday = (published.month, published.day) < (born.month, born.day)
            verdicts.append(_verdict(published.year - born.year - birthday == facts.age))
        elif attrs.get("born", "").isdigit():  # a birth year: one of two ages
            years = published.year - int(attrs["born"])  # his age once his birthday is past
            likely = years if published.timetuple().tm_yday > _MID_YEAR else years - 1
            ages = {years - 1, years}
            verdicts.append(_FIT if facts.age == likely else _MAYBE if facts.age in ages else _NOT)
    if facts.shirt and attrs.get("shirt"):
        verdicts.append(_verdict(attrs["shirt"] == facts.shirt))
    vocabulary = _vocabulary(cues)
    nationality = attrs.get("nationality")
    if facts.nations and nationality:
        known = _descriptor_data()["nationality"]
        country = frozenset({nationality}) if nationality in known else frozenset()
        country = country or vocabulary.countries(key_of(nationality))  # "English"
        if country:
            verdicts.append(_verdict(bool(country & facts.nations)))
    position = attrs.get("position")
    if facts.positions and position:
        codes = vocabulary.codes(key_of(position))
        if codes:
            verdicts.append(_verdict(bool(codes & facts.positions)))
    return min(verdicts, default=_UNKNOWN)


def _verdict(agrees: bool) -> int:
    return _FIT if agrees else _NOT


def _referred(
    s: SentenceInfo,
    refs: list[re.Match[str]],
    recent: dict[str, None],
    gazetteer: Gazetteer,
    *,
    published: date,
    cues: Cues,
) -> tuple[list[str], bool]:
    """Whom the references of a sentence naming nobody mean, and whether they point away
    from the player last named. A descriptor ("the 26-year-old", "der 26-Jährige", "el
    internacional inglés") means the one player named so far in the article it fits by what
    is known of him (the registry's birth year, nationality, position); of several, the one
    it fits best (the likelier age of his birth year: in December "the 25-year-old" is
    rather the one born 25 years before than 26), else nobody (context does not decide).
    Fitting no one, it means the player last named unless it contradicts what is known of
    him; a pronoun always does."""
    latest = next(reversed(recent))
    said = [f for f in (_facts(s, r, cues) for r in refs) if f]
    if not said:
        return [latest], False
    verdicts: dict[str, int] = {}
    for name in recent:
        player = None if name.startswith(_OTHER) else gazetteer.player(name)
        if player is not None:
            verdicts[name] = min(_fits(f, player, published, cues) for f in said)
    fitting = [name for name, verdict in verdicts.items() if verdict >= _MAYBE]
    best = [name for name in fitting if verdicts[name] == _FIT]
    if len(fitting) == 1 or len(best) == 1:
        return fitting if len(fitting) == 1 else best, False
    if fitting or verdicts.get(latest) == _NOT:
        return [], True
    return [latest], False


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
    firsts = gazetteer.first_names()
    sure = {names[0] for s in sentences for names in _player_spans(s) if len(names) == 1}
    for s in sentences:
        deadline.check()
        named = _named_players(s, sure, gazetteer.watched)
        named += [n for n in _fuzzy_players(s, gazetteer) if n not in named]
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
            if refs:
                s.players, s.foreign_ref = _referred(
                    s, refs, recent, gazetteer, published=published, cues=cues
                )
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

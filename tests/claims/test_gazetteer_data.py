"""Schema and consistency checks of the gazetteer data: bot/data/clubs.toml, sources.toml."""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import bot
from bot.claims.lexicon.gazetteer import (
    key_of as normalise,  # the key the matcher stores forms under
)

DATA = Path(bot.__file__).parent / "data"

CLUB_KEYS = {"name": str, "country": str, "league": str, "aliases": list, "nicknames": list}
SOURCE_REQUIRED = {"name": str, "kind": str, "tier": int}
SOURCE_OPTIONAL = {
    "aliases": list,
    "outlet": str,
    "country": str,
    "aggregator": bool,
    "club_tiers": dict,
}
SOURCE_KINDS = {"journalist", "outlet", "agency", "club", "league", "aggregator", "tv_show"}
COUNTRY = re.compile(r"^[A-Z]{3}$")


@cache
def _load(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as fh:
        return tomllib.load(fh)


def clubs() -> list[dict[str, Any]]:
    return list(_load("clubs.toml")["club"])


def sources() -> list[dict[str, Any]]:
    return list(_load("sources.toml")["source"])


def _forms(club: dict[str, Any]) -> list[str]:
    return [club["name"], *club["aliases"], *club["nicknames"]]


# --- clubs -----------------------------------------------------------------------------------


def test_club_count() -> None:
    assert len(clubs()) >= 150


def _club_problems(club: dict[str, Any]) -> list[str]:
    """What is wrong with one club row (empty when nothing)."""
    name = str(club.get("name"))
    if set(club) != set(CLUB_KEYS):
        return [f"{name}: keys {sorted(set(club) ^ set(CLUB_KEYS))} differ from the schema"]
    problems = [
        f"{name}: {key} is not a {kind.__name__}"
        for key, kind in CLUB_KEYS.items()
        if not isinstance(club[key], kind)
    ]
    if problems:
        return problems
    if not COUNTRY.match(club["country"]):
        problems.append(f"{name}: country {club['country']!r}")
    if not club["league"].strip():
        problems.append(f"{name}: empty league")
    for form in _forms(club):
        if not isinstance(form, str) or not form or form != form.strip() or "  " in form:
            problems.append(f"{name}: badly spaced form {form!r}")
        elif not normalise(form):
            problems.append(f"{name}: form {form!r} folds to nothing")
    # Folded forms, because the matcher compares folded forms ("Barça" == "Barca").
    counts = Counter(normalise(form) for form in _forms(club) if isinstance(form, str))
    problems += [f"{name}: {form!r} listed {n} times" for form, n in counts.items() if n > 1]
    return problems


def test_every_club_row_fits_the_schema() -> None:
    # One check over the whole file, reporting every bad row at once.
    assert [p for club in clubs() for p in _club_problems(club)] == []


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        pytest.param({"name": "X"}, "differ from the schema", id="missing-keys"),
        pytest.param({"country": "england"}, "country", id="bad-country"),
        pytest.param({"aliases": ["Spurs "]}, "badly spaced", id="spaced-alias"),
        pytest.param({"aliases": ["Barça", "Barca"]}, "listed 2 times", id="same-folded-form"),
    ],
)
def test_club_problems_are_found(row: dict[str, Any], fragment: str) -> None:
    good = dict(clubs()[0])
    assert _club_problems(good) == []
    bad = {"name": "X"} if row == {"name": "X"} else {**good, **row}
    assert any(fragment in p for p in _club_problems(bad))


def test_club_names_unique() -> None:
    counts = Counter(normalise(club["name"]) for club in clubs())
    assert [name for name, n in counts.items() if n > 1] == []


def test_aliases_never_shared_between_clubs() -> None:
    # A name or alias means one club; forms that can mean several must be nicknames.
    owners: dict[str, set[str]] = defaultdict(set)
    for club in clubs():
        for form in [club["name"], *club["aliases"]]:
            owners[normalise(form)].add(club["name"])
    assert {form: sorted(o) for form, o in owners.items() if len(o) > 1} == {}


def test_nicknames_never_name_another_club() -> None:
    # A nickname equal to another club's name or alias would make that alias ambiguous.
    named = {normalise(f): c["name"] for c in clubs() for f in [c["name"], *c["aliases"]]}
    clashes = [
        (club["name"], nick, named[normalise(nick)])
        for club in clubs()
        for nick in club["nicknames"]
        if named.get(normalise(nick), club["name"]) != club["name"]
    ]
    assert clashes == []


# Bare words that must never be an alias (the brief: "Real", "City", "United" are nicknames).
SHARED_WORDS = ["Real", "City", "United", "Madrid", "Milan", "Manchester", "Athletic", "Sporting"]


@pytest.mark.parametrize("word", SHARED_WORDS, ids=SHARED_WORDS)
def test_shared_short_forms_are_nicknames_of_several_clubs(word: str) -> None:
    key = normalise(word)
    assert not [c["name"] for c in clubs() if key in map(normalise, c["aliases"])]
    assert len([c for c in clubs() if key in map(normalise, c["nicknames"])]) >= 2


def _club_of(form: str) -> str | None:
    key = normalise(form)
    for club in clubs():
        if key in {normalise(f) for f in [club["name"], *club["aliases"]]}:
            return str(club["name"])
    return None


# Forms named in the brief and in ordinary news in six languages; each must name its club.
KNOWN_FORMS = [
    ("Bayern München", "Bayern Munich"),
    ("FC Bayern", "Bayern Munich"),
    ("Bayern Monaco", "Bayern Munich"),
    ("Bayern de Munich", "Bayern Munich"),
    ("Juve", "Juventus"),
    ("Man Utd", "Manchester United"),
    ("Man United", "Manchester United"),
    ("RasenBallsport Leipzig", "RB Leipzig"),
    ("BVB", "Borussia Dortmund"),
    ("Barca", "Barcelona"),
    ("Atletico de Madrid", "Atlético Madrid"),
    ("Inter de Milán", "Inter Milan"),
    ("Spurs", "Tottenham Hotspur"),
    ("Sporting Lisbon", "Sporting CP"),
    ("Athletic Bilbao", "Athletic Club"),
    ("PSG", "Paris Saint-Germain"),
    ("Olympique de Marseille", "Marseille"),
    ("Gladbach", "Borussia Mönchengladbach"),
    ("Al Hilal", "Al-Hilal"),
    ("Fenerbahce", "Fenerbahçe"),
    ("Besiktas", "Beşiktaş"),
    ("Crvena Zvezda", "Red Star Belgrade"),
]


@pytest.mark.parametrize(("form", "club"), KNOWN_FORMS, ids=[f for f, _ in KNOWN_FORMS])
def test_known_form_names_its_club(form: str, club: str) -> None:
    assert _club_of(form) == club


NICKNAMES = [
    ("Liverpool", "the Reds"),
    ("Liverpool", "Anfield"),
    ("Real Madrid", "los merengues"),
    ("Real Madrid", "the Bernabéu"),
    ("Manchester United", "Old Trafford"),
    ("Newcastle United", "St James' Park"),
    ("Borussia Dortmund", "die Schwarzgelben"),
    ("RB Leipzig", "Lipsia"),
    ("Juventus", "la Vecchia Signora"),
    ("AC Milan", "San Siro"),
    ("Inter Milan", "San Siro"),
    ("Paris Saint-Germain", "Parc des Princes"),
]


@pytest.mark.parametrize(("club", "nick"), NICKNAMES, ids=[f"{c}:{n}" for c, n in NICKNAMES])
def test_known_nickname(club: str, nick: str) -> None:
    (row,) = [c for c in clubs() if c["name"] == club]
    assert normalise(nick) in map(normalise, row["nicknames"])


# Top-flight sizes in 2025-26: the file must hold every club of each league.
LEAGUE_SIZES = [
    ("Premier League", 20),
    ("La Liga", 20),
    ("Serie A", 20),
    ("Bundesliga", 18),
    ("Ligue 1", 18),
]


@pytest.mark.parametrize(("league", "size"), LEAGUE_SIZES, ids=[lg for lg, _ in LEAGUE_SIZES])
def test_top_flight_complete(league: str, size: int) -> None:
    assert len([c for c in clubs() if c["league"] == league]) == size


# Clubs relegated in 2025 must still be there (they were in the top flight in 2024-25).
RELEGATED_2025 = [
    "Ipswich Town", "Leicester City", "Southampton", "Las Palmas", "Leganés", "Real Valladolid",
    "Empoli", "Venezia", "Monza", "VfL Bochum", "Holstein Kiel", "Montpellier", "Saint-Étienne",
    "Reims",
]  # fmt: skip


@pytest.mark.parametrize("name", RELEGATED_2025, ids=RELEGATED_2025)
def test_relegated_clubs_present(name: str) -> None:
    assert name in {c["name"] for c in clubs()}


# --- sources ---------------------------------------------------------------------------------


def test_source_count() -> None:
    assert len(sources()) >= 150


def _source_problems(source: dict[str, Any]) -> list[str]:
    """What is wrong with one source row (empty when nothing)."""
    name = str(source.get("name"))
    keys = set(source)
    if not set(SOURCE_REQUIRED) <= keys or not keys <= set(SOURCE_REQUIRED) | set(SOURCE_OPTIONAL):
        return [f"{name}: keys {sorted(keys)} do not fit the schema"]
    problems = [
        f"{name}: {key} is not a {kind.__name__}"
        for key, kind in (SOURCE_REQUIRED | SOURCE_OPTIONAL).items()
        if key in source and not isinstance(source[key], kind)
    ]
    if problems:
        return problems
    tier = source["tier"]
    if isinstance(tier, bool) or tier not in range(4):
        problems.append(f"{name}: tier {tier!r}")
    if source["kind"] not in SOURCE_KINDS:
        problems.append(f"{name}: kind {source['kind']!r}")
    if "country" in source and not COUNTRY.match(source["country"]):
        problems.append(f"{name}: country {source['country']!r}")
    forms = [source["name"], *source.get("aliases", [])]
    for form in forms:
        if not isinstance(form, str) or form != form.strip() or not normalise(form):
            problems.append(f"{name}: bad form {form!r}")
    counts = Counter(normalise(f) for f in forms if isinstance(f, str))
    problems += [f"{name}: {form!r} listed {n} times" for form, n in counts.items() if n > 1]
    club_names = {c["name"] for c in clubs()}
    source_names = {s["name"] for s in sources()}
    for club, club_tier in source.get("club_tiers", {}).items():
        if club not in club_names:
            problems.append(f"{name}: club_tiers names unknown club {club!r}")
        if (
            not isinstance(club_tier, int)
            or isinstance(club_tier, bool)
            or club_tier not in range(4)
        ):
            problems.append(f"{name}: club tier {club_tier!r} for {club}")
    if "outlet" in source:
        if source["kind"] != "journalist":
            problems.append(f"{name}: only a journalist has an outlet")
        if source["outlet"] not in source_names:
            problems.append(f"{name}: unknown outlet {source['outlet']!r}")
    aggregator = source["kind"] == "aggregator" or source.get("aggregator", False)
    # aggregators republish others' reports: tier 3 whatever they are called
    if aggregator and (tier != 3 or source.get("aggregator", False) is not True):
        problems.append(f"{name}: an aggregator is tier 3 and flagged aggregator")
    if source["kind"] in {"club", "league"} and tier != 0:
        problems.append(f"{name}: a club or league on the record is tier 0")
    return problems


def test_every_source_row_fits_the_schema() -> None:
    # One check over the whole file, reporting every bad row at once.
    assert [p for source in sources() for p in _source_problems(source)] == []


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        pytest.param({"tier": 5}, "tier 5", id="tier-out-of-range"),
        pytest.param({"tier": True}, "tier True", id="tier-bool"),
        pytest.param({"kind": "blog"}, "kind 'blog'", id="unknown-kind"),
        pytest.param({"club_tiers": {"Nowhere FC": 1}}, "unknown club", id="unknown-club"),
        pytest.param({"kind": "club", "tier": 1}, "tier 0", id="club-not-on-record"),
        pytest.param({"kind": "aggregator", "tier": 2}, "aggregator is tier 3", id="aggregator"),
    ],
)
def test_source_problems_are_found(row: dict[str, Any], fragment: str) -> None:
    good = next(s for s in sources() if s["kind"] == "outlet" and "outlet" not in s)
    assert _source_problems(good) == []
    assert any(fragment in p for p in _source_problems({**good, **row}))


def test_sources_and_clubs_never_share_a_form() -> None:
    # The matcher indexes clubs and sources in one table: a shared key would make a source look
    # like a club, and would silently hide a club nickname (nicknames yield to names).
    club_forms = {normalise(f) for c in clubs() for f in _forms(c)}
    clashes = [
        (s["name"], form)
        for s in sources()
        for form in [s["name"], *s.get("aliases", [])]
        if normalise(form) in club_forms
    ]
    assert clashes == []


def test_source_names_and_aliases_unique() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for source in sources():
        for form in [source["name"], *source.get("aliases", [])]:
            owners[normalise(form)].add(source["name"])
    assert {form: sorted(o) for form, o in owners.items() if len(o) > 1} == {}


def _source(name: str) -> dict[str, Any]:
    key = normalise(name)
    (row,) = [
        s for s in sources() if key in {normalise(f) for f in [s["name"], *s.get("aliases", [])]}
    ]
    return row


# Tiers named in the brief (DESIGN §4): spot checks of the public-reputation scale.
KNOWN_TIERS = [
    ("The Athletic", 1), ("BBC Sport", 1), ("Sky Sports", 1), ("The Times", 1), ("ESPN", 1),
    ("Reuters", 1), ("dpa", 2), ("Fabrizio Romano", 1), ("David Ornstein", 1),
    ("Florian Plettenberg", 1), ("Gianluca Di Marzio", 1), ("Matteo Moretto", 1),
    ("Kicker", 2), ("Marca", 2), ("Diario AS", 2), ("Mundo Deportivo", 2), ("Relevo", 2),
    ("L'Équipe", 2), ("Gazzetta dello Sport", 2), ("Bild", 2), ("Record", 2), ("A Bola", 2),
    ("Daily Mail", 2), ("talkSPORT", 2), ("José Félix Díaz", 2), ("Alfredo Pedullà", 2),
    ("Christian Falk", 2), ("Ben Jacobs", 2), ("Dean Jones", 2), ("CaughtOffside", 3),
    ("TEAMtalk", 3), ("Football365", 3), ("El Chiringuito", 3), ("Fichajes", 3),
    ("OKDIARIO", 3), ("90min", 3), ("HITC", 3), ("football.london", 3), ("GiveMeSport", 3),
]  # fmt: skip


@pytest.mark.parametrize(("name", "tier"), KNOWN_TIERS, ids=[n for n, _ in KNOWN_TIERS])
def test_known_source_tier(name: str, tier: int) -> None:
    assert _source(name)["tier"] == tier


BEATS = [
    ("Paul Joyce", "Liverpool"),
    ("James Pearce", "Liverpool"),
    ("Laurie Whitwell", "Manchester United"),
    ("Samuel Luckhurst", "Manchester United"),
    ("Christian Falk", "Bayern Munich"),
]


@pytest.mark.parametrize(("name", "club"), BEATS, ids=[n for n, _ in BEATS])
def test_beat_reporters_have_club_tier_1(name: str, club: str) -> None:
    assert _source(name)["club_tiers"][club] == 1


WIRES = ["Reuters", "AP", "AFP", "PA Media", "dpa", "SID", "ANSA", "EFE", "Lusa", "Europa Press"]


@pytest.mark.parametrize("name", WIRES, ids=WIRES)
def test_wire_agencies_present(name: str) -> None:
    assert _source(name)["kind"] == "agency"

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


@pytest.mark.parametrize("club", clubs(), ids=lambda c: str(c.get("name")))
def test_club_schema(club: dict[str, Any]) -> None:
    assert set(club) == set(CLUB_KEYS), sorted(set(club) ^ set(CLUB_KEYS))
    for key, kind in CLUB_KEYS.items():
        assert isinstance(club[key], kind), key
    assert COUNTRY.match(club["country"]), club["country"]
    assert club["league"].strip()
    for form in _forms(club):
        assert isinstance(form, str)
        assert form == form.strip() and form, repr(form)
        assert "  " not in form, repr(form)
        assert normalise(form), repr(form)


@pytest.mark.parametrize("club", clubs(), ids=lambda c: str(c.get("name")))
def test_club_forms_listed_once(club: dict[str, Any]) -> None:
    # Folded forms, because the matcher compares folded forms ("Barça" == "Barca").
    counts = Counter(normalise(form) for form in _forms(club))
    assert [form for form, n in counts.items() if n > 1] == []


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


@pytest.mark.parametrize("source", sources(), ids=lambda s: str(s.get("name")))
def test_source_schema(source: dict[str, Any]) -> None:
    assert set(SOURCE_REQUIRED) <= set(source), source
    assert set(source) <= set(SOURCE_REQUIRED) | set(SOURCE_OPTIONAL), source
    for key, kind in (SOURCE_REQUIRED | SOURCE_OPTIONAL).items():
        if key in source:
            assert isinstance(source[key], kind), key
    assert not isinstance(source["tier"], bool)
    assert source["tier"] in range(4)
    assert source["kind"] in SOURCE_KINDS
    if "country" in source:
        assert COUNTRY.match(source["country"]), source["country"]
    for form in [source["name"], *source.get("aliases", [])]:
        assert isinstance(form, str) and form == form.strip() and normalise(form), repr(form)
    counts = Counter(normalise(f) for f in [source["name"], *source.get("aliases", [])])
    assert [form for form, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("source", sources(), ids=lambda s: str(s.get("name")))
def test_source_consistency(source: dict[str, Any]) -> None:
    club_names = {c["name"] for c in clubs()}
    source_names = {s["name"] for s in sources()}
    for club, tier in source.get("club_tiers", {}).items():
        assert club in club_names, club
        assert isinstance(tier, int) and not isinstance(tier, bool) and tier in range(4)
    if "outlet" in source:
        assert source["kind"] == "journalist"
        assert source["outlet"] in source_names, source["outlet"]
    if source["kind"] == "aggregator" or source.get("aggregator", False):
        # aggregators republish others' reports: tier 3 whatever they are called
        assert source["tier"] == 3
        assert source.get("aggregator", False) is True
    if source["kind"] in {"club", "league"}:
        assert source["tier"] == 0


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

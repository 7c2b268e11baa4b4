"""What a fan types -> the player he means: table tests over the shipped registry, and over
players the store made from typed names (unvetted: never a fuzzy merge)."""

from __future__ import annotations

import pytest

from bot.players import default_registry, registry_candidates
from bot.resolver import Candidate, How, Resolver


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(registry_candidates(default_registry()))


@pytest.mark.parametrize(
    ("typed", "name", "how"),
    [
        pytest.param("Trent Alexander-Arnold", "Trent Alexander-Arnold", How.NAME, id="exact"),
        pytest.param(
            "trent alexander arnold", "Trent Alexander-Arnold", How.NAME, id="case-hyphen"
        ),
        pytest.param("TAA", "Trent Alexander-Arnold", How.ALIAS, id="initials"),
        pytest.param("taa", "Trent Alexander-Arnold", How.ALIAS, id="initials-lower"),
        pytest.param("Trent", "Trent Alexander-Arnold", How.ALIAS, id="short-form"),
        pytest.param("Alexander-Arnold", "Trent Alexander-Arnold", How.ALIAS, id="surname"),
        pytest.param("KDB", "Kevin De Bruyne", How.ALIAS, id="initials-kdb"),
        pytest.param("Vini Jr", "Vinícius Júnior", How.ALIAS, id="nickname-vini-jr"),
        pytest.param("Vinicius Junior", "Vinícius Júnior", How.NAME, id="pt-accents-folded"),
        pytest.param("CR7", "Cristiano Ronaldo", How.ALIAS, id="initials-cr7"),
        pytest.param("Kvara", "Khvicha Kvaratskhelia", How.ALIAS, id="nickname-kvara"),
        pytest.param("Kylian Mbappé", "Kylian Mbappé", How.NAME, id="fr-accent"),
        pytest.param("kylian mbappe", "Kylian Mbappé", How.NAME, id="fr-no-accent"),
        pytest.param("Mbappe", "Kylian Mbappé", How.ALIAS, id="surname-unique"),
        pytest.param("Josko Gvardiol", "Joško Gvardiol", How.NAME, id="hr-caron-folded"),
        pytest.param("Benjamin Sesko", "Benjamin Šeško", How.NAME, id="sl-caron-folded"),
        pytest.param("Martin Odegaard", "Martin Ødegaard", How.NAME, id="no-slashed-o"),
        pytest.param("Oedegaard", "Martin Ødegaard", How.ALIAS, id="no-transliterated-oe"),
        pytest.param("Håland", "Erling Haaland", How.ALIAS, id="no-old-spelling"),
        pytest.param("Kvaratshelia", "Khvicha Kvaratskhelia", How.ALIAS, id="ka-transliteration"),
        pytest.param("Hakan Calhanoglu", "Hakan Çalhanoğlu", How.NAME, id="tr-folded"),
        pytest.param("Arda Guler", "Arda Güler", How.NAME, id="tr-umlaut-folded"),
        pytest.param("Wojciech Szczesny", "Wojciech Szczęsny", How.NAME, id="pl-ogonek-folded"),
        pytest.param("Pascal Gross", "Pascal Groß", How.NAME, id="de-eszett"),
        pytest.param("Heung-min Son", "Son Heung-min", How.ALIAS, id="ko-name-order"),
        pytest.param("Joao Felix", "João Félix", How.NAME, id="pt-tilde-folded"),
        pytest.param("Iñaki Williams", "Iñaki Williams", How.NAME, id="es-enye"),
        pytest.param("Inaki Williams", "Iñaki Williams", How.NAME, id="es-enye-folded"),
        pytest.param("Nico Williams", "Nico Williams", How.NAME, id="brother-by-full-name"),
        pytest.param("Frenkie de Jong", "Frenkie de Jong", How.NAME, id="particle"),
        pytest.param("Luis Suárez", "Luis Suárez", How.NAME, id="full-name-beats-namesake"),
        pytest.param("Mohammed Salah", "Mohamed Salah", How.ALIAS, id="ar-transliteration"),
        pytest.param("손흥민", "Son Heung-min", How.ALIAS, id="ko-hangul"),
        # other scripts, folded to Latin letters, then read as a misspelling
        pytest.param("Лука Модрич", "Luka Modrić", How.FUZZY, id="ru-cyrillic"),
        pytest.param("Душан Влахович", "Dušan Vlahović", How.FUZZY, id="sr-cyrillic"),
        pytest.param("Роберт Левандовски", "Robert Lewandowski", How.FUZZY, id="ru-polish-name"),
        pytest.param("Хвича Кварацхелия", "Khvicha Kvaratskhelia", How.FUZZY, id="ru-georgian"),
        pytest.param("Килиан Мбаппе", "Kylian Mbappé", How.FUZZY, id="ru-french-name"),
        # misspellings of one vetted player: a slip in a word, never another whole name
        pytest.param("Kylian Mbape", "Kylian Mbappé", How.FUZZY, id="fuzzy-mbape"),
        pytest.param("Trent Alexandr-Arnold", "Trent Alexander-Arnold", How.FUZZY, id="fuzzy-en"),
        pytest.param("Lewandoski", "Robert Lewandowski", How.FUZZY, id="fuzzy-pl-surname"),
        pytest.param("Erling Halland", "Erling Haaland", How.FUZZY, id="fuzzy-no"),
        pytest.param("Vinicius Junoir", "Vinícius Júnior", How.FUZZY, id="fuzzy-pt"),
        pytest.param("Khvicha Kvaratskelia", "Khvicha Kvaratskhelia", How.FUZZY, id="fuzzy-ka"),
        pytest.param("Lamine Yamall", "Lamine Yamal", How.FUZZY, id="fuzzy-es"),
        pytest.param("Florian Wirz", "Florian Wirtz", How.FUZZY, id="fuzzy-de"),
        pytest.param("Nicolo Barela", "Nicolò Barella", How.FUZZY, id="fuzzy-it"),
    ],
)
def test_resolves(resolver: Resolver, typed: str, name: str, how: How) -> None:
    got = resolver.resolve(typed)
    assert got.found is not None, (typed, got.choices, got.suggestions)
    assert (got.found.name, got.how) == (name, how)


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        pytest.param("Bruno", {"Bruno Fernandes", "Bruno Guimarães"}, id="shared-nickname"),
        pytest.param(
            "Gabriel",
            {"Gabriel Magalhães", "Gabriel Martinelli", "Gabriel Jesus"},
            id="shared-first-name",
        ),
        pytest.param("Bellingham", {"Jude Bellingham", "Jobe Bellingham"}, id="brothers"),
        pytest.param("de Jong", {"Frenkie de Jong", "Luuk de Jong"}, id="shared-surname"),
        pytest.param("Dembélé", {"Ousmane Dembélé", "Moussa Dembélé"}, id="shared-accented"),
        pytest.param(
            "Nico Gonzalez", {"Nicolás González", "Nicolás González Iglesias"}, id="namesakes"
        ),
        pytest.param("Ederson", {"Ederson Moraes", "Ederson dos Santos"}, id="shared-mononym"),
    ],
)
def test_a_name_several_players_carry_gives_the_choice(
    resolver: Resolver, typed: str, names: set[str]
) -> None:
    got = resolver.resolve(typed)
    assert got.found is None
    assert {c.name for c in got.choices} == names
    assert all(c.detail for c in got.choices)  # what tells them apart


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        pytest.param("Nobody Atall", None, id="nobody"),
        pytest.param("Jose Kovacic", "Mateo Kovačić", id="other-given-name"),
        pytest.param("Mateo Kovac", None, id="surname-cut-short"),
        pytest.param("Marco Russo", None, id="unknown-similar-words"),
        pytest.param("Pablo Romero", None, id="unknown-pablo"),
        pytest.param("Rodrigo", None, id="given-name-of-many"),
        pytest.param("Kylian", None, id="first-name-alone"),
        pytest.param("Mbe", None, id="too-short-to-guess"),
        pytest.param("Lionel Mesi Cuccittini", None, id="extra-word"),
        pytest.param("Mario Salah", "Mohamed Salah", id="other-given-name-close-surname"),
        pytest.param("Эрлинг Холанд", "Erling Haaland", id="ru-too-far-suggested"),
        pytest.param("Κυλιάν Εμπαπέ", "Kylian Mbappé", id="el-too-far-suggested"),
        pytest.param("Mohammed Kudus Salah", None, id="three-words-two-players"),
    ],
)
def test_does_not_resolve(resolver: Resolver, typed: str, suggested: str | None) -> None:
    got = resolver.resolve(typed)
    assert got.found is None, (typed, got.found)
    if suggested is not None:
        assert suggested in [c.name for c in got.suggestions]


def test_jobe_misspelt_is_never_jude(resolver: Resolver) -> None:
    got = resolver.resolve("Jobe Bellinghan")
    assert got.found is None or got.found.name == "Jobe Bellingham"


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        pytest.param("Paulo Romero", "Pablo Romero", id="given-name-pablo-paulo"),
        pytest.param("Mario Russo", "Marco Russo", id="given-name-mario-marco"),
        pytest.param("Jose Kovac", "Jose Kovacic", id="surname-kovac-kovacic"),
        pytest.param("Marin Delgado", "Marin Delgadoson", id="longer-surname"),
        pytest.param("Anna Berg", "Anna Borg", id="short-surname"),
    ],
)
def test_players_made_from_typed_names_are_only_suggested(stored: str, typed: str) -> None:
    """A player the store made from a name a fan typed is no evidence: a close name is offered,
    never taken for him."""
    resolver = Resolver([Candidate(name=stored, player_id=1)])
    got = resolver.resolve(typed)
    assert got.found is None
    assert [c.name for c in got.suggestions] == [stored]


def test_a_store_player_and_his_registry_entry_are_one_candidate() -> None:
    stored = Candidate(name="Kylian Mbappe", aliases=("Mbappe",), player_id=7)
    listed = Candidate(name="Kylian Mbappé", aliases=("KM10",), vetted=True)
    resolver = Resolver([listed, stored])
    assert len(resolver) == 1
    got = resolver.resolve("KM10")
    assert got.found is not None and got.found.player_id == 7 and got.found.vetted

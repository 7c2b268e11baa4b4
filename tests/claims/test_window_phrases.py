"""Table tests for bot.windows: transfer windows in six languages, resolved at publication."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.claims.lexicon.langdata import language_files
from bot.claims.lexicon.windows import (
    WINDOW_DATES,
    find_windows,
    make_window,
    window_containing,
)

DEC24 = datetime(2024, 12, 10, 9, 0, tzinfo=UTC)
JAN25 = datetime(2025, 1, 15, 9, 0, tzinfo=UTC)
MAR25 = datetime(2025, 3, 20, 9, 0, tzinfo=UTC)
JUL25 = datetime(2025, 7, 20, 9, 0, tzinfo=UTC)
OCT25 = datetime(2025, 10, 2, 9, 0, tzinfo=UTC)

# (text, published, lang, [(matched text, window key)])
ROWS = [
    pytest.param(
        "Real want him in January.",
        DEC24,
        "en",
        [("January", "january-2025")],
        id="en-january-next",
    ),
    pytest.param(
        "Real want him in January.",
        JAN25,
        "en",
        [("January", "january-2025")],
        id="en-january-current",
    ),
    pytest.param(
        "Real want him in January.",
        MAR25,
        "en",
        [("January", "january-2026")],
        id="en-january-after-window",
    ),
    pytest.param(
        "Real want to sign him this month.",
        JAN25,
        "en",
        [("this month", "january-2025")],
        id="en-this-month-in-january",
    ),
    pytest.param(
        "Real want to sign him this month.", MAR25, "en", [], id="en-this-month-in-march-none"
    ),
    pytest.param(
        "a move next month",
        DEC24,
        "en",
        [("next month", "january-2025")],
        id="en-next-month-from-december",
    ),
    pytest.param(
        "a deal in the winter window",
        DEC24,
        "en",
        [("winter window", "january-2025")],
        id="en-winter-window",
    ),
    pytest.param(
        "a mid-season move", DEC24, "en", [("mid-season", "january-2025")], id="en-mid-season"
    ),
    pytest.param(
        "not for sale in this window",
        JAN25,
        "en",
        [("this window", "january-2025")],
        id="en-this-window-open",
    ),
    pytest.param(
        "not for sale in this window",
        DEC24,
        "en",
        [("this window", "january-2025")],
        id="en-this-window-next",
    ),
    pytest.param(
        "a move next summer", DEC24, "en", [("next summer", "summer-2025")], id="en-next-summer"
    ),
    pytest.param(
        "a move next summer",
        JUL25,
        "en",
        [("next summer", "summer-2026")],
        id="en-next-summer-during-summer",
    ),
    pytest.param(
        "a move this summer", JUL25, "en", [("this summer", "summer-2025")], id="en-this-summer"
    ),
    # in October "this summer" is the one just gone (nearest), "the summer" the one to come
    pytest.param(
        "this summer; the summer",
        OCT25,
        "en",
        [("this summer", "summer-2025"), ("the summer", "summer-2026")],
        id="en-this-vs-the-summer-autumn",
    ),
    pytest.param(
        "He could leave at the end of the season.",
        DEC24,
        "en",
        [("end of the season", "summer-2025")],
        id="en-end-of-season",
    ),
    pytest.param(
        "when his contract expires in June",
        DEC24,
        "en",
        [("June", "summer-2025")],
        id="en-contract-expires-june",
    ),
    pytest.param(
        "He left last summer.", DEC24, "en", [("last summer", "summer-2024")], id="en-last-summer"
    ),
    pytest.param(
        "He left last summer.",
        OCT25,
        "en",
        [("last summer", "summer-2025")],
        id="en-last-summer-autumn",
    ),
    # explicit years win over inference
    pytest.param(
        "summer 2025, the summer of 2023, June 2026",
        DEC24,
        "en",
        [
            ("summer 2025", "summer-2025"),
            ("the summer of 2023", "summer-2023"),
            ("June 2026", "summer-2026"),
        ],
        id="en-explicit-years",
    ),
    pytest.param(
        "next summer 2027",
        DEC24,
        "en",
        [("next summer 2027", "summer-2027")],
        id="en-year-beats-relation",
    ),
    pytest.param(
        "the 2026 summer window",
        DEC24,
        "en",
        [("2026 summer window", "summer-2026")],
        id="en-year-before",
    ),
    pytest.param(
        "In May he scored; in march, in September, in 2025, the august club",
        DEC24,
        "en",
        [],
        id="en-negatives",
    ),
    pytest.param("real estate prices", DEC24, None, [], id="any-estate-not-italian-summer"),
    pytest.param(
        "no mercado de invierno y en enero",
        DEC24,
        "es",
        [("mercado de invierno", "january-2025"), ("enero", "january-2025")],
        id="es-invierno-enero",
    ),
    pytest.param(
        "el próximo verano, a final de temporada",
        DEC24,
        "es",
        [("el próximo verano", "summer-2025"), ("final de temporada", "summer-2025")],
        id="es-verano-final",
    ),
    pytest.param(
        "el verano de 2026 y junio de 2027",
        DEC24,
        "es",
        [("verano de 2026", "summer-2026"), ("junio de 2027", "summer-2027")],
        id="es-explicit-years",
    ),
    pytest.param("Julio Cesar firmó", DEC24, "es", [], id="es-julio-is-a-name"),
    pytest.param(
        "nel mercato di gennaio o in quello invernale",
        DEC24,
        "it",
        [("mercato di gennaio", "january-2025")],
        id="it-mercato-di-gennaio",
    ),
    pytest.param(
        "il mercato invernale; la prossima estate; a fine stagione",
        DEC24,
        "it",
        [
            ("mercato invernale", "january-2025"),
            ("la prossima estate", "summer-2025"),
            ("fine stagione", "summer-2025"),
        ],
        id="it-invernale-estate-fine-stagione",
    ),
    pytest.param(
        "in estate 2025", DEC24, "it", [("estate 2025", "summer-2025")], id="it-estate-year"
    ),
    pytest.param(
        "im Januar oder im Winter-Transferfenster",
        DEC24,
        "de",
        [("Januar", "january-2025"), ("Winter-Transferfenster", "january-2025")],
        id="de-januar-winter-transferfenster",
    ),
    pytest.param(
        "in der Wintertransferperiode",
        DEC24,
        "de",
        [("Wintertransferperiode", "january-2025")],
        id="de-wintertransferperiode",
    ),
    pytest.param(
        "im Sommer, zum Saisonende",
        DEC24,
        "de",
        [("Sommer", "summer-2025"), ("Saisonende", "summer-2025")],
        id="de-sommer-saisonende",
    ),
    pytest.param(
        "seine bis 30. Juni gültige Klausel",
        MAR25,
        "de",
        [("Juni", "summer-2025")],
        id="de-juni-date",
    ),
    pytest.param(
        "im vergangenen Sommer",
        DEC24,
        "de",
        [("vergangenen Sommer", "summer-2024")],
        id="de-vergangenen-sommer",
    ),
    pytest.param(
        "em janeiro, na janela de inverno",
        DEC24,
        "pt",
        [("janeiro", "january-2025"), ("janela de inverno", "january-2025")],
        id="pt-janeiro-janela",
    ),
    pytest.param(
        "no verão, no final da temporada",
        DEC24,
        "pt",
        [("verão", "summer-2025"), ("final da temporada", "summer-2025")],
        id="pt-verao-final",
    ),
    pytest.param(
        "durante a janela de transferências",
        JUL25,
        "pt",
        [("janela de transferências", "summer-2025")],
        id="pt-janela-de-transferencias",
    ),
    pytest.param(
        "en janvier, au mercato d'hiver",
        DEC24,
        "fr",
        [("janvier", "january-2025"), ("mercato d'hiver", "january-2025")],
        id="fr-janvier-mercato-hiver",
    ),
    pytest.param(
        "l’été prochain, en fin de saison",
        DEC24,
        "fr",
        [("l’été prochain", "summer-2025"), ("fin de saison", "summer-2025")],
        id="fr-ete-prochain-curly",
    ),
    pytest.param("Il a été transféré", DEC24, "fr", [], id="fr-ete-participle-is-not-summer"),
    pytest.param("à l'été 2023", DEC24, "fr", [("l'été 2023", "summer-2023")], id="fr-ete-year"),
    # a contrast sets the window after it aside: the move not made
    pytest.param(
        "Chelsea want him now rather than for free in the summer",
        DEC24,
        "en",
        [],
        id="en-rather-than-summer",
    ),
    pytest.param(
        "a move in January instead of waiting for the summer window",
        DEC24,
        "en",
        [("January", "january-2025")],
        id="en-instead-of-keeps-the-window-before",
    ),
    pytest.param(
        "rather than sell now, they will listen to offers in the summer",
        DEC24,
        "en",
        [("the summer", "summer-2025")],
        id="en-contrast-in-another-clause-no-effect",
    ),
    pytest.param(
        "quieren ficharlo ya en lugar de esperar al verano",
        DEC24,
        "es",
        [],
        id="es-en-lugar-de-verano",
    ),
    pytest.param(
        "lo vogliono subito invece di aspettare l'estate",
        DEC24,
        "it",
        [],
        id="it-invece-di-estate",
    ),
    pytest.param(
        "sie wollen ihn jetzt statt im Sommer",
        DEC24,
        "de",
        [],
        id="de-statt-im-sommer",
    ),
    pytest.param(
        "ils le veulent tout de suite plutôt qu'en juin",
        DEC24,
        "fr",
        [],
        id="fr-plutot-qu-en-juin",
    ),
    pytest.param(
        "querem contratá-lo já em vez de esperar por julho",
        DEC24,
        "pt",
        [],
        id="pt-em-vez-de-julho",
    ),
    pytest.param(
        "sie wollen ihn im Sommer statt jetzt",
        DEC24,
        "de",
        [("Sommer", "summer-2025")],
        id="de-window-before-statt-kept",
    ),
]


@pytest.mark.parametrize(("text", "published", "lang", "expected"), ROWS)
def test_find_windows(
    text: str, published: datetime, lang: str | None, expected: list[tuple[str, str]]
) -> None:
    found = find_windows(text, published, lang)
    assert [(text[m.start : m.end], m.window.key) for m in found] == expected


def test_window_dates_come_from_the_table() -> None:
    w = make_window("january", 2025)
    (m1, d1), (m2, d2) = WINDOW_DATES["january"]
    assert (w.key, w.start, w.end) == ("january-2025", date(2025, m1, d1), date(2025, m2, d2))
    (m,) = find_windows("a summer move", JAN25, "en")
    assert m.window == make_window("summer", 2025)


@pytest.mark.parametrize(
    ("day", "key"),
    [
        pytest.param(date(2025, 1, 1), "january-2025", id="january-opens"),
        pytest.param(date(2025, 2, 3), "january-2025", id="january-closes"),
        pytest.param(date(2025, 2, 4), None, id="after-january"),
        pytest.param(date(2025, 4, 1), None, id="spring"),
        pytest.param(date(2025, 6, 1), "summer-2025", id="summer-opens"),
        pytest.param(date(2025, 9, 1), "summer-2025", id="deadline-day"),
        pytest.param(date(2025, 12, 31), None, id="december"),
    ],
)
def test_window_containing(day: date, key: str | None) -> None:
    w = window_containing(day)
    assert (w.key if w else None) == key


def test_every_phrase_rule_is_known() -> None:
    seasons = set(WINDOW_DATES)
    for name, data in language_files("windows").items():
        for phrase, rule in data["phrases"].items():
            kind, _, relation = rule.partition(":")
            ok = (kind in seasons and relation in {"upcoming", "next", "this", "last"}) or (
                kind == "month" and (relation in {"this", "next"} or 1 <= int(relation) <= 12)
            )
            ok = ok or rule == "window:current"
            assert ok, (name, phrase, rule)

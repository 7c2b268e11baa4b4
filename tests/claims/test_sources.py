"""Who a claim is credited to (``bot.attribution``): table tests of the attribution rules.

Each table has rows where the rule fires and rows where it must not. Sentences are our own
(Kai Brennan is a made-up player); outlets and clubs are real names from the gazetteer.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.claims import extract_claims
from bot.claims.attribution import article_source
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.model import Article, Claim, ClaimKind, Player
from bot.names import derive_aliases

K = ClaimKind
BRENNAN = "Kai Brennan"
CARRIER = "Fan Blog"


def _gazetteer() -> Gazetteer:
    player = Player(id=1, name=BRENNAN, aliases=derive_aliases(BRENNAN), followed=True)
    return Gazetteer.default().with_players([player])


def _article(text: str, lang: str = "en", outlet: str = CARRIER, title: str = "") -> Article:
    return Article(
        key="k",
        title=title,
        summary=text,
        lang=lang,
        outlet=outlet,
        journalist=None,
        published=datetime(2025, 7, 1, 9, tzinfo=UTC),
    )


def _claims(text: str, lang: str = "en") -> list[Claim]:
    return [c for c in extract_claims(_article(text, lang), _gazetteer()) if c.player == BRENNAN]


def _source_of(claims: list[Claim], kind: ClaimKind, club: str | None = None) -> str | None:
    found = [c for c in claims if c.kind is kind and (club is None or club in c.clubs)]
    assert found, f"no {kind} claim about {club}: {claims}"
    source = found[0].source
    return source.name if source else None


# --- a credit after a claim covers it only when it closes its clause, or shares it ---------------
@pytest.mark.parametrize(
    ("text", "kind", "club", "want"),
    [
        pytest.param(
            "Newcastle raised their offer for Kai Brennan to €80m, but according to The "
            "Athletic, Manchester United have bid €75m.",
            K.BID,
            "Newcastle United",
            CARRIER,
            id="opening-credit-later-clause-not-back",
        ),
        pytest.param(
            "Newcastle raised their offer for Kai Brennan to €80m, but according to The "
            "Athletic, Manchester United have bid €75m.",
            K.BID,
            "Manchester United",
            "The Athletic",
            id="opening-credit-covers-what-follows",
        ),
        pytest.param(
            "Arsenal have made a €60m offer for Kai Brennan, The Athletic reports.",
            K.BID,
            "Arsenal",
            "The Athletic",
            id="closing-credit-covers-before",
        ),
        pytest.param(
            "After Liverpool rejected Real Madrid's approach for Kai Brennan, The Athletic's "
            "David Ornstein reports Real will return with a €30m bid.",
            K.BID_REJECTED,
            "Real Madrid",
            "The Athletic",
            id="same-clause-fronted-adverbial",
        ),
    ],
)
def test_credit_after_the_claim(text: str, kind: ClaimKind, club: str, want: str) -> None:
    assert _source_of(_claims(text), kind, club) == want


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        pytest.param(
            "Manchester United have sent Kai Brennan a contract offer and, according to "
            "Fabrizio Romano, are confident he wants to join.",
            False,
            id="conjunct-credit-not-back",
        ),
        pytest.param(
            "According to Fabrizio Romano, Manchester United have sent Kai Brennan a contract "
            "offer and are confident he wants to join.",
            True,
            id="leading-credit-covers-both-conjuncts",
        ),
    ],
)
def test_credit_opening_a_conjunct(text: str, credited: bool) -> None:
    # the contract offer's credit (the second conjunct's "he wants to join" is his intent,
    # credited where it stands)
    sources = {
        c.source.name for c in _claims(text) if c.source and c.kind is ClaimKind.PERSONAL_TERMS
    }
    assert ("Fabrizio Romano" in sources) is credited
    assert sources


# --- an official move is the club's word -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "want"),
    [
        pytest.param(
            "Manchester City have finished the deal for RB Leipzig's Kai Brennan.",
            "Manchester City",
            id="completed-deal-buyer",
        ),
        pytest.param(
            "Kai Brennan has joined Manchester City from RB Leipzig on a five-year deal.",
            "Manchester City",
            id="joined-buyer",
        ),
    ],
)
def test_official_is_the_club(text: str, want: str) -> None:
    official = [c for c in _claims(text) if c.kind is K.OFFICIAL]
    assert official and official[0].source is not None
    assert (official[0].source.name, official[0].source.tier) == (want, 0)


def test_no_official_no_club_credit() -> None:
    """Negative row: a move only expected stays the carrier's."""
    claims = _claims("Kai Brennan is expected to move to Manchester City, Marca reports.")
    assert all(c.source is None or c.source.tier != 0 for c in claims)


# --- a club's statement: any of its voices, the club after a statement noun ---------------------
@pytest.mark.parametrize(
    ("lang", "text", "want"),
    [
        pytest.param(
            "de",
            "Per Pressemitteilung hat der FC Liverpool den Verkauf von Kai Brennan an Real "
            "Madrid bekanntgegeben: 90 Millionen Euro fix.",
            "Liverpool",
            id="de-second-voice-after-club",
        ),
        pytest.param(
            "es",
            "Según el comunicado que emitió el Liverpool, el Real Madrid pagará 90 millones de "
            "euros por Kai Brennan.",
            "Liverpool",
            id="es-club-after-statement-noun",
        ),
        pytest.param(
            "en",
            "Real Madrid will pay €90m for Kai Brennan, Marca reports.",
            "Marca",
            id="no-voice-keeps-outlet",
        ),
    ],
)
def test_club_statement_fee(lang: str, text: str, want: str) -> None:
    assert _source_of(_claims(text, lang), K.FEE) == want


# --- a statement runs on into the next sentence of its paragraph, for the deal's terms ---------
@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        pytest.param(
            "Liverpool announced the sale of Kai Brennan to Real Madrid. The fixed fee is €90m.",
            K.FEE,
            "Liverpool",
            id="fee-detail-is-the-clubs",
        ),
        pytest.param(
            "Liverpool announced the sale of Kai Brennan to Real Madrid. The fee is €90m, "
            "according to Marca.",
            K.FEE,
            "Marca",
            id="own-credit-wins",
        ),
        pytest.param(
            "Liverpool announced the sale of Kai Brennan to Real Madrid. Arsenal had also been "
            "keen on Kai Brennan.",
            K.INTEREST,
            CARRIER,
            id="suitors-not-the-statement",
        ),
        pytest.param(
            "Liverpool announced the sale of Kai Brennan to Real Madrid.\n\nThe fixed fee is €90m.",
            K.FEE,
            CARRIER,
            id="not-across-paragraphs",
        ),
    ],
)
def test_statement_runs_on(text: str, kind: ClaimKind, want: str) -> None:
    assert _source_of(_claims(text), kind) == want


@pytest.mark.parametrize(
    ("lang", "text", "figure", "want"),
    [
        pytest.param(
            "de",
            "Der FC Liverpool hat per Pflichtmitteilung den Verkauf von Kai Brennan an Real "
            "Madrid bekanntgegeben: 80 Millionen Euro fix, dazu erfolgsabhängig bis zu 25 "
            "Prozent (20 Millionen), im besten Fall also 100 Millionen Euro.",
            "100",
            CARRIER,
            id="de-sum-is-the-writers",
        ),
        pytest.param(
            "de",
            "Der FC Liverpool hat per Pflichtmitteilung den Verkauf von Kai Brennan an Real "
            "Madrid bekanntgegeben: 80 Millionen Euro fix, dazu erfolgsabhängig bis zu 25 "
            "Prozent (20 Millionen), im besten Fall also 100 Millionen Euro.",
            "80",
            "Liverpool",
            id="de-parts-are-the-clubs",
        ),
    ],
)
def test_writers_sum(lang: str, text: str, figure: str, want: str) -> None:
    fees = [c for c in _claims(text, lang) if c.fee and c.fee.text.startswith(figure)]
    assert fees and fees[0].source is not None
    assert fees[0].source.name == want


# --- the club speaking through an outlet -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "want", "tier"),
    [
        pytest.param(
            "Liverpool sporting director Richard Hughes told the Liverpool Echo that talks with "
            "Real Madrid over Kai Brennan are under way.",
            "Liverpool",
            0,
            id="director-told-outlet",
        ),
        pytest.param(
            "Kai Brennan's agent told Marca that talks with Real Madrid are under way.",
            "Marca",
            2,
            id="agent-no-club-keeps-outlet",
        ),
    ],
)
def test_speaker_over_medium(text: str, want: str, tier: int) -> None:
    claims = [c for c in _claims(text) if c.kind is K.TALKS]
    assert claims and claims[0].source is not None
    assert (claims[0].source.name, claims[0].source.tier) == (want, tier)


# --- unnamed press of a place -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "want"),
    [
        pytest.param(
            "There has been talk in Spain that Real Madrid made an offer for Kai Brennan.",
            "Media reports",
            id="talk-in-country",
        ),
        pytest.param(
            "Reports in Slovenia say Real Madrid made an offer for Kai Brennan.",
            "Media reports",
            id="reports-in-country",
        ),
        pytest.param(
            "Real Madrid made an offer for Kai Brennan in January.",
            CARRIER,
            id="in-month-no-press",
        ),
    ],
)
def test_unnamed_press_of_a_place(text: str, want: str) -> None:
    assert _source_of(_claims(text), K.BID) == want


# --- a journalist's surname after his full name ----------------------------------------------
@pytest.mark.parametrize(
    ("text", "want"),
    [
        pytest.param(
            "The Times' Paul Joyce says Real Madrid want Kai Brennan. Joyce adds that Real "
            "have made an approach to Liverpool.",
            "Paul Joyce",
            id="surname-after-full-name",
        ),
        pytest.param(
            "Real Madrid want Kai Brennan. Joyce adds that Real have made an approach to "
            "Liverpool.",
            "Joyce",
            id="surname-never-introduced",
        ),
    ],
)
def test_journalist_surname(text: str, want: str) -> None:
    assert _source_of(_claims(text), K.APPROACH) == want


# --- outlet forms and the article's own origin --------------------------------------------------
@pytest.mark.parametrize(
    ("outlet", "want", "tier"),
    [
        pytest.param("OneFootball (Ecuagol)", "Ecuagol", 3, id="aggregator-partner-site"),
        pytest.param(
            "Liverpool FC On SI (Sports Illustrated)",
            "Liverpool FC On SI",
            3,
            id="site-on-its-network",
        ),
        pytest.param("KSTP (AP)", "Associated Press", 1, id="wire-in-parens"),
        pytest.param("Fan Blog (Partner Site)", "Fan Blog", 3, id="unknown-host-not-aggregator"),
    ],
)
def test_article_origin(outlet: str, want: str, tier: int) -> None:
    source = article_source(_article("Text.", outlet=outlet), _gazetteer())
    assert (source.name, source.tier) == (want, tier)


@pytest.mark.parametrize(
    ("name", "want"),
    [
        pytest.param("Mirror", "Daily Mirror", id="mirror"),
        pytest.param("Mail", "Daily Mail", id="mail"),
        pytest.param("Lewis Steele", "Lewis Steele", id="mail-liverpool-reporter"),
        pytest.param("Sky in Germany", "Sky Sport Germany", id="sky-in-germany"),
        pytest.param("Telegraph", "The Telegraph", id="telegraph"),
        pytest.param("ATS", "Keystone-ATS", id="swiss-agency"),
        pytest.param("dpa-AFX", "dpa", id="dpa-financial-wire"),
    ],
)
def test_source_aliases(name: str, want: str) -> None:
    info = Gazetteer.default().source(name)
    assert info is not None and info.name == want


def test_mirror_credit_in_text() -> None:
    claims = _claims("According to the Mirror, Real Madrid have made a £40m offer for Kai Brennan.")
    assert _source_of(claims, K.BID) == "Daily Mirror"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        pytest.param(
            "Fabrizio Romano says Kai Brennan is wanted. “Chelsea approached Brentford for Kai "
            "Brennan,” the CaughtOffside columnist informed a podcast.",
            "Fabrizio Romano",
            id="columnist-is-the-journalist-named",
        ),
        pytest.param(
            "“Chelsea approached Brentford for Kai Brennan,” CaughtOffside reported.",
            "CaughtOffside",
            id="outlet-alone-is-the-outlet",
        ),
    ],
)
def test_an_outlets_columnist_is_the_journalist_named_before(text: str, want: str) -> None:
    assert _source_of(_claims(text), K.APPROACH) == want


def test_the_writers_assumption_is_no_claim() -> None:
    claims = _claims(
        "Chelsea must wait until the summer, and that is working on an assumption Kai Brennan "
        "won't sign a new contract at Brentford."
    )
    assert not [c for c in claims if c.kind is K.RENEWAL]


@pytest.mark.parametrize(
    ("lang", "text", "kind", "want"),
    [
        pytest.param(
            "en",
            "Arsenal are keen on Kai Brennan, the Guardian understands.",
            K.INTEREST,
            "The Guardian",
            id="en-the-lowercase-article",
        ),
        pytest.param(
            "de",
            "Nach Informationen von Sky ist der VfB Stuttgart an Kai Brennan interessiert.",
            K.INTEREST,
            "Sky Sport Germany",
            id="de-sky-is-sky-germany",
        ),
        pytest.param(
            "it",
            "Secondo Sky Sport, il Napoli ha presentato un'offerta per Kai Brennan.",
            K.BID,
            "Sky Sport Italia",
            id="it-sky-sport-is-sky-italia",
        ),
        pytest.param(
            "en",
            "Newcastle United have made an offer for Kai Brennan, Sky Sports reports.",
            K.BID,
            "Sky Sports",
            id="en-sky-sports-stays",
        ),
        pytest.param(
            "de",
            "Mit dem VfB Stuttgart gebe es keine Einigung über Kai Brennan, sagte Brentfords "
            "Sportchef bei Sky.",
            K.DENIAL,
            "Brentford",
            id="de-sagte-club-person-bei-outlet",
        ),
    ],
)
def test_a_sources_name_as_each_language_writes_it(
    lang: str, text: str, kind: ClaimKind, want: str
) -> None:
    assert _source_of(_claims(text, lang), kind) == want

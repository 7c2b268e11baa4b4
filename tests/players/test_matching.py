"""The claim engine's name matching with tracked players (history for everyone): matched by alias
only, a shared name decided by the article's context."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.claims import Gazetteer, extract_claims
from bot.claims.lexicon.gazetteer import track
from bot.model import Article, Player
from bot.names import derive_aliases

JUDE = Player(
    id=1, name="Jude Bellingham", aliases=derive_aliases("Jude Bellingham"), followed=True
)
JOBE = Player(id=0, name="Jobe Bellingham", aliases=derive_aliases("Jobe Bellingham"))
MBAPPE = Player(id=0, name="Kylian Mbappé", aliases=derive_aliases("Kylian Mbappé"))


def _players(text: str, followed: list[Player], tracked: list[Player]) -> set[str]:
    base = Gazetteer.default()
    gazetteer = base.with_players(followed, track(tracked, clubs=base))
    article = Article(
        key="k",
        title="",
        summary=text,
        published=datetime(2025, 6, 1, tzinfo=UTC),
        outlet="The Athletic",
    )
    return {c.player for c in extract_claims(article, gazetteer)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Real Madrid have made an approach to Paris Saint-Germain for Kylian Mbappé.",
            {"Kylian Mbappé"},
            id="tracked-by-name",
        ),
        pytest.param(
            "Real Madrid have made an approach to Paris Saint-Germain for Kylian Mbape.",
            set(),
            id="tracked-never-by-misspelling",
        ),
        pytest.param(
            "Borussia Dortmund have agreed a fee with Sunderland for Jobe Bellingham. "
            "Bellingham will have a medical on Monday.",
            {"Jobe Bellingham"},
            id="shared-surname-the-one-named-in-full",
        ),
        pytest.param(
            "Real Madrid have made an offer to Borussia Dortmund for Bellingham.",
            {"Jude Bellingham"},
            id="shared-surname-alone-the-followed-one",
        ),
    ],
)
def test_tracked_players(text: str, expected: set[str]) -> None:
    assert _players(text, [JUDE], [JOBE, MBAPPE]) == expected


def test_a_shared_surname_of_two_tracked_players_names_nobody() -> None:
    text = "Real Madrid have made an offer to Borussia Dortmund for Bellingham."
    assert _players(text, [], [Player(id=0, name=JUDE.name, aliases=JUDE.aliases), JOBE]) == set()


def test_a_gazetteer_without_tracked_players_reads_as_before() -> None:
    base = Gazetteer.default()
    assert base.with_players([JUDE]).followed == (JUDE,)
    assert base.with_players([JUDE], track([JOBE], clubs=base)).followed == (JUDE, JOBE)
    assert base.with_players([JUDE], track([JUDE, JOBE], clubs=base)).watched == {JUDE.name}

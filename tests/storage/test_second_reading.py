"""The second reading of an article (for the history of players nobody follows) is skipped only
when no sentence can name one of them: the check of ``bot.ingest`` against the alias keys."""

from __future__ import annotations

from bot.claims.lexicon.gazetteer import track
from bot.ingest import _NameKeys
from bot.model import Player

MBAPPE = Player(id=1, name="Kylian Mbappé", aliases=("Mbappé", "KM10"))
NOVAK = Player(id=2, name="Mateo Novak", aliases=("Novak",), followed=True)


def _keys(followed: frozenset[str] = frozenset()) -> _NameKeys:
    return _NameKeys(track([MBAPPE, NOVAK]), followed)


def test_a_tracked_name_under_any_alias_or_spelling_needs_the_reading() -> None:
    keys = _keys(frozenset({NOVAK.name}))
    assert keys.in_text("Real Madrid want Kylian Mbappe. Nothing else.")
    assert keys.in_text("First sentence.\n\nA bid for MBAPPÉ’s team-mate is planned.")
    assert keys.in_text("Chelsea ask about km10 again")  # keys are folded: case is the engine's


def test_no_tracked_name_skips_it() -> None:
    keys = _keys(frozenset({NOVAK.name}))
    assert not keys.in_text("Arsenal make a £50m bid for Mateo Novak.")  # followed: first reading
    assert not keys.in_text("Kylian is a first name; Mbappes is another word.")


def test_a_followed_player_is_not_a_reason_but_the_others_are() -> None:
    assert _keys().in_text("Arsenal make a bid for Novak.")  # nobody follows him: tracked
    everyone = _keys(frozenset({NOVAK.name, MBAPPE.name}))
    assert not everyone.in_text("Mbappé and Novak, both followed.")

"""What the claim-engine tests share: a small gazetteer of our own clubs, sources and invented
players, and an article builder."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.claims.lexicon.gazetteer import Gazetteer
from bot.model import Article, Claim, ClaimKind, Player
from bot.names import derive_aliases

CLUBS = {
    "club": [
        {
            "name": "Liverpool",
            "aliases": ["Liverpool FC"],
            "nicknames": ["the Reds", "the Merseysiders", "Anfield"],
        },
        {
            "name": "Real Madrid",
            "aliases": ["Real Madrid CF"],
            "nicknames": ["Real", "Madrid", "Los Blancos", "the Spanish champions"],
        },
        {"name": "Manchester United", "aliases": ["Man Utd"], "nicknames": ["United"]},
        {"name": "Newcastle United", "aliases": ["Newcastle"], "nicknames": ["United"]},
        {"name": "Atlético Madrid", "aliases": ["Atletico Madrid"], "nicknames": ["Madrid"]},
        {"name": "RB Leipzig", "aliases": ["Leipzig", "Lipsia"], "nicknames": []},
        {"name": "Borussia Dortmund", "aliases": ["Dortmund", "BVB"], "nicknames": []},
        {"name": "Arsenal", "aliases": [], "nicknames": []},
    ]
}
SOURCES = {
    "source": [
        {"name": "Fabrizio Romano", "kind": "journalist", "tier": 1, "aliases": ["Romano"]},
        {"name": "Paul Joyce", "kind": "journalist", "tier": 1, "aliases": ["Joyce"]},
        {"name": "The Times", "kind": "outlet", "tier": 1, "aliases": []},
        {"name": "ESPN", "kind": "outlet", "tier": 1, "aliases": []},
        {"name": "Sky Sports", "kind": "outlet", "tier": 1, "aliases": ["Sky"]},
        {"name": "Marca", "kind": "outlet", "tier": 2, "aliases": []},
        {"name": "AS", "kind": "outlet", "tier": 2, "aliases": []},
        {"name": "Relevo", "kind": "outlet", "tier": 2, "aliases": []},
        {"name": "Bild", "kind": "outlet", "tier": 2, "aliases": []},
        {"name": "L'Équipe", "kind": "outlet", "tier": 1, "aliases": ["L'Equipe"]},
        {"name": "Record", "kind": "outlet", "tier": 2, "aliases": []},
        {"name": "Sky Italia", "kind": "outlet", "tier": 1, "aliases": []},
    ]
}
PLAYERS = [
    Player(
        id=1,
        name="Kai Brennan",
        aliases=derive_aliases("Kai Brennan"),
        followed=True,
        attributes={"nationality": "England", "position": "right-back"},
    ),
    Player(id=2, name="Tomás Ferreira", aliases=derive_aliases("Tomás Ferreira"), followed=True),
    Player(id=3, name="Luka Novak", aliases=derive_aliases("Luka Novak"), followed=True),
]


def small_gazetteer(players: list[Player] | None = None) -> Gazetteer:
    return Gazetteer.from_data(CLUBS, SOURCES).with_players(PLAYERS if players is None else players)


def article(
    text: str,
    lang: str | None = "en",
    outlet: str = "Fan Blog",
    title: str = "",
    journalist: str | None = None,
) -> Article:
    return Article(
        key="k",
        title=title,
        summary=text,
        lang=lang,
        outlet=outlet,
        journalist=journalist,
        published=datetime(2025, 1, 2, 9, tzinfo=UTC),
    )


def kinds(claims: list[Claim], player: str = "Kai Brennan") -> set[ClaimKind]:
    return {c.kind for c in claims if c.player == player}

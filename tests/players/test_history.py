"""History for everyone: claims about every known player are stored whether or not anyone follows
him; alerts go only to followers; following mid-saga shows the saga at once and queues nothing
old; and `transferbot run` with the sample feed shows the seeds' saga to a fan who follows late."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.ingest import Ingest
from bot.model import Article, Channel
from bot.service import Service
from storage.store import SqlStore
from tests.test_cli import Proc, _env
from tests.test_service import seed_articles

A = Channel(platform="console", workspace="local", channel="a")
TAA = "Trent Alexander-Arnold"


def test_claims_are_kept_for_players_nobody_follows(store: SqlStore) -> None:
    first, second = seed_articles()
    ingest = Ingest(store, clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    report = ingest.read(first)
    assert report.result.deliveries == 0  # nobody to tell
    assert report.claims == () and report.result.events == ()  # nothing about a followed player
    ingest.read(second)
    stored = {p.name for p in store.players()}
    assert {TAA, "Diogo Dalot"} <= stored
    trent = store.find_player(TAA)
    assert trent is not None
    views = store.saga_views(trent.id)
    assert views and all(v.state.last_seen.date() == second.published.date() for v in views)


def test_following_mid_saga_shows_it_at_once_and_queues_nothing_old(store: SqlStore) -> None:
    first, second = seed_articles()
    now = [first.published]
    ingest = Ingest(store, clock=lambda: now[0])
    service = Service(store, clock=lambda: now[0])
    ingest.read(first)
    now[0] = second.published
    ingest.read(second)
    followed = service.follow(A, "TAA")  # the stored player, by his registry alias
    assert followed.player.name == TAA and not followed.created_player
    assert "TAA" in followed.player.aliases  # his registry aliases joined the stored row
    assert followed.saga is not None and followed.saga.sagas
    assert "Real Madrid" in followed.saga.text()
    assert store.pending_deliveries(now[0] + timedelta(days=1)) == []  # nothing old queued
    # the next news about him reaches the new follower, and only what is new
    now[0] = second.published + timedelta(days=1)
    news = Article(
        key="later",
        title="Real Madrid agree personal terms with Trent Alexander-Arnold",
        summary="Real Madrid have agreed personal terms with Trent Alexander-Arnold, "
        "according to Fabrizio Romano.",
        published=now[0],
        outlet="The Athletic",
    )
    report = ingest.read(news)
    assert report.result.deliveries >= 1
    assert {e.claim.player for e in report.result.events} == {TAA}


def test_latest_of_a_player_with_history_and_no_follower(store: SqlStore) -> None:
    first, _ = seed_articles()
    Ingest(store, clock=lambda: first.published).read(first)
    text = Service(store, clock=lambda: datetime(2025, 1, 3, tzinfo=UTC)).latest("Trent")
    assert "Real Madrid" in text and "No transfer news" not in text
    assert "2025-01-02" in text


def _wait_in_log(proc: Proc, fragment: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(fragment in line for line in proc.err):
            return
        time.sleep(0.1)
    raise AssertionError(f"{fragment!r} not logged; stderr: {''.join(proc.err)[-2000:]}")


def test_run_reads_the_sample_feed_then_a_late_follower_sees_the_seeds_saga(
    tmp_path: Path,
) -> None:
    """The issue's path: ``make run`` -> ``/follow Trent Alexander-Arnold`` -> ``/latest``."""
    proc = Proc(["run"], _env(tmp_path))
    _wait_in_log(proc, "polled 1 feed(s)")
    proc.send(f"/follow {TAA}\n")
    proc.wait_for(f"Now following {TAA}")
    proc.wait_for("last news")  # the follow shows his saga at once
    proc.send(f"/latest {TAA}\n")
    proc.wait_for(f"{TAA} — ")
    proc.close_stdin()
    code, err = proc.finish(timeout=40)
    assert code == 0, err
    out = "\n".join(proc.seen)
    assert "No transfer news" not in out
    assert "Real Madrid" in out
    assert "last news 2025-01-02" in out  # dated as the seeds are


def _news(key: str, text: str, day: int) -> Article:
    return Article(
        key=key,
        title="",
        summary=text,
        published=datetime(2025, 7, day, 9, tzinfo=UTC),
        outlet="The Athletic",
    )


def test_a_name_learnt_from_the_news_keeps_his_history_from_then_on(store: SqlStore) -> None:
    ingest = Ingest(store, clock=lambda: datetime(2025, 8, 1, tzinfo=UTC))
    ingest.read(_news("a", "Arsenal have made a bid for Zorvan Telmic, according to reports.", 1))
    assert "Zorvan Telmic" in store.known_players()
    ingest.read(_news("b", "Arsenal have agreed a fee with Ajax for Zorvan Telmic.", 2))
    telmic = store.find_player("Zorvan Telmic")
    assert telmic is not None and store.saga_views(telmic.id)


def test_a_learnt_spelling_of_a_registry_player_is_that_player(store: SqlStore) -> None:
    ingest = Ingest(store, clock=lambda: datetime(2025, 8, 1, tzinfo=UTC))
    ingest.read(_news("a", "Real Madrid have made a bid for Kylian Mbappe.", 1))
    ingest.read(_news("b", "Real Madrid have agreed a fee with PSG for Kylian Mbappe.", 2))
    assert "Kylian Mbappe" not in {p.name for p in store.players()}
    mbappe = store.find_player("Kylian Mbappé")
    assert mbappe is not None and mbappe.name == "Kylian Mbappé"


def test_another_known_player_never_changes_the_followed_players_claims(store: SqlStore) -> None:
    """Read with everyone known, Lukeba (tracked) would keep the topic on Gvardiol (followed) and
    hand him Lukeba's fee; the followed players' claims come from the reading that knows only
    them, and Lukeba's history from the other."""
    Service(store).follow(A, "Joško Gvardiol")
    ingest = Ingest(store, clock=lambda: datetime(2025, 8, 1, tzinfo=UTC))
    article = Article(
        key="lukeba",
        title="Lukeba soll in Leipzig die Gvardiol-Lücke schließen",
        summary="RB Leipzig hat einen Nachfolger für den zu Manchester City gewechselten Joško "
        "Gvardiol gefunden: Castello Lukeba kommt von Olympique Lyon und unterschreibt bis "
        "2028. Nach Angaben Lyons kann die Ablöse mit Boni auf bis zu 34 Millionen Euro steigen.",
        published=datetime(2023, 8, 11, 18, tzinfo=UTC),
        outlet="kicker",
        lang="de",
    )
    report = ingest.read(article)
    assert [c for c in report.claims if c.fee is not None] == []
    assert report.result.deliveries == 0
    lukeba = store.find_player("Castello Lukeba")
    assert lukeba is not None
    assert [v.state.key.counterpart for v in store.saga_views(lukeba.id)] == ["Lyon"]

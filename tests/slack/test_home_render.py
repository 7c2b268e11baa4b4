"""The Home tab and shortcut modal renderer (pure): layout, Block Kit's view limits, escaping of
user and feed text, the empty workspace, and the current stage in a few words."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from typing import Any

import pytest

from adapters.slack.home import (
    MAX_VIEW_BLOCKS,
    TITLE,
    ChannelFollows,
    Overview,
    PlayerLine,
    current_stage,
    home_view,
    modal_view,
    overview_blocks,
    settings_summary,
)
from bot.model import ClaimKind, DealKind, SagaKey, SagaState, SagaStatus
from bot.records import ChannelSettings, DeliveryMode, QuietHours, SagaView
from tests.fakes.slack import view_problem
from tests.slack.test_commands import section_texts

T = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
HOSTILE = "<!channel> <@U0ADMIN> <#C0OTHER> <!subteam^S1> @here & <https://evil.example|x>"
# what must never reach Slack from user or feed text: a live mention, a broadcast or a link
LIVE = re.compile(r"<[!@#]|<https?://|(?<!\u2060)@here")


def texts(blocks: list[dict[str, Any]]) -> str:
    return section_texts({"blocks": blocks})


def channel(
    cid: str = "C0FANS", *players: str, settings: ChannelSettings | None = None, **kw: Any
) -> ChannelFollows:
    return ChannelFollows(
        channel_id=cid,
        name=kw.pop("name", "transfer-news"),
        players=tuple(PlayerLine(name=p, stage=kw.get("stage")) for p in players),
        settings=settings,
        broken=kw.get("broken"),
    )


def overview(*channels: ChannelFollows, **kw: Any) -> Overview:
    return Overview(channels=channels, now=T, **kw)


def saga(
    counterpart: str, stage: ClaimKind | None, *, status: SagaStatus = SagaStatus.OPEN, day: int = 1
) -> SagaView:
    key = SagaKey(player="Jude Bellingham", counterpart=counterpart, deal=DealKind.TRANSFER)
    seen = T.replace(day=day)
    return SagaView(
        state=SagaState(
            key=key, stage=stage, status=status, first_seen=seen, last_seen=seen, best_tier=1
        )
    )


# --------------------------------------------------------------------------- layout


def test_home_lists_each_channel_with_players_stages_and_settings() -> None:
    settings = ChannelSettings(min_tier=1, threads=True)
    view = home_view(
        overview(
            channel(
                "C0FANS",
                "Jude Bellingham",
                "Diogo Dalot",
                settings=settings,
                stage="Real Madrid (transfer): medical",
            ),
            channel("C0QUIET"),  # follows nobody: not listed
            settings_shown=True,
        )
    )
    assert view["type"] == "home"
    assert view_problem(view) is None
    shown = texts(view["blocks"])
    assert view["blocks"][0]["text"]["text"] == TITLE
    assert "1 channel follows 2 players · as of 2026-07-01 12:00 UTC" in shown
    assert "*<#C0FANS>* follows 2 players:" in shown
    assert "• *Jude Bellingham* · Real Madrid (transfer): medical" in shown
    assert "min tier 1 (tier 0-1 sources: top media and reporters)" in shown
    assert "threads on" in shown
    assert "C0QUIET" not in shown
    assert "channel settings are shown to" not in shown


def test_settings_are_said_to_be_for_admins_when_not_shown() -> None:
    shown = texts(overview_blocks(overview(channel("C0FANS", "Jude Bellingham"))))
    assert ":gear:" not in shown
    assert "channel settings are shown to workspace admins and owners" in shown


def test_settings_summary() -> None:
    settings = ChannelSettings(
        min_tier=0,
        mode=DeliveryMode.DIGEST,
        digest_hour=7,
        quiet_hours=QuietHours(start=time(22, 30), end=time(7, 0)),
        timezone="Europe/London",
    )
    summary = settings_summary(settings)
    assert summary.startswith(":gear: min tier 0 (")
    assert "threads off · digest at 07:00 · quiet hours 22:30-07:00 · Europe/London" in summary
    assert "no quiet hours" in settings_summary(ChannelSettings())


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        pytest.param({}, "No channel of this workspace follows anyone yet.", id="empty"),
        pytest.param({}, "`/transfers follow &lt;player&gt;`", id="empty-says-how"),
        pytest.param(
            {"command": "/tb"}, "`/tb follow &lt;player&gt;` (e.g. `/tb follow Jude", id="command"
        ),
        pytest.param(
            {"error": "I could not list this workspace's channels (Slack said: ratelimited)."},
            ":warning: I could not list this workspace's channels (Slack said: ratelimited).",
            id="error",
        ),
    ],
)
def test_a_workspace_following_nothing_gets_a_helpful_home(
    kw: dict[str, Any], fragment: str
) -> None:
    view = home_view(overview(channel("C0QUIET"), **kw))
    assert view_problem(view) is None
    assert fragment in texts(view["blocks"])


def test_an_error_is_not_taken_for_an_empty_workspace() -> None:
    shown = texts(overview_blocks(overview(error="Slack said: missing_scope")))
    assert "missing_scope" in shown
    assert "follows anyone yet" not in shown


def test_broken_channel_note_in_slack_words() -> None:
    note = "Alerts to this channel are stopped: the platform refused it. /follow a player."
    shown = texts(overview_blocks(overview(channel("C0FANS", "Jude Bellingham", broken=note))))
    assert ":warning: Alerts to this channel are stopped" in shown
    assert "/transfers follow a player" in shown


def test_modal_has_a_short_title_and_a_loading_state() -> None:
    loading = modal_view(None)
    assert view_problem(loading) is None
    assert "Looking at this workspace" in texts(loading["blocks"])
    full = modal_view(overview(channel("C0FANS", "Jude Bellingham")), title="x" * 60)
    assert view_problem(full) is None
    assert len(full["title"]["text"]) == 24
    assert "*<#C0FANS>* follows 1 player:" in texts(full["blocks"])


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize(
    ("channels", "fragment"),
    [
        pytest.param(
            [
                channel(f"C{i:05d}", "Jude Bellingham", settings=ChannelSettings())
                for i in range(200)
            ],
            "… and 153 more channels following players: `/transfers following` in each",
            id="200-channels-2-blocks-each",
        ),
        pytest.param(
            [channel(f"C{i:05d}", "Jude Bellingham") for i in range(200)],
            "… and 106 more channels",
            id="200-channels-1-block-each",
        ),
        pytest.param(
            [
                channel(
                    "C0FANS",
                    *(f"Player Number{i:04d} " + "x" * 60 for i in range(500)),
                    stage="Real Madrid (transfer): medical",
                )
            ],
            "more",
            id="500-players-in-one-channel",
        ),
        pytest.param(
            [channel("C0FANS", "y" * 5000, stage="s" * 5000)],
            "…",
            id="one-huge-name",
        ),
        pytest.param(
            [channel("C0FANS", "Jude Bellingham", broken="b" * 5000, settings=ChannelSettings())],
            "…",
            id="huge-broken-note",
        ),
    ],
)
def test_views_stay_within_block_kit_limits(channels: list[ChannelFollows], fragment: str) -> None:
    for view in (home_view(overview(*channels)), modal_view(overview(*channels))):
        assert view_problem(view) is None, view_problem(view)
        assert len(view["blocks"]) <= MAX_VIEW_BLOCKS
        assert fragment in texts(view["blocks"])
        assert view["blocks"][-1]["type"] == "context"  # the help line is never cut off


def test_exactly_as_many_channels_as_fit_are_all_shown() -> None:
    # 3 blocks on top, 2 per channel (players, settings), 2 below: 47 channels fill 99 blocks
    many = [channel(f"C{i:05d}", "A B", settings=ChannelSettings()) for i in range(47)]
    blocks = overview_blocks(overview(*many))
    assert len(blocks) == 99
    assert "more channel" not in texts(blocks)
    blocks = overview_blocks(overview(*many, channel("C99999", "A B", settings=ChannelSettings())))
    assert len(blocks) == MAX_VIEW_BLOCKS
    assert "<#C00046>" in texts(blocks) and "<#C99999>" not in texts(blocks)
    assert "… and 1 more channel following players" in texts(blocks)


def test_many_players_are_counted_not_dropped_silently() -> None:
    names = [f"Player Number{i:04d} " + "x" * 60 for i in range(500)]
    [section, *_] = overview_blocks(overview(channel("C0FANS", *names)))[3:]
    text = section["text"]["text"]
    assert len(text) <= 3000
    shown = text.count("• ")
    assert text.endswith(f"… and {500 - shown} more")
    assert 0 < shown < 500


# --------------------------------------------------------------------------- escaping


def test_hostile_player_stage_channel_and_notes_are_inert() -> None:
    view = home_view(
        overview(
            channel(
                "<!channel>",
                HOSTILE,
                name=HOSTILE,
                stage=HOSTILE,
                broken=HOSTILE,
                settings=ChannelSettings(timezone=HOSTILE),
            ),
            settings_shown=True,
            settings_rule=HOSTILE,
            error=HOSTILE,
        )
    )
    assert view_problem(view) is None
    shown = texts(view["blocks"])
    assert not LIVE.search(shown), LIVE.search(shown)
    assert "&lt;!channel&gt;" in shown and "&lt;@U0ADMIN&gt;" in shown
    assert "@\u2060here" in shown
    assert all(
        o.get("verbatim") is True
        for b in view["blocks"]
        for o in ([b["text"]] if "text" in b and b["type"] != "header" else b.get("elements", []))
    )


def test_only_a_real_channel_id_becomes_a_channel_mention() -> None:
    shown = texts(overview_blocks(overview(channel("C0FANS|x>", "A B", name="news"))))
    assert "<#" not in shown
    assert "*#news* follows 1 player:" in shown


# --------------------------------------------------------------------------- the stage


@pytest.mark.parametrize(
    ("sagas", "expected"),
    [
        pytest.param([], "no news yet", id="none"),
        pytest.param([saga("*", None)], "reports naming no club", id="no-club"),
        pytest.param(
            [saga("Real Madrid", ClaimKind.MEDICAL)], "Real Madrid (transfer): medical", id="one"
        ),
        pytest.param(
            [
                saga("Arsenal", ClaimKind.BID, day=5),
                saga("Real Madrid", ClaimKind.AGREEMENT, day=3),
            ],
            "Arsenal (transfer): bid (+1 more)",
            id="newest-open",
        ),
        pytest.param(
            [
                saga("Arsenal", ClaimKind.BID, day=5, status=SagaStatus.DEAD),
                saga("Real Madrid", ClaimKind.INTEREST, day=3),
            ],
            "Real Madrid (transfer): interest (+1 more)",
            id="open-before-newer-closed",
        ),
        pytest.param(
            [saga("Arsenal", None, status=SagaStatus.DONE)],
            "Arsenal (transfer): none yet, done",
            id="only-closed",
        ),
    ],
)
def test_current_stage(sagas: list[SagaView], expected: str) -> None:
    assert current_stage(sagas) == expected

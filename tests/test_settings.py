"""Settings from the environment: defaults, parsing, and errors that name the variable."""

from __future__ import annotations

import pytest

from adapters.settings import Settings, load_settings
from bot.errors import ConfigError

VARIABLES = [name.upper() for name in Settings.model_fields]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite:///./data/transferbot.db"
    assert settings.poll_interval_s == 600
    assert settings.poll_jitter == pytest.approx(0.1)
    assert settings.feed_max_bytes == 5 * 1024 * 1024
    assert settings.feed_max_age_days == 3
    assert settings.feed_allow_hosts == ()
    assert settings.log_level == "INFO"
    assert settings.sample_feed is True
    assert settings.discord_token is None
    assert settings.chat_credentials == {"discord": False, "slack": False}


@pytest.mark.parametrize(
    ("variable", "value", "field", "expected"),
    [
        pytest.param("POLL_INTERVAL_S", "60", "poll_interval_s", 60, id="interval-at-min"),
        pytest.param("POLL_JITTER", "0", "poll_jitter", 0.0, id="no-jitter"),
        pytest.param("FEED_MAX_BYTES", "1048576", "feed_max_bytes", 1048576, id="max-bytes"),
        pytest.param("FEED_MAX_AGE_DAYS", "7", "feed_max_age_days", 7, id="max-age"),
        pytest.param(
            "FEED_ALLOW_HOSTS",
            " feeds.example.org, 10.0.0.0/8 ,,file:///srv/Feeds",
            "feed_allow_hosts",
            ("feeds.example.org", "10.0.0.0/8", "file:///srv/Feeds"),
            id="allow-hosts-comma-list",  # not JSON: pydantic-settings must not decode it
        ),
        pytest.param("LOG_LEVEL", "debug", "log_level", "DEBUG", id="log-level-any-case"),
        pytest.param(
            "TRANSFERBOT_SAMPLE_FEED", "off", "transferbot_sample_feed", False, id="sample-off"
        ),
        pytest.param(
            "TRANSFERBOT_SAMPLE_FEED", "1", "transferbot_sample_feed", True, id="sample-1"
        ),
        pytest.param("DISCORD_TOKEN", "abc", "discord_token", "abc", id="discord-token"),
        pytest.param(
            "DATABASE_URL",
            "postgresql+psycopg://bot@127.0.0.1/bot",
            "database_url",
            "postgresql+psycopg://bot@127.0.0.1/bot",
            id="postgres-url",
        ),
        pytest.param("POLL_INTERVAL_S", "", "poll_interval_s", 600, id="empty-is-default"),
        pytest.param(
            "DISCORD_API_BASE",
            "http://127.0.0.1:8080/api/v10",
            "discord_api_base",
            "http://127.0.0.1:8080/api/v10",
            id="discord-api-base",
        ),
    ],
)
def test_values_from_env(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, field: str, expected: object
) -> None:
    monkeypatch.setenv(variable, value)
    assert getattr(load_settings(), field) == expected


@pytest.mark.parametrize(
    ("env", "variable", "fragment"),
    [
        pytest.param({"POLL_INTERVAL_S": "30"}, "POLL_INTERVAL_S", "60", id="interval-below-min"),
        pytest.param({"POLL_INTERVAL_S": "often"}, "POLL_INTERVAL_S", "integer", id="interval-nan"),
        pytest.param({"POLL_JITTER": "1.5"}, "POLL_JITTER", "less than 1", id="jitter-too-big"),
        pytest.param(
            {"FEED_MAX_BYTES": "-1"}, "FEED_MAX_BYTES", "greater", id="max-bytes-negative"
        ),
        pytest.param({"FEED_MAX_AGE_DAYS": "0"}, "FEED_MAX_AGE_DAYS", "greater", id="max-age-zero"),
        pytest.param({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL", "DEBUG, INFO", id="log-level-unknown"),
        pytest.param(
            {"TRANSFERBOT_SAMPLE_FEED": "maybe"}, "TRANSFERBOT_SAMPLE_FEED", "bool", id="bad-bool"
        ),
        pytest.param({"DATABASE_URL": "transferbot.db"}, "DATABASE_URL", "URL", id="db-not-url"),
        pytest.param(
            {"DISCORD_GATEWAY_URL": "gateway.local"}, "DISCORD_GATEWAY_URL", "ws", id="gateway-url"
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "0,2"},
            "DISCORD_SHARD_IDS",
            "shard 2 is out of range: DISCORD_SHARD_COUNT=2 allows 0-1",
            id="shard-id-out-of-range",
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "2-9"},
            "DISCORD_SHARD_IDS",
            "shard 4 is out of range: DISCORD_SHARD_COUNT=4 allows 0-3",
            id="shard-range-out-of-range",
        ),
        pytest.param(
            {"DISCORD_SHARD_IDS": "0"},
            "DISCORD_SHARD_IDS",
            "needs a fixed DISCORD_SHARD_COUNT",
            id="shard-ids-without-count",
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "auto", "DISCORD_SHARD_IDS": "0"},
            "DISCORD_SHARD_IDS",
            "needs a fixed DISCORD_SHARD_COUNT",
            id="shard-ids-with-auto",  # processes could be told different counts
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "1,1"},
            "DISCORD_SHARD_IDS",
            "shard 1 is listed twice",
            id="shard-id-twice",
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "0;1"},
            "DISCORD_SHARD_IDS",
            "expected shard ids such as 0,1 or a range such as 0-3 (got '0;1')",
            id="shard-ids-not-ids",
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "-1"},
            "DISCORD_SHARD_IDS",
            "expected shard ids",
            id="shard-id-negative",
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "3-1"},
            "DISCORD_SHARD_IDS",
            "the range 3-1 is empty",
            id="shard-range-backwards",
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "0-99999999999"},
            "DISCORD_SHARD_IDS",
            "a range holds at most 10000 shards",
            id="shard-range-huge",  # refused before it is expanded
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "0"},
            "DISCORD_SHARD_COUNT",
            "expected a number of shards (1 or more) or auto (got '0')",
            id="shard-count-zero",
        ),
        pytest.param(
            {"DISCORD_SHARD_COUNT": "two"},
            "DISCORD_SHARD_COUNT",
            "expected a number of shards (1 or more) or auto",
            id="shard-count-word",
        ),
        pytest.param(
            {"SLACK_BOT_TOKEN": "xoxb-1"},
            "SLACK_SIGNING_SECRET",
            "required",
            id="slack-token-without-secret",  # a missing secret fails fast, named
        ),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], variable: str, fragment: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert caught.value.variable == variable
    assert str(caught.value).startswith(f"{variable}: ")
    assert fragment in str(caught.value)


def test_secret_values_are_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "s3cr3t-password")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "s3cr3t" not in str(caught.value)


def test_slack_socket_mode_needs_no_signing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    assert load_settings().chat_credentials == {"discord": False, "slack": True}

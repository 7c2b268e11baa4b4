"""The SLACK_* settings, and the registry building the Slack adapter (and only then importing
slack_bolt)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from adapters.chat.base import AdapterContext
from adapters.registry import build_adapters
from adapters.settings import Settings, load_settings
from adapters.slack import SlackAdapter
from bot.errors import ConfigError

VARIABLES = [name.upper() for name in Settings.model_fields]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_slack_defaults() -> None:
    settings = load_settings()
    assert settings.slack_http_host == "0.0.0.0"
    assert settings.slack_http_port == 3000
    assert settings.slack_command == "/transfers"
    assert settings.slack_admin_group is None
    assert settings.slack_api_base_url is None


@pytest.mark.parametrize(
    ("variable", "value", "field", "expected"),
    [
        pytest.param(
            "SLACK_API_BASE_URL",
            "http://127.0.0.1:8080/api",
            "slack_api_base_url",
            "http://127.0.0.1:8080/api/",
            id="base-url-gets-its-trailing-slash",  # slack_sdk joins base + method blindly
        ),
        pytest.param(
            "SLACK_API_BASE_URL",
            "https://slack.com/api/",
            "slack_api_base_url",
            "https://slack.com/api/",
            id="base-url-kept",
        ),
        pytest.param("SLACK_COMMAND", " /Transfers ", "slack_command", "/transfers", id="cmd"),
        pytest.param("SLACK_COMMAND", "/tb-news_2", "slack_command", "/tb-news_2", id="cmd-chars"),
        pytest.param(
            "SLACK_ADMIN_GROUP", "@transfer-admins", "slack_admin_group", "transfer-admins", id="@"
        ),
        pytest.param("SLACK_ADMIN_GROUP", "S0ADMINS1", "slack_admin_group", "S0ADMINS1", id="id"),
        pytest.param("SLACK_HTTP_PORT", "0", "slack_http_port", 0, id="any-free-port"),
        pytest.param("SLACK_HTTP_HOST", "127.0.0.1", "slack_http_host", "127.0.0.1", id="host"),
    ],
)
def test_slack_values(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, field: str, expected: object
) -> None:
    monkeypatch.setenv(variable, value)
    assert getattr(load_settings(), field) == expected


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        pytest.param("SLACK_API_BASE_URL", "ftp://127.0.0.1/api/", id="base-url-scheme"),
        pytest.param("SLACK_COMMAND", "transfers", id="command-without-slash"),
        pytest.param("SLACK_COMMAND", "/transfer news", id="command-with-space"),
        pytest.param("SLACK_COMMAND", "/" + "x" * 32, id="command-too-long"),
        pytest.param("SLACK_ADMIN_GROUP", "transfer admins", id="group-with-space"),
        pytest.param("SLACK_HTTP_PORT", "70000", id="port-out-of-range"),
    ],
)
def test_bad_slack_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert caught.value.variable == variable


@pytest.mark.parametrize(
    ("values", "socket_mode"),
    [
        pytest.param({"slack_signing_secret": "s"}, False, id="http-mode"),
        pytest.param({"slack_app_token": "xapp-1"}, True, id="socket-mode"),
    ],
)
def test_the_registry_builds_the_slack_adapter(
    values: dict[str, object], socket_mode: bool
) -> None:
    settings = Settings(slack_bot_token="xoxb-1", **values)  # type: ignore[arg-type]
    context = AdapterContext(settings=settings, service=object())  # type: ignore[arg-type]
    [adapter] = build_adapters(context)
    assert isinstance(adapter, SlackAdapter)
    assert adapter.socket_mode is socket_mode
    assert adapter.sender.platform == "slack"


def test_slack_bolt_is_imported_only_for_slack() -> None:
    code = (
        "import sys, adapters.registry, adapters.cli; "
        "print(sorted(m for m in ('slack_bolt', 'slack_sdk') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def test_the_manifest_matches_the_defaults() -> None:
    manifest = (Path(__file__).parents[2] / "adapters/slack/manifest.yml").read_text()
    assert f"command: {Settings().slack_command}" in manifest
    # the slash command, the events (Home tab) and interactivity (link button, shortcut)
    assert manifest.count("transferbot.example.com/slack/events") == 3
    scopes = ("commands", "chat:write", "chat:write.public", "channels:read", "users:read")
    for scope in (*scopes, "usergroups:read"):
        assert f"- {scope} " in manifest
    assert "should_escape: false" in manifest  # links arrive as typed; handled if escaped

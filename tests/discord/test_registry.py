"""The registry builds the Discord adapter when DISCORD_TOKEN is set, and only then imports
discord.py; its settings are validated at start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from adapters.chat.base import AdapterContext
from adapters.discord import DiscordAdapter
from adapters.registry import build_adapters, selected
from adapters.settings import Settings, load_settings
from bot.errors import ConfigError
from tests.fakes.discord import TOKEN

ROOT = Path(__file__).resolve().parents[2]
VARIABLES = [name.upper() for name in Settings.model_fields]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_a_token_builds_the_discord_adapter() -> None:
    settings = Settings(discord_token=TOKEN)  # type: ignore[call-arg]
    assert selected(settings) == ["discord"]
    [adapter] = build_adapters(AdapterContext(settings=settings, service=object()))  # type: ignore[arg-type]
    assert isinstance(adapter, DiscordAdapter)
    assert adapter.name == "discord" and adapter.sender.platform == "discord"


def test_the_registry_imports_discord_py_only_for_discord() -> None:
    code = "import sys, adapters.registry, adapters.cli; print('discord' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("variable", "value", "field", "expected"),
    [
        pytest.param(
            "DISCORD_GUILD_ID",
            "720000000000000002",
            "discord_guild_id",
            720000000000000002,
            id="guild-id",
        ),
        pytest.param(
            "DISCORD_ADMIN_ROLE",
            " @Transfer Desk ",
            "discord_admin_role",
            "Transfer Desk",
            id="role-name",
        ),
        pytest.param(
            "DISCORD_ADMIN_ROLE",
            "740000000000000005",
            "discord_admin_role",
            "740000000000000005",
            id="role-id",
        ),
        pytest.param(
            "DISCORD_API_BASE",
            "http://127.0.0.1:1/api/v10/",
            "discord_api_base",
            "http://127.0.0.1:1/api/v10",
            id="api-base-slash",
        ),
        pytest.param(
            "DISCORD_GATEWAY_URL",
            "ws://127.0.0.1:1/",
            "discord_gateway_url",
            "ws://127.0.0.1:1/",
            id="gateway",
        ),
    ],
)
def test_discord_settings(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, field: str, expected: object
) -> None:
    monkeypatch.setenv(variable, value)
    assert getattr(load_settings(), field) == expected


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        pytest.param("DISCORD_GUILD_ID", "my-server", "integer", id="guild-not-a-number"),
        pytest.param("DISCORD_GUILD_ID", "0", "greater than 0", id="guild-zero"),
        pytest.param("DISCORD_API_BASE", "ws://127.0.0.1:1/", "http", id="api-base-not-http"),
        pytest.param("DISCORD_GATEWAY_URL", "http://127.0.0.1:1/", "ws", id="gateway-not-ws"),
        pytest.param("DISCORD_ADMIN_ROLE", "@", "role name", id="role-empty"),
    ],
)
def test_bad_discord_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert caught.value.variable == variable
    assert fragment in str(caught.value)

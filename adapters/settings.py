"""One typed settings object, read from the environment and validated at start.

A missing or malformed value fails fast with a :class:`bot.errors.ConfigError` that names the
environment variable, e.g. ``POLL_INTERVAL_S: Input should be greater than or equal to 60``.

========================  ===============================  ========================================
variable                  default                          meaning
========================  ===============================  ========================================
DATABASE_URL              sqlite:///./data/transferbot.db  SQLAlchemy URL (or postgresql+psycopg://…)
DISCORD_TOKEN             (unset)                          enables the Discord adapter
DISCORD_API_BASE          (unset)                          REST base override (tests only)
DISCORD_GATEWAY_URL       (unset)                          gateway override (tests only)
SLACK_BOT_TOKEN           (unset)                          enables the Slack adapter
SLACK_SIGNING_SECRET      (unset)                          Slack HTTP mode request signing
SLACK_APP_TOKEN           (unset)                          Slack Socket Mode
POLL_INTERVAL_S           600 (min 60)                     default poll interval of a feed
POLL_JITTER               0.1                              ± fraction of random poll jitter
FEED_MAX_BYTES            5242880                          response size cap of one poll
FEED_MAX_AGE_DAYS         3                                older feed items are not alerted
FEED_ALLOW_HOSTS          (empty)                          hosts, CIDRs, file:// dirs feeds may use
EXTRACTION_BUDGET_S       2.0                              seconds to read one article, then skip it
LOG_LEVEL                 INFO                             DEBUG, INFO, WARNING, ERROR or CRITICAL
TRANSFERBOT_SAMPLE_FEED   on                               ``run`` adds the seeds' sample feed
========================  ===============================  ========================================
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError

logger = logging.getLogger(__name__)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Settings(BaseSettings):
    """Every setting of the bot; field ``x_y`` is read from the variable ``X_Y``."""

    model_config = SettingsConfigDict(
        case_sensitive=False, extra="ignore", env_ignore_empty=True, frozen=True
    )

    database_url: str = "sqlite:///./data/transferbot.db"
    discord_token: str | None = None
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    poll_interval_s: int = Field(default=600, ge=60)
    poll_jitter: float = Field(default=0.1, ge=0.0, lt=1.0)
    feed_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    feed_max_age_days: int = Field(default=3, ge=1)
    feed_allow_hosts: Annotated[tuple[str, ...], NoDecode] = ()
    extraction_budget_s: float = Field(default=2.0, gt=0.0)
    log_level: str = "INFO"
    transferbot_sample_feed: bool = True

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        value = value.strip()
        if "://" not in value:
            raise ValueError("expected an SQLAlchemy URL such as sqlite:///./data/transferbot.db")
        return value

    @field_validator("discord_api_base", "discord_gateway_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value.startswith(("http://", "https://", "ws://", "wss://")):
            raise ValueError("expected an http(s):// or ws(s):// URL")
        return value

    @field_validator("feed_allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(host.strip() for host in value.split(",") if host.strip())
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"expected one of {', '.join(LOG_LEVELS)}")
        return level

    @model_validator(mode="after")
    def _check_slack_pair(self) -> Settings:
        if self.slack_bot_token and not (self.slack_signing_secret or self.slack_app_token):
            raise ValueError(
                "SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN "
                "(or set SLACK_APP_TOKEN for Socket Mode)"
            )
        return self

    @property
    def sample_feed(self) -> bool:
        return self.transferbot_sample_feed

    @property
    def chat_credentials(self) -> dict[str, bool]:
        """Which chat platforms have a token configured."""
        return {"discord": bool(self.discord_token), "slack": bool(self.slack_bot_token)}


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment (``overrides`` by field name win); ConfigError on failure."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise _config_error(exc) from None


def _config_error(exc: ValidationError) -> ConfigError:
    first = exc.errors()[0]
    loc = first.get("loc") or ()
    message = str(first.get("msg", "invalid value"))
    if loc:
        variable = str(loc[0]).upper()
    elif ": " in message:
        # model-level checks name their variable themselves: "Value error, VAR: problem"
        variable, _, message = message.partition(": ")
        variable = variable.removeprefix("Value error, ")
    else:
        variable = "settings"
    message = message.removeprefix("Value error, ")
    value = first.get("input")
    if loc and isinstance(value, str) and not _secret(variable):
        message = f"{message} (got {value!r})"
    return ConfigError(variable, message)


def _secret(variable: str) -> bool:
    return variable.endswith(("_TOKEN", "_SECRET")) or variable == "DATABASE_URL"

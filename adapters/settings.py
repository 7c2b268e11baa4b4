"""One typed settings object, read from the environment and validated at start.

A missing or malformed value fails fast with a :class:`bot.errors.ConfigError` that names the
environment variable, e.g. ``POLL_INTERVAL_S: Input should be greater than or equal to 60``.

========================  ===============================  ========================================
variable                  default                          meaning
========================  ===============================  ========================================
DATABASE_URL              sqlite:///./data/transferbot.db  SQLAlchemy URL (or postgresql+psycopg://…)
DISCORD_TOKEN             (unset)                          enables the Discord adapter
DISCORD_GUILD_ID          (unset)                          sync commands to this guild only (dev)
DISCORD_ADMIN_ROLE        (unset)                          may run /feeds and /settings
DISCORD_API_BASE          (unset)                          REST base override (tests only)
DISCORD_GATEWAY_URL       (unset)                          gateway override (tests only)
DISCORD_SHARD_COUNT       (unset: no sharding)             total shards, or auto (Discord's count)
DISCORD_SHARD_IDS         (unset: all of them)             shards this process holds: 0,1 or 0-3
SLACK_BOT_TOKEN           (unset)                          enables the Slack adapter
SLACK_SIGNING_SECRET      (unset)                          Slack HTTP mode request signing
SLACK_APP_TOKEN           (unset)                          Slack Socket Mode
SLACK_HTTP_HOST           0.0.0.0                          Slack HTTP mode: address to listen on
SLACK_HTTP_PORT           3000                             Slack HTTP mode: port (0: any free port)
SLACK_COMMAND             /transfers                       the slash command's name
SLACK_ADMIN_GROUP         (unset)                          user group (id or handle) that may manage
SLACK_API_BASE_URL        (unset)                          Web API base override (tests only)
POLL_INTERVAL_S           600 (min 60)                     default poll interval of a feed
POLL_JITTER               0.1                              ± fraction of random poll jitter
SCHEDULER_POLL_EVERY_S    30                               how often ``run`` looks for due feeds
SCHEDULER_DELIVER_EVERY_S 2                                how often ``run`` sends due alerts
FEED_MAX_BYTES            5242880                          response size cap of one poll
FEED_MAX_AGE_DAYS         3                                older feed items are not alerted
FEED_ALLOW_HOSTS          (empty)                          hosts, CIDRs, file:// dirs feeds may use
EXTRACTION_BUDGET_S       2.0                              seconds to read one article, then skip it
LOG_LEVEL                 INFO                             DEBUG, INFO, WARNING, ERROR or CRITICAL
LOG_FORMAT                text                             text (key=value, one line) or json
TRANSFERBOT_SAMPLE_FEED   on                               ``run`` adds the seeds' sample feed
TRANSFERBOT_DEFAULT_FEEDS on                               ``run`` adds the bundled public feeds
                                                           to a database that has no feed yet
SOURCES_FILE              ./data/sources.local.toml        operator's source tier overrides
HEALTH_HOST               127.0.0.1                        address of /healthz and /metrics
HEALTH_PORT               (unset: off)                     port of /healthz and /metrics (0: any)
========================  ===============================  ========================================
"""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from adapters.database import parse_database_url
from bot.errors import ConfigError
from bot.ports import Shards

logger = logging.getLogger(__name__)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
#: The most shards one ``DISCORD_SHARD_IDS`` range may name (a typo's range is not expanded).
MAX_SHARD_RANGE = 10_000
_SLACK_COMMAND = re.compile(r"/[a-z0-9_\-]{1,31}")


class Settings(BaseSettings):
    """Every setting of the bot; field ``x_y`` is read from the variable ``X_Y``."""

    model_config = SettingsConfigDict(
        case_sensitive=False, extra="ignore", env_ignore_empty=True, frozen=True
    )

    database_url: str = "sqlite:///./data/transferbot.db"
    discord_token: str | None = None
    discord_guild_id: int | None = Field(default=None, gt=0)
    discord_admin_role: str | None = None
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    discord_shard_count: int | Literal["auto"] | None = None
    discord_shard_ids: Annotated[tuple[int, ...], NoDecode] = ()
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_http_host: str = "0.0.0.0"
    slack_http_port: int = Field(default=3000, ge=0, le=65535)
    slack_command: str = "/transfers"
    slack_admin_group: str | None = None
    slack_api_base_url: str | None = None
    poll_interval_s: int = Field(default=600, ge=60)
    poll_jitter: float = Field(default=0.1, ge=0.0, lt=1.0)
    scheduler_poll_every_s: float = Field(default=30.0, ge=0.1, le=3600)
    scheduler_deliver_every_s: float = Field(default=2.0, ge=0.1, le=3600)
    feed_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    feed_max_age_days: int = Field(default=3, ge=1)
    feed_allow_hosts: Annotated[tuple[str, ...], NoDecode] = ()
    extraction_budget_s: float = Field(default=2.0, gt=0.0)
    log_level: str = "INFO"
    log_format: str = "text"
    transferbot_sample_feed: bool = True
    transferbot_default_feeds: bool = True
    sources_file: str = "./data/sources.local.toml"
    health_host: str = "127.0.0.1"
    health_port: int | None = Field(default=None, ge=0, le=65535)

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        value = value.strip()
        if "://" not in value:
            raise ValueError("expected an SQLAlchemy URL such as sqlite:///./data/transferbot.db")
        try:
            parse_database_url(value)
        except ConfigError as exc:
            raise ValueError(exc.problem) from None
        return value

    @field_validator("discord_api_base")
    @classmethod
    def _check_api_base(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http(s):// URL such as http://127.0.0.1:8080/api/v10")
        return value

    @field_validator("discord_gateway_url")
    @classmethod
    def _check_gateway_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value.startswith(("ws://", "wss://")):
            raise ValueError("expected a ws(s):// URL such as ws://127.0.0.1:8080/")
        return value

    @field_validator("discord_admin_role")
    @classmethod
    def _check_admin_role(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().removeprefix("@")
        if not value or len(value) > 100:
            raise ValueError("expected a role name (1-100 characters) or a role id")
        return value

    @field_validator("discord_shard_count", mode="before")
    @classmethod
    def _check_shard_count(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
            if value != "auto" and not (value.isascii() and value.isdigit()):
                raise ValueError("expected a number of shards (1 or more) or auto")
            value = value if value == "auto" else int(value)
        if isinstance(value, int) and value < 1:
            raise ValueError("expected a number of shards (1 or more) or auto")
        return value

    @field_validator("discord_shard_ids", mode="before")
    @classmethod
    def _split_shard_ids(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        ids: list[int] = []
        for part in value.split(","):
            first, dash, last = (p.strip() for p in part.partition("-"))
            bounds = (first, last) if dash else (first,)
            if not all(b.isascii() and b.isdigit() for b in bounds):
                raise ValueError("expected shard ids such as 0,1 or a range such as 0-3")
            low, high = int(first), int(bounds[-1])
            if high < low:
                raise ValueError(f"the range {part.strip()} is empty: write the lower id first")
            if high - low >= MAX_SHARD_RANGE:
                raise ValueError(f"a range holds at most {MAX_SHARD_RANGE} shards")
            ids.extend(range(low, high + 1))
        return tuple(ids)

    @field_validator("feed_allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(host.strip() for host in value.split(",") if host.strip())
        return value

    @field_validator("log_format")
    @classmethod
    def _check_log_format(cls, value: str) -> str:
        fmt = value.strip().lower()
        if fmt not in LOG_FORMATS:
            raise ValueError(f"expected one of {', '.join(LOG_FORMATS)}")
        return fmt

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"expected one of {', '.join(LOG_LEVELS)}")
        return level

    @model_validator(mode="after")
    def _check_shards(self) -> Settings:
        ids, count = self.discord_shard_ids, self.discord_shard_count
        if not ids:
            return self
        if count is None or count == "auto":
            raise ValueError(
                "DISCORD_SHARD_IDS: needs a fixed DISCORD_SHARD_COUNT (the bot's total number of "
                "shards, the same in every process)"
            )
        if repeated := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"DISCORD_SHARD_IDS: shard {repeated[0]} is listed twice")
        if outside := [i for i in ids if i >= count]:
            raise ValueError(
                f"DISCORD_SHARD_IDS: shard {outside[0]} is out of range: "
                f"DISCORD_SHARD_COUNT={count} allows 0-{count - 1}"
            )
        return self

    @model_validator(mode="after")
    def _check_slack_pair(self) -> Settings:
        if self.slack_bot_token and not (self.slack_signing_secret or self.slack_app_token):
            raise ValueError(
                "SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN "
                "(or set SLACK_APP_TOKEN for Socket Mode)"
            )
        return self

    @field_validator("slack_command")
    @classmethod
    def _check_slack_command(cls, value: str) -> str:
        value = value.strip().lower()
        if not _SLACK_COMMAND.fullmatch(value):
            raise ValueError("expected a slash command such as /transfers (1-31 of a-z 0-9 _ -)")
        return value

    @field_validator("slack_admin_group")
    @classmethod
    def _check_slack_admin_group(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().removeprefix("@")
        if not value or len(value) > 80 or " " in value:
            raise ValueError("expected a user group id (S0123ABCD) or its handle (transfer-admins)")
        return value

    @field_validator("slack_api_base_url")
    @classmethod
    def _check_slack_api_base_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http(s):// URL such as http://127.0.0.1:8080/api/")
        return value if value.endswith("/") else value + "/"  # slack_sdk joins without a slash

    @property
    def sample_feed(self) -> bool:
        return self.transferbot_sample_feed

    @property
    def default_feeds(self) -> bool:
        return self.transferbot_default_feeds

    @property
    def discord_shards(self) -> Shards | None:
        """The shards this process holds when it holds only some of them; None: it delivers
        every Discord row (no sharding, or all the shards here)."""
        count = self.discord_shard_count
        if not isinstance(count, int) or not self.discord_shard_ids:
            return None
        ids = frozenset(self.discord_shard_ids)
        return None if len(ids) == count else Shards(count=count, ids=ids)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values no log line may show: the chat tokens, the signing secret, the DB password."""
        values = [
            self.discord_token,
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
        ]
        with contextlib.suppress(ArgumentError, ValueError):
            values.append(make_url(self.database_url).password)
        return tuple(str(v) for v in values if v)

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

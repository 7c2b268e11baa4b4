"""Logging of every command: one line per event on stderr, ``key=value`` (logfmt) or JSON.

``LOG_FORMAT=text`` (the default) writes ``ts=… level=info logger=… msg="…" feed=… article=…``;
``LOG_FORMAT=json`` one JSON object a line with the same keys. Context passed as ``extra`` (feed,
article, player, event, delivery …) becomes keys of its own; an exception's traceback is kept on
the same line (``exc="Traceback …\\n…"``), so a line is always one event.

Secrets never reach the output at any level: every formatted line goes through a
:class:`Redactor` that replaces the configured secret values (the chat tokens, the Slack signing
secret, the database password) and anything shaped like one (Slack ``xox…-``/``xapp-`` tokens,
Discord bot tokens, ``Bot``/``Bearer`` authorization values, the password of any ``scheme://user:
password@host`` URL) with ``***``.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

FORMATS = ("text", "json")
MASK = "***"
#: Loggers of SDKs and libraries kept at WARNING or above, whatever ``LOG_LEVEL`` says.
NOISY_LOGGERS = (
    "discord",
    "slack_bolt",
    "slack_sdk",
    "apscheduler",
    "aiohttp.access",
    "sqlalchemy.engine",
    "alembic",
    "asyncio",
)

_PATTERNS = (
    re.compile(r"\bxox[abposre]-[A-Za-z0-9-]{4,}"),  # Slack bot/user/app-config tokens
    re.compile(r"\bxapp-[A-Za-z0-9-]{4,}"),  # Slack app-level tokens
    re.compile(r"\b[MNO][A-Za-z\d_-]{20,30}\.[A-Za-z\d_-]{5,8}\.[A-Za-z\d_-]{20,}"),  # Discord
)
_AUTHORIZATION = re.compile(r"(?i)\b(bot|bearer)(\s+)([A-Za-z0-9._~+/=-]{8,})")
_URL_PASSWORD = re.compile(r"(://[^:/@\s\"']+:)([^@\s\"']+)(@)")
#: Record attributes that are not context (everything else a record carries came from ``extra``).
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


class Redactor:
    """Replaces secret values and secret-shaped text with ``***``."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        # longest first, so a secret containing another is masked whole
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        for pattern in _PATTERNS:
            text = pattern.sub(MASK, text)
        text = _AUTHORIZATION.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
        return _URL_PASSWORD.sub(lambda m: f"{m.group(1)}{MASK}{m.group(3)}", text)


def _context(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


def _fields(record: logging.LogRecord, formatter: logging.Formatter) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "ts": datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "level": record.levelname.lower(),
        "logger": record.name,
        "msg": record.getMessage(),
    }
    for key, value in _context(record).items():
        fields.setdefault(key, value)
    if record.exc_info:
        fields["exc"] = formatter.formatException(record.exc_info)
    elif record.exc_text:
        fields["exc"] = record.exc_text
    if record.stack_info:
        fields["stack"] = formatter.formatStack(record.stack_info)
    return fields


_BARE = re.compile(r"[A-Za-z0-9_.:/@+\-#,]+")


def _logfmt_value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    if text and _BARE.fullmatch(text):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


class KeyValueFormatter(logging.Formatter):
    """``key=value`` (logfmt), one line per record, redacted."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record, self)
        line = " ".join(f"{key}={_logfmt_value(value)}" for key, value in fields.items())
        return self.redact(line)


class JsonFormatter(logging.Formatter):
    """One JSON object per record, redacted."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(json.dumps(_fields(record, self), default=str, ensure_ascii=False))


_HANDLER_NAME = "transferbot"


def configure_logging(
    level: str,
    fmt: str = "text",
    *,
    secrets: Iterable[str | None] = (),
    stream: TextIO | None = None,
) -> logging.Handler:
    """Install (or replace) the one handler of the root logger; SDK loggers kept at WARNING."""
    redact = Redactor(secrets)
    formatter: logging.Formatter = (
        JsonFormatter(redact) if fmt == "json" else KeyValueFormatter(redact)
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    return handler

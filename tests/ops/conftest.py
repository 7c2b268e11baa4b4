"""Helpers of the operations tests: ``transferbot`` as a subprocess with a clean environment.

Every process these tests start has ``TRANSFERBOT_DEFAULT_FEEDS=off`` (the bundled public feeds
are never fetched in a test) and talks to 127.0.0.1 only."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from adapters.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
VARIABLES = {name.upper() for name in Settings.model_fields}


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.upper() not in VARIABLES}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        TRANSFERBOT_DEFAULT_FEEDS="off",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def transferbot(
    args: list[str], env: dict[str, str], *, stdin: str = "", timeout: float = 60
) -> Ran:
    proc = subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Ran(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(autouse=True)
def _no_settings_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRANSFERBOT_DEFAULT_FEEDS", "off")

"""Session-wide guard: no process a test starts reads the bundled public feeds (a test that
copies this environment inherits ``TRANSFERBOT_DEFAULT_FEEDS=off``); tests talk to 127.0.0.1."""

from __future__ import annotations

import os

os.environ.setdefault("TRANSFERBOT_DEFAULT_FEEDS", "off")

"""The /proc reading of ``bench/run_memory_bench.py``: a process's children made by any of its
threads (the parse pool starts its workers from its own threads), and the peaks kept
across samples."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from adapters.feeds.parsepool import _status_kb
from bench.run_memory_bench import Peaks, children


@pytest.fixture
def child_of_a_thread() -> Iterator[subprocess.Popen[bytes]]:
    """A child process started from a thread that stays alive until the test ends, handed
    over once it has started (blocked reading its stdin: its memory no longer grows)."""
    started: list[subprocess.Popen[bytes]] = []
    ready, done = threading.Event(), threading.Event()
    code = "import sys; print('up', flush=True); sys.stdin.read()"

    def spawn() -> None:
        child = subprocess.Popen([sys.executable, "-c", code], stdin=-1, stdout=-1)
        assert child.stdout is not None and child.stdout.readline() == b"up\n"
        started.append(child)
        ready.set()
        done.wait(10)

    thread = threading.Thread(target=spawn)
    thread.start()
    assert ready.wait(10)
    proc = started[0]
    try:
        yield proc
    finally:
        proc.communicate(b"")
        done.set()
        thread.join()


def test_children_made_by_another_thread_are_found(
    child_of_a_thread: subprocess.Popen[bytes],
) -> None:
    assert child_of_a_thread.pid in children(os.getpid())
    assert children(child_of_a_thread.pid) == []


def test_peaks_add_the_children_to_the_process_and_keep_the_largest(
    child_of_a_thread: subprocess.Popen[bytes],
) -> None:
    child_kb = _status_kb("VmHWM", child_of_a_thread.pid)  # before: a peak only grows
    peaks = Peaks()
    peaks.sample(os.getpid())
    assert child_kb > 0
    assert child_of_a_thread.pid in peaks.seen
    assert peaks.bot_kb >= _status_kb("VmRSS") * 0.95
    assert peaks.children_kb >= child_kb
    assert peaks.total_kb == peaks.bot_kb + peaks.children_kb
    peaks.bot_kb, peaks.children_kb = 10**9, 10**9
    peaks.sample(os.getpid())
    assert (peaks.bot_kb, peaks.children_kb) == (10**9, 10**9)

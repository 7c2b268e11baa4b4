"""The time one article may take to read, checked between sentences (issue 9).

Reading is linear in an article's length (a sentence is capped at
:data:`bot.claims.lexicon.sentences.MAX_SENTENCE_CHARS`), but a long enough article still takes
long: a 1 MB title of names and cues is tens of seconds. A :class:`Budget` bounds that. The
engine stays pure: the clock is the caller's (``time.monotonic`` in the bot, a fake in tests),
and the check runs once per sentence in each pass over them, so an overrun is noticed within one
sentence's work. Over budget, :class:`bot.errors.ExtractionBudgetError` is raised and the
article yields no claims; the caller records it (``bot.ingest``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.errors import ExtractionBudgetError


@dataclass(frozen=True, slots=True, kw_only=True)
class Budget:
    """``seconds`` of ``clock`` (a monotonic clock in seconds) for one article."""

    seconds: float
    clock: Callable[[], float]

    def start(self) -> Deadline:
        return Deadline(self)


class Deadline:
    """One article's reading, started now: :meth:`check` raises once the budget is spent."""

    __slots__ = ("_budget", "_start", "checks")

    def __init__(self, budget: Budget | None = None) -> None:
        self._budget = budget
        self._start = budget.clock() if budget is not None else 0.0
        self.checks = 0  # how many times the clock was read (tests count the work with it)

    def check(self) -> None:
        if self._budget is None:
            return
        self.checks += 1
        elapsed = self._budget.clock() - self._start
        if elapsed > self._budget.seconds:
            raise ExtractionBudgetError(self._budget.seconds, elapsed)


def unlimited() -> Deadline:
    """A deadline that never passes: reading without a budget."""
    return Deadline(None)

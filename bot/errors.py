"""The one exception tree of transferbot. Adapters translate SDK errors into it at the boundary.

::

    TransferbotError
    ├── ConfigError                 a setting is missing or malformed (names the variable)
    ├── RegistryDataError           a row of the player registry's data is malformed (names it)
    ├── UserError                   bad input from a chat user: answered, nothing else changes
    │   ├── UsageError              malformed command or arguments
    │   ├── UnknownPlayerError      no such player (carries suggestions; on /follow: the
    │   │                           question "follow anyway?" with the command that does)
    │   ├── AmbiguousPlayerError    several players carry the name typed (carries the choice)
    │   └── FeedRejectedError       a feed URL refused on add (not a feed, unsafe address …)
    ├── FeedError                   one poll of one feed failed (recorded, backed off)
    │   ├── FeedHTTPError           non-2xx/304 status
    │   ├── FeedTimeoutError        connect or total timeout
    │   ├── FeedTooLargeError       body over the size cap
    │   ├── FeedNotAFeedError       the body is not RSS/Atom/RDF
    │   └── UnsafeAddressError      resolves to a loopback/private/link-local … address
    ├── ExtractionBudgetError       reading one article took longer than its time budget: the
    │                               article is stored without claims, the note shown on its feed
    ├── DeliveryError               a chat platform did not accept an alert
    │   ├── RateLimitedError        asked to wait: retried no sooner than ``retry_after_s``
    │   └── PermanentDeliveryError  will never succeed (a refused message): not retried
    │       └── ChannelGoneError    the channel itself is gone or closed to the bot: its
    │                               subscriptions are marked broken, its admins told once
    └── StoreError                  storage failed in a way the caller can report
"""

from __future__ import annotations

from collections.abc import Sequence


class TransferbotError(Exception):
    """Base of every error transferbot raises on purpose."""


class ConfigError(TransferbotError):
    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable
        self.problem = problem


class RegistryDataError(TransferbotError):
    """A row of ``bot/data/players.toml`` is malformed (the message names the club and row)."""


class UserError(TransferbotError):
    """Something a chat user did wrong; the message is shown to them as is."""


class UsageError(UserError):
    def __init__(self, message: str, usage: str | None = None) -> None:
        super().__init__(message)
        self.usage = usage


class UnknownPlayerError(UserError):
    """Nobody the bot knows is called ``name``. ``create``: the command that follows him anyway
    (on ``/follow``), None where a new name means nothing (``/latest``)."""

    def __init__(
        self, name: str, suggestions: Sequence[str] = (), *, create: str | None = None
    ) -> None:
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        if create is not None:
            self.question = f"I don't know {name} yet: follow anyway? (`{create}`)"
        else:
            self.question = f"I don't know a player called {name!r}."
        super().__init__(self.question + hint)
        self.name = name
        self.suggestions = tuple(suggestions)
        self.create = create


class AmbiguousPlayerError(UserError):
    """Several players carry the name typed: ``choices`` are (name, what tells him apart)."""

    def __init__(self, name: str, choices: Sequence[tuple[str, str]], *, command: str) -> None:
        listed = "; ".join(
            f"{i}. {n} ({d})" if d else f"{i}. {n}" for i, (n, d) in enumerate(choices, 1)
        )
        self.question = f"{name} could be {len(choices)} players. Which one?"
        super().__init__(f"{self.question} {listed}. Type `{command} <full name>`.")
        self.name = name
        self.choices = tuple(choices)
        self.command = command


class FeedRejectedError(UserError):
    """A feed URL refused when added; nothing was stored."""


class FeedError(TransferbotError):
    """One poll of one feed failed. ``reason`` is short and shown in ``/feeds list``."""

    #: A lower bound on the next attempt the server asked for (``Retry-After``), in seconds.
    retry_after_s: int | None = None

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FeedHTTPError(FeedError):
    def __init__(self, status: int, reason: str | None = None) -> None:
        super().__init__(reason or f"HTTP {status}")
        self.status = status


class FeedTimeoutError(FeedError):
    pass


class FeedTooLargeError(FeedError):
    pass


class FeedNotAFeedError(FeedError):
    pass


class UnsafeAddressError(FeedError):
    pass


class ExtractionBudgetError(TransferbotError):
    """The claim engine spent more than its budget on one article (``bot.claims.budget``)."""

    def __init__(self, budget_s: float, elapsed_s: float) -> None:
        super().__init__(f"claim extraction over its {budget_s:g} s budget ({elapsed_s:.1f} s)")
        self.budget_s = budget_s
        self.elapsed_s = elapsed_s


class DeliveryError(TransferbotError):
    pass


class RateLimitedError(DeliveryError):
    """The platform asked us to wait ``retry_after_s`` seconds before sending again."""

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = max(0.0, retry_after_s)


class PermanentDeliveryError(DeliveryError):
    pass


class ChannelGoneError(PermanentDeliveryError):
    """The platform refused the channel, not the message: no alert there can succeed."""


class StoreError(TransferbotError):
    pass

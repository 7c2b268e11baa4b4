"""The database as the operator sees it: a URL checked before use, an engine opened and migrated
with one-line errors, and what a migration did.

Every command opens its database through :func:`open_database`. A URL of an unsupported database
(``mysql://``), an unreachable server, a wrong password or a file that cannot be created all
become a :class:`bot.errors.ConfigError` naming the variable (``DATABASE_URL`` or ``--db``) and
the problem in one line, never a traceback. The password is never part of any message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

import storage
from bot.errors import ConfigError
from storage.schema import alembic_config

logger = logging.getLogger(__name__)

#: Backends the store is built and tested for, and the driver each uses.
SUPPORTED = {"sqlite": "pysqlite", "postgresql": "psycopg"}
EXAMPLES = "sqlite:///./data/transferbot.db or postgresql+psycopg://user:password@host:5432/db"
#: Seconds to wait for a PostgreSQL server before saying it is unreachable.
CONNECT_TIMEOUT_S = 10


def parse_database_url(text: str, variable: str = "DATABASE_URL") -> URL:
    """The URL, checked: a supported backend and driver (``postgres://`` and ``postgresql://``
    mean psycopg 3), and a connect timeout on PostgreSQL. ConfigError otherwise."""
    text = text.strip()
    if text.startswith("postgres://"):
        text = "postgresql://" + text.removeprefix("postgres://")
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise ConfigError(variable, f"not a database URL; expected {EXAMPLES}") from None
    backend, driver = url.get_backend_name(), url.get_driver_name()
    if backend not in SUPPORTED:
        raise ConfigError(
            variable,
            f"{backend!r} databases are not supported (SQLite and PostgreSQL are); "
            f"expected {EXAMPLES}",
        )
    if backend == "postgresql":
        if "+" in url.drivername and driver != SUPPORTED[backend]:
            raise ConfigError(
                variable, f"driver {driver!r} is not installed; use postgresql+psycopg://…"
            )
        url = url.set(drivername="postgresql+psycopg")
        if "connect_timeout" not in url.query:
            url = url.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_S)})
        if not url.host and "host" not in url.query:
            raise ConfigError(variable, "no host in the PostgreSQL URL")
    return url


def safe_url(url: URL | str) -> str:
    """The URL as it may be printed or logged: without its password."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except (ArgumentError, ValueError):
            return "(unparsable URL)"
    return url.render_as_string(hide_password=True)


def _problem(exc: BaseException, url: URL) -> str:
    """One line saying what went wrong, the password scrubbed from it."""
    cause = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    text = lines[0] if lines else type(cause).__name__
    if url.password:
        text = text.replace(str(url.password), "***")
    return text[:300]


@dataclass(frozen=True, slots=True)
class Migration:
    """What ``migrate`` did: the revision before (None: no schema) and after."""

    before: str | None
    after: str | None
    head: str | None

    @property
    def created(self) -> bool:
        return self.before is None and self.after is not None

    def describe(self, where: str) -> str:
        if self.created:
            return f"database {where}: created the tables (schema {self.after})"
        if self.before != self.after:
            return f"database {where}: upgraded the schema from {self.before} to {self.after}"
        return f"database {where}: already up to date (schema {self.after})"


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revision(revision: str) -> bool:
    """Is ``revision`` one of this version's migrations (not one of a newer version)?"""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def newer_schema(where: str, revision: str) -> str:
    return (
        f"the schema of {where} is at revision {revision}, which this version of transferbot "
        f"does not know (its newest is {head_revision()}): a newer version migrated it"
    )


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def connect(text: str, variable: str = "DATABASE_URL") -> tuple[Engine, URL]:
    """An engine on the checked URL, with one connection made to prove it answers."""
    url = parse_database_url(text, variable)
    try:
        engine = storage.make_engine(url.render_as_string(hide_password=False))
    except NoSuchModuleError as exc:
        raise ConfigError(variable, f"no driver for {safe_url(url)}: {exc}") from None
    except OSError as exc:
        raise ConfigError(
            variable, f"cannot create the database file of {safe_url(url)}: {exc.strerror}"
        ) from None
    try:
        with engine.connect():
            pass
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise ConfigError(
            variable, f"cannot connect to {safe_url(url)}: {_problem(exc, url)}"
        ) from None
    return engine, url


def open_database(text: str, variable: str = "DATABASE_URL") -> tuple[Engine, Migration]:
    """Connect and migrate to the newest schema (idempotent: every command does it on start)."""
    engine, url = connect(text, variable)
    try:
        before = current_revision(engine)
        if before is not None and not known_revision(before):
            raise ConfigError(
                variable, newer_schema(safe_url(url), before) + "; upgrade transferbot"
            )
        storage.migrate(engine)
        after = current_revision(engine)
    except ConfigError:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError, CommandError) as exc:
        engine.dispose()
        raise ConfigError(
            variable, f"migrating {safe_url(url)} failed: {_problem(exc, url)}"
        ) from None
    migration = Migration(before=before, after=after, head=head_revision())
    if migration.before != migration.after:
        logger.info("%s", migration.describe(safe_url(url)))
    return engine, migration

"""The composition root: settings in, a wired application out."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

import psycopg

from api.settings import Settings
from api.webhook_setup import configure_webhooks
from domain.application import Tandem
from domain.ledger import system_clock
from projections.catalog import followers
from projections.causes.queries import decision_product
from projections.engine.drivers import AsyncpgDriver, SqliteDriver
from projections.engine.projections import Projections
from projections.reader import ViewReader
from projections.time_travel.service import TimeTravel

log = logging.getLogger("tandem.startup")


@dataclass
class Container:
    """Everything one process needs, built from one Settings."""

    settings: Settings
    app: Tandem
    projections: Projections
    admin_token: str
    time_travel: TimeTravel
    readers: list[ViewReader] = field(default_factory=list)

    def reader(self) -> ViewReader:
        """A reader bound to the current event loop's connections."""
        store = self.settings.store
        if store.backend == "postgres":
            reader = ViewReader(
                AsyncpgDriver(store.dsn(), store.schema or "public"),
                tracking_table="tandem_view_tracking",
            )
        else:
            reader = ViewReader(SqliteDriver(self.projections.store.sqlite_name))
        self.readers.append(reader)
        return reader

    def start_views(self) -> None:
        """Follow the log in this process (the embedded default)."""
        self.app.on_recorded.append(self.projections.wake)
        self.projections.start()

    def close(self) -> None:
        self.projections.close()
        self.app.close()


def ensure_schema(settings: Settings) -> None:
    store = settings.store
    if store.backend == "postgres" and store.schema:
        with psycopg.connect(store.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{store.schema}"')


@contextmanager
def startup_lock(settings: Settings) -> Iterator[None]:
    """Serialises start-up DDL across processes on one PostgreSQL schema.

    Replicas and the worker start together; PostgreSQL's CREATE ... IF NOT EXISTS is
    not safe when run concurrently (unique violations on pg_type, "tuple concurrently
    updated"), so each process creates or checks the tables while holding this lock.
    """
    store = settings.store
    if store.backend != "postgres":
        yield
        return
    key = f"tandem-ddl:{store.schema or 'public'}"
    with psycopg.connect(store.dsn(), autocommit=True) as conn:
        conn.execute("SET lock_timeout = '30s'")
        try:
            conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (key,))
        except psycopg.errors.LockNotAvailable:
            # A start-up stuck for that long is not ours to wait for.
            log.warning("another process has held the start-up lock for 30 s; going on")
            yield
            return
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (key,))


def build(settings: Settings, clock: Callable[[], datetime] = system_clock) -> Container:
    """Builds the application, its views and the admin token from settings."""
    with startup_lock(settings):
        ensure_schema(settings)
        app = Tandem(settings.store.library_env(), clock=clock)
        projections = Projections(
            app,
            followers(app, settings.snapshot_interval),
            poll_interval=settings.poll_interval,
        )
        configure_webhooks(settings, projections)
    app.decision_product = decision_directory(projections)
    time_travel = TimeTravel(app, projections.store)
    return Container(settings, app, projections, settings.resolved_admin_token(), time_travel)


def decision_directory(projections: Projections) -> Callable[[str], str | None]:
    """Which product a decision belongs to, read from the decisions view (causedBy)."""

    def product_of(decision_id: str) -> str | None:
        with projections.store.transaction() as tx:
            return decision_product(tx, decision_id)

    return product_of


def build_for_command(database_url: str | None, *, existing: bool = False) -> Container:
    """For CLI commands that administer the store. They authenticate no one, so no admin
    token is needed nor generated. With `existing`, a missing SQLite file is refused
    (api.cli_errors.NoDatabase) instead of created."""
    from api.cli_errors import require_existing
    from api.config_check import load_settings

    overrides = {"database_url": database_url} if database_url else {}
    settings = load_settings(require_admin_token=False, **overrides)
    if existing:
        require_existing(settings)
    if not settings.admin_token:
        settings = settings.model_copy(update={"admin_token": "unused-by-this-command"})
    return build(settings)


@contextmanager
def existing_store(database_url: str | None) -> Iterator[Container]:
    """build_for_command on a store that must exist, closed once the command is done."""
    tandem = build_for_command(database_url, existing=True)
    try:
        yield tandem
    finally:
        tandem.close()

"""`tandem serve`: one process, or N worker processes on one port under uvicorn's
supervisor (it binds the socket once, hands it to each worker, and replaces a worker
that dies). Exactly one worker runs the projections (api.projector_lock); the others
serve from the views, and a mutation made in one of them waits for the views'
positions like any read-your-writes (PostgreSQL NOTIFY wakes it; on SQLite it polls).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from api.composition import Container
from api.settings import Settings

log = logging.getLogger("tandem.startup")
FACTORY = "api.serving:worker_app"
HEALTHCHECK = 60
"""Seconds a worker may take to answer its supervisor before it is replaced."""


class WorkersRefused(ValueError):
    """The configuration cannot be served by several processes."""


def cpu_count() -> int:
    """The CPUs this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_count(settings: Settings) -> int:
    """--workers (TANDEM_WORKERS), else one per CPU; one for the in-memory store."""
    count = settings.workers
    if settings.store.backend == "memory":
        if count is not None and count > 1:
            raise WorkersRefused("memory:// lives in one process: it cannot have several workers")
        return 1
    return count or cpu_count()


def serve(settings: Settings, workers: int) -> None:
    """Runs the server until SIGTERM or Ctrl-C."""
    import uvicorn

    from api.app import create_app

    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_config": _log_config(settings),
        "timeout_graceful_shutdown": int(settings.shutdown_timeout),
        "timeout_keep_alive": settings.keep_alive,
        "ws": "websockets-sansio",
    }
    where = f"http://{settings.host}:{settings.port}/graphql"
    if workers == 1:
        app = served(create_app(settings), settings)
        print(f"Tandem serves {where}", flush=True)
        uvicorn.run(app, **options)
        return
    prepare(settings)
    print(f"Tandem serves {where} ({workers} workers)", flush=True)
    # The supervisor pings each worker; uvicorn's 5 s default killed workers still
    # importing on a loaded machine, again and again.
    uvicorn.run(
        FACTORY, factory=True, workers=workers, timeout_worker_healthcheck=HEALTHCHECK, **options
    )


def prepare(settings: Settings) -> None:
    """Before the workers start: the tables, the admin token and the webhook key are made
    once here, not raced for by N processes; the workers read the same settings."""
    from api.composition import build

    build(settings).close()
    os.environ["TANDEM_DATABASE_URL"] = settings.database_url
    os.environ["TANDEM_HOST"] = settings.host
    os.environ["TANDEM_PORT"] = str(settings.port)


def worker_app() -> FastAPI:
    """One worker's app (uvicorn calls this in each worker process)."""
    from api.app import create_app
    from api.config_check import load_settings
    from api.doorbell import Doorbell
    from api.projector_lock import ProjectorLock

    settings = load_settings()
    if settings.projections != "inprocess":
        return served(create_app(settings), settings)  # a `tandem project` worker projects
    lock = ProjectorLock(settings.store)
    if lock.try_acquire():
        log.info("this process (pid %s) runs the projections", os.getpid())
    else:
        settings = settings.model_copy(update={"projections": "worker"})
    app = create_app(settings)
    container = app.state.container
    if not lock.held:
        lock.take_over_later(lambda: take_over(container))
    if settings.store.backend != "sqlite":  # PostgreSQL: LISTEN/NOTIFY wakes every process
        return served(app, settings, on_shutdown=lock.stop)
    try:
        bell: Doorbell | None = Doorbell.between_workers(
            settings.store.sqlite_path, container.projections, container.app
        )
    except OSError as error:  # e.g. the folder belongs to another user: waiters poll
        log.warning("workers cannot wake each other, they poll instead: %s", error)
        bell = None

    def stop() -> None:
        lock.stop()
        if bell is not None:
            bell.close()

    return served(app, settings, on_shutdown=stop)


def take_over(container: Container) -> None:
    """Starts the projections where the previous holder left them (its last commits are
    newer than the positions these runners read at start-up)."""
    for runner in container.projections.runners:
        runner.realign()
    container.start_views()


def served(
    app: FastAPI, settings: Settings, on_shutdown: Callable[[], None] | None = None
) -> FastAPI:
    """The app with the garbage collector tuned once it has started (api.gc_tuning)."""
    from api.gc_tuning import tune_after_startup

    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with inner(app):
            if settings.gc_tuning:
                tune_after_startup()
            try:
                yield
            finally:
                if on_shutdown is not None:
                    on_shutdown()

    app.router.lifespan_context = lifespan
    return app


def _log_config(settings: Settings) -> dict[str, Any] | None:
    try:
        from api.logs import log_config
    except ImportError:
        return None
    config: dict[str, Any] = log_config(settings.log_level)
    return config

"""How the workers of `tandem serve --workers N` share one database: one holds the
projections' lock and another takes it over when it is let go; on SQLite they wake each
other through the doorbell. Several locks or bells in one process stand for the workers."""

from __future__ import annotations

import gc
import queue
import threading
from pathlib import Path

import pytest

from api.app import create_app
from api.doorbell import EVENTS, VIEWS, Doorbell
from api.gc_tuning import THRESHOLDS
from api.projector_lock import ProjectorLock
from api.serving import WorkersRefused, cpu_count, served, worker_count
from api.settings import Settings
from domain.persistence.store_url import StoreUrl
from tests.api.harness import settings_for
from tests.backends import DURABLE_BACKENDS, database_url


@pytest.mark.parametrize("backend", DURABLE_BACKENDS)
def test_one_worker_holds_the_projections_and_another_takes_them_over(backend: str) -> None:
    with database_url(backend) as url:
        store = StoreUrl.parse(url)
        if store.backend == "sqlite":
            open(store.sqlite_path, "a").close()
        first, second = ProjectorLock(store), ProjectorLock(store)
        took_over = threading.Event()
        try:
            assert first.try_acquire() and not second.try_acquire()
            second.take_over_later(took_over.set)
            assert not took_over.wait(0.3)  # held: nobody takes it
            first.release()
            assert took_over.wait(10) and second.held
            assert not ProjectorLock(store).try_acquire()
        finally:
            first.stop(), second.stop()


def test_a_lock_let_go_at_shutdown_is_not_taken_over_by_a_stopping_worker(tmp_path: Path) -> None:
    store = StoreUrl.parse(f"sqlite:///{tmp_path / 'tandem.db'}")
    first, second = ProjectorLock(store), ProjectorLock(store)
    assert first.try_acquire()
    called = threading.Event()
    second.take_over_later(called.set)
    second.stop()
    first.release()
    assert not called.wait(0.5)
    third = ProjectorLock(store)
    assert third.try_acquire()
    third.stop()


def test_workers_on_one_sqlite_file_ring_each_other(tmp_path: Path) -> None:
    path = str(tmp_path / "tandem.db")
    projector, follower = Doorbell(path, "1001"), Doorbell(path, "1002")
    received: queue.Queue[bytes] = queue.Queue()
    follower.answer(received.put)
    try:
        projector.ring(VIEWS)
        assert received.get(timeout=5) == VIEWS
        projector.ring(EVENTS)
        assert received.get(timeout=5) == EVENTS
        follower.close()
        projector.ring(VIEWS)  # a peer gone: forgotten, no error
        assert list(projector.folder.iterdir()) == [projector.path]
    finally:
        projector.close()


def test_worker_count_defaults_to_the_cpus_and_memory_has_one() -> None:
    assert worker_count(Settings(database_url="sqlite:///x.db")) == cpu_count()
    assert worker_count(Settings(database_url="sqlite:///x.db", workers=3)) == 3
    assert worker_count(Settings(database_url="memory://")) == 1
    with pytest.raises(WorkersRefused, match="memory"):
        worker_count(Settings(database_url="memory://", workers=2))


async def test_serve_freezes_the_start_up_heap_once_started() -> None:
    defaults = gc.get_threshold()
    with database_url("sqlite") as url:
        settings = settings_for(url)
        app = served(create_app(settings), settings)
        try:
            async with app.router.lifespan_context(app):
                assert gc.get_freeze_count() > 0 and gc.get_threshold() == THRESHOLDS
        finally:
            gc.unfreeze()
            gc.set_threshold(*defaults)

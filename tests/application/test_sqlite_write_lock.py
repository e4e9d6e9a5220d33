"""On SQLite, a process's reads go on while its writers wait out another process's
write lock (domain/persistence/sqlite_pool.py)."""

from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from domain.commands import CreateProduct, ProposeItem
from tests.given import Team, open_ledger


def test_reads_are_served_while_two_writers_wait_for_the_file_lock(tmp_path: Path) -> None:
    path = tmp_path / "tandem.db"
    app = open_ledger(f"sqlite:///{path}")
    try:
        team = Team.gather(app)
        before = app.recorder.max_notification_id()
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        pool = app.factory.datastore.pool  # type: ignore[attr-defined]
        with ThreadPoolExecutor(2) as writers:
            first = writers.submit(
                app.decide, team.ana, ProposeItem(product_id=team.product_id, title="A")
            )
            while not pool._writer_lock.locked():  # the first holds the writer connection
                time.sleep(0.001)
            entered = threading.Event()

            def second() -> object:
                entered.set()
                return app.decide(team.admin, CreateProduct(name="Other", vision="Elsewhere"))

            waiting = writers.submit(second)
            entered.wait()
            slowest, until = 0.0, time.monotonic() + 1.5
            while time.monotonic() < until:  # the second writer is queued all along
                started = time.monotonic()
                assert app.recorder.max_notification_id() == before
                slowest = max(slowest, time.monotonic() - started)
            locker.rollback()
            assert slowest < 0.5, f"a read waited {slowest:.2f} s behind the writers"
            assert first.result(timeout=10).version is not None  # both wrote in the end
            assert waiting.result(timeout=10).product_id is not None
    finally:
        app.close()

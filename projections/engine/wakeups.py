"""What wakes an idle projections worker besides saves in its own process: on
PostgreSQL a NOTIFY from another process's save (LISTEN on the recorder's channel); on
SQLite a commit by another process, seen in the database file's data_version."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence

from projections.engine.view_store import ViewStore

log = logging.getLogger("tandem.projections")
BESIDE = "tandem_beside"
"""NOTIFYed where work beside the followers has more to do from outside the log (a
webhook redelivery asked for in another process)."""


class Listener:
    """LISTENs on a dedicated pooled connection and calls `wake` at each notification
    (PostgreSQL); `channels` maps a channel to what it wakes."""

    def __init__(self, store: ViewStore, channels: dict[str, Callable[[], None]]) -> None:
        self.store = store
        self.channels = channels
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._listen, daemon=True, name="views-listen")

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(2)

    def _listen(self) -> None:
        while not self.stopping.is_set():
            try:
                with self.store.datastore.get_connection() as conn:
                    for channel in self.channels:
                        conn.execute(f'LISTEN "{channel}"')
                    for wake in self.channels.values():
                        wake()  # anything saved while we were not listening
                    while not self.stopping.is_set():
                        for notify in conn.notifies(timeout=0.5, stop_after=1):
                            self.channels.get(notify.channel, _nothing)()
            except Exception as error:
                log.warning("listening for new events failed, retrying: %s", error)
                self.stopping.wait(1.0)


def _nothing() -> None:
    pass


class FileChanges:
    """Whether another connection committed to a SQLite database since the last look:
    PRAGMA data_version, a read of the file's header, no transaction."""

    def __init__(self, database: str) -> None:
        self.connection = sqlite3.connect(
            database, uri=database.startswith("file:"), check_same_thread=False
        )
        self.version = self._version()

    def _version(self) -> int:
        rows: Sequence[tuple[int]] = self.connection.execute("PRAGMA data_version").fetchall()
        return int(rows[0][0])

    def changed(self) -> bool:
        try:
            version = self._version()
        except sqlite3.Error:
            return True
        if version == self.version:
            return False
        self.version = version
        return True

    def close(self) -> None:
        self.connection.close()

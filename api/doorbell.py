"""Wake-ups between the worker processes of one SQLite database, which has no NOTIFY.

Each worker binds a Unix datagram socket in a directory named for the database and
rings the others with one byte: `e` after it records a decision (the projecting worker
looks at the log at once instead of at its next poll), `v` after the projecting worker
commits a view batch (a mutation waiting for the views in another worker reads their
positions at once). A lost ring costs only latency: every waiter also polls.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import socket
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from domain.application import Tandem
from projections.engine.projections import Projections

log = logging.getLogger("tandem.api")
EVENTS = b"e"
VIEWS = b"v"


class Doorbell:
    """This process's socket among its peers' (the same database's workers)."""

    @classmethod
    def between_workers(cls, database_path: str, projections: Projections, app: Tandem) -> Doorbell:
        """Rings after each decision recorded here and each view batch projected here;
        wakes this process's runners, or its waiters on the views, when rung."""
        bell = cls(database_path)

        def views_moved(view: str, position: int) -> None:
            bell.ring(VIEWS)

        def rung(what: bytes) -> None:
            if what == EVENTS:
                projections.wake()
            elif what == VIEWS:  # as if the views had moved here: the view watch wakes
                for listener in list(projections.listeners):
                    if listener is not views_moved:
                        listener("", 0)

        app.on_recorded.append(lambda recorded: bell.ring(EVENTS))
        projections.listeners.append(views_moved)
        bell.answer(rung)
        return bell

    def __init__(self, database_path: str, name: str | None = None) -> None:
        digest = hashlib.sha256(os.path.abspath(database_path).encode()).hexdigest()[:16]
        # Under the temporary directory: a socket path must stay under 108 bytes.
        self.folder = Path(tempfile.gettempdir()) / f"tandem-bells-{digest}"
        self.folder.mkdir(mode=0o700, exist_ok=True)
        self.path = self.folder / (name or str(os.getpid()))
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # a socket left by a dead process with our pid
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(str(self.path))
        self._sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sender.setblocking(False)

    def ring(self, what: bytes) -> None:
        """Tells every other worker; peers that are gone are forgotten."""
        for peer in os.listdir(self.folder):
            path = self.folder / peer
            if path == self.path:
                continue
            try:
                self._sender.sendto(what, str(path))
            except (ConnectionRefusedError, FileNotFoundError):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            except OSError:  # a peer's queue is full: it has a wake-up pending anyway
                pass

    def answer(self, on_ring: Callable[[bytes], None]) -> None:
        """Calls `on_ring` with each ring received, on a daemon thread."""

        def receive() -> None:
            while True:
                try:
                    what = self.socket.recv(16)
                except OSError:
                    return
                if not what:  # shut down by close()
                    return
                try:
                    on_ring(what)
                except Exception:
                    log.exception("a wake-up from another worker failed")

        threading.Thread(target=receive, name="doorbell", daemon=True).start()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)  # ends a blocked recv
        self.socket.close()
        self._sender.close()

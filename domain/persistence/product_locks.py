"""One lock per product in this process: decisions on a product take turns here, and
optimistic concurrency at save catches the ones made by other processes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from domain.errors import Unavailable

LOCK_WAIT = 10.0
"""Seconds a decision waits for the others on its product in this process."""


class ProductLocks:
    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, subject: str) -> threading.Lock:
        with self._guard:
            if subject not in self._locks:
                self._locks[subject] = threading.Lock()
            return self._locks[subject]

    @contextlib.contextmanager
    def holding(self, subject: str | None) -> Iterator[None]:
        """The product's lock, waited for LOCK_WAIT at most: behind a decision stuck on
        the store (a write lock held elsewhere, a database unreachable) every waiting
        one would otherwise answer only after all those before it gave up."""
        if subject is None:
            yield
            return
        lock = self.lock(subject)
        if not lock.acquire(timeout=LOCK_WAIT):
            raise Unavailable(
                f"earlier decisions on this product have been waiting on the event store "
                f"for {LOCK_WAIT:.0f} s; retry"
            )
        try:
            yield
        finally:
            lock.release()

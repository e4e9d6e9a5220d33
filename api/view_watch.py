"""Async waiting on the views' positions: read-your-writes for mutations and the wake-up
of subscriptions.

Waiters sleep on an asyncio event that is set whenever a view commits a batch: in this
process through `Projections.listeners` (called on the runner threads), and on PostgreSQL
through LISTEN on `tandem_views`, which every runner NOTIFYs in its batch transaction, so
views advanced by another process (a `tandem project` worker, another replica) wake us too.
A short timeout covers a missed wake-up (e.g. SQLite with the views in another process).
In the process that runs the views, their positions are the runners' own; elsewhere
they are read from the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from projections.engine.projections import Projections
from projections.reader import ViewReader

log = logging.getLogger("tandem.api")
CHANNEL = "tandem_views"


class ViewsBehind(Exception):
    """The views did not reach a position in time (or one of them is stopped)."""


class ViewWatch:
    """Tells async code when the views may have moved, and waits for a position."""

    def __init__(self, reader: ViewReader, *, fallback: float = 0.5) -> None:
        self.reader = reader
        self.fallback = fallback
        self.loop = asyncio.get_running_loop()
        self._event = asyncio.Event()
        self._projections: Projections | None = None
        self._listen_task: asyncio.Task[None] | None = None
        self._closing = False
        self.channels: dict[str, Callable[[], None]] = {}
        """Other channels heard on the same LISTEN connection (e.g. the event store's)."""
        self.listening: list[Callable[[bool], None]] = []
        """Told when the LISTEN connection comes up (True) or is lost (False)."""

    # -- wake-up sources ---------------------------------------------------

    def follow(self, projections: Projections) -> None:
        """Wake on every batch the in-process runners commit."""
        self._projections = projections
        projections.listeners.append(self._from_thread)

    def listen(self, dsn: str) -> None:
        """Wake on NOTIFY tandem_views (PostgreSQL: runners in any process)."""
        self._listen_task = self.loop.create_task(self._listen(dsn))

    def _tell(self, listening: bool) -> None:
        for told in self.listening:
            told(listening)

    def _from_thread(self, view: str, position: int) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits
            self.loop.call_soon_threadsafe(self.wake)

    def wake(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def _listen(self, dsn: str) -> None:
        import asyncpg

        while not self._closing:
            lost = asyncio.Event()
            try:
                conn = await asyncpg.connect(dsn, timeout=5)
                try:
                    conn.add_termination_listener(lambda _conn, lost=lost: lost.set())
                    await conn.add_listener(CHANNEL, lambda *_args: self.wake())
                    for channel, heard in self.channels.items():
                        await conn.add_listener(channel, lambda *_args, heard=heard: heard())
                    self._tell(True)
                    self.wake()  # anything committed while we were not listening
                    await lost.wait()
                finally:
                    self._tell(False)
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(conn.close(), 2)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("LISTEN %s failed, retrying: %s", CHANNEL, error)
            await asyncio.sleep(0.5)

    # -- waiting -------------------------------------------------------------

    @property
    def event(self) -> asyncio.Event:
        """Take this before looking at the views; it fires at the next change after."""
        return self._event

    async def changed(self, event: asyncio.Event, within: float | None = None) -> None:
        """Returns when `event` fires or after `within` seconds, whichever is first.

        asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow the
        cancellation of a subscription whose event fires at the same moment, leaving
        the stream looping after its client has gone and its connection unclosable."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within or self.fallback):
                await event.wait()

    async def wait_for(self, position: int, within: float) -> None:
        """Returns once every view has processed `position`, or raises ViewsBehind; never
        takes much longer than `within`, even when a read of the positions hangs."""
        try:
            async with asyncio.timeout(within + 1.0):
                await self._wait_for(position, within)
        except TimeoutError:
            raise ViewsBehind(f"the views could not be read within {within}s") from None

    async def _wait_for(self, position: int, within: float) -> None:
        deadline = self.loop.time() + within
        while True:
            event = self.event
            positions = await self._positions()
            if min(positions.values(), default=position) >= position:
                return
            remaining = deadline - self.loop.time()
            if remaining <= 0:
                behind = {v: p for v, p in positions.items() if p < position}
                raise ViewsBehind(f"views {behind} have not reached position {position}")
            # Short: a view advanced by another process may not wake us.
            await self.changed(event, min(remaining, 0.1))
            if not event.is_set():
                await self._check_faults(position)

    async def _positions(self) -> dict[str, int]:
        """The views' positions: as the runners in this process committed them when it
        is the projections worker (no query: each batch they commit wakes us), else as
        the store tracks them."""
        if self._projections is not None:
            here = self._projections.shown_here()
            if here:
                return here
        return await self.reader.positions()

    async def _check_faults(self, position: int) -> None:
        for view, (at, error) in (await self.reader.faults()).items():
            if at <= position:
                raise ViewsBehind(f"view {view} stopped at position {at}: {error}")

    async def close(self) -> None:
        self._closing = True
        if self._projections is not None:
            with contextlib.suppress(ValueError):
                self._projections.listeners.remove(self._from_thread)
        if self._listen_task is not None:
            self._listen_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listen_task

"""Runs the log followers (the views, the snapshot taker, the audit chain) of one
process: one conductor thread for them all, wake-ups after each save, status, and
waiting on the views' positions."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from eventsourcing.application import Application

from projections.engine.conductor import Conductor
from projections.engine.decoded import DecodedEvents
from projections.engine.runner import Runner
from projections.engine.view import LogFollower, View
from projections.engine.view_store import ViewStore
from projections.engine.wakeups import BESIDE, Listener

log = logging.getLogger("tandem.projections")
POLL_INTERVAL = 5.0
"""Seconds between looks at the log when nothing woke the projections worker."""


class ProjectionTimeout(Exception):
    """The views did not reach a position in time."""


@dataclass(frozen=True)
class ViewStatus:
    """What `tandem status` shows for one view (or other log follower)."""

    view: str
    position: int
    head: int
    fault_position: int | None = None
    fault: str | None = None

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)


class Projections:
    """The log followers of one application (see projections.catalog), their runners,
    the conductor driving them and their positions."""

    def __init__(
        self,
        app: Application[uuid.UUID],
        followers: Sequence[LogFollower],
        *,
        batch_size: int = 500,
        poll_interval: float = POLL_INTERVAL,
    ) -> None:
        self.app = app
        self.store = ViewStore(app, [s for f in followers for s in f.tables])
        self.store.create_tables([s for f in followers for s in f.outbox])
        self.progress = threading.Condition()
        decoded = DecodedEvents(app.mapper)
        self.runners = [
            Runner(
                app,
                self.store,
                follower,
                batch_size=batch_size,
                on_progress=self._progressed,
                decode=decoded.decode,
            )
            for follower in followers
        ]
        self.conductor = Conductor(
            app,
            self.store,
            self.runners,
            batch_size=batch_size,
            poll_interval=poll_interval,
            on_views=self._views_moved,
        )
        self.listeners: list[Callable[[str, int], None]] = []
        """Called after the views commit a step (read-your-writes in this process)."""
        self._listener: Listener | None = None

    def _progressed(self, view: str, position: int) -> None:
        with self.progress:
            self.progress.notify_all()

    def _views_moved(self) -> None:
        position = min((r.position for r in self.view_runners), default=0)
        for listener in self.listeners:
            listener("views", position)

    @property
    def running(self) -> bool:
        return self.conductor.thread is not None

    def wake(self, recorded: Collection[str] = ()) -> None:
        """Called after each save in this process (with the aggregates it recorded),
        and at each NOTIFY from another: the conductor looks at once."""
        self.conductor.wakeup.set()

    def _beside(self) -> None:
        for runner in self.runners:
            runner.view.wake_beside()

    def start(self) -> None:
        self.conductor.start()
        for runner in self.runners:
            runner.view.start_beside(self.store, lambda: self.conductor.holding)
        if self.store.postgres:
            channel = getattr(self.app.recorder, "channel_name", "")
            self._listener = Listener(self.store, {channel: self.wake, BESIDE: self._beside})
            self._listener.start()

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.stop()
        for runner in self.runners:
            runner.view.stop_beside()
        self.conductor.stop()

    def catch_up(self) -> int:
        """Drives every follower to the head of the log on this thread (tests, CLI)."""
        position = min(runner.catch_up() for runner in self.runners)
        self._views_moved()
        return position

    def positions(self, *, views_only: bool = True) -> dict[str, int]:
        """Tracked positions: the views' (what reads see), or every follower's."""
        runners = self.view_runners if views_only else self.runners
        return {r.name: self.store.position(r.name) or 0 for r in runners}

    def shown_here(self) -> dict[str, int] | None:
        """The views' positions as this process committed them, when it is the
        projections worker (None otherwise: another process moves the views)."""
        if not self.conductor.holding:
            return None
        return {r.name: r.position for r in self.view_runners}

    @property
    def view_runners(self) -> list[Runner]:
        return [r for r in self.runners if isinstance(r.view, View)]

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def wait(self, position: int, timeout: float = 10.0) -> None:
        """Blocks until every follower has processed `position` (tests, the CLI; the
        API's read-your-writes watches the views' positions through its reader)."""
        deadline = time.monotonic() + timeout
        while True:
            positions = self.positions(views_only=False)
            if min(positions.values()) >= position:
                return
            for runner in self.runners:
                if runner.fault is not None and runner.fault.position <= position:
                    raise ProjectionTimeout(str(runner.fault))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                behind = {v: p for v, p in positions.items() if p < position}
                raise ProjectionTimeout(
                    f"views did not reach position {position} within {timeout}s: {behind}"
                )
            with self.progress:
                self.progress.wait(min(remaining, 0.05))

    def status(self) -> list[ViewStatus]:
        head = self.head()
        with self.store.transaction() as tx:
            faults = {
                v: (p, e)
                for v, p, e in tx.fetchall("SELECT view, position, error FROM projection_faults")
            }
        result = []
        for name, position in self.positions(views_only=False).items():
            fault = faults.get(name)
            result.append(
                ViewStatus(
                    name, position, head, fault[0] if fault else None, fault[1] if fault else None
                )
            )
        return result

    def close(self) -> None:
        self.stop()
        with contextlib.suppress(Exception):
            self.store.close()

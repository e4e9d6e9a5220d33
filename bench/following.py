"""Workload 6: the views following the log live, in the writer's process (as `tandem
serve` runs them), under a saturating write loop (one writer deciding back to back).

Each round has three phases:
  catch-up  the views start behind a backlog the writer built while they were
            stopped; the writer keeps going. Catch-up throughput = backlog / time
            to reach the position that was the head when they started.
  steady    the writer goes on; its rate is the sustained append rate, and the lag
            (head - slowest view) is sampled every 10 ms.
  drain     the writer stops; the time until every view reaches the head.
"""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass, field

from api.composition import Container, build
from api.settings import Settings
from bench.harness import AT_LEAST, AT_MOST, Result, Target, median
from bench.seed import Crew, gather
from bench.sizes import Sizes
from bench.stores import database
from projections.catalog import followers
from projections.engine.projections import Projections

CATCH_UP_TARGET = Target(AT_LEAST, 20.0)
DRAIN_LIMIT_S = 1.0


class Writer:
    """Decides back to back on a background thread until stopped."""

    def __init__(self, crew: Crew) -> None:
        self.crew = crew
        self.product = crew.products[0]
        self.count = 0
        self.stop_flag = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True, name="bench-writer")

    def _run(self) -> None:
        try:
            while not self.stop_flag.is_set():
                self.crew.prioritize(self.product, self.count)
                self.count += 1
        except BaseException as error:
            self.error = error

    def start(self) -> Writer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_flag.set()
        self.thread.join()
        if self.error is not None:
            raise self.error


@dataclass
class Round:
    catch_up: float
    append: float
    drain: float
    lags: list[int] = field(default_factory=list)


def slowest(projections: Projections) -> int:
    return min(runner.position for runner in projections.runners)


def wait_for(projections: Projections, position: int, timeout: float = 120.0) -> float:
    start = time.perf_counter()
    while slowest(projections) < position:
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"views stuck at {slowest(projections)} < {position}")
        for runner in projections.runners:
            if runner.fault is not None:
                raise runner.fault
        time.sleep(0.001)
    return time.perf_counter() - start


def one_round(tandem: Container, crew: Crew, seconds: float) -> Round:
    app = tandem.app
    settings = tandem.settings
    projections = Projections(
        app, followers(app, settings.snapshot_interval), poll_interval=settings.poll_interval
    )
    writer = Writer(crew).start()
    try:
        time.sleep(seconds)  # the backlog builds up
        head = app.recorder.max_notification_id() or 0
        behind = head - slowest(projections)
        app.on_recorded.append(projections.wake)
        projections.start()
        catch_up = behind / wait_for(projections, head)

        lags: list[int] = []
        first, start = writer.count, time.perf_counter()
        while time.perf_counter() - start < seconds:
            lags.append((app.recorder.max_notification_id() or 0) - slowest(projections))
            time.sleep(0.01)
        append = (writer.count - first) / (time.perf_counter() - start)
    finally:
        writer.stop()
    try:
        drain = wait_for(projections, app.recorder.max_notification_id() or 0)
    finally:
        app.on_recorded.remove(projections.wake)
        projections.stop()
    return Round(catch_up, append, drain, lags)


def live_following(backend: str, sizes: Sizes) -> list[Result]:
    rounds = []
    with database(backend) as url:
        tandem = build(Settings(database_url=url, admin_token="x"))
        try:
            crew = gather(tandem.app, items=sizes.items)
            tandem.projections.catch_up()
            one_round(tandem, crew, min(sizes.follow_seconds, 1.0))  # warm-up
            for _ in range(max(1, sizes.repeats // 2)):
                rounds.append(one_round(tandem, crew, sizes.follow_seconds))
        finally:
            tandem.close()
    catch_up = [r.catch_up for r in rounds]
    append = [r.append for r in rounds]
    drains = [r.drain for r in rounds]
    lags = sorted(lag for r in rounds for lag in r.lags)
    lag_note = (
        f"lag while writing: median {statistics.median(lags):.0f}, max {lags[-1]} events"
        if lags
        else ""
    )
    return [
        Result(
            "6 live following: catch-up vs append",
            backend,
            "events/s",
            ours=median(catch_up),
            baseline=median(append),
            target=CATCH_UP_TARGET,
            samples={"ours": catch_up, "baseline": append},
            note=lag_note,
        ),
        Result(
            "6 lag to zero after writes stop",
            backend,
            "s",
            ours=max(drains),
            baseline=DRAIN_LIMIT_S,
            target=Target(AT_MOST, 1.0),
            samples={"ours": drains},
            note="worst round vs 1 s",
        ),
    ]

"""Workloads 11 and 12 (issue 17, the tamper-evident audit chain).

11  Chaining overhead on recording one decision. The chain is computed by a log
    follower (projections/audit_chain), not on the write path, so what it costs a
    writer is the CPU its thread takes beside the writer in the same process. Two
    stores, each with every follower running in-process as `tandem serve` runs them;
    one list includes the chain follower, the other does not. A sample records a run
    of decisions (prioritizeItem, as workloads 1 and 2) and waits until every
    follower has reached the head, so the followers' work lands inside the time;
    µs per decision, chain / no chain, target ≤ 1.10.
12  `tandem audit verify` (verify_all, what the CLI calls) over a generated log
    against a raw scan of the same store (the recorder's select_notifications in
    pages, every notification touched): events per second, target ≥ 0.5.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from eventsourcing.application import Application

from bench.harness import AT_LEAST, AT_MOST, Result, Sampler, Target, alternate, median
from bench.seed import Crew, gather, generate
from bench.sizes import Sizes
from bench.stores import database
from domain.application import Tandem
from domain.persistence.store_url import StoreUrl
from projections.audit_chain.follower import ChainFollower
from projections.audit_chain.verify import verify_all
from projections.catalog import followers
from projections.engine.projections import Projections

OVERHEAD_TARGET = Target(AT_MOST, 1.10)
VERIFY_TARGET = Target(AT_LEAST, 0.5)
PAGE = 5000
POLL_S = 0.05


@contextmanager
def following(url: str, *, chain: bool, items: int) -> Iterator[tuple[Crew, Projections]]:
    """A store with every follower (with or without the chain's) running in-process."""
    app = Tandem(StoreUrl.parse(url).library_env())
    chosen = [f for f in followers(app) if chain or not isinstance(f, ChainFollower)]
    projections = Projections(app, chosen, poll_interval=POLL_S)
    try:
        crew = gather(app, items=items)
        projections.catch_up()
        app.on_recorded.append(projections.wake)
        projections.start()
        try:
            yield crew, projections
        finally:
            app.on_recorded.remove(projections.wake)
    finally:
        projections.close()
        app.close()


def per_decision_us(
    crew: Crew, projections: Projections, count: int, writer_us: list[float]
) -> Sampler:
    """µs per decision until the followers caught up; the writer's own time (without
    the drain) is appended to `writer_us`."""
    product = crew.products[0]
    done = [0]

    def sample() -> float:
        start = time.perf_counter()
        for _ in range(count):
            crew.prioritize(product, done[0])
            done[0] += 1
        writer_us.append((time.perf_counter() - start) / count * 1e6)
        projections.wait(projections.head(), timeout=120)
        return (time.perf_counter() - start) / count * 1e6

    return sample


def chaining_overhead(backend: str, sizes: Sizes) -> list[Result]:
    with ExitStack() as stack:
        samplers = {}
        writer: dict[str, list[float]] = {"ours": [], "baseline": []}
        for name, chain in (("ours", True), ("baseline", False)):
            url = stack.enter_context(database(backend))
            crew, projections = stack.enter_context(following(url, chain=chain, items=sizes.items))
            samplers[name] = per_decision_us(crew, projections, sizes.decisions, writer[name])
        samples = alternate(samplers, repeats=sizes.repeats)
    return [
        Result(
            "11 record one decision: chain follower on / off",
            backend,
            "µs",
            ours=median(samples["ours"]),
            baseline=median(samples["baseline"]),
            target=OVERHEAD_TARGET,
            samples=samples,
            note=f"{sizes.decisions} decisions a sample, followers in-process, until caught up",
            details={"writer_only_median_us": {k: round(median(v)) for k, v in writer.items()}},
        )
    ]


def scan(app: Application[uuid.UUID]) -> int:
    """The floor: every stored event read through the recorder, in pages."""
    seen, start, touched = 0, 1, 0
    while True:
        notifications = app.recorder.select_notifications(start=start, limit=PAGE)
        if not notifications:
            return seen
        for n in notifications:
            touched += len(n.state) + len(n.topic)
        seen += len(notifications)
        start = notifications[-1].id + 1


def verify_rate(backend: str, sizes: Sizes) -> list[Result]:
    with database(backend) as url:
        app = Tandem(StoreUrl.parse(url).library_env())
        projections = Projections(app, [ChainFollower(app)])
        try:
            crew = gather(app, products=sizes.log_products, items=20)
            generate(crew, sizes.log_events - (app.recorder.max_notification_id() or 0))
            projections.catch_up()
            events = scan(app)
            checked = [0]

            def verify() -> None:
                results = verify_all(app, projections.store)
                assert all(r.ok for r in results.values()), "the generated chain is broken"
                checked[0] = sum(r.checked for r in results.values())

            def rate(work: Callable[[], object]) -> Sampler:
                def sample() -> float:
                    start = time.perf_counter()
                    work()
                    return events / (time.perf_counter() - start)

                return sample

            samples = alternate(
                {"ours": rate(verify), "baseline": rate(lambda: scan(app))},
                repeats=sizes.repeats,
            )
        finally:
            projections.close()
            app.close()
    return [
        Result(
            "12 audit verify vs raw event scan",
            backend,
            "events/s",
            ours=median(samples["ours"]),
            baseline=median(samples["baseline"]),
            target=VERIFY_TARGET,
            samples=samples,
            note=f"{events:,} events, {checked[0]:,} chained decisions verified",
            details={"events": events, "decisions": checked[0]},
        )
    ]

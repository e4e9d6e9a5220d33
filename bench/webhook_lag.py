"""Workload 13 (issue 18): webhook delivery lag. Five webhooks on one product, each to
its own HTTP receiver on 127.0.0.1 (in a process of their own, bench.webhook_receivers;
loopback is allowed by TANDEM_WEBHOOK_ALLOW_PRIVATE=1, set here), the views and the
webhooks follower running in-process as `tandem serve` runs them, default delivery
settings, and one writer recording prioritizeItem at 50 decisions/s for a fixed number
of decisions.

The lag of one delivery is from the moment the writer calls `decide` (so the commit
is inside it: the figure errs on the long side) to the moment the receiver has read
the request, both on the system's monotonic clock. Reported: p99 against the issue's
1 s (ratio p99 / 1 s, target ≤ 1), with p50 and the count in the note; a delivery
that never arrives fails the row.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from api.composition import Container, build
from api.settings import Settings
from api.webhook_setup import webhooks_follower
from bench.harness import AT_MOST, Result, Target
from bench.seed import Crew, gather
from bench.sizes import Sizes
from bench.stores import database
from domain.commands import AddWebhook, PrioritizeItem
from projections.webhooks import secrets

WEBHOOKS = 5
RATE = 50.0
LIMIT_S = 1.0
ARRIVAL_TIMEOUT_S = 60.0


class Arrivals:
    """When each (receiver, position) arrived, across every receiver."""

    def __init__(self) -> None:
        self.at: dict[tuple[int, int], float] = {}
        self.changed = threading.Condition()

    def record(self, receiver: int, position: int, at: float) -> None:
        with self.changed:
            self.at.setdefault((receiver, position), at)
            self.changed.notify_all()

    def wait(self, expected: set[tuple[int, int]], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not expected <= self.at.keys():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                self.changed.wait(remaining)


@contextmanager
def receivers(count: int, arrivals: Arrivals) -> Iterator[list[str]]:
    """`count` receivers in their own process (bench.webhook_receivers); yields their
    URLs while a thread here records what they report."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.webhook_receivers", str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert process.stdout is not None and process.stdin is not None
    urls = [process.stdout.readline().strip() for _ in range(count)]

    def listen() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            receiver, position, at = line.split()
            arrivals.record(int(receiver), int(position), float(at))

    threading.Thread(target=listen, daemon=True, name="arrivals").start()
    try:
        yield urls
    finally:
        process.stdin.close()
        process.wait(10)


def add_webhook(tandem: Container, crew: Crew, product: str, url: str) -> None:
    """What the addWebhook mutation does: seal URL and secret, then decide."""
    webhook_id = str(uuid.uuid4())
    sealer = secrets.Sealer(webhooks_follower(tandem.projections).sealing_key())
    sealed = sealer.seal(webhook_id, secrets.Sealed(url=url, secret="bench"))
    with tandem.projections.store.transaction() as tx:
        secrets.store(tx, webhook_id, sealed)
    tandem.app.decide(crew.ana, AddWebhook(product_id=product, url=url, webhook_id=webhook_id))


def write_paced(crew: Crew, product: str, count: int) -> dict[int, float]:
    """Records `count` decisions at RATE a second; the time each `decide` began."""
    began: dict[int, float] = {}
    items = crew.items[product]
    start = time.perf_counter()
    for i in range(count):
        pause = start + i / RATE - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        at = time.monotonic()
        outcome = crew.app.decide(
            crew.ana,
            PrioritizeItem(
                item_id=items[(i * 7919) % len(items)],
                rank=(i * 31) % len(items) + 1,
                rationale="Customers ask",
            ),
        )
        assert outcome.position is not None
        began[outcome.position] = at
    return began


def webhook_lag(backend: str, sizes: Sizes) -> list[Result]:
    os.environ["TANDEM_WEBHOOK_ALLOW_PRIVATE"] = "1"
    count = sizes.webhook_decisions
    arrivals = Arrivals()
    with ExitStack() as stack:
        urls = stack.enter_context(receivers(WEBHOOKS, arrivals))
        url = stack.enter_context(database(backend))
        tandem = build(Settings(database_url=url, admin_token="x"))
        stack.callback(tandem.close)
        crew = gather(tandem.app, items=sizes.items)
        product = crew.products[0]
        tandem.projections.catch_up()
        tandem.start_views()
        for hook in urls:
            add_webhook(tandem, crew, product, hook)
        tandem.projections.wait(tandem.projections.head(), timeout=60)
        started = time.perf_counter()
        began = write_paced(crew, product, count)
        written = count / (time.perf_counter() - started)
        expected = {(n, p) for n in range(WEBHOOKS) for p in began}
        arrivals.wait(expected, ARRIVAL_TIMEOUT_S)
        lags = sorted(arrivals.at[key] - began[key[1]] for key in expected if key in arrivals.at)
    missing = len(expected) - len(lags)
    p50 = statistics.median(lags) if lags else None
    p99 = lags[math.ceil(len(lags) * 0.99) - 1] if lags else None  # nearest rank
    note = (
        f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms over {len(lags)} deliveries; "
        f"writer held {written:.0f} decisions/s"
        if p50 is not None and p99 is not None
        else "no delivery arrived"
    )
    result = Result(
        "13 webhook delivery p99 (5 hooks, 50 decisions/s)",
        backend,
        "s",
        ours=p99,
        baseline=LIMIT_S,
        target=Target(AT_MOST, 1.0),
        note=note + (f"; {missing} never arrived" if missing else ""),
        details={
            "written_per_s": round(written, 1),
            "p50_s": p50,
            "p99_s": p99,
            "max_s": lags[-1] if lags else None,
        },
    )
    if missing:
        result.status = "FAIL"
    return [result]

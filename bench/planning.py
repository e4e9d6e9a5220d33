"""Planning benchmark: forecast and bottlenecks on a 1,000-item backlog with 50
iterations, against the current backlog query (first 100), live and asOf.

    .venv/bin/python bench/planning.py                      # the issue's scale
    .venv/bin/python bench/planning.py --items 60 --iterations 4 --repeat 3   # smoke run

A product is generated on a throw-away SQLite store through `Tandem.decide` (not
measured): items proposed, most estimated, iterations planned one week apart, each
proposed, committed and closed with some of its items delivered, a few dependencies
and blocked items. The views are caught up, then the three queries are sent through
the real ASGI app in-process, interleaved, best of --repeat per round, median over
--rounds. Prints forecast / backlog and bottlenecks / backlog (target <= 2), and asOf
/ live for each (target <= 3).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from api.app import create_app
from api.composition import Container, build
from api.settings import Settings
from domain import commands as c
from domain.actor import Actor
from domain.vocabulary import Role

TOKEN = "bench-admin"
START = datetime(2025, 1, 6, 9, tzinfo=UTC)
QUERIES = {
    "backlog": "query($p: ID!) { product(id: $p) { backlog(first: 100) { edges { node { "
    "title rank status estimate } } } } }",
    "forecast": "query($p: ID!, $t: DateTime) { product(id: $p) { forecast(asOf: $t) { "
    "velocity basis items { cumulativePoints iterationsAway item { title rank } } } } }",
    "bottlenecks": "query($p: ID!, $t: DateTime) { product(id: $p) { bottlenecks(asOf: $t) { "
    "kind summary items { title } } } }",
}


class Ticking:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=5)
        return self.now


def generate(tandem: Container, items: int, iterations: int) -> str:
    app, admin = tandem.app, Actor.admin()
    ids = {
        name: app.decide(admin, c.RegisterMember(name=name, email=f"{name}@bench.example"))
        for name in ("ana", "ben", "cleo")
    }
    pid = str(app.decide(admin, c.CreateProduct(name="Bench", vision="Fast")).product_id)
    for name, role in (("ana", Role.PRODUCT_OWNER), ("ben", Role.ENGINEERING_MANAGER)):
        app.decide(admin, c.GrantRole(product_id=pid, member_id=ids[name].member_id, role=role))
    app.decide(
        admin, c.GrantRole(product_id=pid, member_id=ids["cleo"].member_id, role=Role.ENGINEER)
    )
    ana, ben = Actor.member(ids["ana"].member_id), Actor.member(ids["ben"].member_id)
    item_ids = [
        str(app.decide(ana, c.ProposeItem(product_id=pid, title=f"Item {n}")).item_id)
        for n in range(items)
    ]
    for n, item_id in enumerate(item_ids):
        if n % 5 != 4:
            app.decide(ben, c.EstimateItem(item_id=item_id, points=float(1 + n % 8)))
    per = 3
    for week in range(iterations):
        at = START + timedelta(weeks=week)
        app.decide(ben, c.PlanIteration(
            product_id=pid, name=f"Sprint {week + 1}", starts_at=at,
            ends_at=at + timedelta(weeks=1), capacity_points=12,
        ))  # fmt: skip
        iteration = list(app.product(pid).planned().iterations)[-1]
        scope = [i for i in item_ids[week * 5 : week * 5 + 5] if app.product(pid).items[i].estimate]
        app.decide(ana, c.ProposeScope(iteration_id=iteration, item_ids=scope))
        app.decide(
            ben, c.CommitIteration(iteration_id=iteration, accept_overload=True, rationale="x")
        )
        for item_id in scope[:per]:
            app.decide(ana, c.RefineItem(item_id=item_id, acceptance_criteria=["Done"]))
            app.decide(ben, c.StartItem(item_id=item_id))
            app.decide(ben, c.CompleteItem(item_id=item_id))
        app.decide(ben, c.CloseIteration(iteration_id=iteration))
    for n in range(0, min(items, 200), 20):
        app.decide(ben, c.AddDependency(item_id=item_ids[n], depends_on_id=item_ids[n + 10]))
        app.decide(ben, c.BlockItem(item_id=item_ids[n + 1], rationale="Waiting"))
    tandem.projections.catch_up()
    return pid


async def measure(tandem: Container, pid: str, rounds: int, repeat: int) -> dict[str, float]:
    app = create_app(tandem)
    at = tandem.app.clock().isoformat()
    samples: dict[str, list[float]] = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

            async def best(name: str, query: str, as_of: str | None) -> float:
                times = []
                for _ in range(repeat):
                    began = time.perf_counter()
                    answer = await client.post(
                        "/graphql",
                        json={"query": query, "variables": {"p": pid, "t": as_of}},
                        headers={"Authorization": f"Bearer {TOKEN}"},
                    )
                    times.append(time.perf_counter() - began)
                    assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
                return min(times)

            for _ in range(rounds):
                for name, query in QUERIES.items():
                    samples.setdefault(name, []).append(await best(name, query, None))
                    if name != "backlog":
                        samples.setdefault(f"{name} asOf", []).append(await best(name, query, at))
    return {name: statistics.median(values) * 1000 for name, values in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        tandem = build(Settings(database_url=url, admin_token=TOKEN), clock=Ticking())
        try:
            pid = generate(tandem, args.items, args.iterations)
            ms = asyncio.run(measure(tandem, pid, args.rounds, args.repeat))
        finally:
            tandem.close()
    ratios = {
        "forecast / backlog(first 100)": ms["forecast"] / ms["backlog"],
        "bottlenecks / backlog(first 100)": ms["bottlenecks"] / ms["backlog"],
        "forecast asOf / live": ms["forecast asOf"] / ms["forecast"],
        "bottlenecks asOf / live": ms["bottlenecks asOf"] / ms["bottlenecks"],
    }
    print(json.dumps({"items": args.items, "iterations": args.iterations, "ms": ms,
                      "ratios": ratios}, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

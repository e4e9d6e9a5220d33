"""How many decisions per second the application service records, on SQLite and PostgreSQL.

A quick figure, not the benchmark suite: one thread calls Tandem.prioritize_item in a
loop on a backlog of 20 items (validation, permission check, optimistic save), with
and without an idempotency key per call, on a throw-away SQLite file and a throw-away
PostgreSQL schema (TANDEM_BENCH_POSTGRES_URL, default the local test database).

    .venv/bin/python bench/record_rate.py [--decisions 1000] [--backends sqlite,postgres]
"""

from __future__ import annotations

import argparse
import time
import uuid

from bench.stores import database
from domain.actor import Actor
from domain.application import Tandem
from domain.commands import CreateProduct, GrantRole, PrioritizeItem, ProposeItem, RegisterMember
from domain.persistence.store_url import StoreUrl
from domain.vocabulary import Role

ITEMS = 20
WARM_UP = 50


def measure(url: str, decisions: int, keyed: bool) -> float:
    """Decisions per second of prioritize_item on a fresh backlog."""
    app = Tandem(StoreUrl.parse(url).library_env())
    try:
        admin = Actor.admin()
        ana_id = app.decide(
            admin, RegisterMember(name="Ana", email=f"ana-{uuid.uuid4().hex[:6]}@x.example")
        ).member_id
        product = app.decide(
            admin, CreateProduct(name="Tandem Web", vision="Pairs ship together")
        ).product_id
        app.decide(admin, GrantRole(product_id=product, member_id=ana_id, role=Role.PRODUCT_OWNER))
        ana = Actor.member(ana_id)
        items = [
            app.decide(ana, ProposeItem(product_id=product, title=f"Item {i}")).item_id or ""
            for i in range(ITEMS)
        ]

        def decide(n: int) -> None:
            key = f"rate-{keyed}-{n}" if keyed else None
            app.decide(
                ana,
                PrioritizeItem(
                    item_id=items[n % ITEMS], rank=(7 * n) % ITEMS + 1, rationale="Benchmark"
                ),
                idempotency_key=key,
            )

        for n in range(WARM_UP):
            decide(n)
        started = time.perf_counter()
        for n in range(WARM_UP, WARM_UP + decisions):
            decide(n)
        return decisions / (time.perf_counter() - started)
    finally:
        app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=1000)
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    print(f"prioritize_item, one thread, {args.decisions} decisions after {WARM_UP} warm-up")
    for backend in args.backends.split(","):
        for keyed in (False, True):
            with database(backend) as url:
                rate = measure(url, args.decisions, keyed)
            label = "with idempotency keys" if keyed else "without keys"
            print(f"  {backend:<9} {label:<22} {rate:8.0f} decisions/s  {1000 / rate:6.2f} ms each")


if __name__ == "__main__":
    main()

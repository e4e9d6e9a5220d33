"""The backlog as one SQL view over the tables Tandem's backlog view maintains: what
PostGraphile serves (workload 16) and what the plain FastAPI + asyncpg route reads
(workload 15). Rank is the position in the product's `order_ids`, as Tandem ranks.
The view lives in a schema of its own ("<schema>_peer") so PostGraphile exposes only
it; the schema is dropped when the block ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from bench.stores import postgres_dsn_schema

VIEW = """CREATE VIEW "{peer}".ranked_items AS
SELECT i.item_id AS id, i.product_id, i.title, i.status, o.ord::int AS rank, i.estimate
FROM "{source}".backlog_products p
CROSS JOIN LATERAL json_array_elements_text(p.order_ids::json) WITH ORDINALITY AS o(item_id, ord)
JOIN "{source}".backlog_items i ON i.item_id = o.item_id"""

PAGE = (
    "SELECT id, title, status, rank, estimate FROM ranked_items "
    "WHERE product_id = $1 ORDER BY rank LIMIT $2"
)
"""The first `$2` items of product `$1` (the plain route's one statement)."""


@contextmanager
def ranked_view(url: str) -> Iterator[tuple[str, str]]:
    """Creates the view over the Tandem store at `url`; yields (dsn, view schema)."""
    dsn, source = postgres_dsn_schema(url)
    peer = f"{source}_peer"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{peer}"')
        conn.execute(VIEW.format(peer=peer, source=source).encode())
    try:
        yield dsn, peer
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{peer}" CASCADE')

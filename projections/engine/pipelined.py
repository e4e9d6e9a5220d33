"""The views' transactions on PostgreSQL, in psycopg's pipeline mode: statements are
sent without waiting for each answer, and the answers are read when a statement's
rows are needed (Tx gives those a cursor of their own), and at the end.

A batch of a few decisions writes some forty statements across the views and their
tracking rows; a round trip each cost about 5 ms of the 10 a decision waited for the
views (read-your-writes)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from projections.engine.bulk_writes import BulkWrites


@contextmanager
def pipelined(cursor: Any, postgres: bool, bulk: BulkWrites | None) -> Iterator[None]:
    """The block's statements pipelined, on PostgreSQL outside a rebuild (its bulk
    writes use COPY, which pipeline mode does not allow).

    Unprepared meanwhile: a statement psycopg prepares in a pipeline that an error
    aborts (two workers racing for a view) is recorded as prepared but is not, and the
    connection's next use of it fails. The connection is the event store's too, so its
    setting is restored after."""
    if not postgres or bulk is not None:
        yield
        return
    connection = cursor.connection
    threshold, connection.prepare_threshold = connection.prepare_threshold, None
    try:
        with connection.pipeline():
            yield
    finally:
        connection.prepare_threshold = threshold

"""The PostgreSQL recorder keeps commit order equal to notification order: a save
waits for an earlier, uncommitted one instead of committing a later id first."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from eventsourcing.persistence import StoredEvent

from domain.application import Tandem
from domain.pg_recorder import LockedInsertRecorder
from domain.store import StoreUrl
from tests.backends import postgres_schema

pytestmark = pytest.mark.postgres


@pytest.fixture
def url() -> Iterator[str]:
    with postgres_schema() as found:
        yield found


def open_ledger(url: str, **settings: str) -> Tandem:
    return Tandem({**StoreUrl.parse(url).library_env(), **settings})


def uncommitted_insert(url: str, function: str) -> tuple[psycopg.Connection, int]:
    """Inserts one event through `function` in a transaction left open."""
    store = StoreUrl.parse(url)
    conn = psycopg.connect(store.dsn())
    row = conn.execute(
        f'SELECT * FROM "{store.schema}".{function}(ARRAY[ROW(%s::uuid, 1, %s, %s::bytea)]'
        f'::"{store.schema}".stored_event_uuid[])',
        (uuid.uuid4(), "bench:Slow", b"{}"),
    ).fetchone()
    assert row is not None
    return conn, int(row[0])


def event() -> StoredEvent:
    return StoredEvent(uuid.uuid4(), 1, "bench:Fast", b"{}")


def test_the_application_records_through_the_locked_function(url: str) -> None:
    app = open_ledger(url)
    assert isinstance(app.recorder, LockedInsertRecorder)
    ids = app.recorder.insert_events([event(), event()])
    assert ids == sorted(ids) and len(ids) == 2
    assert [n.id for n in app.recorder.select_notifications(start=1, limit=10)] == ids
    app.close()


def test_a_save_waits_for_an_earlier_uncommitted_save_so_ids_commit_in_order(url: str) -> None:
    app = open_ledger(url)
    slow, slow_id = uncommitted_insert(url, "tandem_insert_events_uuid")
    later: list[int] = []
    fast = threading.Thread(target=lambda: later.extend(app.recorder.insert_events([event()])))
    fast.start()
    fast.join(0.5)
    assert fast.is_alive(), "a later save committed while an earlier id was uncommitted"
    assert app.recorder.select_notifications(start=1, limit=10) == []
    slow.commit()
    fast.join(10)
    assert later and later[0] > slow_id
    assert [n.id for n in app.recorder.select_notifications(start=1, limit=10)] == [
        slow_id,
        later[0],
    ]
    slow.close()
    app.close()


def test_the_library_db_function_lets_a_later_id_commit_first(url: str) -> None:
    """Why POSTGRES_ENABLE_DB_FUNCTIONS stays off: a follower reading now would move
    past `slow_id` and never see it."""
    app = open_ledger(url, APPLICATION_RECORDER_TOPIC="", POSTGRES_ENABLE_DB_FUNCTIONS="y")
    slow, slow_id = uncommitted_insert(url, "es_insert_events_uuid")
    (fast_id,) = app.recorder.insert_events([event()])
    seen = [n.id for n in app.recorder.select_notifications(start=1, limit=10)]
    slow.commit()
    slow.close()
    assert fast_id > slow_id and seen == [fast_id]
    app.close()

"""The PostgreSQL recorder keeps commit order equal to notification order: a save
waits for an earlier, uncommitted one instead of committing a later id first."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import StoredEvent

from domain.actor import Actor
from domain.application import Tandem
from domain.commands import CreateProduct
from domain.persistence.pg_recorder import LockedInsertRecorder
from domain.persistence.store_url import StoreUrl
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


class LostAnswer:
    """The datastore's connections, except that the first save's answer is lost with its
    connection after the save committed (the server was cut off right after COMMIT)."""

    def __init__(self, get_connection: Any) -> None:
        self.get_connection = get_connection
        self.lost = 0

    @contextmanager
    def __call__(self) -> Iterator[Any]:
        with self.get_connection() as conn:
            yield _Connection(conn, self)


class _Connection:
    def __init__(self, conn: Any, lost: LostAnswer) -> None:
        self.conn, self.lost = conn, lost

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        with self.conn.cursor() as curs:
            yield _Cursor(curs, self.lost)


class _Cursor:
    def __init__(self, curs: Any, lost: LostAnswer) -> None:
        self.curs, self.lost = curs, lost

    def __getattr__(self, name: str) -> Any:
        return getattr(self.curs, name)

    def fetchall(self) -> Any:
        rows = self.curs.fetchall()
        if not self.lost.lost:
            self.lost.lost += 1
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return rows


def test_a_save_whose_answer_was_lost_after_commit_is_recorded_once(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a key the ledger cannot tell a retry's conflict with its own committed
    events from another writer's: the recorder checks, and answers with the ids."""
    app = open_ledger(url)
    datastore = app.recorder.datastore  # type: ignore[attr-defined]
    lost = LostAnswer(datastore.get_connection)
    monkeypatch.setattr(datastore, "get_connection", lost)

    outcome = app.decide(Actor.admin(), CreateProduct(name="Checkout", vision="Pay in one tap"))

    monkeypatch.undo()
    created = [
        n
        for n in app.recorder.select_notifications(start=1, limit=10)
        if n.topic.endswith(":ProductCreated")
    ]
    assert lost.lost == 1
    assert [(n.originator_id, n.id) for n in created] == [
        (uuid.UUID(outcome.product_id), outcome.position)
    ]
    app.close()

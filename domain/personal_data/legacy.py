"""Seals the personal fields that events stored before sealing existed still carry in
plain text (`tandem seal-legacy`): an operator's one-off step after upgrading.

The event store is append-only, and this is the one place that rewrites stored
events, for one reason: plain text an erasure could never reach. Only the personal
fields of MemberRegistered and PeopleNoteRecorded change, into exactly the form the
mapper writes today (sealed under the member's key; for a member forgotten already,
the forgotten value). Those are events of members and notes, never product
decisions, so the audit chain (which hashes product decisions only) is unchanged."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

from eventsourcing.persistence import Notification
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.utils import get_topic

from domain.member import MemberRegistered
from domain.people_events import PeopleNoteRecorded
from domain.personal_data.freed_space import clear_freed_space
from domain.personal_data.mapper import PERSONAL, PersonalDataMapper
from domain.personal_data.sealing import is_sealed

TOPICS = {get_topic(kind): PERSONAL[kind] for kind in (MemberRegistered, PeopleNoteRecorded)}
PAGE = 1000


def seal_legacy(app: Any) -> int:
    """Rewrites every stored event with plain-text personal fields; the number rewritten."""
    mapper: PersonalDataMapper = app.mapper
    rewrites: list[tuple[bytes, uuid.UUID, int]] = []
    position = 1
    while notifications := app.recorder.select_notifications(start=position, limit=PAGE):
        for n in notifications:
            state = _sealed_state(mapper, n)
            if state is not None:
                rewrites.append((state, n.originator_id, n.originator_version))
        position = notifications[-1].id + 1
    if rewrites:
        _rewrite(app, rewrites)
        clear_freed_space(app, (app.recorder.events_table_name,))
    return len(rewrites)


def _sealed_state(mapper: PersonalDataMapper, stored: Notification) -> bytes | None:
    personal = TOPICS.get(stored.topic)
    if personal is None:
        return None
    state: dict[str, Any] = mapper.transcoder.decode(stored.state)
    plain = [
        f
        for f, gone in personal.forgotten.items()
        if state.get(f) not in (None, gone) and not is_sealed(state[f])
    ]
    if not plain:
        return None
    member_id = personal.member_of(stored.originator_id, state)
    if mapper.keys.forgotten(member_id):
        state.update({f: personal.forgotten[f] for f in plain})
    else:
        mapper.seal_fields(personal, member_id, state)
    return mapper.transcoder.encode(state)


def _rewrite(app: Any, rewrites: list[tuple[bytes, uuid.UUID, int]]) -> None:
    datastore = getattr(app.factory, "datastore", None)
    table = app.recorder.events_table_name
    if isinstance(datastore, SQLiteDatastore):
        conn = sqlite3.connect(str(datastore.pool.db_name), timeout=5, isolation_level=None)
        try:
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                f"UPDATE {table} SET state = ? WHERE originator_id = ? AND originator_version = ?",
                [(state, key.hex, version) for state, key, version in rewrites],
            )
            conn.execute("COMMIT")
        finally:
            conn.close()
    elif isinstance(datastore, PostgresDatastore):
        schema = datastore.schema or "public"
        with datastore.transaction(commit=True) as cursor:
            cursor.executemany(
                f'UPDATE "{schema}".{table} SET state = %s '
                "WHERE originator_id = %s AND originator_version = %s",
                rewrites,
            )
    else:  # the memory backend: its stored events are objects in this process
        for state, key, version in rewrites:
            for stored in app.recorder.select_events(key, gt=version - 1, lte=version):
                object.__setattr__(stored, "state", state)

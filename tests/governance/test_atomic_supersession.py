"""Supersession is one transaction: a failure while its two events are written leaves
neither stored. The failure is the database's own, injected by a trigger that refuses
the second event, on the durable stores (the memory store writes under one lock)."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg
import pytest

from domain import commands as c
from domain.governance_events import adrs_of
from tests.backends import POSTGRES_URL
from tests.given import Team, open_ledger
from tests.governance.test_architecture_decisions import accept, propose

FAIL_ON_SUPERSEDED = {
    "sqlite": (
        "CREATE TRIGGER disk_full BEFORE INSERT ON {table} "
        "WHEN NEW.topic LIKE '%ArchitectureDecisionSuperseded' "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    ),
    "postgres": (
        "CREATE FUNCTION {schema}.disk_full() RETURNS trigger AS $$ BEGIN "
        "IF NEW.topic LIKE '%ArchitectureDecisionSuperseded' THEN "
        "RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
        "CREATE TRIGGER disk_full BEFORE INSERT ON {schema}.{table} "
        "FOR EACH ROW EXECUTE FUNCTION {schema}.disk_full()"
    ),
}
"""The database refuses the second event of the save (the supersession), after it
has taken the first (the acceptance) in the same transaction."""


def fail_on_superseded(app: Any, db_url: str) -> None:
    recorder = app.recorder
    table = recorder.events_table_name
    if db_url.startswith("sqlite"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            conn.execute(FAIL_ON_SUPERSEDED["sqlite"].format(table=table))
    else:
        schema = recorder.datastore.schema
        sql = FAIL_ON_SUPERSEDED["postgres"].format(schema=schema, table=table)
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(sql.encode())


@pytest.mark.parametrize("db_url", ["sqlite", "postgres"], indirect=True)
def test_a_failure_while_saving_a_supersession_stores_neither_event(
    team: Team, db_url: str
) -> None:
    old = propose(team, "Use SQLite")
    accept(team, old)
    new = propose(team, "Use PostgreSQL", supersedes_id=old)
    before = team.app.recorder.max_notification_id()
    fail_on_superseded(team.app, db_url)
    with pytest.raises(Exception):  # noqa: B017 (SQLite reports it as a conflict)
        team.app.decide(team.ben, c.AcceptArchitectureDecision(architecture_decision_id=new))
    assert team.app.recorder.max_notification_id() == before
    fresh = open_ledger(db_url)
    try:
        adrs = adrs_of(fresh.product(team.product_id))
        assert (adrs[old]["status"], adrs[new]["status"]) == ("ACCEPTED", "PROPOSED")
    finally:
        fresh.close()

"""Time travel over an application's log, its store built by the snapshot taker in
one pass with the decisions view that maps instants to versions (as `tandem
rebuild` does), for tests that hold only a ledger."""

from __future__ import annotations

from domain.application import Tandem
from projections.decisions.view import DecisionsView
from projections.engine.rebuild import rebuild_all
from projections.engine.view_store import ViewStore
from projections.snapshots.taker import SnapshotTaker
from projections.time_travel.service import TimeTravel


def checkpointed(app: Tandem, interval: int) -> TimeTravel:
    """Time travel with a checkpoint every `interval` versions of each product."""
    followers = [DecisionsView(app), SnapshotTaker(app, interval)]
    store = ViewStore(app, [table for follower in followers for table in follower.tables])
    rebuild_all(app, store, followers)
    return TimeTravel(app, store)

"""Every log follower Tandem runs: the three views and the snapshot taker. A new
view is one new package and one more entry here."""

from __future__ import annotations

import uuid

from eventsourcing.application import Application

from projections.allocation.view import AllocationView
from projections.backlog.view import BacklogView
from projections.decisions.view import DecisionsView
from projections.engine.view import LogFollower, View
from projections.lifecycle.view import LifecycleView
from projections.snapshots.taker import SnapshotTaker

VIEWS: tuple[type[View], ...] = (BacklogView, AllocationView, DecisionsView, LifecycleView)
"""The views the API reads, in the order `tandem status` lists them."""

VIEW_NAMES = tuple(view.name for view in VIEWS)
FOLLOWER_NAMES = (*VIEW_NAMES, SnapshotTaker.name)


def followers(app: Application[uuid.UUID], snapshot_interval: int = 100) -> list[LogFollower]:
    """A fresh instance of every follower: the views, then the snapshot taker."""
    return [*(view(app) for view in VIEWS), SnapshotTaker(app, snapshot_interval)]


def view_named(name: str) -> type[View]:
    (view,) = [v for v in VIEWS if v.name == name]
    return view

"""Every log follower Tandem runs: the three views and the snapshot taker. A new
view is one new package and one more entry here."""

from __future__ import annotations

import uuid

from eventsourcing.application import Application

from projections.adrs.view import AdrView
from projections.allocation.view import AllocationView
from projections.audit_chain.follower import ChainFollower
from projections.backlog.view import BacklogView
from projections.causes.view import CausesView
from projections.decisions.view import DecisionsView
from projections.engine.view import LogFollower, View
from projections.lifecycle.view import LifecycleView
from projections.members.follower import MemberDirectoryView
from projections.people_records.follower import PeopleRecordsView
from projections.planning.view import PlanningView
from projections.positions.view import PositionsView
from projections.risks.view import RiskView
from projections.scores.view import ScoresView
from projections.snapshots.taker import SnapshotTaker
from projections.updates.view import UpdatesView
from projections.webhooks.view import WebhooksView

VIEWS: tuple[type[View], ...] = (BacklogView, AllocationView, DecisionsView, CausesView, ScoresView)
VIEWS += (PlanningView,)
VIEWS += (PositionsView, PeopleRecordsView, MemberDirectoryView)
VIEWS += (LifecycleView,)
"""The views the API reads, in the order `tandem status` lists them."""
VIEWS += (UpdatesView, WebhooksView)
VIEWS += (RiskView, AdrView)

CHAINS: tuple[type[LogFollower], ...] = (ChainFollower,)
"""Followers that are never rebuilt: the audit chain (projections/audit_chain)."""

VIEW_NAMES = tuple(view.name for view in VIEWS)
FOLLOWER_NAMES = (*VIEW_NAMES, SnapshotTaker.name)


def followers(app: Application[uuid.UUID], snapshot_interval: int = 100) -> list[LogFollower]:
    """A fresh instance of every follower: the views, then the snapshot taker."""
    return [
        *(view(app) for view in VIEWS),
        SnapshotTaker(app, snapshot_interval),
        *(follower(app) for follower in CHAINS),
    ]


def view_named(name: str) -> type[View]:
    (view,) = [v for v in VIEWS if v.name == name]
    return view

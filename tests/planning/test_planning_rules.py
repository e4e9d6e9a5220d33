"""Planning rules on the aggregate, no I/O: cycles, the commitment, snapshots."""

from __future__ import annotations

import itertools

import pytest

from domain.commands import AddDependency, BlockItem, CommitIteration, ProposeScope, UnblockItem
from domain.errors import Conflict
from domain.planning_events import IterationCommitted, IterationScopeProposed
from tests.given import Team, rejects
from tests.planning.plans import committed, estimated, plan
from tests.time_travel.checkpointed import checkpointed


@pytest.mark.parametrize("length", [2, 3, 4, 5])
def test_a_dependency_that_closes_a_cycle_is_refused_naming_the_cycle(
    team: Team, length: int
) -> None:
    titles = [f"Step {n}" for n in range(length)]
    ids = team.propose(*titles)
    for item_id, prerequisite in itertools.pairwise(ids):
        team.app.decide(team.ben, AddDependency(item_id=item_id, depends_on_id=prerequisite))
    cycle = " -> ".join(f"'{t}'" for t in [titles[-1], *titles])
    with rejects(team.app, Conflict, match="cycle") as refused:
        team.app.decide(team.ben, AddDependency(item_id=ids[-1], depends_on_id=ids[0]))
    assert str(refused.value) == f"the dependency would make a cycle: {cycle}"


def test_a_diamond_is_not_a_cycle(team: Team) -> None:
    top, left, right, bottom = team.propose("Top", "Left", "Right", "Bottom")
    for item_id, prerequisite in ((top, left), (top, right), (left, bottom), (right, bottom)):
        team.app.decide(team.ben, AddDependency(item_id=item_id, depends_on_id=prerequisite))
    assert team.product.planned().depends_on[top] == [left, right]


def test_the_commitment_records_the_scope_and_estimates_it_committed_to(team: Team) -> None:
    week = plan(team, capacity=8)
    sso, guest = estimated(team, "SSO login", 5), estimated(team, "Guest checkout", 3)
    committed(team, week, guest, sso)
    proposal, commitment = team.events()[-2:]
    assert isinstance(proposal, IterationScopeProposed) and proposal.item_ids == [guest, sso]
    assert isinstance(commitment, IterationCommitted)
    assert (commitment.item_ids, commitment.estimates, commitment.points) == (
        [guest, sso],
        [3.0, 5.0],
        8.0,
    )
    assert (commitment.actor_id, commitment.role) == (team.ben.member_id, "ENGINEERING_MANAGER")
    iteration = team.product.planned().iterations[week]
    assert (iteration.proposal_version, iteration.commitment_version) == (
        proposal.originator_version,
        commitment.originator_version,
    )


def test_a_reproposal_counts_as_a_scope_change_after_commit(team: Team) -> None:
    week = plan(team)
    sso = estimated(team, "SSO login", 3)
    committed(team, week, sso)
    team.app.decide(team.ana, ProposeScope(iteration_id=week, item_ids=[], rationale="Cut"))
    team.app.decide(team.ana, ProposeScope(iteration_id=week, item_ids=[sso], rationale="Back"))
    team.app.decide(team.ben, CommitIteration(iteration_id=week))
    assert team.product.planned().iterations[week].scope_changes_after_commit == 2


def test_an_accepted_item_cannot_be_blocked(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    team.accepted(sso)
    with rejects(team.app, Conflict, match="ACCEPTED"):
        team.app.decide(team.ben, BlockItem(item_id=sso, rationale="Too late"))
    with rejects(team.app, Conflict):
        team.app.decide(team.ben, UnblockItem(item_id=sso))


def test_planning_survives_a_snapshot_and_a_time_travel_checkpoint(team: Team) -> None:
    week = plan(team)
    sso, guest = estimated(team, "SSO login", 3), estimated(team, "Guest checkout", 2)
    committed(team, week, sso)
    team.app.decide(team.ben, AddDependency(item_id=guest, depends_on_id=sso))
    team.app.decide(team.ben, BlockItem(item_id=guest, rationale="Waiting"))
    live = team.product
    team.app.take_snapshot(live.id)
    thawed = checkpointed(team.app, 1).product_at_version(str(live.id), live.version)
    assert thawed.planned() == live.planned()
    assert team.app.repository.get(live.id).planned() == live.planned()

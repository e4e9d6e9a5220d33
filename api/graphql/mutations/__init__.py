"""The Mutation root: every decision, one field each, joined from one module per area."""

from __future__ import annotations

import strawberry

from api.graphql.mutations.core import CoreMutations
from api.graphql.mutations.governance import GovernanceMutations
from api.graphql.mutations.integrity import IntegrityMutations
from api.graphql.mutations.lifecycle import LifecycleMutations
from api.graphql.mutations.people import ErasureMutations, PeopleMutations
from api.graphql.mutations.planning import PlanningMutations
from api.graphql.mutations.updates import UpdatesMutations


@strawberry.type(
    description="Every decision, one field each; each answers from the views once they show it."
)
class Mutation(
    CoreMutations,
    UpdatesMutations,
    GovernanceMutations,
    IntegrityMutations,
    PlanningMutations,
    PeopleMutations,
    ErasureMutations,
    LifecycleMutations,
):
    """The Mutation root."""

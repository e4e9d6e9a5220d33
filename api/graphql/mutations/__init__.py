"""The Mutation root: every decision, one field each, joined from one module per area."""

from __future__ import annotations

import strawberry

from api.graphql.mutations.core import CoreMutations
from api.graphql.mutations.lifecycle import LifecycleMutations


@strawberry.type(
    description="Every decision, one field each; each answers from the views once they show it."
)
class Mutation(CoreMutations, LifecycleMutations):
    """The Mutation root."""

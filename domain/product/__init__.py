"""The Product aggregate: vision, goals, roles, capacities and the ordered backlog.

Each decision is one method registered with `@decides(Command)` in the module of its
area: it checks the rules that depend on the product's state and triggers the
decision's event, whose apply() changes the state (domain/product_events.py). The
class stays here, at `domain.product:Product`, the topic stored events name.
"""

from __future__ import annotations

from domain.product.backlog import BacklogDecisions
from domain.product.dependencies import DependencyDecisions
from domain.product.governance import GovernanceDecisions
from domain.product.integrity import IntegrityDecisions
from domain.product.iterations import IterationDecisions
from domain.product.lifecycle import LifecycleDecisions
from domain.product.people import PeopleDecisions
from domain.product.team import TeamDecisions
from domain.product.updates import UpdateDecisions


class Product(
    BacklogDecisions,
    TeamDecisions,
    UpdateDecisions,
    GovernanceDecisions,
    IntegrityDecisions,
    IterationDecisions,
    DependencyDecisions,
    PeopleDecisions,
    LifecycleDecisions,
):
    """A product and its backlog; the consistency boundary of the backlog order."""

"""The Product aggregate: vision, goals, roles, capacities and the ordered backlog.

Each decision is one method registered with `@decides(Command)` in the module of its
area: it checks the rules that depend on the product's state and triggers the
decision's event, whose apply() changes the state (domain/product_events.py). The
class stays here, at `domain.product:Product`, the topic stored events name.
"""

from __future__ import annotations

from domain.product.backlog import BacklogDecisions
from domain.product.lifecycle import LifecycleDecisions
from domain.product.team import TeamDecisions


class Product(BacklogDecisions, TeamDecisions, LifecycleDecisions):
    """A product and its backlog; the consistency boundary of the backlog order."""

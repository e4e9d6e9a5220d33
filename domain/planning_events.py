"""The planning decisions recorded about a product: iterations and their two-party
commitment, dependencies, blocked items and the WIP limit.

Like every product decision they carry who decided, in which role, why, and the
values before and after; apply() evolves the Product's planning state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.backlog_item import BacklogItem
from domain.decision_subjects import SubjectDecision
from domain.event_fields import same_named
from domain.planning import Iteration, IterationStatus
from domain.product_events import ItemDecision, ProductDecision

if TYPE_CHECKING:
    from domain.product import Product


class IterationPlanned(ProductDecision):
    iteration_id: str
    number: int
    name: str
    starts_at: str
    ends_at: str
    capacity_points: float

    def evolve(self, product: Product) -> None:
        product.planned().iterations[self.iteration_id] = Iteration(
            id=self.iteration_id,
            **same_named(self, "number", "name", "starts_at", "ends_at"),
            capacity=self.capacity_points,
        )


class IterationDecision(SubjectDecision):
    """A decision about one iteration."""

    iteration_id: str

    def subject(self, product: Product) -> Iteration:
        return product.planned().iterations[self.iteration_id]


class IterationCapacitySet(IterationDecision):
    before: float
    after: float
    sets = "capacity", "after"


class IterationScopeProposed(IterationDecision):
    """The Product Owner's half; after a commitment it sends the iteration back to PLANNED."""

    item_ids: list[str]
    before: list[str]
    status_before: str

    def change(self, iteration: Iteration) -> None:
        iteration.proposed = list(self.item_ids)
        iteration.proposal_version = self.originator_version
        if iteration.ever_committed:
            iteration.scope_changes_after_commit += 1
        iteration.status = IterationStatus.PLANNED
        iteration.committed = []
        iteration.committed_estimates = {}
        iteration.commitment_version = None


class IterationCommitted(IterationDecision):
    """The Engineering Manager's half: exactly the proposed scope, at these estimates."""

    item_ids: list[str]
    estimates: list[float]
    points: float
    capacity_points: float
    accept_overload: bool

    def change(self, iteration: Iteration) -> None:
        iteration.committed = list(self.item_ids)
        iteration.committed_estimates = dict(zip(self.item_ids, self.estimates, strict=True))
        iteration.commitment_version = self.originator_version
        iteration.ever_committed = True
        iteration.status = IterationStatus.COMMITTED


class IterationClosed(IterationDecision):
    delivered: list[str]
    carried_over: list[str]
    delivered_points: float

    def change(self, iteration: Iteration) -> None:
        vars(iteration).update(same_named(self, "delivered", "carried_over", "delivered_points"))
        iteration.closed_at = self.timestamp.isoformat()
        iteration.closed_version = self.originator_version
        iteration.status = IterationStatus.CLOSED


class DependencyAdded(ItemDecision):
    depends_on_id: str

    def change(self, product: Product, item: BacklogItem) -> None:
        product.planned().depends_on.setdefault(self.item_id, []).append(self.depends_on_id)


class DependencyRemoved(ItemDecision):
    depends_on_id: str

    def change(self, product: Product, item: BacklogItem) -> None:
        deps = product.planned().depends_on
        deps[self.item_id].remove(self.depends_on_id)
        if not deps[self.item_id]:
            del deps[self.item_id]


class ItemBlocked(ItemDecision):
    """The rationale is the reason."""

    def change(self, product: Product, item: BacklogItem) -> None:
        product.planned().blocked[self.item_id] = self.rationale or ""


class ItemUnblocked(ItemDecision):
    reason_before: str

    def change(self, product: Product, item: BacklogItem) -> None:
        del product.planned().blocked[self.item_id]


class WipLimitSet(ProductDecision):
    before: int | None
    after: int | None

    def evolve(self, product: Product) -> None:
        product.planned().wip_limit = self.after


PLANNING_DECISIONS: tuple[type[ProductDecision], ...] = (
    IterationPlanned,
    IterationCapacitySet,
    IterationScopeProposed,
    IterationCommitted,
    IterationClosed,
    DependencyAdded,
    DependencyRemoved,
    ItemBlocked,
    ItemUnblocked,
    WipLimitSet,
)

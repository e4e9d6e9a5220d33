"""The decisions recorded about a product, one event class per decision.

Each event carries who decided (actor_id, None for the administrator), the role
they decided in, the rationale where given, and the values before and after,
so that audit views never have to guess. apply() evolves the Product aggregate;
projections match on these classes and use the same fields.
"""

from __future__ import annotations

from dataclasses import KW_ONLY
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.domain import Aggregate

from domain.backlog_item import BacklogItem, Goal
from domain.event_fields import set_after
from domain.vocabulary import ItemKind, ItemStatus

if TYPE_CHECKING:
    from domain.product import Product


class ProductCreated(Aggregate.Created):
    """The administrator created a product."""

    name: str
    vision: str
    actor_id: str | None = None
    role: str | None = None
    rationale: str | None = None


class ProductDecision(Aggregate.Event):
    """Base class of every decision about an existing product."""

    actor_id: str | None
    role: str | None
    rationale: str | None
    _: KW_ONLY
    caused_by: tuple[str, ...] = ()
    """Ids of earlier decisions of the product this one follows from (causedBy);
    events stored before causes existed read as ()."""
    sets: ClassVar[tuple[str, str] | None] = None
    """(attribute, field) of a decision that only sets that attribute of what it is about."""

    def apply(self, aggregate: Any) -> None:
        self.evolve(aggregate)

    def evolve(self, product: Product) -> None:
        set_after(self, product)


class ItemDecision(ProductDecision):
    """A decision about one backlog item."""

    item_id: str

    def evolve(self, product: Product) -> None:
        item = product.items[self.item_id]
        self.change(product, item)
        item.version += 1

    def change(self, product: Product, item: BacklogItem) -> None:
        set_after(self, item)


class RoleGranted(ProductDecision):
    member_id: str
    granted: str

    def evolve(self, product: Product) -> None:
        product.roles.setdefault(self.member_id, []).append(self.granted)


class VisionDefined(ProductDecision):
    before: str
    after: str
    sets = "vision", "after"


class GoalSet(ProductDecision):
    goal_id: str
    title: str
    metric: str | None
    target_date: str | None

    def evolve(self, product: Product) -> None:
        product.goals.append(Goal(self.goal_id, self.title, self.metric, self.target_date))


class CapacitySet(ProductDecision):
    member_id: str
    before: int
    after: int

    def evolve(self, product: Product) -> None:
        product.capacities[self.member_id] = self.after


class ItemProposed(ProductDecision):
    item_id: str
    title: str
    description: str
    kind: str
    rank: int

    def evolve(self, product: Product) -> None:
        product.items[self.item_id] = BacklogItem(
            id=self.item_id,
            title=self.title,
            description=self.description,
            kind=ItemKind(self.kind),
        )
        product.order.append(self.item_id)
        product.backlog_version += 1


class ItemPrioritized(ItemDecision):
    from_rank: int
    to_rank: int

    def change(self, product: Product, item: BacklogItem) -> None:
        product.order.remove(self.item_id)
        product.order.insert(self.to_rank - 1, self.item_id)
        product.backlog_version += 1


class ItemRefined(ItemDecision):
    description_before: str
    description_after: str
    criteria_before: list[str]
    criteria_after: list[str]
    status_before: str
    status_after: str
    title_before: str | None = None
    title_after: str | None = None
    kind_before: str | None = None
    kind_after: str | None = None

    def change(self, product: Product, item: BacklogItem) -> None:
        item.description = self.description_after
        item.acceptance_criteria = list(self.criteria_after)
        item.status = ItemStatus(self.status_after)
        if self.title_after is not None:
            item.title = self.title_after
        if self.kind_after is not None:
            item.kind = ItemKind(self.kind_after)


class ItemEstimated(ItemDecision):
    points_before: float | None
    points_after: float
    status_before: str
    status_after: str

    def change(self, product: Product, item: BacklogItem) -> None:
        item.estimate = self.points_after
        item.status = ItemStatus(self.status_after)


class EngineerAssigned(ItemDecision):
    member_id: str
    percent_before: int | None
    percent: int

    def change(self, product: Product, item: BacklogItem) -> None:
        item.assignments[self.member_id] = self.percent


class EngineerUnassigned(ItemDecision):
    member_id: str
    percent_before: int

    def change(self, product: Product, item: BacklogItem) -> None:
        del item.assignments[self.member_id]


class ItemTransition(ItemDecision):
    """A move of the item's status; leaving the ranked states removes it from the order."""

    status_before: str
    status_after: str
    rank_before: int | None

    def change(self, product: Product, item: BacklogItem) -> None:
        item.status = ItemStatus(self.status_after)
        if not item.status.is_ranked and self.item_id in product.order:
            product.order.remove(self.item_id)
            product.backlog_version += 1


class ItemStarted(ItemTransition):
    pass


class ItemCompleted(ItemTransition):
    pass


class ItemAccepted(ItemTransition):
    pass


class ItemDropped(ItemTransition):
    pass


DECISION_TYPES: tuple[type[Aggregate.Event], ...] = (
    ProductCreated,
    RoleGranted,
    VisionDefined,
    GoalSet,
    ItemProposed,
    ItemPrioritized,
    ItemRefined,
    ItemEstimated,
    CapacitySet,
    EngineerAssigned,
    EngineerUnassigned,
    ItemStarted,
    ItemCompleted,
    ItemAccepted,
    ItemDropped,
)
"""Every decision a product records; Decision.type is the class name."""

from domain.updates_events import UPDATE_DECISIONS  # noqa: E402

DECISION_TYPES += UPDATE_DECISIONS
# Risks, architecture decisions and technical requirements (their own module).
from domain.governance_events import GOVERNANCE_TYPES  # noqa: E402

DECISION_TYPES += GOVERNANCE_TYPES
from domain.integrity_events import ItemScored  # noqa: E402  (it subclasses ItemDecision)

DECISION_TYPES += (ItemScored,)
# The planning decisions subclass the classes above, so they join the list after it
# (domain/__init__.py loads this module first, whichever one is imported).
from domain.planning_events import PLANNING_DECISIONS  # noqa: E402

DECISION_TYPES = (*DECISION_TYPES, *PLANNING_DECISIONS)
from domain.people_events import POSITION_DECISIONS  # noqa: E402  (they subclass ProductDecision)

DECISION_TYPES += POSITION_DECISIONS
# The lifecycle's events subclass the ones above, so they are imported after them.
from domain.lifecycle_events import LIFECYCLE_DECISIONS  # noqa: E402

DECISION_TYPES += LIFECYCLE_DECISIONS

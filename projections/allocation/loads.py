"""The allocation fold: a product's state -> each member's load. Pure: the live view
stores these rows; an asOf query renders them for a past version in memory."""

from __future__ import annotations

from domain.product import Product
from domain.vocabulary import Role
from projections.rows import MemberLoadRow

DEFAULT_CAPACITY = 100


def member_loads(product: Product) -> list[MemberLoadRow]:
    """Every ENGINEER of the product and anyone holding an assignment on it."""
    allocated: dict[str, int] = {}
    items: dict[str, list[str]] = {}
    for item in product.items.values():
        for member_id, percent in item.assignments.items():
            if item.status.is_active_work:
                allocated[member_id] = allocated.get(member_id, 0) + percent
                items.setdefault(member_id, []).append(item.id)
            else:
                items.setdefault(member_id, [])
    engineers = [m for m, roles in product.roles.items() if Role.ENGINEER.value in roles]
    members = list(dict.fromkeys([*engineers, *items]))
    return [
        MemberLoadRow(
            product_id=str(product.id),
            member_id=member_id,
            capacity_percent=product.capacities.get(member_id, DEFAULT_CAPACITY),
            allocated_percent=allocated.get(member_id, 0),
            item_ids=tuple(items.get(member_id, [])),
        )
        for member_id in members
    ]

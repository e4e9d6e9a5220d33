"""How the time-travel store writes an item, an order and the rest of a product.

An item is two JSON arrays, stored apart because they change at different rates:
its text (title, description, kind, goals, requester: set when proposed, rarely
refined) and its work (status, estimate, criteria, assignments). Its version is a
column of each change row. An order is the items' keys (their proposal sequence
within the product) packed two or four bytes each. The rest of the product (roles,
goals, capacities, governance, planning...) is the library's JSON of its state
without items and order, so every registered transcoding applies.
"""

from __future__ import annotations

import json
import sys
import uuid
from array import array
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from eventsourcing.persistence import Mapper
from eventsourcing.utils import get_topic

from domain.backlog_item import BacklogItem
from domain.product import Product
from domain.vocabulary import ItemKind, ItemStatus
from projections.rows import ItemRow

VOLATILE = frozenset(
    ("_id", "_version", "_pending_events", "_modified_on", "backlog_version", "items", "order")
)
"""What the rest leaves out: identity, what a checkpoint row holds, and the items."""


def item_text(item: BacklogItem) -> str:
    return json.dumps(text_fields(item), separators=(",", ":"))


def item_work(item: BacklogItem) -> str:
    fields = [item.status.value, item.estimate, item.acceptance_criteria, item.assignments]
    return json.dumps(fields, separators=(",", ":"))


def text_fields(item: BacklogItem) -> tuple[Any, ...]:
    """What item_text encodes (a tuple encodes as the same JSON array)."""
    return (item.title, item.description, item.kind.value, tuple(item.goal_ids), item.requested_by)


def work_fields(item: BacklogItem) -> tuple[Any, ...]:
    """What item_work encodes, comparable: equal exactly when the JSON would be (the
    assignments in their order)."""
    criteria, assignments = tuple(item.acceptance_criteria), tuple(item.assignments.items())
    return (item.status.value, item.estimate, criteria, assignments)


def item_from(item_id: str, text: str, work: str, version: int) -> BacklogItem:
    title, description, kind, goal_ids, requested_by = json.loads(text)
    status, estimate, criteria, assignments = json.loads(work)
    return BacklogItem(
        id=item_id,
        title=title,
        description=description,
        kind=ItemKind(kind),
        status=ItemStatus(status),
        estimate=estimate,
        acceptance_criteria=criteria,
        assignments=assignments,
        version=version,
        goal_ids=goal_ids,
        requested_by=requested_by,
    )


def row_from(
    product_id: str, item_id: str, text: str, work: str, version: int, rank: int | None
) -> ItemRow:
    """The row item_from's item would render to (render.row_of), made straight from
    the stored text and work: a retrospective reads a thousand of them."""
    return ItemRow.stored((item_id, product_id), json.loads(text), json.loads(work), rank, version)


def pack_order(keys: Sequence[int]) -> bytes:
    code = "H" if max(keys, default=0) < 1 << 16 else "I"
    packed = array(code, keys)
    if sys.byteorder == "big":
        packed.byteswap()
    return code.encode() + packed.tobytes()


def unpack_order(body: bytes) -> list[int]:
    packed = array(chr(body[0]))
    packed.frombytes(bytes(body[1:]))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tolist()


def apply_moves(order: list[int], moves: Iterable[tuple[int, int | None]]) -> list[int]:
    """The order after each (item key, rank after) of the change rows, oldest first:
    an item decision moves, adds or removes only its own item."""
    for key, rank in moves:
        if rank is not None and rank <= len(order) and order[rank - 1] == key:
            continue
        if key in order:
            order.remove(key)
        if rank is not None:
            order.insert(rank - 1, key)
    return order


def rest_of(mapper: Mapper[uuid.UUID], product: Product) -> bytes:
    state = {k: v for k, v in vars(product).items() if k not in VOLATILE}
    class_version = getattr(Product, "class_version", 1)
    if class_version > 1:
        state["class_version"] = class_version
    return mapper.transcoder.encode(state)


def product_from(
    mapper: Mapper[uuid.UUID],
    product_id: str,
    version: int,
    rest: bytes,
    modified_on: datetime,
    backlog_version: int,
    items: dict[str, BacklogItem],
    order: list[str],
) -> Product:
    """The product a checkpoint describes, made as the library thaws a snapshot."""
    state: dict[str, Any] = mapper.transcoder.decode(bytes(rest))
    state.update(items=items, order=order, _modified_on=modified_on)
    state["backlog_version"] = backlog_version
    snapshot = Product.Snapshot(
        originator_id=uuid.UUID(product_id),
        originator_version=version,
        timestamp=modified_on,
        topic=get_topic(Product),
        state=state,
    )
    return snapshot.mutate(None)  # type: ignore[return-value]

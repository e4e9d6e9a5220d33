"""causedBy, checked once on the decision path for every product decision: each named
decision must be an earlier decision of the same product."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from domain.errors import InvalidInput, NotFound

_IDS: OrderedDict[str, dict[str, int]] = OrderedDict()
"""Decision ids by product id, for the products decided on last (kept off the
aggregate, whose state is snapshotted; an id never changes meaning)."""
CACHED_PRODUCTS = 64
_LOCK = threading.Lock()


def decision_ids(product: Any) -> dict[str, int]:
    """The product's decision ids, by version (the ids the decisions view gives them)."""
    key = str(product.id)
    with _LOCK:
        known = _IDS.setdefault(key, {})
        _IDS.move_to_end(key)
        while len(_IDS) > CACHED_PRODUCTS:
            _IDS.popitem(last=False)
        for version in range(len(known) + 1, product.version + 1):
            known[decision_id(key, version)] = version
        return known


def decision_id(product_id: str, version: int) -> str:
    """As projections.rows.decision_id (a test holds them equal)."""
    return str(uuid5(NAMESPACE_URL, f"tandem:decision:{product_id}:{version}"))


class CauseChecks:
    """Mixed into the application service."""

    decision_product: Callable[[str], str | None] = staticmethod(lambda decision: None)
    """Which product an id's decision belongs to, if any (the composition root reads
    the decisions view): tells "another product's" from "unknown"."""

    def check_causes(self, product: Any, causes: Sequence[str]) -> None:
        if not causes:
            return
        own = decision_ids(product)
        for cause in causes:
            if own.get(cause, product.version + 1) <= product.version:
                continue
            if self.decision_product(cause) is not None:
                raise InvalidInput(f"causedBy {cause} is a decision of another product")
            raise NotFound(f"causedBy names no decision {cause}")

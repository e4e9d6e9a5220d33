"""`python -m tests.reliability.poisoned ARGS`: the `tandem` command (api.cli) with a
release whose allocation view cannot handle an estimate of an item titled "Poison pill…".

It stands for a bug shipped in a projection: the event is fine, the handler is not.
"""

from __future__ import annotations

import sys
from typing import Any

from api.cli import main
from domain.product_events import ItemEstimated
from projections.allocation.view import AllocationView

POISON = "Poison pill"
ERROR = "cannot allocate an estimate of 'Poison pill'"
_handle = AllocationView.handle


def poisoned_handle(self: AllocationView, event: Any, position: int, tx: Any) -> None:
    if isinstance(event, ItemEstimated):
        product = self.replicas.products.get(str(event.originator_id))
        item = product.items.get(event.item_id) if product is not None else None
        if item is not None and item.title.startswith(POISON):
            raise ValueError(ERROR)
    _handle(self, event, position, tx)


if __name__ == "__main__":
    AllocationView.handle = poisoned_handle  # type: ignore[method-assign]
    sys.exit(main(sys.argv[1:]))

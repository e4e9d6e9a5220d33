"""Views whose rows are only ever appended: one row (or a few) per event, collected
while a batch is handled and inserted in the batch's transaction. A row is never
rewritten, so a view needing no product state (scores, causes) skips the replicas."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar

from domain.product import Product
from projections.engine.view import Touched, View
from projections.engine.view_store import Tx
from projections.rows import decision_id


class AppendedRows(View):
    """A view that inserts the rows its batch collected in `rows` into `appends_to`."""

    appends_to: ClassVar[str]
    """The table the collected rows go to, one column per value."""

    def new_batch(self) -> None:
        super().new_batch()
        self.rows: list[tuple[Any, ...]] = []

    def write(self, tx: Tx, touched: Touched) -> None:
        tx.insert(self.appends_to, self.rows)


class RowsFromEvents(AppendedRows):
    """An appended-rows view whose rows are decisions' own fields, each led by the
    decision's position, id and product id: it keeps no replica of the products and
    no product version (a row whose key is taken is kept, so a batch handled again
    adds nothing)."""

    event_type: ClassVar[type[Any]]
    """The events that add rows: every other event adds none."""

    def write(self, tx: Tx, touched: Touched) -> None:
        tx.upsert(self.appends_to, self.rows)

    def prepare(self, events: Any) -> None:
        """No replicas: the rows are the events' own fields."""

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        fields = self.fields_of(event) if isinstance(event, self.event_type) else ()
        if fields:
            product_id = str(event.originator_id)
            decision = decision_id(product_id, event.originator_version)
            self.rows += [(position, decision, product_id, *more) for more in fields]

    def observe(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        self.handle(event, position, tx)

    def stored_version(self, tx: Tx, product_id: str) -> int | None:
        return None

    @abstractmethod
    def fields_of(self, event: Any) -> Sequence[tuple[Any, ...]]:
        """The fields after the key of each row an event of `event_type` adds."""

"""A product's register of numbered records (risks, architecture decisions): folded
from the product's state, rewritten whole when the product changes (tens of rows), and
read by product, by id and by the items they concern.

A register's table has one column per field of its row dataclass, named alike (the
`id` field is the table's key column), plus any computed attributes it stores for
ordering. Instants are stored as fixed-width text, tuples of ids as JSON lists.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from domain.product import Product
from projections.engine.drivers import Driver, Row, marks
from projections.engine.instants import instant, parse_instant
from projections.engine.view import ProductRowsView
from projections.engine.view_store import Tx


class Registered(Protocol):
    """What a register's row has besides its own fields."""

    @property
    def id(self) -> str: ...

    @property
    def item_ids(self) -> tuple[str, ...]: ...


R = TypeVar("R", bound=Registered)


def _kind(hint: Any) -> str:
    """How a field is stored: "instant", "ids" (a tuple, as JSON) or "plain"."""
    args = set(typing.get_args(hint)) - {type(None)}
    if hint is datetime or args == {datetime}:
        return "instant"
    if typing.get_origin(hint) is tuple:
        return "ids"
    return "plain"


@dataclass(frozen=True)
class Register(Generic[R]):
    """The rows of type `row` in `table`, keyed by `key`, with their items in `links`
    (item_id, key, product_id), read in `order`; `records` finds the domain's records
    of them in a product's state."""

    row: type[R]
    records: Callable[[Product], Mapping[str, Mapping[str, Any]]]
    table: str
    key: str
    links: str
    order: str
    computed: tuple[str, ...] = field(default=())
    """Attributes of a row stored after its fields (e.g. a risk's exposure)."""

    @cached_property
    def kinds(self) -> dict[str, str]:
        hints = typing.get_type_hints(self.row)
        return {f.name: _kind(hints[f.name]) for f in dataclasses.fields(self.row)}  # type: ignore[arg-type]

    @cached_property
    def columns(self) -> str:
        names = [self.key if name == "id" else name for name in self.kinds]
        return ", ".join(names)

    # -- the fold's side ----------------------------------------------------

    def rows_of(self, product: Product) -> list[R]:
        """The product's rows, in the order its records were made."""
        pid = str(product.id)
        return [self.from_record(record, pid) for record in self.records(product).values()]

    def from_record(self, record: Mapping[str, Any], product_id: str) -> R:
        """A row from the domain's record of it (instants as ISO text, ids as a list)."""
        values: dict[str, Any] = {}
        for name, kind in self.kinds.items():
            value = product_id if name == "product_id" else record[name]
            if kind == "instant" and value is not None:
                value = datetime.fromisoformat(value)
            elif kind == "ids":
                value = tuple(value)
            values[name] = value
        return self.row(**values)

    # -- writes ---------------------------------------------------------------

    def _encode(self, row: R) -> tuple[Any, ...]:
        values: list[Any] = []
        for name, kind in self.kinds.items():
            value = getattr(row, name)
            if kind == "instant" and value is not None:
                value = instant(value)
            elif kind == "ids":
                value = json.dumps(list(value))
            values.append(value)
        return (*values, *(getattr(row, name) for name in self.computed))

    def rewrite(self, tx: Tx, product_id: str, rows: Sequence[R]) -> None:
        """Replaces the product's rows and their links to items."""
        arranged = tx.shapes[self.table].arranged((*self.columns.split(", "), *self.computed))
        tx.replace(
            self.table, "product_id", [product_id], [arranged(self._encode(row)) for row in rows]
        )
        tx.replace(
            self.links,
            "product_id",
            [product_id],
            [(item, row.id, product_id) for row in rows for item in row.item_ids],
        )

    # -- reads ----------------------------------------------------------------

    def _decode(self, stored: Row) -> R:
        values: dict[str, Any] = {}
        for (name, kind), value in zip(self.kinds.items(), stored, strict=True):
            if kind == "instant" and value is not None:
                value = parse_instant(value)
            elif kind == "ids":
                value = tuple(json.loads(value))
            values[name] = value
        return self.row(**values)

    async def of_product(
        self, driver: Driver, product_id: str, statuses: Collection[str] | None
    ) -> list[R]:
        """The product's rows with one of `statuses` (all when None), in order."""
        sql = f"SELECT {self.columns} FROM {self.table} WHERE product_id = ?"
        params: list[str] = [product_id]
        if statuses is not None:
            if not statuses:
                return []
            sql += f" AND status IN ({marks(list(statuses))})"
            params += list(statuses)
        rows = await driver.fetch(f"{sql} ORDER BY {self.order}", params)
        return [self._decode(r) for r in rows]

    async def by_id(self, driver: Driver, ids: Sequence[str]) -> dict[str, R]:
        if not ids:
            return {}
        rows = await driver.fetch(
            f"SELECT {self.columns} FROM {self.table} WHERE {self.key} IN ({marks(ids)})",
            list(ids),
        )
        return {r[0]: self._decode(r) for r in rows}

    async def of_item(self, driver: Driver, item_id: str) -> list[R]:
        """The rows that concern an item, in order."""
        rows = await driver.fetch(
            f"SELECT {self.columns} FROM {self.table} WHERE {self.key} IN "
            f"(SELECT {self.key} FROM {self.links} WHERE item_id = ?) ORDER BY {self.order}",
            (item_id,),
        )
        return [self._decode(r) for r in rows]


class RegisterView(ProductRowsView):
    """A view that keeps a register: each touched product's rows, rewritten whole."""

    register: ClassVar[Register[Any]]

    def write_product(self, tx: Tx, product_id: str, product: Product) -> None:
        self.register.rewrite(tx, product_id, self.register.rows_of(product))

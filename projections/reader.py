"""Async read queries over the three views. One instance per process; every method
takes ids in batches so DataLoaders keep the number of queries flat."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from projections.drivers import Driver, Row
from projections.rows import (
    AssignmentRow,
    ChangeRow,
    DecisionFilter,
    DecisionRow,
    GoalRow,
    ItemRow,
    MemberLoadRow,
    MemberRow,
    MembershipRow,
    Page,
    ProductRow,
)
from projections.store import tracking_name
from projections.views import VIEWS, instant, parse_instant

ITEM_COLUMNS = (
    "item_id, product_id, title, description, kind, status, estimate, criteria, "
    "version, assignments"
)
DECISION_COLUMNS = (
    "position, product_id, version, at, actor_id, role, type, subject_id, "
    "rationale, summary, changes"
)


def marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def decision(row: Row) -> DecisionRow:
    return DecisionRow(
        position=row[0],
        product_id=row[1],
        version=row[2],
        at=parse_instant(row[3]),
        actor_id=row[4],
        role=row[5],
        type=row[6],
        subject_id=row[7],
        rationale=row[8],
        summary=row[9],
        changes=tuple(ChangeRow(*c) for c in json.loads(row[10])),
    )


class ViewReader:
    """Reads the views; what the GraphQL layer serves from."""

    def __init__(self, driver: Driver, tracking_table: str = "tracking") -> None:
        self.driver = driver
        self.tracking_table = tracking_table

    @property
    def queries(self) -> int:
        """SQL statements run so far (the N+1 tests count these)."""
        return self.driver.queries

    async def close(self) -> None:
        await self.driver.close()

    # -- positions -----------------------------------------------------------

    async def positions(self) -> dict[str, int]:
        names = [tracking_name(v.name) for v in VIEWS]
        rows = await self.driver.fetch(
            "SELECT application_name, notification_id FROM "
            f"{self.tracking_table} WHERE application_name IN ({marks(names)})",
            names,
        )
        found = {name: pos for name, pos in rows}
        return {v.name: int(found.get(tracking_name(v.name)) or 0) for v in VIEWS}

    async def faults(self) -> dict[str, tuple[int, str]]:
        rows = await self.driver.fetch("SELECT view, position, error FROM projection_faults")
        return {v: (p, e) for v, p, e in rows}

    # -- products and people ---------------------------------------------------

    async def products(self, ids: Sequence[str] | None = None) -> list[ProductRow]:
        sql = "SELECT product_id, name, vision, backlog_version, version FROM backlog_products"
        if ids is None:
            rows = await self.driver.fetch(sql + " ORDER BY name, product_id")
        elif not ids:
            return []
        else:
            rows = await self.driver.fetch(
                sql + f" WHERE product_id IN ({marks(ids)}) ORDER BY name, product_id", ids
            )
        return [ProductRow(*r) for r in rows]

    async def memberships(self, product_ids: Sequence[str]) -> dict[str, list[MembershipRow]]:
        result: dict[str, list[MembershipRow]] = {p: [] for p in product_ids}
        if product_ids:
            rows = await self.driver.fetch(
                "SELECT m.product_id, m.member_id, m.role FROM backlog_memberships m "
                "LEFT JOIN backlog_members n ON n.member_id = m.member_id "
                f"WHERE m.product_id IN ({marks(product_ids)}) "
                "ORDER BY n.name, m.member_id, m.role",
                product_ids,
            )
            for r in rows:
                result[r[0]].append(MembershipRow(*r))
        return result

    async def roles_of(self, member_id: str) -> dict[str, set[str]]:
        """Products the member belongs to, with their roles (authorization)."""
        rows = await self.driver.fetch(
            "SELECT product_id, role FROM backlog_memberships WHERE member_id = ?", (member_id,)
        )
        result: dict[str, set[str]] = {}
        for product_id, role in rows:
            result.setdefault(product_id, set()).add(role)
        return result

    async def members(self, ids: Sequence[str]) -> dict[str, MemberRow]:
        if not ids:
            return {}
        rows = await self.driver.fetch(
            f"SELECT member_id, name FROM backlog_members WHERE member_id IN ({marks(ids)})", ids
        )
        return {r[0]: MemberRow(*r) for r in rows}

    async def goals(self, product_ids: Sequence[str]) -> dict[str, list[GoalRow]]:
        result: dict[str, list[GoalRow]] = {p: [] for p in product_ids}
        if product_ids:
            rows = await self.driver.fetch(
                "SELECT goal_id, product_id, title, metric, target_date, status FROM backlog_goals "
                f"WHERE product_id IN ({marks(product_ids)}) ORDER BY seq",
                product_ids,
            )
            for r in rows:
                target = parse_instant(r[4]) if r[4] else None
                result[r[1]].append(GoalRow(r[0], r[1], r[2], r[3], target, r[5]))
        return result

    # -- backlog ---------------------------------------------------------------

    async def orders(self, product_ids: Sequence[str]) -> dict[str, list[str]]:
        if not product_ids:
            return {}
        rows = await self.driver.fetch(
            "SELECT product_id, order_ids FROM backlog_products "
            f"WHERE product_id IN ({marks(product_ids)})",
            product_ids,
        )
        return {r[0]: json.loads(r[1]) for r in rows}

    async def items(self, ids: Sequence[str]) -> dict[str, ItemRow]:
        """Items by id, with their current rank."""
        if not ids:
            return {}
        rows = await self.driver.fetch(
            f"SELECT {ITEM_COLUMNS} FROM backlog_items WHERE item_id IN ({marks(ids)})", ids
        )
        orders = await self.orders(sorted({r[1] for r in rows}))
        ranks = {
            pid: {item: i + 1 for i, item in enumerate(order)} for pid, order in orders.items()
        }
        return {r[0]: self._item(r, ranks.get(r[1], {}).get(r[0])) for r in rows}

    @staticmethod
    def _item(row: Row, rank: int | None) -> ItemRow:
        assignments = json.loads(row[9])
        return ItemRow(
            id=row[0],
            product_id=row[1],
            title=row[2],
            description=row[3],
            kind=row[4],
            status=row[5],
            rank=rank,
            estimate=row[6],
            acceptance_criteria=tuple(json.loads(row[7])),
            version=row[8],
            assignments=tuple(AssignmentRow(row[0], m, p) for m, p in assignments.items()),
        )

    async def backlog(
        self, product_id: str, statuses: frozenset[str] | None, first: int, offset: int
    ) -> Page[ItemRow]:
        """Ranked items in priority order, then unranked ones (only when asked by status)."""
        order = (await self.orders([product_id])).get(product_id, [])
        if statuses is None:
            ids = order
        else:
            rows = await self.driver.fetch(
                "SELECT item_id, status FROM backlog_items WHERE product_id = ? "
                f"AND status IN ({marks(list(statuses))}) ORDER BY seq",
                (product_id, *sorted(statuses)),
            )
            matching = {r[0] for r in rows}
            ranked = [i for i in order if i in matching]
            in_order = set(order)
            ids = ranked + [r[0] for r in rows if r[0] not in in_order]
        page_ids = ids[offset : offset + first]
        rank = {item: i + 1 for i, item in enumerate(order)}
        rows = (
            await self.driver.fetch(
                f"SELECT {ITEM_COLUMNS} FROM backlog_items WHERE item_id IN ({marks(page_ids)})",
                page_ids,
            )
            if page_ids
            else []
        )
        by_id = {r[0]: self._item(r, rank.get(r[0])) for r in rows}
        return Page(
            [by_id[i] for i in page_ids if i in by_id],
            has_next=offset + first < len(ids),
            total=len(ids),
        )

    async def allocation(self, product_id: str) -> list[MemberLoadRow]:
        rows = await self.driver.fetch(
            "SELECT product_id, member_id, capacity_percent, allocated_percent, item_ids "
            "FROM allocation_loads WHERE product_id = ? ORDER BY seq",
            (product_id,),
        )
        return [MemberLoadRow(r[0], r[1], r[2], r[3], tuple(json.loads(r[4]))) for r in rows]

    # -- decisions ---------------------------------------------------------------

    async def decisions(
        self, product_id: str, where: DecisionFilter, first: int, before: int | None
    ) -> Page[DecisionRow]:
        """Newest first; `before` is the position cursor, stable as new decisions arrive."""
        clauses: list[str] = ["product_id = ?"]
        params: list[Any] = [product_id]
        if where.actor_id is not None:
            clauses.append("actor_id = ?")
            params.append(where.actor_id)
        if where.role is not None:
            clauses.append("role = ?")
            params.append(where.role)
        if where.types is not None:
            clauses.append(f"type IN ({marks(where.types)})" if where.types else "1 = 0")
            params.extend(where.types)
        if where.subject_id is not None:
            clauses.append("subject_id = ?")
            params.append(where.subject_id)
        if where.from_ is not None:
            clauses.append("at >= ?")
            params.append(instant(where.from_))
        if where.to is not None:
            clauses.append("at <= ?")
            params.append(instant(where.to))
        condition = " AND ".join(clauses)
        total = (
            await self.driver.fetch(f"SELECT COUNT(*) FROM decisions WHERE {condition}", params)
        )[0][0]
        if before is not None:
            condition += " AND position < ?"
            params.append(before)
        rows = await self.driver.fetch(
            f"SELECT {DECISION_COLUMNS} FROM decisions WHERE {condition} "
            "ORDER BY position DESC LIMIT ?",
            (*params, first + 1),
        )
        return Page(
            [decision(r) for r in rows[:first]], has_next=len(rows) > first, total=int(total)
        )

    async def decisions_by_id(self, ids: Sequence[str]) -> dict[str, DecisionRow]:
        if not ids:
            return {}
        rows = await self.driver.fetch(
            f"SELECT {DECISION_COLUMNS} FROM decisions WHERE decision_id IN ({marks(ids)})", ids
        )
        found = [decision(r) for r in rows]
        return {d.id: d for d in found}

    async def decision_at(self, product_id: str, version: int) -> DecisionRow | None:
        rows = await self.driver.fetch(
            f"SELECT {DECISION_COLUMNS} FROM decisions WHERE product_id = ? AND version = ?",
            (product_id, version),
        )
        return decision(rows[0]) if rows else None

    async def history(self, item_ids: Sequence[str]) -> dict[str, list[DecisionRow]]:
        """Every decision about each item, oldest first."""
        result: dict[str, list[DecisionRow]] = {i: [] for i in item_ids}
        if item_ids:
            rows = await self.driver.fetch(
                f"SELECT {DECISION_COLUMNS} FROM decisions WHERE subject_id IN ({marks(item_ids)}) "
                "ORDER BY position",
                item_ids,
            )
            for r in rows:
                result[r[7]].append(decision(r))
        return result

    async def decisions_after(
        self, product_id: str, position: int, limit: int = 500
    ) -> list[DecisionRow]:
        rows = await self.driver.fetch(
            f"SELECT {DECISION_COLUMNS} FROM decisions WHERE product_id = ? AND position > ? "
            "ORDER BY position LIMIT ?",
            (product_id, position, limit),
        )
        return [decision(r) for r in rows]

    async def last_version_at(self, product_id: str, at: str) -> int | None:
        """The product version of the last decision at or before an instant (time travel)."""
        rows = await self.driver.fetch(
            "SELECT MAX(version) FROM decisions WHERE product_id = ? AND at <= ?", (product_id, at)
        )
        return rows[0][0] if rows else None

    async def kind_of(self, node_id: str) -> str | None:
        """Which type an id names (for node(id:)); None when nothing has it."""
        for kind, sql in (
            ("Product", "SELECT 1 FROM backlog_products WHERE product_id = ?"),
            ("BacklogItem", "SELECT 1 FROM backlog_items WHERE item_id = ?"),
            ("Member", "SELECT 1 FROM backlog_members WHERE member_id = ?"),
            ("Decision", "SELECT 1 FROM decisions WHERE decision_id = ?"),
        ):
            if await self.driver.fetch(sql, (node_id,)):
                return kind
        return None

"""The backlog view's queries: products, people, goals, items and the ranked backlog.
Every method takes ids in batches so DataLoaders keep the number of queries flat."""

from __future__ import annotations

import json
from collections.abc import Sequence

from projections.engine.drivers import Driver, Row, fetch_in, marks
from projections.engine.instants import parse_instant
from projections.rows import (
    GoalRow,
    ItemRow,
    MemberRow,
    MembershipRow,
    Page,
    ProductRow,
)

ITEM_COLUMNS = (
    "item_id, product_id, title, description, kind, status, estimate, criteria, "
    "version, assignments"
)


def to_item(row: Row, rank: int | None) -> ItemRow:
    """An item from its ITEM_COLUMNS, at `rank`."""
    *named, status, estimate, criteria, version, staff = row
    work = (status, estimate, json.loads(criteria), json.loads(staff))
    return ItemRow.stored(named[:2], named[2:], work, rank, version)


class BacklogQueries:
    """Reads the backlog view (one part of projections.reader.ViewReader)."""

    driver: Driver

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

    async def roles_and_products(
        self, member_id: str
    ) -> tuple[dict[str, set[str]], list[ProductRow]]:
        """`roles_of`, with the rows of those products read in the same statement (a
        request that checks a member's roles reads one of their products next)."""
        rows = await self.driver.fetch(
            "SELECT m.product_id, m.role, p.name, p.vision, p.backlog_version, p.version "
            "FROM backlog_memberships m LEFT JOIN backlog_products p "
            "ON p.product_id = m.product_id WHERE m.member_id = ?",
            (member_id,),
        )
        roles: dict[str, set[str]] = {}
        products: dict[str, ProductRow] = {}
        for product_id, role, *product in rows:
            roles.setdefault(product_id, set()).add(role)
            if product[0] is not None:
                products[product_id] = ProductRow(product_id, *product)
        return roles, list(products.values())

    async def members(self, ids: Sequence[str]) -> dict[str, MemberRow]:
        rows = await fetch_in(
            self.driver, "SELECT member_id, name FROM backlog_members WHERE member_id", ids
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
        return {r[0]: to_item(r, ranks.get(r[1], {}).get(r[0])) for r in rows}

    async def backlog(
        self, product_id: str, statuses: frozenset[str] | None, first: int, offset: int
    ) -> Page[ItemRow]:
        """Ranked items in priority order, then unranked ones (only when asked by status)."""
        if statuses is None:
            return await self._ranked_page(product_id, first, offset)
        order = (await self.orders([product_id])).get(product_id, [])
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
        by_id = {r[0]: to_item(r, rank.get(r[0])) for r in rows}
        return Page(
            [by_id[i] for i in page_ids if i in by_id],
            has_next=offset + first < len(ids),
            total=len(ids),
        )

    async def _ranked_page(self, product_id: str, first: int, offset: int) -> Page[ItemRow]:
        """The ranked backlog's page, its ranks and its length in one statement: the
        page's slice of the product's order joined with its items."""
        if self.driver.postgres:
            rows = await self.driver.fetch(RANKED_PAGE_POSTGRES, (offset, first, product_id))
        else:
            rows = await self.driver.fetch(RANKED_PAGE_SQLITE, (offset, offset + first, product_id))
        total = int(rows[0][0]) if rows else 0
        items = [to_item(r[2:], int(r[1])) for r in rows if r[2] is not None]
        return Page(items, has_next=offset + first < total, total=total)


_ITEM = ", ".join("i." + column.strip() for column in ITEM_COLUMNS.split(","))
RANKED_PAGE_POSTGRES = (  # the order is parsed once (in j), not once per row
    f"SELECT jsonb_array_length(j.ids), o.n, {_ITEM} FROM backlog_products p "
    "CROSS JOIN LATERAL (SELECT p.order_ids::jsonb AS ids OFFSET 0) j "
    "LEFT JOIN LATERAL (SELECT e.id, e.n FROM jsonb_array_elements_text(j.ids) "
    "WITH ORDINALITY AS e(id, n) WHERE e.n > ? ORDER BY e.n LIMIT ?) o ON true "
    "LEFT JOIN backlog_items i ON i.item_id = o.id WHERE p.product_id = ? ORDER BY o.n"
)
RANKED_PAGE_SQLITE = (
    f"SELECT json_array_length(p.order_ids), o.key + 1, {_ITEM} FROM backlog_products p "
    "LEFT JOIN json_each(p.order_ids) o ON o.key >= ? AND o.key < ? "
    "LEFT JOIN backlog_items i ON i.item_id = o.value WHERE p.product_id = ? ORDER BY o.key"
)

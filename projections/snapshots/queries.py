"""Reads of the time-travel store: a product's order and items at a version, and the
checkpoint a whole product is rebuilt from. Each is one or two indexed queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.backlog_item import BacklogItem
from projections.engine.drivers import marks
from projections.engine.view_store import Tx
from projections.snapshots import encoding as enc


@dataclass(frozen=True)
class Covered:
    """A product's key in the store and the last version the store has followed."""

    key: int
    version: int


@dataclass(frozen=True)
class Checkpoint:
    version: int
    order: list[int]
    backlog_version: int
    modified_on: str
    rest: bytes


def covered(tx: Tx, product_id: str) -> Covered | None:
    rows = tx.fetchall(
        "SELECT pkey, version FROM past_products WHERE product_id = ?", (product_id,)
    )
    return Covered(int(rows[0][0]), int(rows[0][1])) if rows else None


def order_at(tx: Tx, key: int, version: int) -> list[int]:
    """Item keys in rank order: the checkpoint at or before `version`, then the
    moves of the item decisions after it."""
    rows = tx.fetchall(
        "SELECT version, item_order FROM past_checkpoints WHERE pkey = ? AND version <= ? "
        "ORDER BY version DESC LIMIT 1",
        (key, version),
    )
    start, order = (int(rows[0][0]), enc.unpack_order(rows[0][1])) if rows else (0, [])
    moves = tx.fetchall(
        "SELECT ikey, item_rank FROM past_changes WHERE pkey = ? AND version > ? "
        "AND version <= ? ORDER BY version",
        (key, start, version),
    )
    return enc.apply_moves(order, moves)


ITEMS = (
    "SELECT i.ikey, i.item_id, "
    "(SELECT c.item_version FROM past_changes c WHERE c.pkey = i.pkey AND c.ikey = i.ikey "
    "AND c.version <= ? ORDER BY c.version DESC LIMIT 1), "
    "(SELECT c.work FROM past_changes c{by_item} WHERE c.pkey = i.pkey AND c.ikey = i.ikey "
    "AND c.version <= ? AND c.work IS NOT NULL ORDER BY c.version DESC LIMIT 1), "
    "(SELECT t.body FROM past_texts t WHERE t.pkey = i.pkey AND t.ikey = i.ikey "
    "AND t.version <= ? ORDER BY t.version DESC LIMIT 1) "
    "FROM past_items i WHERE i.pkey = ? AND i.proposed <= ?"
)
ITEMS_POSTGRES = ITEMS.format(by_item="")
ITEMS_SQLITE = ITEMS.format(by_item=" INDEXED BY past_changes_item")
"""SQLite keeps past_changes in key order (pkey, version), and its planner would walk
that key back from the version, row by row, to an item's last work: told to, it seeks
the item's changes in past_changes_item instead (a thousand items: 1 ms, not 10)."""


def items_at(tx: Tx, key: int, version: int) -> dict[int, BacklogItem]:
    """Every item as it stood at `version`, by item key, in proposal order (a whole
    product's, rebuilt from a checkpoint)."""
    return {
        int(ikey): enc.item_from(item_id, text, work, int(item_version))
        for ikey, item_id, item_version, work, text in stored_items(tx, key, version)
    }


def stored_items(
    tx: Tx,
    key: int,
    version: int,
    ikeys: Sequence[int] | None = None,
    item_ids: Sequence[str] | None = None,
) -> list[Any]:
    """Items as they stood at `version` (all, or those among `ikeys` or `item_ids` that
    existed then), in proposal order, as stored: item key, id, version, work and text."""
    sql = ITEMS_POSTGRES if tx.postgres else ITEMS_SQLITE
    params: list[int | str] = [version, version, version, key, version]
    if ikeys is not None:
        if not ikeys:
            return []
        sql += f" AND i.ikey IN ({marks(ikeys)})"
        params.extend(ikeys)
    if item_ids is not None:
        if not item_ids:
            return []
        sql += f" AND i.item_id IN ({marks(item_ids)})"
        params.extend(item_ids)
    rows: list[Any] = tx.fetchall(sql + " ORDER BY i.ikey", params)
    return rows


def checkpoint_at(tx: Tx, key: int, version: int) -> Checkpoint | None:
    rows = tx.fetchall(
        "SELECT c.version, c.item_order, c.backlog_version, c.modified_on, r.body "
        "FROM past_checkpoints c JOIN past_rests r "
        "ON r.pkey = c.pkey AND r.version = c.rest_version "
        "WHERE c.pkey = ? AND c.version <= ? ORDER BY c.version DESC LIMIT 1",
        (key, version),
    )
    if not rows:
        return None
    at, order, backlog_version, modified_on, rest = rows[0]
    return Checkpoint(int(at), enc.unpack_order(order), int(backlog_version), modified_on, rest)

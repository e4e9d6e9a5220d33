"""The chain's reads for the API: each decision's link and a product's audit head,
waiting briefly for the chain follower when it has not reached a decision yet."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import datetime

from projections.audit_chain.follower import ChainFollower
from projections.engine.drivers import Driver, marks
from projections.engine.instants import instant
from projections.engine.view_store import tracking_name

CHAIN_WAIT = 10.0
"""Seconds a read waits for the chain to reach a decision the views already show."""


class ChainQueries:
    """Mixed into projections.reader.ViewReader."""

    driver: Driver
    tracking_table: str

    async def chained_up_to(self) -> int:
        rows = await self.driver.fetch(
            f"SELECT notification_id FROM {self.tracking_table} WHERE application_name = ?",
            (tracking_name(ChainFollower.name),),
        )
        return int(rows[0][0] or 0) if rows else 0

    async def wait_for_chain(self, position: int) -> None:
        """Returns once the chain follower has processed `position` (or gives up)."""
        deadline = time.monotonic() + CHAIN_WAIT
        while time.monotonic() < deadline:
            if await self.chained_up_to() >= position:
                return
            # Polled: the chain's progress is another follower's, maybe another process's.
            await asyncio.sleep(0.01)

    async def chain_links(self, positions: Sequence[int]) -> dict[int, tuple[str | None, str]]:
        """(previousHash, hash) of each chained decision, by position."""
        if not positions:
            return {}
        await self.wait_for_chain(max(positions))
        rows = await self.driver.fetch(
            "SELECT position, previous_hash, hash FROM audit_chain "
            f"WHERE position IN ({marks(positions)})",
            list(positions),
        )
        return {int(p): (prev, digest) for p, prev, digest in rows}

    async def audit_head(self, product_id: str, at: datetime | None = None) -> str | None:
        """The hash of the product's latest decision (recorded at or before `at`)."""
        if at is None:
            rows = await self.driver.fetch(
                "SELECT MAX(position) FROM decisions WHERE product_id = ?", (product_id,)
            )
        else:
            rows = await self.driver.fetch(
                "SELECT MAX(position) FROM decisions WHERE product_id = ? AND at <= ?",
                (product_id, instant(at)),
            )
        if not rows or rows[0][0] is None:
            return None
        links = await self.chain_links([int(rows[0][0])])
        link = links.get(int(rows[0][0]))
        return link[1] if link else None

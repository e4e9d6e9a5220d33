"""The webhooks follower: the product's webhooks, and one delivery per decision and
matching webhook, written with its tracked position (exactly once). Sending is the
dispatcher's (dispatcher.py), started beside the follower wherever it runs."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from itertools import groupby
from typing import Any

from eventsourcing.application import Application

from domain.member import MemberRegistered
from domain.people_events import MemberForgotten
from domain.personal_data import FORGOTTEN_NAME
from domain.product import Product
from domain.updates_events import WebhookAdded, WebhookRemoved
from projections.decisions.audit import decision_row
from projections.engine.instants import instant
from projections.engine.view import Touched, View
from projections.engine.view_store import Tx, ViewStore
from projections.members.erasure import erase_name
from projections.webhooks.body import delivery_id, tandem_body
from projections.webhooks.config import WebhookConfig
from projections.webhooks.dispatcher import Dispatcher
from projections.webhooks.tables import OUTBOX, TABLES


class WebhooksView(View):
    """Webhooks by product, and the deliveries owed to them."""

    name = "webhooks"
    tables = TABLES
    outbox = OUTBOX
    version_table = "webhooks_products"

    def __init__(self, app: Application[uuid.UUID], config: WebhookConfig | None = None) -> None:
        super().__init__(app)
        self.config = config
        self.dispatcher: Dispatcher | None = None
        self.names: dict[str, str] = {}
        self.hooks: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        """Active webhooks (id, types) of each product, read once per product."""
        self.owed = False

    def forget(self) -> None:
        super().forget()
        self.hooks.clear()

    def new_batch(self) -> None:
        super().new_batch()
        self.writes: list[tuple[str, tuple[Any, ...]]] = []

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        if isinstance(event, MemberRegistered):
            self.names[str(event.originator_id)] = event.name
        elif isinstance(event, MemberForgotten):
            member_id = str(event.originator_id)
            name = _Names(self.names, tx).get(member_id)
            self.writes.append(("erase", (name,)))
            self.names[member_id] = FORGOTTEN_NAME
        super().handle(event, position, tx)

    def record(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        pid = str(product.id)
        hooks = self._hooks(tx, pid)
        if isinstance(event, WebhookAdded):
            row = (event.webhook_id, pid, product.version, position, event.url, event.format)
            self.writes.append(
                (
                    "INSERT INTO webhooks VALUES (?, ?, ?, ?, ?, ?, ?, 1) "
                    "ON CONFLICT (webhook_id) DO NOTHING",
                    (*row, json.dumps(list(event.types))),
                )
            )
            hooks.append((event.webhook_id, tuple(event.types)))
            return
        if isinstance(event, WebhookRemoved):
            self.writes.append(
                ("UPDATE webhooks SET active = 0 WHERE webhook_id = ?", (event.webhook_id,))
            )
            hooks[:] = [h for h in hooks if h[0] != event.webhook_id]
        matching = [h for h, types in hooks if not types or type(event).__name__ in types]
        if not matching:
            return
        decision = decision_row(event, product, position, event.timestamp, _Names(self.names, tx))
        body = json.dumps(tandem_body(decision))
        self.owed = True
        for webhook_id in matching:
            self.writes.append(
                (
                    "INSERT INTO webhook_deliveries VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, 0, "
                    "NULL, NULL, ?) ON CONFLICT (delivery_id) DO NOTHING",
                    (
                        delivery_id(webhook_id, position),
                        webhook_id,
                        position,
                        instant(event.timestamp),
                        body,
                        decision.summary,
                        instant(event.timestamp),
                    ),
                )
            )

    def start_beside(self, store: ViewStore, working: Callable[[], bool]) -> None:
        """Sends the deliveries, where the follower runs (none without a config)."""
        if self.config is not None and self.dispatcher is None:
            self.dispatcher = Dispatcher(store, self.config, working)
            self.dispatcher.start()

    def stop_beside(self) -> None:
        if self.dispatcher is not None:
            self.dispatcher.stop()
            self.dispatcher = None

    def after_commit(self) -> None:
        if self.owed:
            self.owed = False
            self.wake()

    def wake_beside(self) -> None:
        self.wake()  # a redelivery asked for in another process

    def wake(self) -> None:
        """New deliveries are owed: the dispatcher looks at once (if it runs here)."""
        if self.dispatcher is not None:
            self.dispatcher.wakeup.set()

    def sealing_key(self) -> bytes:
        if self.config is None:
            raise RuntimeError("webhooks are not configured in this process")
        return self.config.key

    def _hooks(self, tx: Tx, product_id: str) -> list[tuple[str, tuple[str, ...]]]:
        if product_id not in self.hooks:
            rows = tx.fetchall(
                "SELECT webhook_id, types FROM webhooks WHERE product_id = ? AND active = 1 "
                "ORDER BY added_position",
                (product_id,),
            )
            self.hooks[product_id] = [(r[0], tuple(json.loads(r[1]))) for r in rows]
        return self.hooks[product_id]

    def write(self, tx: Tx, touched: Touched) -> None:
        tx.executemany(
            "INSERT INTO webhook_names VALUES (?, ?) "
            "ON CONFLICT (member_id) DO UPDATE SET name = excluded.name",
            list(touched.members.items()),
        )
        # Runs of the same statement go as one executemany (one round trip on PostgreSQL).
        for statement, run in groupby(self.writes, key=lambda write: write[0]):
            if statement == "erase":
                for _, params in run:
                    erase_name(
                        tx, params[0], "webhook_deliveries", "delivery_id", ("body", "summary")
                    )
            else:
                tx.executemany(statement, [params for _, params in run])
        tx.upsert(
            "webhooks_products",
            [(pid, p.version) for pid, p in touched.products.items()],
            update=("version",),
        )


class _Names(dict[str, str]):
    """Member names for summaries: seen by this follower, else its own table, else the
    audit view's (its own table was added with erasure; older members are not in it)."""

    def __init__(self, cache: dict[str, str], tx: Tx) -> None:
        super().__init__()
        self.cache, self.tx = cache, tx

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self.cache and not self.tx.suffix:  # a rebuild's tables are apart
            rows = self.tx.fetchall(
                "SELECT name FROM webhook_names WHERE member_id = ? UNION ALL "
                "SELECT name FROM decisions_members WHERE member_id = ?",
                (key, key),
            )
            if not rows:
                return default
            self.cache[key] = rows[0][0]
        return self.cache[key]

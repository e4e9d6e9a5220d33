"""Sends each webhook's deliveries in position order: only the oldest PENDING delivery
of a webhook is ever in flight, retried with backoff until acknowledged (2xx) or out
of attempts (FAILED), then the next. The state is in the outbox table, so a restart
resumes where it was. It sends only in the projections worker (one process at a time
on PostgreSQL: conductor.py), and sleeps until woken or a delivery falls due."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from projections.engine.instants import instant
from projections.engine.view_store import ViewStore
from projections.webhooks import secrets
from projections.webhooks.body import encoded
from projections.webhooks.config import WebhookConfig
from projections.webhooks.sender import post

log = logging.getLogger("tandem.webhooks")
HEADS = """SELECT d.delivery_id, d.webhook_id, d.body, d.attempts, d.round, d.next_attempt_at,
    w.format FROM webhook_deliveries d JOIN webhooks w ON w.webhook_id = d.webhook_id
    WHERE w.active = 1 AND d.status = 'PENDING' AND d.position = (SELECT MIN(e.position)
    FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id AND e.status = 'PENDING')"""
WORKERS = 8
STANDBY = 1.0
"""Seconds between looks at whether this process became the projections worker."""


class Dispatcher:
    """The sending side of the webhooks follower, on its own threads."""

    def __init__(
        self, store: ViewStore, config: WebhookConfig, working: Callable[[], bool]
    ) -> None:
        self.store, self.config, self.working = store, config, working
        self.sealer = secrets.Sealer(config.key)
        self.wakeup, self.stopping = threading.Event(), threading.Event()
        self.in_flight: set[str] = set()
        self.guard = threading.Lock()
        self.pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="webhook")
        self.client = httpx.Client(timeout=config.timeout, trust_env=False)
        self.thread = threading.Thread(target=self._loop, name="webhook-dispatch", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.wakeup.set()
        self.thread.join(5)
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.client.close()

    def _loop(self) -> None:
        while not self.stopping.is_set():
            if not self.working():
                self.wakeup.wait(STANDBY)  # no database: another process sends
                self.wakeup.clear()
                continue
            try:
                wait = self.dispatch_due()
            except Exception as error:
                log.warning("webhook dispatch failed, retrying: %s", error)
                self.store.check_connections()
                wait = 1.0
            self.wakeup.wait(wait)
            self.wakeup.clear()

    def dispatch_due(self) -> float:
        """Starts every webhook's next delivery that is due; answers the seconds until
        the next one falls due (at most the poll interval: a wake-up comes sooner)."""
        now = datetime.now(UTC)
        with self.store.read() as tx:
            heads = tx.fetchall(HEADS)
        wait = self.config.poll_interval
        for head in heads:
            due = datetime.fromisoformat(head[5])
            if due > now:
                wait = min(wait, (due - now).total_seconds())
                continue
            with self.guard:
                if head[1] in self.in_flight:
                    continue
                self.in_flight.add(head[1])
            self.pool.submit(self._deliver, head)
        return max(wait, 0.005)

    def _deliver(self, head: tuple[Any, ...]) -> None:
        delivery_id, webhook_id, body, attempts, round_, _, format_ = head
        try:
            if not self._still_due(delivery_id, int(attempts), int(round_)):
                return
            status = self._send(delivery_id, webhook_id, body, format_)
            self._record(delivery_id, int(attempts) + 1, int(round_), status)
        except Exception:
            log.exception("delivery %s: could not record the attempt", delivery_id)
        finally:
            with self.guard:
                self.in_flight.discard(webhook_id)
            self.wakeup.set()

    def _still_due(self, delivery_id: str, attempts: int, round_: int) -> bool:
        """The heads were read before the previous attempt of this webhook may have
        finished: only an unchanged PENDING delivery is sent."""
        with self.store.read() as tx:
            rows = tx.fetchall(
                "SELECT status, attempts, round FROM webhook_deliveries WHERE delivery_id = ?",
                (delivery_id,),
            )
        return bool(rows) and tuple(rows[0]) == ("PENDING", attempts, round_)

    def _send(self, delivery_id: str, webhook_id: str, body: str, format_: str) -> int | None:
        with self.store.read() as tx:
            sealed_text = secrets.load(tx, webhook_id)
        if sealed_text is None:
            log.warning("webhook %s has no stored URL; delivery %s fails", webhook_id, delivery_id)
            return None
        sealed = self.sealer.open(webhook_id, sealed_text)
        return post(
            self.client,
            sealed.url,
            encoded(json.loads(body), format_),
            delivery_id=delivery_id,
            secret=sealed.secret,
            signed=format_ == "TANDEM",
            allow_private=self.config.allow_private,
        )

    def _record(self, delivery_id: str, attempts: int, round_: int, status: int | None) -> None:
        now = datetime.now(UTC)
        if status is not None and 200 <= status < 300:
            outcome = "DELIVERED"
        elif attempts >= self.config.max_attempts:
            outcome = "FAILED"
        else:
            outcome = "PENDING"
        due = now + timedelta(seconds=self.config.delay(attempts))
        with self.store.transaction() as tx:
            # A redelivery meanwhile started a new round: this attempt's answer is stale.
            tx.execute(
                "UPDATE webhook_deliveries SET status = ?, attempts = ?, "
                "last_response_status = ?, last_attempt_at = ?, next_attempt_at = ? "
                "WHERE delivery_id = ? AND round = ?",
                (outcome, attempts, status, instant(now), instant(due), delivery_id, round_),
            )

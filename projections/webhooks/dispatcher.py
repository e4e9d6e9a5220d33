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

from projections.engine.instants import instant
from projections.engine.view_store import ViewStore
from projections.webhooks import secrets
from projections.webhooks.body import encoded
from projections.webhooks.clients import Clients
from projections.webhooks.config import WebhookConfig
from projections.webhooks.rows import DeliveryStatus
from projections.webhooks.sender import post

log = logging.getLogger("tandem.webhooks")
HEADS = """SELECT d.webhook_id, d.next_attempt_at, w.format FROM webhook_deliveries d
    JOIN webhooks w ON w.webhook_id = d.webhook_id
    WHERE w.active = 1 AND d.status = 'PENDING' AND d.position = (SELECT MIN(e.position)
    FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id AND e.status = 'PENDING')"""
"""Each active webhook's oldest PENDING delivery: when it falls due (its sender reads
the deliveries themselves)."""
PENDING = """SELECT delivery_id, body, attempts, round, next_attempt_at FROM webhook_deliveries
    WHERE webhook_id = ? AND status = 'PENDING' ORDER BY position LIMIT ?"""
BATCH = 50
"""Deliveries of one webhook sent before their outcomes are recorded together: a crash
in between sends them again (at least once), never out of order."""
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
        self.opened: dict[tuple[str, str], secrets.Sealed] = {}
        self.guard = threading.Lock()
        self.pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="webhook")
        self.clients = Clients(config.timeout, WORKERS)
        self.thread = threading.Thread(target=self._loop, name="webhook-dispatch", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.wakeup.set()
        self.thread.join(5)
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.clients.close()

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
        for webhook_id, due_at, format_ in heads:
            due = datetime.fromisoformat(due_at)
            if due > now:
                wait = min(wait, (due - now).total_seconds())
                continue
            with self.guard:
                if webhook_id in self.in_flight:
                    continue
                self.in_flight.add(webhook_id)
            self.pool.submit(self._deliver, webhook_id, format_)
        return max(wait, 0.005)

    def _deliver(self, webhook_id: str, format_: str) -> None:
        try:
            while not self.stopping.is_set() and self._send_pending(webhook_id, format_):
                pass
        except Exception:
            log.exception("webhook %s: could not record its deliveries", webhook_id)
        finally:
            with self.guard:
                self.in_flight.discard(webhook_id)
            self.wakeup.set()

    def _send_pending(self, webhook_id: str, format_: str) -> bool:
        """Sends the webhook's PENDING deliveries that are due, oldest first, until one
        is not acknowledged, then records what was sent in one transaction. Read here,
        with this webhook in flight on no other thread, the deliveries are current.
        Answers whether a full batch went through (more may be waiting)."""
        with self.store.read() as tx:
            pending = tx.fetchall(PENDING, (webhook_id, BATCH))
            sealed_text = secrets.load(tx, webhook_id)
        now, sent = datetime.now(UTC), []
        for delivery_id, body, attempts, round_, due in pending:
            if datetime.fromisoformat(due) > now:
                break  # a retry waiting for its backoff: the dispatcher comes back then
            status = self._send(delivery_id, webhook_id, sealed_text, body, format_)
            sent.append((delivery_id, int(attempts) + 1, int(round_), status))
            if not acknowledged(status):
                break
            if self.stopping.is_set():
                break
        self._record(sent)
        return len(sent) == BATCH and acknowledged(sent[-1][3])

    def _send(
        self, delivery_id: str, webhook_id: str, sealed_text: str | None, body: str, format_: str
    ) -> int | None:
        if sealed_text is None:
            log.warning("webhook %s has no stored URL; delivery %s fails", webhook_id, delivery_id)
            return None
        sealed = self._opened(webhook_id, sealed_text)
        return post(
            self.clients.for_url(sealed.url),
            sealed.url,
            encoded(json.loads(body), format_),
            delivery_id=delivery_id,
            secret=sealed.secret,
            signed=format_ == "TANDEM",
            allow_private=self.config.allow_private,
        )

    def _opened(self, webhook_id: str, sealed_text: str) -> secrets.Sealed:
        """The webhook's URL and secret, opened once per sealed value (not per send)."""
        key = (webhook_id, sealed_text)
        opened = self.opened.get(key)
        if opened is None:
            opened = self.opened[key] = self.sealer.open(webhook_id, sealed_text)
        return opened

    def _record(self, sent: list[tuple[str, int, int, int | None]]) -> None:
        if not sent:
            return
        now = datetime.now(UTC)
        rows = []
        for delivery_id, attempts, round_, status in sent:
            if acknowledged(status):
                outcome = DeliveryStatus.DELIVERED
            elif attempts >= self.config.max_attempts:
                outcome = DeliveryStatus.FAILED
            else:
                outcome = DeliveryStatus.PENDING
            due = now + timedelta(seconds=self.config.delay(attempts))
            rows.append(
                (outcome, attempts, status, instant(now), instant(due), delivery_id, round_)
            )
        with self.store.transaction() as tx:
            # A redelivery meanwhile started a new round: this attempt's answer is stale.
            tx.executemany(
                "UPDATE webhook_deliveries SET status = ?, attempts = ?, "
                "last_response_status = ?, last_attempt_at = ?, next_attempt_at = ? "
                "WHERE delivery_id = ? AND round = ?",
                rows,
            )


def acknowledged(status: int | None) -> bool:
    """A 2xx answer: the delivery is done."""
    return status is not None and 200 <= status < 300

"""Prometheus metrics of one app, on a registry of its own.

A registry per app (not prometheus-client's global default) lets tests and several
apps share one process without colliding. Labels that come from clients (operation
names) are cleaned and capped so a client cannot grow the series without bound.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from projections.engine.projections import ViewStatus
from projections.engine.view_store import ViewStore
from projections.webhooks.health import lags, outcomes
from projections.webhooks.rows import DeliveryStatus

log = logging.getLogger("tandem.metrics")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_LABEL = re.compile(r"[^A-Za-z0-9_./:-]")


class LabelBudget:
    """Admits at most `limit` distinct values of a label; later ones become 'other'."""

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self.seen: set[str] = set()

    def __call__(self, value: str) -> str:
        value = _LABEL.sub("_", value)[:64] or "unnamed"
        if value in self.seen:
            return value
        if len(self.seen) >= self.limit:
            return "other"
        self.seen.add(value)
        return value


class ProjectionCollector(Collector):
    """Each view's position, the head of the log and the lag, read at scrape time."""

    def __init__(self, status: Callable[[], Sequence[ViewStatus]]) -> None:
        self.status = status

    def describe(self) -> Iterable[Metric]:
        # Describing without collecting keeps registration free of database reads.
        return self._families()

    def collect(self) -> Iterable[Metric]:
        try:
            statuses = list(self.status())
        except Exception as error:
            log.warning("could not read the views' positions for /metrics: %s", error)
            up, *_ = self._families()
            up.add_metric([], 0)
            return [up]
        up, lag, position, head, faulted = self._families()
        up.add_metric([], 1)
        for status in statuses:
            lag.add_metric([status.view], status.lag)
            position.add_metric([status.view], status.position)
            faulted.add_metric([status.view], 1 if status.fault else 0)
        head.add_metric([], max((s.head for s in statuses), default=0))
        return [up, lag, position, head, faulted]

    @staticmethod
    def _families() -> list[GaugeMetricFamily]:
        return [
            GaugeMetricFamily(
                "tandem_projection_status_up",
                "1 if the views' positions could be read at this scrape",
            ),
            GaugeMetricFamily(
                "tandem_projection_lag",
                "Notifications the view has yet to process",
                labels=["view"],
            ),
            GaugeMetricFamily(
                "tandem_projection_position",
                "Last notification position the view processed",
                labels=["view"],
            ),
            GaugeMetricFamily(
                "tandem_log_head_position", "Position of the newest notification in the event log"
            ),
            GaugeMetricFamily(
                "tandem_projection_faulted",
                "1 if the view stopped at an event it could not handle",
                labels=["view"],
            ),
        ]


class Metrics:
    """The app's metrics: requests, latency, decisions, and the views' lag."""

    def __init__(self, status: Callable[[], Sequence[ViewStatus]] | None = None) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "tandem_requests",
            "Requests served, by operation and outcome",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "tandem_request_duration_seconds",
            "Time to serve a request, by operation",
            ["operation"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "tandem_requests_in_flight",
            "HTTP requests being served now",
            registry=self.registry,
        )
        self.decisions = Counter(
            "tandem_decisions_recorded",
            "Decisions recorded by this process, by event type",
            ["type"],
            registry=self.registry,
        )
        self.operation_label = LabelBudget()
        self.outcome_label = LabelBudget(limit=50)
        self.type_label = LabelBudget(limit=100)
        if status is not None:
            self.registry.register(ProjectionCollector(status))

    def observe_request(self, operation: str, outcome: str, seconds: float) -> None:
        operation = self.operation_label(operation)
        self.requests.labels(operation=operation, outcome=self.outcome_label(outcome)).inc()
        self.latency.labels(operation=operation).observe(seconds)

    def decision_recorded(self, type_name: str) -> None:
        self.decisions.labels(type=self.type_label(type_name)).inc()


class WebhookCollector(Collector):
    """Webhook deliveries by outcome and the lag of each active webhook, read at scrape
    time from the outbox (whichever process sends them)."""

    def __init__(self, store: ViewStore) -> None:
        self.store = store

    def describe(self) -> Iterable[Metric]:
        return []

    def collect(self) -> Iterable[Metric]:
        try:
            counts, behind = outcomes(self.store), lags(self.store)
        except Exception as error:
            log.warning("could not read the webhook deliveries for /metrics: %s", error)
            return []
        by_outcome = GaugeMetricFamily(
            "tandem_webhook_deliveries", "Webhook deliveries, by outcome", labels=["outcome"]
        )
        for outcome in DeliveryStatus:
            by_outcome.add_metric([outcome.lower()], counts.get(outcome, 0))
        lag = GaugeMetricFamily(
            "tandem_webhook_lag_seconds",
            "Age of each active webhook's oldest undelivered decision (0: caught up)",
            labels=["webhook"],
        )
        pending = GaugeMetricFamily(
            "tandem_webhook_pending", "Deliveries each active webhook is owed", labels=["webhook"]
        )
        for hook in behind:
            lag.add_metric([hook.webhook_id], hook.seconds)
            pending.add_metric([hook.webhook_id], hook.pending)
        return [by_outcome, lag, pending]

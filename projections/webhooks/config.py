"""How webhooks are delivered: built from Settings by the composition root."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WebhookConfig:
    """Retries: `backoff` seconds, doubling, at most `backoff_cap`, for `max_attempts`
    attempts; then the delivery is FAILED and the next one is sent."""

    key: bytes
    """AES-256-GCM key sealing each webhook's URL and secret at rest."""
    allow_private: bool = False
    max_attempts: int = 8
    backoff: float = 1.0
    backoff_cap: float = 300.0
    timeout: float = 5.0
    poll_interval: float = 5.0
    """Seconds between looks at the outbox when no delivery falls due sooner and nothing
    woke the dispatcher (new deliveries, a redelivery)."""

    def delay(self, attempts: int) -> float:
        """Seconds before the next attempt, after `attempts` failed ones."""
        return float(min(self.backoff * 2 ** max(attempts - 1, 0), self.backoff_cap))

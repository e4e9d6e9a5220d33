"""All configuration: TANDEM_* environment variables, validated at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.persistence.store_url import StoreUrl


class Settings(BaseSettings):
    """One settings object; tests build it with other values."""

    model_config = SettingsConfigDict(env_prefix="TANDEM_", extra="ignore")

    database_url: str = "sqlite:///./tandem.db"
    """sqlite:///path, postgresql://user:pass@host:port/db[?schema=name] or memory://"""
    admin_token: str | None = None
    """Bearer token of the administrator; generated beside the SQLite file if unset."""
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    projections: Literal["inprocess", "worker"] = "inprocess"
    """Run the views in this process, or leave them to a `tandem project` worker."""
    graphiql: bool = False
    introspection: bool = True
    log_level: str = "INFO"
    read_timeout: float = 10.0
    """Seconds a mutation waits for the views to show it (read-your-writes)."""
    max_body_bytes: int = 256 * 1024
    poll_interval: float = 5.0
    """Seconds between looks at the log (and the webhook outbox) when nothing woke the
    projections: a safety net. Saves wake them, in this process and, on PostgreSQL
    (NOTIFY) or SQLite (the file's data_version), in any other."""
    readiness_max_lag: int = 1000
    """/readyz fails when a view is more than this many positions behind the log."""
    allowed_origins: list[str] = []
    """Browser origins (besides the server's own) that may open the subscription websocket;
    JSON, e.g. TANDEM_ALLOWED_ORIGINS='["https://app.example.com"]'."""
    response_cache: int = 512
    """Answers to queries kept per process while the views do not move
    (api.graphql.response_cache); 0 keeps none."""
    snapshot_interval: int = 100
    """Product versions between snapshots (time travel replays at most this many)."""
    shutdown_timeout: float = 20.0
    """Seconds SIGTERM waits for in-flight requests before cancelling them."""
    keep_alive: Annotated[int, Field(ge=1, le=3600)] = 75
    """Seconds an idle HTTP connection is kept open. Longer than clients' and proxies'
    own idle limits (httpx 5 s, a load balancer's 60 s), so they close first: a server
    closing just as a client reuses the connection fails that request unanswered."""
    workers: Annotated[int, Field(ge=1, le=64)] | None = None
    """Processes `tandem serve` runs on its port (--workers); unset: one per CPU."""
    gc_tuning: bool = True
    """Freeze the start-up heap and collect less often (api.gc_tuning); off to measure it."""
    webhook_allow_private: bool = False
    """Let webhooks call loopback, private and link-local addresses (local tests only)."""
    webhook_max_attempts: int = 8
    webhook_backoff: float = 1.0
    """Seconds before a delivery's first retry; doubling, up to webhook_backoff_cap."""
    webhook_backoff_cap: float = 300.0
    webhook_timeout: float = 5.0
    webhook_key: str | None = None
    """Base64 AES-256 key sealing webhooks' URLs and secrets; generated beside the SQLite
    file if unset (required on PostgreSQL, the same for every process)."""

    @field_validator("database_url")
    @classmethod
    def _valid_url(cls, value: str) -> str:
        StoreUrl.parse(value)
        return value

    @field_validator("log_level")
    @classmethod
    def _valid_log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @property
    def store(self) -> StoreUrl:
        return StoreUrl.parse(self.database_url)

    def resolved_admin_token(self) -> str:
        """The admin token: configured, or on the embedded SQLite default one
        generated once and kept beside the database file."""
        if self.admin_token:
            return self.admin_token
        store = self.store
        if store.backend != "sqlite":
            raise ValueError(
                "TANDEM_ADMIN_TOKEN must be set when the database is not embedded SQLite"
            )
        path = Path(store.sqlite_path + ".admin-token")
        if path.exists():
            return path.read_text().strip()
        from domain.member import new_token

        token = new_token()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(token + "\n")
        path.chmod(0o600)
        return token

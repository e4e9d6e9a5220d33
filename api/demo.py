"""A realistic demo product, seeded with six weeks of decisions so that the backlog, the
allocation, the audit trail, time travel and retrospectives all have something to show.

Events carry past timestamps from an advancing clock: it never goes backwards and its
last reading is a day before now, so live decisions made afterwards come after them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from api.composition import build
from api.demo_integrity import updates_chapter, verified_audit
from api.demo_story import Demo, DemoClock, story
from api.settings import Settings

WEEKS = 6


def seed(settings: Settings, now: datetime | None = None) -> Demo:
    """Seeds the demo into the configured database (which should be empty)."""
    now = now or datetime.now(UTC)
    clock = DemoClock(now - timedelta(weeks=WEEKS, days=1))
    container = build(settings, clock=clock)
    try:
        demo = story(container.app, clock)
        container.projections.catch_up()
        updates_chapter(container, clock, demo.product_id)
        audit = verified_audit(container, demo.product_id)
        demo.audit = f"{audit.checked} decisions, head {audit.head}"
    finally:
        container.close()
    return demo


# -- the embedded default: tokens kept beside the database for later starts ------------


def tokens_file(settings: Settings) -> Path | None:
    store = settings.store
    return Path(store.sqlite_path + ".demo-tokens.json") if store.backend == "sqlite" else None


def keep_tokens(settings: Settings, demo: Demo) -> None:
    path = tokens_file(settings)
    if path is not None:
        path.write_text(
            json.dumps(
                {"product_id": demo.product_id, "tokens": demo.tokens}, indent=2, ensure_ascii=False
            )
        )
        path.chmod(0o600)


def kept_tokens(settings: Settings) -> Demo | None:
    path = tokens_file(settings)
    if path is None or not path.exists():
        return None
    data = json.loads(path.read_text())
    return Demo(data["product_id"], data["tokens"])


def has_products(settings: Settings) -> bool:
    container = build(settings)
    try:
        container.projections.catch_up()
        with container.projections.store.transaction() as tx:
            return bool(tx.fetchall("SELECT COUNT(*) FROM backlog_products")[0][0])
    finally:
        container.close()


def seed_if_empty(settings: Settings) -> Demo | None:
    """Seeds when the database has no products; returns the demo, or None if it had some."""
    if has_products(settings):
        return None
    demo = seed(settings)
    keep_tokens(settings, demo)
    return demo

"""Writes the golden fixtures of the updates area's events (never rewritten):

    python -m tests.reliability.make_fixtures_updates

It continues story-v1 (loaded from its fixture): Ana publishes a stakeholder update,
adds and removes a webhook, and the product is snapshotted again. Only the new events
are written, so that the fixtures, loaded in name order, still tell one story."""

from __future__ import annotations

import json
import sys
import uuid

from eventsourcing.persistence import StoredEvent

from domain.actor import Actor
from domain.application import Tandem
from domain.commands import AddWebhook, PublishUpdate, RemoveWebhook
from tests.given import Clock
from tests.reliability.make_fixtures import FOLDER, MONDAY, stored

NAME = "story-v2-updates"
HOOK = "5d0c3a2e-9a53-4d1e-9a34-1d2b1b8f0c11"


def continued_story() -> tuple[Tandem, int]:
    app = Tandem({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=Clock(MONDAY))
    story = json.loads((FOLDER / "story-v1.json").read_text())
    app.recorder.insert_events(
        [
            StoredEvent(
                originator_id=uuid.UUID(e["originator_id"]),
                originator_version=e["originator_version"],
                topic=e["topic"],
                state=e["state"].encode("utf-8"),
            )
            for e in story["events"]
        ]
    )
    (created,) = [e for e in story["events"] if e["topic"].endswith(":ProductCreated")]
    pid = created["originator_id"]
    owner = next(m for m, held in app.product(pid).roles.items() if "PRODUCT_OWNER" in held)
    ana = Actor.member(owner)
    note = "Thanks all"
    app.decide(ana, PublishUpdate(product_id=pid, headline="Sprint 1", note=note, markdown="# S\n"))
    hook = AddWebhook(
        product_id=pid,
        url="https://hooks.example.com/tandem",
        types=("ItemAccepted",),
        webhook_id=HOOK,
    )
    app.decide(ana, hook)
    app.decide(ana, RemoveWebhook(product_id=pid, webhook_id=HOOK))
    app.take_snapshot(uuid.UUID(pid))
    return app, len(story["events"])


def main() -> int:
    path = FOLDER / f"{NAME}.json"
    if path.exists():
        print(f"{path} exists: fixtures are history and are never rewritten", file=sys.stderr)
        return 1
    app, known = continued_story()
    notifications = app.recorder.select_notifications(start=known + 1, limit=100_000)
    assert app.snapshots is not None
    pid = notifications[0].originator_id
    last = app.snapshots.recorder.select_events(pid, desc=True, limit=1)
    data = {
        "about": "story-v1 continued by make_fixtures_updates.py; never edit or regenerate.",
        "events": [stored(n, n.id) for n in notifications],
        "snapshots": [stored(s) for s in last],
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

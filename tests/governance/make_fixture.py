"""Writes the golden fixture of the governance decisions (tests/fixtures/events/
story-v1_governance.json): the Checkout story of story-v1.json goes on with every risk,
architecture decision and technical requirement decision, and a snapshot holding
their state. Only the events after story-v1's are written (the file sorts after it:
the schema evolution test loads the files in order, as one log).

    python -m tests.governance.make_fixture

Like every fixture, it is history: never regenerated over (the script refuses)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Any

from domain import commands as c
from domain.actor import Actor
from domain.application import Tandem
from domain.governance_events import adrs_of, risks_of
from domain.governance_vocabulary import RiskKind, RiskStatus
from tests.given import Clock
from tests.reliability.make_fixtures import FOLDER, fixture
from tests.reliability.test_schema_evolution import stored_event

LATER = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)

NAME = "story-v1_governance"


def record() -> Tandem:
    app = Tandem({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=Clock(LATER))
    story = json.loads((FOLDER / "story-v1.json").read_text())
    app.recorder.insert_events([stored_event(e) for e in story["events"]])
    notifications = app.recorder.select_notifications(start=1, limit=1000)
    (pid,) = {str(n.originator_id) for n in notifications if n.topic.endswith(":ProductCreated")}
    product = app.product(pid)
    ana, ben = (
        Actor.member(next(m for m, roles in product.roles.items() if role in roles))
        for role in ("PRODUCT_OWNER", "ENGINEERING_MANAGER")
    )
    sso = next(i for i, item in product.items.items() if item.title == "Guest checkout")
    app.decide(
        ana,
        c.RaiseRisk(product_id=pid, title="PSP outage", likelihood=2, impact=5, item_ids=(sso,)),
    )
    app.decide(
        ben,
        c.RaiseRisk(
            product_id=pid, kind=RiskKind.OPPORTUNITY, title="Wallets", likelihood=3, impact=3
        ),
    )
    risk, chance = list(risks_of(app.product(pid)))
    app.decide(ana, c.AssessRisk(risk_id=risk, likelihood=4, impact=5, rationale="two outages"))
    app.decide(ben, c.SetRiskItems(risk_id=chance, item_ids=(sso,), rationale="wallets first"))
    app.decide(
        ana, c.ResolveRisk(risk_id=risk, status=RiskStatus.REALIZED, rationale="it happened")
    )
    for title in ("Use SQLite", "Use Kafka"):
        app.decide(
            ben,
            c.ProposeArchitectureDecision(
                product_id=pid,
                title=title,
                context="c",
                decision="d",
                consequences="e",
                item_ids=(sso,),
            ),
        )
    old, kafka = list(adrs_of(app.product(pid)))
    app.decide(ben, c.AcceptArchitectureDecision(architecture_decision_id=old))
    app.decide(
        ben, c.RejectArchitectureDecision(architecture_decision_id=kafka, rationale="too heavy")
    )
    app.decide(
        ben,
        c.ProposeArchitectureDecision(
            product_id=pid,
            title="Use PostgreSQL",
            context="c",
            decision="d",
            consequences="e",
            supersedes_id=old,
        ),
    )
    new = list(adrs_of(app.product(pid)))[-1]
    app.decide(
        ben, c.AcceptArchitectureDecision(architecture_decision_id=new, rationale="replicas")
    )
    app.decide(ben, c.SetTechnicalRequirements(item_id=sso, requirements=["p95 under 300 ms"]))
    app.take_snapshot(app.product(pid).id)
    return app


def written(app: Tandem, after: int) -> dict[str, Any]:
    """The fixture of what was recorded after position `after`, and the last snapshot."""
    whole = fixture(app)
    whole["events"] = [e for e in whole["events"] if e["position"] > after]
    whole["snapshots"] = whole["snapshots"][-1:]
    return whole


def main() -> int:
    path = FOLDER / f"{NAME}.json"
    if path.exists():
        print(f"{path} exists: fixtures are history and are never rewritten", file=sys.stderr)
        return 1
    story = json.loads((FOLDER / "story-v1.json").read_text())
    data = written(record(), max(e["position"] for e in story["events"]))
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

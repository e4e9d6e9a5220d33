"""The demo's governance chapter: the Product Owner weighs two risks (one of them
realized) and an opportunity; the Engineering Manager records three architecture
decisions, the third superseding the first, and the technical requirements of v2."""

from __future__ import annotations

from typing import Any

from domain import commands as c
from domain.actor import Actor
from domain.application import Tandem
from domain.governance_events import adrs_of, risks_of
from domain.governance_vocabulary import RiskKind, RiskStatus


def governance_chapter(
    app: Tandem, clock: Any, pid: str, actors: dict[str, Actor], items: dict[str, str]
) -> None:
    """`clock` is the story's DemoClock; `items` the story's items by title."""
    ana, ben = actors["Ana"], actors["Ben"]
    sso, apple = items["SSO login"], items["Apple Pay"]
    v2 = items["Migrate payments to the v2 API"]

    def newest(records: dict[str, Any]) -> str:
        return list(records)[-1]

    def raise_risk(who: Actor, title: str, **fields: Any) -> str:
        app.decide(who, c.RaiseRisk(product_id=pid, title=title, **fields))
        return newest(risks_of(app.product(pid)))

    clock.at(41, 11)
    psp = raise_risk(
        ana,
        "PSP outage during Black Friday",
        likelihood=3,
        impact=5,
        description="The PSP had two incidents at last year's peak",
        item_ids=(v2,),
    )
    okta = raise_risk(
        ben, "Identity provider rate limits SSO", likelihood=2, impact=3, item_ids=(sso,)
    )
    raise_risk(
        ana,
        "Wallets lift mobile conversion",
        kind=RiskKind.OPPORTUNITY,
        likelihood=3,
        impact=4,
        item_ids=(apple,),
        rationale="Two prospects asked for it",
    )
    clock.at(41, 13)
    app.decide(
        ana,
        c.AssessRisk(
            risk_id=psp,
            likelihood=4,
            impact=5,
            rationale="A third incident this month",
        ),
    )
    app.decide(
        ana,
        c.ResolveRisk(
            risk_id=okta,
            status=RiskStatus.REALIZED,
            rationale="The pilot hit the limit on day one",
        ),
    )

    def propose(title: str, context: str, decision: str, **more: Any) -> str:
        app.decide(
            ben,
            c.ProposeArchitectureDecision(
                product_id=pid,
                title=title,
                context=context,
                decision=decision,
                consequences=more.pop("consequences"),
                **more,
            ),
        )
        adr = newest(adrs_of(app.product(pid)))
        app.decide(ben, c.AcceptArchitectureDecision(architecture_decision_id=adr))
        return adr

    redis = propose(
        "Keep sessions in Redis",
        "Checkout sessions must survive an API restart",
        "Store sessions in a Redis instance next to the API",
        consequences="One more service to run and back up",
        item_ids=(sso,),
    )
    propose(
        "Call the PSP through its v2 SDK",
        "v1 is retired next quarter",
        "Use the PSP's official v2 SDK for payments and refunds",
        consequences="Refunds become idempotent; the SDK pins our HTTP client",
        item_ids=(v2,),
    )
    clock.at(41, 16)
    propose(
        "Keep sessions in PostgreSQL",
        "Redis is the only service we run for sessions alone",
        "Store sessions in a PostgreSQL table with a TTL sweep",
        consequences="One service fewer; session reads cost a query",
        supersedes_id=redis,
    )
    app.decide(
        ben,
        c.SetTechnicalRequirements(
            item_id=v2,
            requirements=["p95 payment latency under 800 ms", "Refunds are idempotent"],
            rationale="From the PSP's integration checklist",
        ),
    )

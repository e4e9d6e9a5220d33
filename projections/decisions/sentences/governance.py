"""Sentences of the decisions about risks, architecture decisions and technical
requirements: "Ana (Product Owner) assessed risk #1 'PSP outage': exposure 8 -> 20"."""

from __future__ import annotations

from typing import Any

from domain import governance_events as ev
from projections.decisions.wording import (
    Changes,
    Wording,
    changed_fields,
    created,
    sentence,
    status_moved,
)


def _risk(e: Any, w: Wording) -> str:
    risk = ev.risks_of(w.before).get(e.risk_id) if w.before is not None else None
    return f"risk #{risk['number']} '{risk['title']}'" if risk else "a risk"


def _adr(adr_id: str, w: Wording) -> str:
    adr = ev.adrs_of(w.before).get(adr_id) if w.before is not None else None
    return f"architecture decision #{adr['number']} '{adr['title']}'" if adr else "a decision"


@sentence(ev.RiskRaised)
def risk_raised(e: ev.RiskRaised, w: Wording) -> tuple[str, Changes]:
    what = "an opportunity" if e.kind == "OPPORTUNITY" else "a risk"
    return f"raised {what} #{e.number} '{e.title}' (exposure {e.likelihood * e.impact})", created(
        title=e.title, kind=e.kind, likelihood=e.likelihood, impact=e.impact, items=e.item_ids
    )


@sentence(ev.RiskAssessed)
def risk_assessed(e: ev.RiskAssessed, w: Wording) -> tuple[str, Changes]:
    before, after = e.likelihood_before * e.impact_before, e.likelihood_after * e.impact_after
    changes = changed_fields(e, "likelihood", "impact")
    return f"assessed {_risk(e, w)}: exposure {before} -> {after}", changes


@sentence(ev.RiskItemsSet)
def risk_items_set(e: ev.RiskItemsSet, w: Wording) -> tuple[str, Changes]:
    count = len(e.item_ids_after)
    return f"linked {_risk(e, w)} to {count} item{'s' * (count != 1)}", [
        ("items", e.item_ids_before, e.item_ids_after)
    ]


@sentence(ev.ArchitectureDecisionProposed)
def adr_proposed(e: ev.ArchitectureDecisionProposed, w: Wording) -> tuple[str, Changes]:
    instead = f", to supersede {_adr(e.supersedes_id, w)}" if e.supersedes_id else ""
    return f"proposed architecture decision #{e.number} '{e.title}'{instead}", created(
        title=e.title, status="PROPOSED"
    )


@sentence(ev.TechnicalRequirementsSet)
def technical_requirements_set(e: ev.TechnicalRequirementsSet, w: Wording) -> tuple[str, Changes]:
    return f"set the technical requirements of {w.title}", [
        ("technicalRequirements", e.before, e.after)
    ]


status_moved(ev.RiskResolved, lambda e, w: f"resolved {_risk(e, w)} as {e.status_after}")
status_moved(
    ev.ArchitectureDecisionAccepted,
    lambda e, w: f"accepted {_adr(e.architecture_decision_id, w)}",
)
status_moved(
    ev.ArchitectureDecisionRejected,
    lambda e, w: f"rejected {_adr(e.architecture_decision_id, w)}",
)
status_moved(
    ev.ArchitectureDecisionSuperseded,
    lambda e, w: (
        f"superseded {_adr(e.architecture_decision_id, w)} by {_adr(e.superseded_by_id, w)}"
    ),
)

"""The decisions recorded about risks, architecture decisions and technical
requirements. Their state lives inside the Product as plain JSON values (created
lazily: snapshots stored before these decisions existed lack it), so snapshots
need no new transcodings.

Each record keeps: its number, fields, status, item ids, the version (decisions
about it) and the instants the retrospective reads (raised_at, resolved_at,
decided_at).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from domain.backlog_item import BacklogItem
from domain.event_fields import same_named
from domain.governance_vocabulary import AboutRecord, RiskStatus
from domain.governance_vocabulary import ArchitectureDecisionStatus as AdrStatus
from domain.product_events import ItemDecision, ProductDecision

if TYPE_CHECKING:
    from domain.product import Product

Record = dict[str, Any]


def risks_of(product: Any) -> dict[str, Record]:
    """The product's risks and opportunities by id, in the order they were raised."""
    risks: dict[str, Record] = product.__dict__.setdefault("governance_risks", {})
    return risks


def adrs_of(product: Any) -> dict[str, Record]:
    """The product's architecture decisions by id, in the order they were proposed."""
    adrs: dict[str, Record] = product.__dict__.setdefault("governance_adrs", {})
    return adrs


def requirements_of(product: Any) -> dict[str, list[str]]:
    """Technical requirements by item id (items without any are absent)."""
    found: dict[str, list[str]] = product.__dict__.setdefault("technical_requirements", {})
    return found


class RecordDecision(ProductDecision, AboutRecord):
    """A decision about one risk or architecture decision."""

    @property
    def audit_subject(self) -> str:
        """The audit names the record as the decision's subject."""
        return self.record_id


class RiskDecision(RecordDecision):
    """A decision about one risk or opportunity."""

    risk_id: str
    record_field = "risk_id"

    def evolve(self, product: Product) -> None:
        risk = risks_of(product)[self.risk_id]
        self.change(risk)
        risk["version"] += 1

    def change(self, risk: Record) -> None:
        raise NotImplementedError


class RiskRaised(RiskDecision):
    number: int
    kind: str
    title: str
    description: str
    likelihood: int
    impact: int
    item_ids: list[str]

    def evolve(self, product: Product) -> None:
        risks_of(product)[self.risk_id] = {
            "id": self.risk_id,
            **same_named(self, "number", "kind", "title", "description", "likelihood", "impact"),
            "status": RiskStatus.OPEN.value,
            "raised_by": self.actor_id,
            "item_ids": list(self.item_ids),
            "version": 1,
            "raised_at": self.timestamp.isoformat(),
            "resolved_at": None,
        }


class RiskAssessed(RiskDecision):
    likelihood_before: int
    impact_before: int
    likelihood_after: int
    impact_after: int

    def change(self, risk: Record) -> None:
        risk["likelihood"] = self.likelihood_after
        risk["impact"] = self.impact_after


class RiskItemsSet(RiskDecision):
    item_ids_before: list[str]
    item_ids_after: list[str]

    def change(self, risk: Record) -> None:
        risk["item_ids"] = list(self.item_ids_after)


class RiskResolved(RiskDecision):
    status_before: str
    status_after: str

    def change(self, risk: Record) -> None:
        risk["status"] = self.status_after
        risk["resolved_at"] = self.timestamp.isoformat()


class ArchitectureDecisionEvent(RecordDecision):
    """A decision about one architecture decision."""

    architecture_decision_id: str
    record_field = "architecture_decision_id"


class ArchitectureDecisionProposed(ArchitectureDecisionEvent):
    number: int
    title: str
    context: str
    decision: str
    consequences: str
    item_ids: list[str]
    supersedes_id: str | None

    def evolve(self, product: Product) -> None:
        adrs_of(product)[self.architecture_decision_id] = {
            "id": self.architecture_decision_id,
            **same_named(self, "number", "title", "context", "decision", "consequences"),
            "status": AdrStatus.PROPOSED.value,
            "supersedes_id": self.supersedes_id,
            "superseded_by_id": None,
            "proposed_by": self.actor_id,
            "item_ids": list(self.item_ids),
            "version": 1,
            "decided_at": None,
        }


class ArchitectureDecisionMove(ArchitectureDecisionEvent):
    """A change of an architecture decision's status."""

    status_before: str
    status_after: str
    follows_decision: ClassVar[bool] = False
    """True for the event a decision records as its consequence (supersession)."""

    def evolve(self, product: Product) -> None:
        adr = adrs_of(product)[self.architecture_decision_id]
        adr["status"] = self.status_after
        adr["decided_at"] = self.timestamp.isoformat()
        adr["version"] += 1
        self.change(adr)

    def change(self, adr: Record) -> None:
        pass


class ArchitectureDecisionAccepted(ArchitectureDecisionMove):
    pass


class ArchitectureDecisionRejected(ArchitectureDecisionMove):
    pass


class ArchitectureDecisionSuperseded(ArchitectureDecisionMove):
    """Recorded with the successor's acceptance, in the same save."""

    superseded_by_id: str
    follows_decision: ClassVar[bool] = True

    def change(self, adr: Record) -> None:
        adr["superseded_by_id"] = self.superseded_by_id


class TechnicalRequirementsSet(ItemDecision):
    before: list[str]
    after: list[str]

    def change(self, product: Product, item: BacklogItem) -> None:
        found = requirements_of(product)
        if self.after:
            found[self.item_id] = list(self.after)
        else:
            found.pop(self.item_id, None)


GOVERNANCE_TYPES: tuple[type[ProductDecision], ...] = (
    RiskRaised,
    RiskAssessed,
    RiskItemsSet,
    RiskResolved,
    ArchitectureDecisionProposed,
    ArchitectureDecisionAccepted,
    ArchitectureDecisionRejected,
    ArchitectureDecisionSuperseded,
    TechnicalRequirementsSet,
)

"""Decisions about risks and opportunities, architecture decisions and the technical
requirements of items. Both registers number their records 1, 2, ... per product."""

from __future__ import annotations

from typing import Any

from domain import commands as c
from domain import governance_events as ev
from domain.errors import Conflict, InvalidInput, NotFound
from domain.governance_vocabulary import ArchitectureDecisionStatus as AdrStatus
from domain.governance_vocabulary import RiskStatus
from domain.handlers import By, decides
from domain.product.state import ProductState


class GovernanceDecisions(ProductState):
    # -- guards ------------------------------------------------------------

    def risk(self, risk_id: str, expected_version: int | None = None) -> ev.Record:
        return self.registered(ev.risks_of(self), risk_id, "risk", expected_version)

    def open_risk(self, cmd: c.RiskCommand) -> ev.Record:
        risk = self.risk(cmd.risk_id, cmd.expected_version)
        if risk["status"] != RiskStatus.OPEN:
            raise Conflict(f"the risk is {risk['status']}, not OPEN: it can no longer change")
        return risk

    def architecture_decision(self, adr_id: str, expected: int | None = None) -> ev.Record:
        return self.registered(ev.adrs_of(self), adr_id, "architecture decision", expected)

    def registered(
        self, register: dict[str, ev.Record], record_id: str, noun: str, expected: int | None
    ) -> ev.Record:
        """A record of one of the numbered registers, at the version the decision expected."""
        try:
            record = register[record_id]
        except KeyError:
            raise NotFound(f"no {noun} {record_id}") from None
        self.check_expected(expected, record["version"], f"the {noun}")
        return record

    def proposed(self, cmd: c.ArchitectureDecisionCommand) -> ev.Record:
        adr = self.architecture_decision(cmd.architecture_decision_id, cmd.expected_version)
        if adr["status"] != AdrStatus.PROPOSED:
            raise Conflict(f"the architecture decision is {adr['status']}, not PROPOSED")
        return adr

    def check_items(self, item_ids: tuple[str, ...]) -> None:
        """Items of another product are refused before this (domain.references)."""
        for item_id in item_ids:
            self.item(item_id)

    # -- risks -------------------------------------------------------------

    @decides(c.RaiseRisk)
    def raise_risk(self, by: By, cmd: c.RaiseRisk) -> str:
        self.check_items(cmd.item_ids)
        number = len(ev.risks_of(self)) + 1
        return self.record_new(ev.RiskRaised, by, cmd, "risk_id", number=number)

    @decides(c.AssessRisk)
    def assess_risk(self, by: By, cmd: c.AssessRisk) -> None:
        risk = self.open_risk(cmd)
        self.record(
            ev.RiskAssessed,
            by,
            cmd,
            likelihood_before=risk["likelihood"],
            impact_before=risk["impact"],
            likelihood_after=cmd.likelihood,
            impact_after=cmd.impact,
        )

    @decides(c.ResolveRisk)
    def resolve_risk(self, by: By, cmd: c.ResolveRisk) -> None:
        if cmd.status is RiskStatus.OPEN:
            raise InvalidInput("status must be MITIGATED, REALIZED or DISMISSED, not OPEN")
        risk = self.open_risk(cmd)
        self.record(
            ev.RiskResolved, by, cmd, status_before=risk["status"], status_after=cmd.status.value
        )

    @decides(c.SetRiskItems)
    def set_risk_items(self, by: By, cmd: c.SetRiskItems) -> None:
        risk = self.risk(cmd.risk_id, cmd.expected_version)
        self.check_items(cmd.item_ids)
        self.record(
            ev.RiskItemsSet,
            by,
            cmd,
            item_ids_before=list(risk["item_ids"]),
            item_ids_after=list(cmd.item_ids),
        )

    # -- architecture decisions --------------------------------------------

    @decides(c.ProposeArchitectureDecision)
    def propose_architecture_decision(self, by: By, cmd: c.ProposeArchitectureDecision) -> str:
        self.check_items(cmd.item_ids)
        if cmd.supersedes_id is not None:
            self.check_supersedable(cmd.supersedes_id)
        number = len(ev.adrs_of(self)) + 1
        return self.record_new(
            ev.ArchitectureDecisionProposed, by, cmd, "architecture_decision_id", number=number
        )

    def check_supersedable(self, adr_id: str) -> ev.Record:
        old = self.architecture_decision(adr_id)
        if old["status"] != AdrStatus.ACCEPTED:
            raise Conflict(
                f"only an ACCEPTED architecture decision can be superseded; "
                f"number {old['number']} is {old['status']}"
            )
        return old

    def move_architecture_decision(
        self,
        event: type[ev.ArchitectureDecisionMove],
        by: By,
        cmd: c.ArchitectureDecisionCommand,
        adr: ev.Record,
        status: AdrStatus,
        **given: Any,
    ) -> None:
        """Records an architecture decision's change of status, from the one it has."""
        self.record(
            event,
            by,
            cmd,
            architecture_decision_id=adr["id"],
            status_before=adr["status"],
            status_after=status.value,
            **given,
        )

    @decides(c.AcceptArchitectureDecision)
    def accept_architecture_decision(self, by: By, cmd: c.AcceptArchitectureDecision) -> None:
        adr = self.proposed(cmd)
        old = None
        if adr["supersedes_id"] is not None:
            # It may have been superseded since the proposal.
            old = self.check_supersedable(adr["supersedes_id"])
        self.move_architecture_decision(
            ev.ArchitectureDecisionAccepted, by, cmd, adr, AdrStatus.ACCEPTED
        )
        if old is not None:
            # The same save records both: the decision path saves every pending event.
            self.move_architecture_decision(
                ev.ArchitectureDecisionSuperseded,
                by,
                cmd,
                old,
                AdrStatus.SUPERSEDED,
                superseded_by_id=adr["id"],
            )

    @decides(c.RejectArchitectureDecision)
    def reject_architecture_decision(self, by: By, cmd: c.RejectArchitectureDecision) -> None:
        self.move_architecture_decision(
            ev.ArchitectureDecisionRejected, by, cmd, self.proposed(cmd), AdrStatus.REJECTED
        )

    # -- technical requirements --------------------------------------------

    @decides(c.SetTechnicalRequirements)
    def set_technical_requirements(self, by: By, cmd: c.SetTechnicalRequirements) -> None:
        self.open_item(cmd.item_id, cmd.expected_version)
        self.record(
            ev.TechnicalRequirementsSet,
            by,
            cmd,
            before=list(ev.requirements_of(self).get(cmd.item_id, [])),
            after=list(cmd.requirements),
        )

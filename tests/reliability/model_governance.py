"""The reference model's risk decisions (contract part governance.graphql, issue 15).

Written from the contract's header rules, in the order model.py lists them:
- raiseRisk (PO or EM): likelihood and impact 1..5, else InvalidInput; the risk is OPEN,
  at version 1, numbered 1, 2, ... per product; the outcome names it (created id).
- assessRisk (PO, rationale required): new likelihood and impact of an OPEN risk.
- resolveRisk (PO, rationale required): OPEN -> MITIGATED, REALIZED or DISMISSED; OPEN as
  the target is InvalidInput (once the caller may decide). A risk that is not OPEN is
  Conflict for both; expectedVersion is the risk's version. An id that is no risk of any
  product is NotFound.
- setTechnicalRequirements (EM): replaces the item's requirements (up to 50, each 1..500
  characters); like an estimate, only while the item is open (ACCEPTED or DROPPED:
  Conflict, as the contract is silent), expectedVersion is the item's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.errors import Conflict, InvalidInput, NotFound
from tests.reliability.model import (
    EM,
    PO,
    Caller,
    ItemModel,
    Prediction,
    ProductModel,
    canonical,
    rationale,
    text,
)
from tests.reliability.model_lifecycle import LifecycleModel


@dataclass
class RiskModel:
    product: str
    number: int
    likelihood: int
    impact: int
    status: str = "OPEN"
    version: int = 1


def level(value: int) -> int:
    if not 1 <= value <= 5:
        raise InvalidInput("likelihood and impact are 1..5")
    return value


class GovernanceModel(LifecycleModel):
    def __init__(self) -> None:
        super().__init__()
        self.risks: dict[str, RiskModel] = {}
        self.requirements: dict[str, list[str]] = {}  # item id -> its technical requirements

    def raise_risk(
        self,
        caller: Caller,
        product_id: str,
        title: str,
        likelihood: int,
        impact: int,
        key: str | None,
        new_id: str,
    ) -> Prediction:
        title, likelihood, impact = text(title, 200), level(likelihood), level(impact)
        product_id = canonical(product_id)

        def decide() -> Prediction:
            product = self.product(product_id)
            self.role(product, caller, (PO, EM))
            number = 1 + sum(r.product == product_id for r in self.risks.values())
            self.risks[new_id] = RiskModel(product_id, number, likelihood, impact)
            return self.decided(product_id, events=2, created=new_id)  # product and locator

        request = ("raiseRisk", product_id, title, likelihood, impact)
        return self.run(caller, key, request, decide)

    def on_open_risk(
        self,
        caller: Caller,
        key: str | None,
        request: tuple[object, ...],
        risk_id: str,
        expected: int | None,
        change: Callable[[RiskModel], None],
        target: str | None = None,
    ) -> Prediction:
        risk_id = canonical(risk_id)
        risk = self.risks.get(risk_id)
        if risk is None:
            raise NotFound(risk_id)

        def decide() -> Prediction:
            self.role(self.products[risk.product], caller, (PO,))
            if target == "OPEN":  # checked once the caller may decide
                raise InvalidInput("OPEN is no resolution")
            self.expect(expected, risk.version)
            if risk.status != "OPEN":
                raise Conflict(f"the risk is {risk.status}")
            change(risk)
            risk.version += 1
            return self.decided(risk.product)

        return self.run(caller, key, (*request, risk_id, expected), decide)

    def assess_risk(
        self,
        caller: Caller,
        risk_id: str,
        likelihood: int,
        impact: int,
        why: str | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(risk_id)
        likelihood, impact = level(likelihood), level(impact)
        why = rationale(why, required=True)

        def change(risk: RiskModel) -> None:
            risk.likelihood, risk.impact = likelihood, impact

        request = ("assessRisk", likelihood, impact, why)
        return self.on_open_risk(caller, key, request, risk_id, expected, change)

    def resolve_risk(
        self,
        caller: Caller,
        risk_id: str,
        status: str,
        why: str | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(risk_id)
        why = rationale(why, required=True)

        def change(risk: RiskModel) -> None:
            risk.status = status

        request = ("resolveRisk", status, why)
        return self.on_open_risk(caller, key, request, risk_id, expected, change, status)

    def set_technical_requirements(
        self,
        caller: Caller,
        item_id: str,
        requirements: list[str],
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(item_id)
        if len(requirements) > 50:
            raise InvalidInput("requirements")
        requirements = [text(r, 500) for r in requirements]

        def change(product: ProductModel, item: ItemModel) -> None:
            self.role(product, caller, (EM,))
            self.open_item(item, expected)
            self.requirements[canonical(item_id)] = list(requirements)

        request = ("setTechnicalRequirements", tuple(requirements), expected)
        return self.on_item(caller, key, request, item_id, change)

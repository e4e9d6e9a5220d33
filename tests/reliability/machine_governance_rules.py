"""The state machine's risk decisions (issue 15): raiseRisk, assessRisk and resolveRisk,
by any caller, held to model_governance.py; an invariant compares every risk."""

from __future__ import annotations

import uuid

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from domain.commands import AssessRisk, RaiseRisk, ResolveRisk, SetTechnicalRequirements
from domain.governance_events import requirements_of, risks_of
from domain.governance_vocabulary import RiskStatus
from domain.outcome import Outcome
from tests.reliability.machine import CALLERS, EXPECTED, KEYS, PICK, RATIONALES, TITLES
from tests.reliability.machine_lifecycle_rules import LifecycleMachine
from tests.reliability.machine_rules import CRITERIA
from tests.reliability.model import EM, PO, Prediction

LEVELS = st.sampled_from((0, 1, 2, 3, 5, 6))


class GovernanceMachine(LifecycleMachine):
    def risk(self, n: int) -> str:
        return self.pick(list(self.model.risks), n, self.item(0))

    def risk_version(self, risk_id: str) -> int:
        risk = self.model.risks.get(risk_id)
        return risk.version if risk else 1

    @rule(caller=CALLERS, product=PICK, title=TITLES, likelihood=LEVELS, impact=LEVELS, key=KEYS)
    def raise_risk(
        self, caller: str, product: int, title: str, likelihood: int, impact: int, key: str | None
    ) -> None:
        product_id, k = self.product(product), self.key(key, caller)
        actor, who = self.actor(caller, product_id, (PO, EM))

        def model(outcome: Outcome | None) -> Prediction:
            new_id = (outcome.created_id if outcome else None) or str(uuid.uuid4())
            return self.model.raise_risk(who, product_id, title, likelihood, impact, k, new_id)

        self.attempt(
            "raiseRisk",
            lambda: self.app.decide(
                actor,
                RaiseRisk(product_id=product_id, title=title, likelihood=likelihood, impact=impact),
                idempotency_key=k,
            ),
            model,
        )

    @rule(
        caller=CALLERS,
        risk=PICK,
        likelihood=LEVELS,
        impact=LEVELS,
        why=RATIONALES,
        how=EXPECTED,
        key=KEYS,
    )
    def assess_risk(
        self,
        caller: str,
        risk: int,
        likelihood: int,
        impact: int,
        why: str | None,
        how: str | None,
        key: str | None,
    ) -> None:
        risk_id, k = self.risk(risk), self.key(key, caller)
        owner = self.model.risks.get(risk_id)
        actor, who = self.actor(caller, owner.product if owner else None, (PO,))
        expected = self.expected(how, self.risk_version(risk_id))
        self.attempt(
            "assessRisk",
            lambda: self.app.decide(
                actor,
                AssessRisk(
                    risk_id=risk_id,
                    likelihood=likelihood,
                    impact=impact,
                    rationale=why,
                    expected_version=expected,
                ),
                idempotency_key=k,
            ),
            lambda _: self.model.assess_risk(who, risk_id, likelihood, impact, why, expected, k),
        )

    @rule(
        caller=CALLERS,
        risk=PICK,
        status=st.sampled_from(list(RiskStatus)),
        why=RATIONALES,
        how=EXPECTED,
        key=KEYS,
    )
    def resolve_risk(
        self,
        caller: str,
        risk: int,
        status: RiskStatus,
        why: str | None,
        how: str | None,
        key: str | None,
    ) -> None:
        risk_id, k = self.risk(risk), self.key(key, caller)
        owner = self.model.risks.get(risk_id)
        actor, who = self.actor(caller, owner.product if owner else None, (PO,))
        expected = self.expected(how, self.risk_version(risk_id))
        self.attempt(
            f"resolveRisk {status.value}",
            lambda: self.app.decide(
                actor,
                ResolveRisk(
                    risk_id=risk_id, status=status, rationale=why, expected_version=expected
                ),
                idempotency_key=k,
            ),
            lambda _: self.model.resolve_risk(who, risk_id, status.value, why, expected, k),
        )

    @rule(
        caller=st.sampled_from(("planner",) * 4 + ("Ben", "Cleo", "Eve", "admin")),
        step=st.sampled_from(("raise", "assess", "resolve")),
        status=st.sampled_from(list(RiskStatus)),
    )
    def work_on_a_risk(self, caller: str, step: str, status: RiskStatus) -> None:
        """Raise a risk, or assess or resolve the first open one, with valid values:
        random values alone seldom get a risk raised, let alone resolved."""
        risks = list(self.model.risks)
        open_ = [n for n, i in enumerate(risks) if self.model.risks[i].status == "OPEN"]
        if step == "raise" or not open_:
            self.raise_risk(caller, 0, "Vendor lock-in", 3, 4, None)
        elif step == "assess":
            self.assess_risk(caller, open_[0], 2, 5, "New data", None, None)
        else:
            self.resolve_risk(caller, open_[0], status, "Handled", None, None)

    @rule(caller=CALLERS, item=PICK, requirements=CRITERIA, how=EXPECTED, key=KEYS)
    def set_technical_requirements(
        self,
        caller: str,
        item: int,
        requirements: list[str] | None,
        how: str | None,
        key: str | None,
    ) -> None:
        item_id, k, wanted = self.item(item), self.key(key, caller), requirements or []
        actor, who = self.actor(caller, item_id, (EM,))
        expected = self.expected(how, self.item_version(item_id))
        self.attempt(
            "setTechnicalRequirements",
            lambda: self.app.decide(
                actor,
                SetTechnicalRequirements(
                    item_id=item_id, requirements=wanted, expected_version=expected
                ),
                idempotency_key=k,
            ),
            lambda _: self.model.set_technical_requirements(who, item_id, wanted, expected, k),
        )

    @invariant()
    def risks_agree_with_the_model(self) -> None:
        for product_id in self.model.products:
            product = self.app.product(product_id)
            # risks_of creates the register lazily: reading it must not change the product
            # the replay invariant compares, so read without it unless it is there
            held = risks_of(product) if "governance_risks" in vars(product) else {}
            mine = {i: r for i, r in self.model.risks.items() if r.product == product_id}
            assert set(held) == set(mine)
            for risk_id, risk in held.items():
                model = mine[risk_id]
                assert (
                    risk["number"],
                    risk["likelihood"],
                    risk["impact"],
                    risk["status"],
                    risk["version"],
                ) == (model.number, model.likelihood, model.impact, model.status, model.version)

    @invariant()
    def technical_requirements_agree_with_the_model(self) -> None:
        for product_id in self.model.products:
            product = self.app.product(product_id)
            held = requirements_of(product) if "technical_requirements" in vars(product) else {}
            mine = {i: r for i, r in self.model.requirements.items() if r}
            assert {i: r for i, r in held.items() if self.model.items[i].product == product_id} == {
                i: r for i, r in mine.items() if self.model.items[i].product == product_id
            }

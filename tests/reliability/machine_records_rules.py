"""The state machine's score, risk-link and architecture decisions (issues 15 and 17):
scoreItem, setRiskItems and the three architecture decisions, by any caller, held to
model_adrs.py; an invariant compares every score, risk's items and architecture decision."""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from domain import commands as c
from domain.governance_events import adrs_of, risks_of
from domain.outcome import Outcome
from domain.scoring import check_score
from tests.reliability.machine import CALLERS, EXPECTED, KEYS, PICK, RATIONALES, TITLES
from tests.reliability.machine_goal_rules import PICKS, GoalMachine
from tests.reliability.model import EM, PO, Prediction

SCORES = st.sampled_from(
    (
        {"model": "WSJF", "businessValue": 8.0, "timeCriticality": 5.0, "riskReduction": 2.0,
         "jobSize": 5.0},
        {"model": "WSJF", "businessValue": 3.0, "timeCriticality": 1.0, "riskReduction": 1.0,
         "jobSize": 0.0},
        {"model": "RICE", "reach": 500.0, "impact": 2.0, "confidence": 0.8, "effort": 3.0},
        {"model": "RICE", "reach": 0.0, "impact": 1.0, "confidence": 1.5, "effort": 1.0},
        {"model": "RICE", "reach": 10.0, "impact": 1.0, "confidence": 1.0},
        {"model": "WSJF", "businessValue": 1.0, "timeCriticality": 1.0, "riskReduction": 1.0,
         "jobSize": 1.0, "reach": 1.0},
    )
)  # fmt: skip


class RecordsMachine(GoalMachine):
    # -- picking records -------------------------------------------------------------

    def adr(self, n: int) -> str:
        return self.pick(list(self.model.records.adrs), n, self.risk(0))

    def adr_version(self, adr_id: str) -> int:
        adr = self.model.records.adrs.get(adr_id)
        return adr.version if adr else 1

    # -- scores and risks' items -------------------------------------------------------

    @rule(caller=CALLERS, item=PICK, inputs=SCORES, how=EXPECTED, key=KEYS)
    def score_item(
        self, caller: str, item: int, inputs: dict[str, Any], how: str | None, key: str | None
    ) -> None:
        item_id, k = self.item(item), self.key(key, caller)
        actor, who = self.actor(caller, item_id, (PO,))
        expected = self.expected(how, self.item_version(item_id))

        def service() -> Outcome:
            command = c.ScoreItem(
                item_id=item_id, score=check_score(inputs), expected_version=expected
            )
            return self.app.decide(actor, command, idempotency_key=k)

        self.attempt(
            f"scoreItem {inputs['model']}",
            service,
            lambda _: self.model.score_item(who, item_id, inputs, expected, k),
        )

    @rule(caller=CALLERS, risk=PICK, items=PICKS, how=EXPECTED, key=KEYS)
    def set_risk_items(
        self, caller: str, risk: int, items: list[int], how: str | None, key: str | None
    ) -> None:
        risk_id, k, item_ids = self.risk(risk), self.key(key, caller), [self.item(n) for n in items]
        owner = self.model.risks.get(risk_id)
        actor, who = self.actor(caller, owner.product if owner else None, (PO, EM))
        expected = self.expected(how, self.risk_version(risk_id))
        self.attempt(
            "setRiskItems",
            lambda: self.app.decide(
                actor,
                c.SetRiskItems(
                    risk_id=risk_id, item_ids=tuple(item_ids), expected_version=expected
                ),
                idempotency_key=k,
            ),
            lambda _: self.model.set_risk_items(who, risk_id, item_ids, expected, k),
        )

    # -- architecture decisions --------------------------------------------------------

    @rule(
        caller=CALLERS,
        product=PICK,
        title=TITLES,
        items=PICKS,
        supersedes=st.one_of(st.none(), PICK),
        key=KEYS,
    )
    def propose_architecture_decision(
        self,
        caller: str,
        product: int,
        title: str,
        items: list[int],
        supersedes: int | None,
        key: str | None,
    ) -> None:
        product_id, k, item_ids = (
            self.product(product),
            self.key(key, caller),
            [self.item(n) for n in items],
        )
        old = None if supersedes is None else self.adr(supersedes)
        actor, who = self.actor(caller, product_id, (EM,))

        def model(outcome: Outcome | None) -> Prediction:
            new_id = (outcome.created_id if outcome else None) or str(uuid.uuid4())
            return self.model.propose_architecture_decision(
                who, product_id, title, item_ids, old, k, new_id
            )

        command = c.ProposeArchitectureDecision(
            product_id=product_id, title=title, context="Card payments", decision="Stripe",
            consequences="", item_ids=tuple(item_ids), supersedes_id=old,
        )  # fmt: skip
        self.attempt(
            "proposeArchitectureDecision",
            lambda: self.app.decide(actor, command, idempotency_key=k),
            model,
        )

    @rule(
        caller=CALLERS,
        operation=st.sampled_from(("accept", "reject")),
        adr=PICK,
        why=RATIONALES,
        how=EXPECTED,
        key=KEYS,
    )
    def move_architecture_decision(
        self,
        caller: str,
        operation: str,
        adr: int,
        why: str | None,
        how: str | None,
        key: str | None,
    ) -> None:
        adr_id, k = self.adr(adr), self.key(key, caller)
        owner = self.model.records.adrs.get(adr_id)
        actor, who = self.actor(caller, owner.product if owner else None, (EM,))
        expected = self.expected(how, self.adr_version(adr_id))
        kind = (
            c.AcceptArchitectureDecision if operation == "accept" else c.RejectArchitectureDecision
        )
        command = kind(architecture_decision_id=adr_id, rationale=why, expected_version=expected)
        self.attempt(
            f"{operation}ArchitectureDecision",
            lambda: self.app.decide(actor, command, idempotency_key=k),
            lambda _: self.model.move_architecture_decision(
                who, operation, adr_id, why, expected, k
            ),
        )

    @rule(
        caller=st.sampled_from(("planner",) * 4 + ("Ana", "Cleo", "Eve", "admin")),
        step=st.sampled_from(("propose", "supersede", "accept", "reject")),
    )
    def work_on_an_architecture_decision(self, caller: str, step: str) -> None:
        """Valid architecture decisions on what exists: picked at random, a PROPOSED one is
        seldom there to accept or reject."""
        adrs = self.model.records.adrs
        proposed = [n for n, a in enumerate(adrs.values()) if a.status == "PROPOSED"]
        accepted = [n for n, a in enumerate(adrs.values()) if a.status == "ACCEPTED"]
        if step in ("propose", "supersede") or not proposed:
            old = accepted[0] if accepted and step == "supersede" else None
            self.propose_architecture_decision(caller, 0, "Use Stripe", [], old, None)
        else:
            self.move_architecture_decision(caller, step, proposed[0], "Costly", None, None)

    @invariant()
    def scores_and_records_agree_with_the_model(self) -> None:
        records = self.model.records
        for product_id in self.model.products:
            product = self.app.product(product_id)
            scores = vars(product).get("item_scores", {})
            assert scores == {
                i: v for i, v in records.scores.items() if self.model.items[i].product == product_id
            }
            state = vars(product)
            risks = risks_of(product) if "governance_risks" in state else {}
            for risk_id, risk in risks.items():
                assert risk["item_ids"] == records.risk_items.get(risk_id, []), risk_id
            adrs = adrs_of(product) if "governance_adrs" in state else {}
            assert {
                i: (a["number"], a["status"], a["version"], a["supersedes_id"])
                for i, a in adrs.items()
            } == {
                i: (a.number, a.status, a.version, a.supersedes)
                for i, a in records.adrs.items()
                if a.product == product_id
            }

"""The authorization matrix of the governance, integrity and updates areas, beside
test_authorization.py and on its two products: every mutation of governance.graphql,
scoreItem, publishUpdate and the webhook mutations, and the verifyAudit query, tried by
every kind of caller (Jo holds both PO and EM on Billing) on both products.

Allowed callers succeed in the role the permission table gives them; everyone else gets
FORBIDDEN (UNAUTHENTICATED without a token) and nothing is recorded."""

from __future__ import annotations

import inspect
import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from domain import commands as c
from domain.governance_events import adrs_of, risks_of
from tests.api.harness import running
from tests.backends import database_url
from tests.reliability.figures import record
from tests.reliability.test_authorization import (
    BACKENDS,
    DECIDERS,
    EM,
    EM_OF,
    PO,
    PO_OF,
    Subjects,
    judged,
    with_jo,
)
from tests.reliability.world import World, two_products
from tests.updates.receiver import receiving
from tests.updates.webhook_harness import QUICK

PROMISE = "10. Nobody reads or decides outside their role, on any path"
DECISION = "decision { role actor { name } }"
RISK, ADR, ITEM = "{ risk { id } %s }", "{ architectureDecision { id } %s }", "{ item { id } %s }"
MUTATIONS: dict[str, tuple[str, str, str]] = {  # name -> (input type, payload, who may)
    "raiseRisk": ("RaiseRiskInput", RISK, "PO or EM"),
    "assessRisk": ("AssessRiskInput", RISK, "PO"),
    "resolveRisk": ("ResolveRiskInput", RISK, "PO"),
    "setRiskItems": ("SetRiskItemsInput", RISK, "PO or EM"),
    "proposeArchitectureDecision": ("ProposeArchitectureDecisionInput", ADR, "EM"),
    "acceptArchitectureDecision": ("ArchitectureDecisionInput", ADR, "EM"),
    "rejectArchitectureDecision": ("ArchitectureDecisionInput", ADR, "EM"),
    "setTechnicalRequirements": ("SetTechnicalRequirementsInput", ITEM, "EM"),
    "scoreItem": ("ScoreItemInput", ITEM, "PO"),
    "publishUpdate": ("PublishUpdateInput", "{ update { number } %s }", "PO"),
    "addWebhook": ("AddWebhookInput", "{ webhook { id } %s }", "admin or PO"),
    "removeWebhook": ("WebhookInput", "{ webhook { active } %s }", "admin or PO"),
    "redeliver": ("RedeliverInput", "{ webhook { id } }", "admin or PO"),
}
VERIFY = "query($p: ID!) { verifyAudit(productId: $p) { ok checked } }"
WSJF = {"model": "WSJF", "businessValue": 8, "timeCriticality": 5, "riskReduction": 3, "jobSize": 2}


def document(name: str) -> str:
    kind, payload, _ = MUTATIONS[name]
    shown = payload % DECISION if "%s" in payload else payload
    return f"mutation($input: {kind}!) {{ {name}(input: $input) {shown} }}"


def allowed(name: str, product: str) -> dict[str, str | None]:
    """Who may, and the role recorded: a member holding both decides in the first role
    the permission table lists for the decision (PO before EM)."""
    po, em, dual = PO_OF[product], EM_OF[product], product == "Billing"
    who: dict[str, str | None] = {}
    rule = MUTATIONS[name][2] if name in MUTATIONS else "admin or PO or EM"
    if "admin" in rule:
        who["admin"] = None
    if "PO" in rule.split():
        who.update({po: PO, **({"Jo": PO} if dual else {})})
    if "EM" in rule.split():
        who.update({em: EM, **({"Jo": who.get("Jo", EM)} if dual else {})})
    return who


class RecordSubjects(Subjects):
    """Fresh risks, architecture decisions and webhooks on one product."""

    def __init__(self, world: World, product: str, receiver: str) -> None:
        super().__init__(world, product)
        self.world, self.receiver, self.name = world, receiver, product

    def risk(self) -> str:
        command = c.RaiseRisk(product_id=self.product, title="Fraud", likelihood=2, impact=3)
        self.api.tandem.decide(self.po, command)
        return list(risks_of(self.api.tandem.product(self.product)))[-1]

    def adr(self) -> str:
        command = c.ProposeArchitectureDecision(
            product_id=self.product, title="Use Stripe", context="Cards", decision="Stripe",
            consequences="",
        )  # fmt: skip
        self.api.tandem.decide(self.em, command)
        return list(adrs_of(self.api.tandem.product(self.product)))[-1]

    async def webhook(self) -> str:
        data = await self.api.ok(
            document("addWebhook"),
            {"input": {"productId": self.product, "url": self.receiver}},
            PO_OF[self.name],
        )
        return str(data["addWebhook"]["webhook"]["id"])

    def record_input(self, name: str) -> Any:
        n, product = next(self.count), self.product
        make: dict[str, Callable[[], Any]] = {
            "raiseRisk": lambda: {
                "productId": product, "title": f"Outage {n}", "likelihood": 2, "impact": 4,
            },
            "assessRisk": lambda: {
                "riskId": self.risk(), "likelihood": 4, "impact": 4, "rationale": "Worse",
            },
            "resolveRisk": lambda: {
                "riskId": self.risk(), "status": "MITIGATED", "rationale": "Fixed",
            },
            "setRiskItems": lambda: {"riskId": self.risk(), "itemIds": [self.item()]},
            "proposeArchitectureDecision": lambda: {
                "productId": product, "title": f"Queue {n}", "context": "Load",
                "decision": "Kafka", "consequences": "Ops",
            },
            "acceptArchitectureDecision": lambda: {"architectureDecisionId": self.adr()},
            "rejectArchitectureDecision": lambda: {
                "architectureDecisionId": self.adr(), "rationale": "Too costly",
            },
            "setTechnicalRequirements": lambda: {
                "itemId": self.item(), "requirements": ["p99 < 200 ms"],
            },
            "scoreItem": lambda: {"itemId": self.item(), "score": WSJF},
            "publishUpdate": lambda: {"productId": product, "headline": f"Week {n}"},
            "addWebhook": lambda: {"productId": product, "url": self.receiver},
            "removeWebhook": self.webhook_input,
            "redeliver": self.redeliver_input,
        }  # fmt: skip
        return make[name]()

    async def webhook_input(self) -> dict[str, Any]:
        return {"webhookId": await self.webhook()}

    async def redeliver_input(self) -> dict[str, Any]:
        return {"webhookId": await self.webhook(), "fromPosition": 0}


@pytest.mark.parametrize("backend", BACKENDS)
async def test_every_governance_integrity_and_updates_decision_for_every_caller(
    backend: str,
) -> None:
    outcomes: Counter[str] = Counter()
    with database_url(backend) as url, receiving() as receiver:
        async with running(url, **QUICK) as api:
            world = await two_products(api)
            await with_jo(world)
            for product in ("Checkout", "Billing"):
                subjects = RecordSubjects(world, product, receiver.url)
                for name, caller in itertools.product(MUTATIONS, DECIDERS):
                    fields = subjects.record_input(name)
                    if inspect.isawaitable(fields):
                        fields = await fields
                    await api.settled()
                    head = api.head()
                    answer = await api.post(document(name), {"input": fields}, as_=caller)
                    who, what = allowed(name, product), (product, name, caller)
                    decides = name != "redeliver"  # sends again, records nothing
                    moved = api.head() > head
                    outcomes[judged(answer, name, who, what, moved, decides)] += 1
                for caller in DECIDERS:
                    await api.settled()
                    head = api.head()
                    answer = await api.post(VERIFY, {"p": world.ids[product]}, as_=caller)
                    what = (product, "verifyAudit", caller)
                    if caller in allowed("verifyAudit", product):
                        assert answer.data["verifyAudit"]["ok"] is True, (*what, answer.body)
                        outcomes["allowed"] += 1
                    else:
                        want = "UNAUTHENTICATED" if caller == "anonymous" else "FORBIDDEN"
                        assert answer.code == want, (*what, answer.body)
                        assert not any((answer.data or {}).values()), (*what, answer.body)
                        outcomes[want] += 1
                    assert api.head() == head, (*what, "verifying recorded something")
    record(
        PROMISE + ": governance, integrity and updates",
        "tests/reliability/test_authorization_records.py::"
        "test_every_governance_integrity_and_updates_decision_for_every_caller",
        backend,
        mutations=len(MUTATIONS),
        queries=1,
        callers=len(DECIDERS),
        products=2,
        requests=sum(outcomes.values()),
        allowed=outcomes["allowed"],
        forbidden=outcomes["FORBIDDEN"],
        unauthenticated=outcomes["UNAUTHENTICATED"],
        recorded_when_refused=0,
    )

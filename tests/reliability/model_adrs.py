"""The reference model's scores, risks' items and architecture decisions (integrity.graphql
and governance.graphql, issues 17 and 15); the rules are listed in model_records.py."""

from __future__ import annotations

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
from tests.reliability.model_records import AdrModel, RecordsModel

WSJF = ("businessValue", "timeCriticality", "riskReduction", "jobSize")
RICE = ("reach", "impact", "confidence", "effort")


def score(inputs: dict[str, float]) -> float:
    """The value of a score, or InvalidInput, as the integrity header defines it."""
    model = inputs.get("model")
    given = {k: v for k, v in inputs.items() if k != "model"}
    wanted = {"WSJF": WSJF, "RICE": RICE}.get(str(model))
    if wanted is None or set(given) != set(wanted):
        raise InvalidInput("score inputs")
    if model == "WSJF":
        if min(given.values()) <= 0:
            raise InvalidInput("WSJF inputs are > 0")
        return (given["businessValue"] + given["timeCriticality"] + given["riskReduction"]) / (
            given["jobSize"]
        )
    if given["reach"] < 0 or given["impact"] <= 0 or given["effort"] <= 0:
        raise InvalidInput("RICE inputs")
    if not 0 < given["confidence"] <= 1:
        raise InvalidInput("confidence")
    return given["reach"] * given["impact"] * given["confidence"] / given["effort"]


class AdrsModel(RecordsModel):
    # -- scores ----------------------------------------------------------------------

    def score_item(
        self,
        caller: Caller,
        item_id: str,
        inputs: dict[str, float],
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(item_id)
        value = score(inputs)

        def change(product: ProductModel, item: ItemModel) -> None:
            self.role(product, caller, (PO,))
            self.open_item(item, expected)
            self.records.scores[canonical(item_id)] = value

        request = ("scoreItem", tuple(sorted(inputs.items())), expected)
        return self.on_item(caller, key, request, item_id, change)

    # -- risks' items ----------------------------------------------------------------

    def set_risk_items(
        self,
        caller: Caller,
        risk_id: str,
        item_ids: list[str],
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        risk_id = canonical(risk_id)
        wanted = tuple(dict.fromkeys(canonical(i) for i in item_ids))
        risk = self.risks.get(risk_id)
        if risk is None:
            raise NotFound(risk_id)

        def decide() -> Prediction:
            self.role(self.products[risk.product], caller, (PO, EM))
            self.own_items(caller, risk.product, wanted)
            self.expect(expected, risk.version)
            self.records.risk_items[risk_id] = list(wanted)
            risk.version += 1
            return self.decided(risk.product)

        return self.run(caller, key, ("setRiskItems", wanted, risk_id, expected), decide)

    def propose_architecture_decision(
        self,
        caller: Caller,
        product_id: str,
        title: str,
        item_ids: list[str],
        supersedes: str | None,
        key: str | None,
        new_id: str,
    ) -> Prediction:
        product_id, title = canonical(product_id), text(title, 200)
        wanted = tuple(dict.fromkeys(canonical(i) for i in item_ids))
        supersedes = canonical(supersedes) if supersedes is not None else None

        def decide() -> Prediction:
            product = self.product(product_id)
            self.role(product, caller, (EM,))
            self.own_items(caller, product_id, wanted)
            if supersedes is not None:
                old = self.records.adrs.get(supersedes)
                if old is None:
                    raise NotFound(supersedes)
                if old.product != product_id:
                    self.elsewhere(caller, old.product)
                if old.status != "ACCEPTED":
                    raise Conflict(f"only an ACCEPTED decision is superseded, not {old.status}")
            number = 1 + sum(a.product == product_id for a in self.records.adrs.values())
            self.records.adrs[new_id] = AdrModel(product_id, number, supersedes)
            return self.decided(product_id, events=2, created=new_id)  # and its locator

        request = ("proposeArchitectureDecision", product_id, title, wanted, supersedes)
        return self.run(caller, key, request, decide)

    def move_architecture_decision(
        self,
        caller: Caller,
        operation: str,
        adr_id: str,
        why: str | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        adr_id = canonical(adr_id)
        why = rationale(why, required=operation == "reject")
        adr = self.records.adrs.get(adr_id)
        if adr is None:
            raise NotFound(adr_id)

        def decide() -> Prediction:
            self.role(self.products[adr.product], caller, (EM,))
            self.expect(expected, adr.version)
            if adr.status != "PROPOSED":
                raise Conflict(f"the decision is {adr.status}")
            old = self.records.adrs.get(adr.supersedes or "")
            if operation == "accept" and old is not None and old.status != "ACCEPTED":
                raise Conflict(f"the superseded decision is {old.status} since")
            adr.status, adr.version = (
                ("ACCEPTED" if operation == "accept" else "REJECTED"),
                (adr.version + 1),
            )
            if operation == "accept" and old is not None:
                old.status, old.version = "SUPERSEDED", old.version + 1
                prediction = self.decided(adr.product, events=2)  # one decision, two events
                self.products[adr.product].version += 1
                return prediction
            return self.decided(adr.product)

        return self.run(caller, key, (operation, why, adr_id, expected), decide)

"""Time travel of the whole graph, as a property: after a seeded random run of
decisions, Product.asOf(T), every nested field included, equals the live product
captured right after the last decision at or before T."""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.api.harness import Api
from tests.lifecycle.graphql import DOCUMENTS

ITEM = """id title description kind status rank estimate acceptanceCriteria version
  assignments { percent member { name } } goals { title status } requestedBy { name }
  history { type summary }"""
PRODUCT = f"""name vision backlogVersion
  members {{ role member {{ name }} }}
  goals {{ id title metric targetDate status version items {{ title rank }}
    history {{ type summary rationale }} }}
  backlog(first: 200) {{ totalCount edges {{ node {{ {ITEM} }} }} }}
  items(first: 200) {{ totalCount edges {{ node {{ {ITEM} }} }} }}
  dropped: items(filter: {{status: [DROPPED, ACCEPTED]}}) {{ edges {{ node {{ title }} }} }}
  allocation {{ members {{ member {{ name }} capacityPercent allocatedPercent overAllocated
    items {{ title status }} }} }}
  decisions(first: 200) {{ edges {{ node {{ type summary subjectId rationale role }} }} }}"""
LIVE = f"query($id: ID!) {{ product(id: $id) {{ {PRODUCT} }} }}"
PAST = f"query($id: ID!, $at: DateTime!) {{ product(id: $id) {{ asOf(at: $at) {{ {PRODUCT} }} }} }}"
STEPS = 45

MORE = {
    "proposeItem": ("ProposeItemInput", "{ decision { at } }"),
    "prioritizeItem": ("PrioritizeItemInput", "{ decision { at } }"),
    "estimateItem": ("EstimateItemInput", "{ decision { at } }"),
    "assignEngineer": ("AssignEngineerInput", "{ decision { at } }"),
    "acceptItem": ("ItemDecisionInput", "{ decision { at } }"),
    "dropItem": ("ItemDecisionInput", "{ decision { at } }"),
    "grantRole": ("GrantRoleInput", "{ decision { at } }"),
    "defineVision": ("DefineVisionInput", "{ decision { at } }"),
}


def document(name: str) -> str:
    input_type, _ = {**DOCUMENTS, **MORE}[name]
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ decision {{ at }} }} }}"


class Run:
    """Picks plausible decisions at random (some are refused: they record nothing)."""

    def __init__(self, api: Api, seed: int) -> None:
        self.api, self.rng = api, random.Random(seed)
        self.items = [api.ids[t] for t in ("SSO login", "Guest checkout", "Apple Pay")]
        self.goals: list[str] = []
        self.nodes: dict[str, Any] = {}

    def advance(self, item: str) -> tuple[str, str, dict[str, Any]]:
        """The decision that moves the item along its life (or back)."""
        node, cleo = self.nodes.get(item, {}), self.api.ids["Cleo"]
        status = node.get("status", "PROPOSED")
        if status == "PROPOSED":
            if not node.get("acceptanceCriteria"):
                return ("refineItem", "Ana", {"itemId": item, "acceptanceCriteria": ["It works"]})
            return ("estimateItem", "Ben", {"itemId": item, "points": 3})
        if status == "READY":
            if not node.get("assignments"):
                return ("assignEngineer", "Ben", {"itemId": item, "memberId": cleo, "percent": 60})
            return ("startItem", "Cleo", {"itemId": item})
        if status == "IN_PROGRESS":
            return ("completeItem", self.rng.choice(["Ben", "Cleo"]), {"itemId": item})
        if status == "DONE":
            if self.rng.random() < 0.5:
                return ("rejectItem", "Ana", {"itemId": item, "rationale": "Not yet"})
            return ("acceptItem", "Ana", {"itemId": item})
        return ("restoreItem", "Ana", {"itemId": item, "rationale": "Back"})

    def pick(self) -> tuple[str, str, dict[str, Any]]:
        rng, api, pid = self.rng, self.api, self.api.product_id
        item = rng.choice(self.items)
        if rng.random() < 0.6:
            return self.advance(item)
        if not self.goals and rng.random() < 0.3:
            return ("setGoal", "Ana", {"productId": pid, "title": "Halve churn"})
        word = rng.choice(["Okta", "Passkeys", "Receipts", "Refunds", "Wallets"])
        goal = rng.choice(self.goals) if self.goals else None
        menu: list[tuple[str, str, dict[str, Any]]] = [
            ("refineItem", "Ana", {"itemId": item, "title": f"{word} {rng.randint(1, 9)}"}),
            ("refineItem", "Ana", {"itemId": item, "acceptanceCriteria": [f"{word} works"]}),
            ("refineItem", "Ana", {"itemId": item, "kind": rng.choice(["BUG", "SPIKE"])}),
            ("estimateItem", "Ben", {"itemId": item, "points": rng.choice([1, 3, 5])}),
            ("assignEngineer", "Ben", {"itemId": item, "memberId": api.ids["Cleo"], "percent": 60}),
            ("startItem", rng.choice(["Ben", "Cleo"]), {"itemId": item}),
            ("completeItem", rng.choice(["Ben", "Cleo"]), {"itemId": item}),
            ("acceptItem", "Ana", {"itemId": item}),
            ("rejectItem", "Ana", {"itemId": item, "rationale": "Not yet"}),
            ("dropItem", "Ana", {"itemId": item, "rationale": "Later"}),
            ("restoreItem", "Ana", {"itemId": item, "rationale": "Back"}),
            ("prioritizeItem", "Ana", {"itemId": item, "rank": 1, "rationale": "Sales"}),
            (
                "requestItem",
                "Dev",
                {"productId": pid, "title": f"{word} report", "rationale": "Ops"},
            ),
            ("proposeItem", "Ben", {"productId": pid, "title": f"{word} cleanup"}),
            ("setGoal", "Ana", {"productId": pid, "title": f"Goal {word}", "metric": "NPS"}),
            (
                "defineVision",
                "Ana",
                {"productId": pid, "vision": f"{word} first", "rationale": "Pivot"},
            ),
            (
                "revokeRole",
                "Ana",
                {
                    "productId": pid,
                    "memberId": api.ids["Dev"],
                    "role": "STAKEHOLDER",
                    "rationale": "Left",
                },
            ),
            (
                "grantRole",
                "admin",
                {"productId": pid, "memberId": api.ids["Dev"], "role": "STAKEHOLDER"},
            ),
        ]
        if goal is not None:
            menu += [
                ("reviseGoal", "Ana", {"goalId": goal, "metric": None, "rationale": "Vague"}),
                (
                    "reviseGoal",
                    "Ana",
                    {"goalId": goal, "title": f"Goal {word}!", "rationale": "Sharper"},
                ),
                (
                    "changeGoalStatus",
                    "Ana",
                    {
                        "goalId": goal,
                        "status": rng.choice(["ACHIEVED", "ABANDONED", "ACTIVE"]),
                        "rationale": "Review",
                    },
                ),
                ("setItemGoals", "Ana", {"itemId": item, "goalIds": rng.sample(self.goals, 1)}),
                ("setItemGoals", "Ana", {"itemId": item, "goalIds": []}),
            ]
        return rng.choice(menu)

    async def step(self) -> tuple[str, Any] | None:
        """One decision: its instant and the live product right after it, or None when
        it was refused or recorded nothing."""
        name, caller, fields = self.pick()
        answer = await self.api.post(document(name), {"input": fields}, as_=caller)
        if answer.errors or answer.data[name]["decision"] is None:
            return None
        live = await self.api.ok(LIVE, {"id": self.api.product_id}, as_="admin")
        self.goals = [g["id"] for g in live["product"]["goals"]]
        nodes = [e["node"] for e in live["product"]["items"]["edges"]]
        self.items = [n["id"] for n in nodes]
        self.nodes = {n["id"]: n for n in nodes}
        return str(answer.data[name]["decision"]["at"]), live


@pytest.mark.parametrize("seed", [7])
async def test_product_as_of_equals_the_live_product_then(api: Api, seed: int) -> None:
    run = Run(api, seed)
    captured: list[tuple[str, Any]] = []
    for _ in range(STEPS):
        taken = await run.step()
        if taken is not None:
            captured.append(taken)
    assert len(captured) >= STEPS // 3
    kinds = {d["node"]["type"] for d in captured[-1][1]["product"]["decisions"]["edges"]}
    assert {"ItemStarted", "ItemRejected", "ItemRestored", "ItemGoalsSet", "GoalSet"} <= kinds
    for at, live in captured:
        past = await api.ok(PAST, {"id": api.product_id, "at": at}, as_="admin")
        assert past["product"]["asOf"] == live["product"], at

"""The planning mutations as documents, and the steps the API suites share."""

from __future__ import annotations

from typing import Any

from domain.commands import CompleteItem, EstimateItem, RefineItem, StartItem
from tests.api.harness import Api, Reply

ITERATION = """id number name status capacityPoints committedPoints deliveredPoints version
  startsAt endsAt
  proposedScope { title } committedScope { title } carriedOver { title }
  proposal { type actor { name } } commitment { type rationale } history { type }"""
ITEM = "item { id title blocked blockedReason dependsOn { title } dependents { title } }"
DECISION = "decision { type summary role subjectId rationale }"
INPUTS = {
    "planIteration": "PlanIterationInput",
    "setIterationCapacity": "SetIterationCapacityInput",
    "proposeScope": "ProposeScopeInput",
    "commitIteration": "CommitIterationInput",
    "closeIteration": "CloseIterationInput",
    "addDependency": "DependencyInput",
    "removeDependency": "DependencyInput",
    "blockItem": "BlockItemInput",
    "unblockItem": "ItemDecisionInput",
    "setWipLimit": "SetWipLimitInput",
}


def document(name: str) -> str:
    if name in ("addDependency", "removeDependency", "blockItem", "unblockItem"):
        payload = f"{{ {ITEM} {DECISION} }}"
    elif name == "setWipLimit":
        payload = f"{{ product {{ id wipLimit }} {DECISION} }}"
    else:
        payload = f"{{ iteration {{ {ITERATION} }} {DECISION} }}"
    return f"mutation($input: {INPUTS[name]}!) {{ {name}(input: $input) {payload} }}"


async def attempt(api: Api, operation: str, as_: str, /, **fields: Any) -> Reply:
    return await api.post(document(operation), {"input": fields}, as_=as_)


async def decide(api: Api, operation: str, as_: str, /, **fields: Any) -> dict[str, Any]:
    data = await api.ok(document(operation), {"input": fields}, as_=as_)
    return data[operation]  # type: ignore[no-any-return]


async def refused(api: Api, operation: str, as_: str, code: str, /, **fields: Any) -> str:
    """The decision is refused with `code` and nothing is recorded; returns the message."""
    head = api.head()
    answer = await attempt(api, operation, as_, **fields)
    assert answer.code == code, answer.body
    assert api.head() == head, "a refused decision recorded something"
    return str(answer.errors[0]["message"])


async def plan(api: Api, week: int, capacity: float = 10, name: str | None = None) -> str:
    payload = await decide(
        api,
        "planIteration",
        "Ben",
        productId=api.product_id,
        name=name or f"Week {week}",
        startsAt=f"2026-11-{2 + 7 * week:02d}T09:00:00Z",
        endsAt=f"2026-11-{9 + 7 * week:02d}T09:00:00Z",
        capacityPoints=capacity,
    )
    return str(payload["iteration"]["id"])


async def estimate(api: Api, title: str, points: float) -> str:
    item_id = api.ids[title]
    api.tandem.decide(api.actor("Ben"), EstimateItem(item_id=item_id, points=points))
    await api.settled()
    return item_id


async def finish(api: Api, title: str) -> None:
    """READY (refined, estimated 3 unless it is), started and DONE."""
    item_id = api.ids[title]
    if api.tandem.product(api.product_id).items[item_id].estimate is None:
        api.tandem.decide(api.actor("Ben"), EstimateItem(item_id=item_id, points=3))
    api.tandem.decide(api.actor("Ana"), RefineItem(item_id=item_id, acceptance_criteria=["Works"]))
    api.tandem.decide(api.actor("Ben"), StartItem(item_id=item_id))
    api.tandem.decide(api.actor("Ben"), CompleteItem(item_id=item_id))
    await api.settled()

"""The lifecycle's mutations as documents, and a helper to take them as someone."""

from __future__ import annotations

from typing import Any

from tests.api.harness import Api, Reply

DECISION = "decision { type subjectId role rationale summary at actor { name } }"
ITEM = f"""{{ item {{ id title kind status rank version
  goals {{ id title }} requestedBy {{ name }} }} {DECISION} }}"""
GOAL = f"{{ goal {{ id title metric targetDate status version }} {DECISION} }}"
PRODUCT = f"{{ product {{ id members {{ role member {{ name }} }} }} {DECISION} }}"

DOCUMENTS = {
    "revokeRole": ("RevokeRoleInput", PRODUCT),
    "reviseGoal": ("ReviseGoalInput", GOAL),
    "changeGoalStatus": ("ChangeGoalStatusInput", GOAL),
    "setItemGoals": ("SetItemGoalsInput", ITEM),
    "refineItem": ("RefineItemInput", ITEM),
    "rejectItem": ("ItemDecisionInput", ITEM),
    "restoreItem": ("ItemDecisionInput", ITEM),
    "requestItem": ("RequestItemInput", ITEM),
    "startItem": ("ItemDecisionInput", ITEM),
    "completeItem": ("ItemDecisionInput", ITEM),
    "setGoal": ("SetGoalInput", "{ product { goals { id title } } decision { at } }"),
}


def document(name: str) -> str:
    input_type, payload = DOCUMENTS[name]
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {payload} }}"


async def decide(api: Api, name: str, as_: str, **fields: Any) -> dict[str, Any]:
    data = await api.ok(document(name), {"input": fields}, as_=as_)
    return data[name]  # type: ignore[no-any-return]


async def refused(api: Api, name: str, as_: str, code: str, **fields: Any) -> Reply:
    """The decision is refused with `code` and records nothing."""
    head = api.head()
    answer = await api.post(document(name), {"input": fields}, as_=as_)
    assert answer.code == code, answer.body
    assert api.head() == head, "a refused decision recorded events"
    return answer


async def set_goal(api: Api, title: str = "Halve churn", **fields: Any) -> str:
    payload = await decide(api, "setGoal", "Ana", productId=api.product_id, title=title, **fields)
    return str(payload["product"]["goals"][-1]["id"])

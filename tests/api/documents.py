"""The contract's mutations as documents, each taking its input as `$input`."""

from __future__ import annotations

ITEM_PAYLOAD = """{ item { id title status rank version estimate acceptanceCriteria description
  assignments { percent member { name } } }
  decision { id type summary position rationale role actor { name } } }"""
PRODUCT_PAYLOAD = """{ product { id name vision backlogVersion
  members { role member { name } } goals { title } }
  decision { id type summary position role actor { name } } }"""

INPUTS = {
    "registerMember": "RegisterMemberInput",
    "createProduct": "CreateProductInput",
    "grantRole": "GrantRoleInput",
    "defineVision": "DefineVisionInput",
    "setGoal": "SetGoalInput",
    "proposeItem": "ProposeItemInput",
    "prioritizeItem": "PrioritizeItemInput",
    "refineItem": "RefineItemInput",
    "acceptItem": "ItemDecisionInput",
    "dropItem": "ItemDecisionInput",
    "estimateItem": "EstimateItemInput",
    "setCapacity": "SetCapacityInput",
    "assignEngineer": "AssignEngineerInput",
    "unassignEngineer": "UnassignEngineerInput",
    "startItem": "ItemDecisionInput",
    "completeItem": "ItemDecisionInput",
}
PRODUCT_MUTATIONS = {"createProduct", "grantRole", "defineVision", "setGoal", "setCapacity"}


def mutation(name: str) -> str:
    """The document for one mutation, with a payload selection that reads everything."""
    if name == "registerMember":
        payload = "{ member { id name } token }"
    elif name in PRODUCT_MUTATIONS:
        payload = PRODUCT_PAYLOAD
    else:
        payload = ITEM_PAYLOAD
    return f"mutation($input: {INPUTS[name]}!) {{ {name}(input: $input) {payload} }}"

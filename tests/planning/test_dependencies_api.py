"""Dependencies, blocked items and the WIP limit through GraphQL, on every backend."""

from __future__ import annotations

from domain.commands import AssignEngineer
from tests.api.harness import Api
from tests.planning.documents import decide, refused

OTHER = "00000000-0000-4000-8000-000000000000"


async def test_the_em_adds_and_removes_dependencies_seen_from_both_items(api: Api) -> None:
    sso, guest = api.ids["SSO login"], api.ids["Guest checkout"]
    added = await decide(api, "addDependency", "Ben", itemId=guest, dependsOnId=sso)
    assert added["item"]["dependsOn"] == [{"title": "SSO login"}]
    assert added["decision"]["subjectId"] == guest
    assert added["decision"]["summary"] == (
        "Ben (Engineering Manager) made 'Guest checkout' depend on 'SSO login'"
    )
    seen = await api.ok(
        "query($id: ID!) { item(id: $id) { dependents { title } } }", {"id": sso}, as_="Dev"
    )
    assert seen == {"item": {"dependents": [{"title": "Guest checkout"}]}}
    await refused(api, "addDependency", "Ben", "CONFLICT", itemId=guest, dependsOnId=sso)
    await refused(api, "addDependency", "Ana", "FORBIDDEN", itemId=guest, dependsOnId=sso)
    await refused(api, "addDependency", "Ben", "BAD_USER_INPUT", itemId=sso, dependsOnId=sso)
    await refused(api, "addDependency", "Ben", "BAD_USER_INPUT", itemId=sso, dependsOnId=OTHER)
    cycle = await refused(api, "addDependency", "Ben", "CONFLICT", itemId=sso, dependsOnId=guest)
    assert "'SSO login' -> 'Guest checkout' -> 'SSO login'" in cycle
    removed = await decide(api, "removeDependency", "Ben", itemId=guest, dependsOnId=sso)
    assert removed["item"]["dependsOn"] == []
    await refused(api, "removeDependency", "Ben", "CONFLICT", itemId=guest, dependsOnId=sso)


async def test_the_em_or_an_assigned_engineer_blocks_and_unblocks_with_a_reason(
    api: Api,
) -> None:
    sso, guest = api.ids["SSO login"], api.ids["Guest checkout"]
    api.tandem.decide(
        api.actor("Ben"), AssignEngineer(item_id=sso, member_id=api.ids["Cleo"], percent=50)
    )
    await api.settled()
    blocked = await decide(api, "blockItem", "Cleo", itemId=sso, rationale="Waiting for Okta")
    assert (blocked["item"]["blocked"], blocked["item"]["blockedReason"]) == (
        True,
        "Waiting for Okta",
    )
    assert blocked["decision"]["role"] == "ENGINEER"
    await refused(api, "blockItem", "Ben", "CONFLICT", itemId=sso, rationale="Again")
    await refused(api, "blockItem", "Cleo", "FORBIDDEN", itemId=guest, rationale="Not mine")
    await refused(api, "blockItem", "Ana", "FORBIDDEN", itemId=guest, rationale="Not hers")
    await refused(api, "blockItem", "Ben", "BAD_USER_INPUT", itemId=guest, rationale=" ")
    await refused(api, "unblockItem", "Ben", "CONFLICT", itemId=guest)
    unblocked = await decide(api, "unblockItem", "Ben", itemId=sso)
    assert (unblocked["item"]["blocked"], unblocked["item"]["blockedReason"]) == (False, None)


async def test_the_wip_limit_is_set_removed_and_checked(api: Api) -> None:
    limited = await decide(api, "setWipLimit", "Ben", productId=api.product_id, perEngineer=2)
    assert limited["product"]["wipLimit"] == 2
    await refused(
        api, "setWipLimit", "Ben", "BAD_USER_INPUT", productId=api.product_id, perEngineer=0
    )
    await refused(api, "setWipLimit", "Ana", "FORBIDDEN", productId=api.product_id, perEngineer=3)
    removed = await decide(api, "setWipLimit", "Ben", productId=api.product_id, perEngineer=None)
    assert removed["product"]["wipLimit"] is None

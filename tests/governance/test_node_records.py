"""node(id) resolves every type that implements Node in the contract's parts: risks and
architecture decisions and stakeholder updates for the product's members, and nothing
for anyone else."""

from __future__ import annotations

from tests.api.harness import Api
from tests.governance.test_graphql import decide, raise_risk

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"


async def node_as(api: Api, node_id: str, as_: str) -> tuple[str | None, str | None]:
    answer = await api.post(NODE, {"id": node_id}, as_=as_)
    node = (answer.data or {}).get("node")
    return (node["__typename"] if node else None), answer.code


async def test_node_finds_risks_decisions_and_updates_for_members_only(api: Api) -> None:
    risk = await raise_risk(api, "PSP outage", 2, 5)
    adr = await decide(
        api,
        "proposeArchitectureDecision",
        "Ben",
        productId=api.product_id,
        title="Use SQLite",
        context="We need a store",
        decision="SQLite",
        consequences="",
    )
    update = await api.ok(
        "mutation($i: PublishUpdateInput!) { publishUpdate(input: $i) { update { id } } }",
        {"i": {"productId": api.product_id, "headline": "Sprint 1"}},
        as_="Ana",
    )
    ids = {
        "Risk": risk,
        "ArchitectureDecision": str(adr["architectureDecision"]["id"]),
        "StakeholderUpdate": str(update["publishUpdate"]["update"]["id"]),
    }

    for kind, node_id in ids.items():
        assert await node_as(api, node_id, "Dev") == (kind, None)  # a stakeholder reads them
        assert await node_as(api, node_id, "admin") == (kind, None)
        assert await node_as(api, node_id, "Eve") == (None, "FORBIDDEN")  # a member elsewhere
        assert await node_as(api, node_id, None) == (None, "UNAUTHENTICATED")

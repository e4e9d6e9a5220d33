"""Architecture decisions, technical requirements, items' risks and the retrospective
through GraphQL on every backend."""

from __future__ import annotations

from typing import Any

from tests.api.harness import Api
from tests.governance.test_graphql import decide, raise_risk, refused


async def test_an_accepted_successor_supersedes_its_predecessor_in_one_answer(api: Api) -> None:
    async def propose(title: str, **more: Any) -> str:
        payload = await decide(
            api,
            "proposeArchitectureDecision",
            "Ben",
            productId=api.product_id,
            title=title,
            context="We need a store",
            decision=title,
            consequences="",
            **more,
        )
        assert payload["architectureDecision"]["status"] == "PROPOSED"
        return str(payload["architectureDecision"]["id"])

    sqlite = await propose("Use SQLite", itemIds=[api.ids["SSO login"]])
    await decide(api, "acceptArchitectureDecision", "Ben", architectureDecisionId=sqlite)
    kafka = await propose("Use Kafka")
    assert (
        await refused(api, "rejectArchitectureDecision", "Ben", architectureDecisionId=kafka)
        == "BAD_USER_INPUT"
    )
    await decide(
        api,
        "rejectArchitectureDecision",
        "Ben",
        architectureDecisionId=kafka,
        rationale="too heavy",
    )
    assert (
        await refused(
            api,
            "proposeArchitectureDecision",
            "Ben",
            productId=api.product_id,
            title="x",
            context="c",
            decision="d",
            consequences="",
            supersedesId=kafka,
        )
        == "CONFLICT"
    )
    assert (
        await refused(api, "acceptArchitectureDecision", "Ana", architectureDecisionId=kafka)
        == "FORBIDDEN"
    )
    assert (
        await refused(api, "acceptArchitectureDecision", "Ben", architectureDecisionId=kafka)
        == "CONFLICT"
    )
    pg = await propose("Use PostgreSQL", supersedesId=sqlite)
    payload = await decide(api, "acceptArchitectureDecision", "Ben", architectureDecisionId=pg)
    adr = payload["architectureDecision"]
    assert payload["decision"]["type"] == "ArchitectureDecisionAccepted"
    assert (adr["number"], adr["status"], adr["supersedes"]) == (3, "ACCEPTED", {"number": 1})
    data = await api.ok(
        (
            "query($id: ID!) { product(id: $id) { architectureDecisions { number "
            "status supersededBy { number } history { type } } } }"
        ),
        {"id": api.product_id},
        as_="Dev",
    )
    assert [
        (a["number"], a["status"], a["supersededBy"])
        for a in data["product"]["architectureDecisions"]
    ] == [
        (1, "SUPERSEDED", {"number": 3}),
        (2, "REJECTED", None),
        (3, "ACCEPTED", None),
    ]
    assert [h["type"] for h in data["product"]["architectureDecisions"][0]["history"]] == [
        "ArchitectureDecisionProposed",
        "ArchitectureDecisionAccepted",
        "ArchitectureDecisionSuperseded",
    ]
    item = await api.ok(
        "query($id: ID!) { item(id: $id) { architectureDecisions { number status } } }",
        {"id": api.ids["SSO login"]},
        as_="Cleo",
    )
    assert item["item"]["architectureDecisions"] == [{"number": 1, "status": "SUPERSEDED"}]


async def test_technical_requirements_are_the_engineering_managers_and_leave_ready_alone(
    api: Api,
) -> None:
    sso = api.ids["SSO login"]
    assert (
        await refused(api, "setTechnicalRequirements", "Ana", itemId=sso, requirements=["x"])
        == "FORBIDDEN"
    )
    payload = await decide(
        api, "setTechnicalRequirements", "Ben", itemId=sso, requirements=[" p95 under 300 ms "]
    )
    item = payload["item"]
    assert (item["technicalRequirements"], item["acceptanceCriteria"], item["status"]) == (
        ["p95 under 300 ms"],
        [],
        "PROPOSED",
    )
    assert payload["decision"] == {
        "type": "TechnicalRequirementsSet",
        "summary": "Ben (Engineering Manager) set the technical requirements of 'SSO login'",
    }
    assert (
        await refused(
            api,
            "setTechnicalRequirements",
            "Ben",
            itemId=sso,
            requirements=["ok"],
            expectedVersion=1,
        )
        == "CONFLICT"
    )


async def test_item_risks_and_the_retrospective_window(api: Api) -> None:
    start = (
        await api.ok(
            (
                "query($id: ID!) { product(id: $id) { decisions(first: 1) { edges { "
                "node { at } } } } }"
            ),
            {"id": api.product_id},
        )
    )["product"]["decisions"]["edges"][0]["node"]["at"]
    sso = api.ids["SSO login"]
    risk = await raise_risk(api, "Okta outage", 2, 4, itemIds=[sso])
    await raise_risk(api, "Wallets", 3, 3, kind="OPPORTUNITY")
    resolved = await decide(
        api, "resolveRisk", "Ana", riskId=risk, status="MITIGATED", rationale="fallback IdP"
    )
    item = await api.ok(
        "query($id: ID!) { item(id: $id) { risks { title status } } }", {"id": sso}, as_="Ben"
    )
    assert item["item"]["risks"] == [{"title": "Okta outage", "status": "MITIGATED"}]
    end = (
        resolved["decision"]["summary"]
        and (
            await api.ok(
                (
                    "query($id: ID!) { product(id: $id) { decisions(first: 1) { edges { "
                    "node { at } } } } }"
                ),
                {"id": api.product_id},
            )
        )["product"]["decisions"]["edges"][0]["node"]["at"]
    )
    retro = (
        await api.ok(
            (
                "query($id: ID!, $from: DateTime!, $to: DateTime!) { product(id: $id) { "
                "retrospective(from: $from, to: $to) { risksRaised { title } "
                "risksResolved { title status } architectureDecisions { title } } } }"
            ),
            {"id": api.product_id, "from": start, "to": end},
            as_="Ana",
        )
    )["product"]["retrospective"]
    assert [r["title"] for r in retro["risksRaised"]] == ["Okta outage", "Wallets"]
    assert retro["risksResolved"] == [{"title": "Okta outage", "status": "MITIGATED"}]
    assert retro["architectureDecisions"] == []

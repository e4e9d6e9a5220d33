"""The governance part through GraphQL on every backend: payloads read back from the
views, the register's order, asOf, items' fields and the retrospective."""

from __future__ import annotations

from typing import Any

from tests.api.harness import Api

RISK = (
    "{ risk { id number kind title exposure status version raisedBy { name "
    "} items { title } history { type } } decision { type summary role } }"
)
ADR = (
    "{ architectureDecision { id number title status version supersedes { "
    "number } supersededBy { number } proposedBy { name } items { title } "
    "history { type } } decision { type summary } }"
)
INPUTS = {
    "raiseRisk": ("RaiseRiskInput", RISK),
    "assessRisk": ("AssessRiskInput", RISK),
    "resolveRisk": ("ResolveRiskInput", RISK),
    "setRiskItems": ("SetRiskItemsInput", RISK),
    "proposeArchitectureDecision": ("ProposeArchitectureDecisionInput", ADR),
    "acceptArchitectureDecision": ("ArchitectureDecisionInput", ADR),
    "rejectArchitectureDecision": ("ArchitectureDecisionInput", ADR),
    "setTechnicalRequirements": (
        "SetTechnicalRequirementsInput",
        (
            "{ item { title technicalRequirements acceptanceCriteria status version "
            "} decision { type summary } }"
        ),
    ),
}


def document(name: str) -> str:
    kind, payload = INPUTS[name]
    return f"mutation($input: {kind}!) {{ {name}(input: $input) {payload} }}"


async def decide(api: Api, name: str, as_: str, **fields: Any) -> dict[str, Any]:
    data = await api.ok(document(name), {"input": fields}, as_=as_)
    return data[name]  # type: ignore[no-any-return]


async def refused(api: Api, name: str, as_: str, **fields: Any) -> str | None:
    head = api.head()
    answer = await api.post(document(name), {"input": fields}, as_=as_)
    assert api.head() == head, "a refused decision recorded something"
    return answer.code


async def raise_risk(api: Api, title: str, likelihood: int, impact: int, **more: Any) -> str:
    payload = await decide(
        api,
        "raiseRisk",
        more.pop("as_", "Ana"),
        productId=api.product_id,
        title=title,
        likelihood=likelihood,
        impact=impact,
        **more,
    )
    return str(payload["risk"]["id"])


REGISTER = (
    "query($id: ID!, $status: [RiskStatus!], $asOf: DateTime) { product(id: "
    "$id) { risks(status: $status, asOf: $asOf) { number title exposure "
    "status } } }"
)
DEFAULT_REGISTER = "query($id: ID!) { product(id: $id) { risks { number title exposure } } }"


async def test_raising_a_risk_answers_with_the_risk_and_its_decision(api: Api) -> None:
    payload = await decide(
        api,
        "raiseRisk",
        "Ben",
        productId=api.product_id,
        title="Okta outage",
        likelihood=2,
        impact=4,
        itemIds=[api.ids["SSO login"]],
    )
    risk = payload["risk"]
    assert (risk["number"], risk["kind"], risk["exposure"], risk["status"], risk["version"]) == (
        1,
        "RISK",
        8,
        "OPEN",
        1,
    )
    assert risk["raisedBy"] == {"name": "Ben"} and risk["items"] == [{"title": "SSO login"}]
    assert risk["history"] == [{"type": "RiskRaised"}]
    assert payload["decision"]["type"] == "RiskRaised"
    assert payload["decision"]["summary"] == (
        "Ben (Engineering Manager) raised a risk #1 'Okta outage' (exposure 8)"
    )


async def test_the_register_orders_by_exposure_then_number_and_shows_open_by_default(
    api: Api,
) -> None:
    low = await raise_risk(api, "Typo", 1, 1)
    await raise_risk(api, "Okta outage", 2, 4)
    await raise_risk(api, "Wallets", 4, 2, kind="OPPORTUNITY")
    await raise_risk(api, "PSP outage", 5, 5)
    await decide(api, "resolveRisk", "Ana", riskId=low, status="DISMISSED", rationale="cosmetic")
    data = await api.ok(DEFAULT_REGISTER, {"id": api.product_id}, as_="Dev")
    assert [(r["number"], r["exposure"]) for r in data["product"]["risks"]] == [
        (4, 25),
        (2, 8),
        (3, 8),
    ]
    data = await api.ok(REGISTER, {"id": api.product_id, "status": ["DISMISSED"]}, as_="Cleo")
    assert [r["title"] for r in data["product"]["risks"]] == ["Typo"]
    data = await api.ok(REGISTER, {"id": api.product_id, "status": None}, as_="Cleo")
    assert len(data["product"]["risks"]) == 4


async def test_the_register_as_of_an_instant_shows_the_assessment_then(api: Api) -> None:
    risk = await raise_risk(api, "Okta outage", 2, 4)
    history = await api.ok(
        "query($id: ID!) { product(id: $id) { decisions(first: 1) { edges { node { at } } } } }",
        {"id": api.product_id},
    )
    then = history["product"]["decisions"]["edges"][0]["node"]["at"]
    assessed = await decide(
        api, "assessRisk", "Ana", riskId=risk, likelihood=5, impact=5, rationale="two outages"
    )
    assert (assessed["risk"]["exposure"], assessed["risk"]["version"]) == (25, 2)
    past = await api.ok(REGISTER, {"id": api.product_id, "asOf": then}, as_="Ana")
    now = await api.ok(REGISTER, {"id": api.product_id}, as_="Ana")
    assert [r["exposure"] for r in past["product"]["risks"]] == [8]
    assert [r["exposure"] for r in now["product"]["risks"]] == [25]


async def test_risk_rules_refuse_and_record_nothing(api: Api) -> None:
    risk = await raise_risk(api, "Okta outage", 2, 4)
    pid = api.product_id
    assert (
        await refused(api, "raiseRisk", "Ana", productId=pid, title="x", likelihood=6, impact=1)
        == "BAD_USER_INPUT"
    )
    assert (
        await refused(api, "raiseRisk", "Cleo", productId=pid, title="x", likelihood=1, impact=1)
        == "FORBIDDEN"
    )
    assert (
        await refused(api, "assessRisk", "Ben", riskId=risk, likelihood=1, impact=1, rationale="x")
        == "FORBIDDEN"
    )
    assert (
        await refused(api, "assessRisk", "Ana", riskId=risk, likelihood=1, impact=1, rationale="  ")
        == "BAD_USER_INPUT"
    )
    assert (
        await refused(api, "resolveRisk", "Ana", riskId=risk, status="OPEN", rationale="x")
        == "BAD_USER_INPUT"
    )
    assert (
        await refused(api, "resolveRisk", "Ana", riskId=pid, status="REALIZED", rationale="x")
        == "NOT_FOUND"
    )
    assert (
        await refused(api, "setRiskItems", "Ben", riskId=risk, itemIds=["nope"]) == "BAD_USER_INPUT"
    )
    await decide(api, "resolveRisk", "Ana", riskId=risk, status="REALIZED", rationale="it happened")
    assert (
        await refused(api, "resolveRisk", "Ana", riskId=risk, status="MITIGATED", rationale="x")
        == "CONFLICT"
    )
    assert (
        await refused(api, "assessRisk", "Ana", riskId=risk, likelihood=1, impact=1, rationale="x")
        == "CONFLICT"
    )

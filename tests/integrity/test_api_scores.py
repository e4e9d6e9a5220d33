"""scoreItem on every backend: recorded with its inputs and formula (ItemScored, subject
the item), BacklogItem.score now and asOf, Product.scoredBacklog against the backlog
order; bad inputs and other roles refused, recording nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest

from tests.api.harness import Api, gather_crew, running
from tests.backends import BACKENDS, database_url

SCORE = """mutation($item: ID!, $score: ScoreInput!) { scoreItem(input: {itemId: $item,
  score: $score, rationale: "From the PI planning"}) {
  decision { type subjectId at summary } item { score { model value formulaVersion
  inputs { name value } decision { type } } } } }"""
SCORED = """query($id: ID!, $at: DateTime) { product(id: $id) { scoredBacklog(asOf: $at) {
  scoreRank rank item { title } score { value } } } }"""
ITEM = """query($id: ID!) { item(id: $id) { score { value } } }"""


def wsjf(value: float, size: float = 1) -> dict[str, object]:
    return {
        "model": "WSJF",
        "businessValue": value,
        "timeCriticality": 1,
        "riskReduction": 1,
        "jobSize": size,
    }


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    with database_url(request.param) as url:
        async with running(url) as api:
            yield await gather_crew(api)


async def test_a_score_is_recorded_with_its_inputs_and_formula(api: Api) -> None:
    rice = {"model": "RICE", "reach": 500, "impact": 2, "confidence": 0.5, "effort": 5}
    done = (await api.ok(SCORE, {"item": api.ids["Apple Pay"], "score": rice}, "Ana"))["scoreItem"]
    assert done["decision"]["type"] == "ItemScored"
    assert done["decision"]["subjectId"] == api.ids["Apple Pay"]
    assert "RICE-1" in done["decision"]["summary"]
    score = done["item"]["score"]
    assert score["value"] == 100.0 and score["formulaVersion"] == "RICE-1"
    assert score["inputs"] == [
        {"name": "reach", "value": 500.0},
        {"name": "impact", "value": 2.0},
        {"name": "confidence", "value": 0.5},
        {"name": "effort", "value": 5.0},
    ]
    assert score["decision"] == {"type": "ItemScored"}


async def test_the_scored_backlog_shows_where_the_orders_disagree(api: Api) -> None:
    first = await api.ok(SCORE, {"item": api.ids["Guest checkout"], "score": wsjf(3)}, "Ana")
    at = first["scoreItem"]["decision"]["at"]
    await api.ok(SCORE, {"item": api.ids["Apple Pay"], "score": wsjf(10)}, "Ana")
    await api.ok(SCORE, {"item": api.ids["Guest checkout"], "score": wsjf(1)}, "Ana")
    rows = (await api.ok(SCORED, {"id": api.product_id}, "Dev"))["product"]["scoredBacklog"]
    assert [(r["item"]["title"], r["scoreRank"], r["rank"]) for r in rows] == [
        ("Apple Pay", 1, 3),
        ("Guest checkout", 2, 2),
        ("SSO login", 3, 1),
    ]
    assert rows[2]["score"] is None
    then = (await api.ok(SCORED, {"id": api.product_id, "at": at}, "Dev"))["product"]
    assert [
        (r["item"]["title"], r["score"] and r["score"]["value"]) for r in then["scoredBacklog"]
    ] == [
        ("Guest checkout", 5.0),
        ("SSO login", None),
        ("Apple Pay", None),
    ]
    assert datetime.fromisoformat(at)
    now = await api.ok(ITEM, {"id": api.ids["Guest checkout"]}, "Ana")
    assert now["item"]["score"] == {"value": 3.0}


@pytest.mark.parametrize(
    "score",
    [
        {"model": "WSJF", "businessValue": 1, "timeCriticality": 1, "riskReduction": 1},
        {**wsjf(1), "reach": 2},
        {"model": "RICE", "reach": 1, "impact": 1, "confidence": 2, "effort": 1},
    ],
)
async def test_a_bad_score_records_nothing(api: Api, score: dict[str, object]) -> None:
    head = api.head()
    answer = await api.post(SCORE, {"item": api.ids["Apple Pay"], "score": score}, "Ana")
    assert answer.code == "BAD_USER_INPUT", answer.body
    assert api.head() == head


@pytest.mark.parametrize("who", ["Ben", "Cleo", "Dev", "Eve", "admin"])
async def test_only_the_product_owner_scores(api: Api, who: str) -> None:
    head = api.head()
    answer = await api.post(SCORE, {"item": api.ids["Apple Pay"], "score": wsjf(2)}, who)
    assert answer.code == "FORBIDDEN", answer.body
    assert api.head() == head

"""A few hundred hostile or malformed requests: every one answers a well-formed JSON
error with a contract code, never a 5xx, never a traceback or exception text."""

from __future__ import annotations

import json
import re

import pytest

from tests.api.harness import Api, gather_crew, running
from tests.api.hostile import documents
from tests.api.hostile_transport import Attack
from tests.backends import DURABLE_BACKENDS, database_url

CODES = {
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "NOT_FOUND",
    "CONFLICT",
    "BAD_USER_INPUT",
    "GRAPHQL_VALIDATION_FAILED",
}
LEAKS = re.compile(
    r"Traceback|File \"|\.py\b|line \d+, in|(Key|Attribute|Type|Value|Runtime|"
    r"Index|Recursion|UnicodeDecode|Operational)Error\b"
)


async def send(api: Api, attack: Attack) -> tuple[int, str]:
    token = api.tokens.get(attack.as_) if attack.as_ else None
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if attack.method == "GET":
        response = await api.client.get("/graphql", headers=headers, **attack.extra)
    else:
        content = attack.raw if attack.raw is not None else json.dumps(attack.body).encode()
        headers["Content-Type"] = attack.content_type
        response = await api.client.post("/graphql", content=content, headers=headers)
    return response.status_code, response.text


@pytest.mark.parametrize("backend", DURABLE_BACKENDS)
async def test_hostile_documents_get_well_formed_errors_and_never_a_5xx(backend: str) -> None:
    with database_url(backend) as url:
        async with running(url) as api:
            await gather_crew(api)
            attacks = documents(api.product_id)
            assert len(attacks) >= 300
            head = api.head()
            for attack in attacks:
                status, text = await send(api, attack)
                assert status < 500, (attack.name, status, text[:300])
                body = json.loads(text)
                errors = body.get("errors")
                assert isinstance(errors, list) and errors, (attack.name, text[:300])
                for error in errors:
                    assert isinstance(error["message"], str) and error["message"]
                    assert error["extensions"]["code"] in CODES, (attack.name, error)
                assert not LEAKS.search(text), (attack.name, text[:500])
                if attack.before_execution:
                    assert "data" not in body, (attack.name, text[:300])
            assert api.head() == head  # not one of them recorded anything

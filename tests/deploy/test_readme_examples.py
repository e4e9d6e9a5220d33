"""README's "First steps", run as written against a live `tandem serve`: every curl
example through bash, in order, each `# keep NAME=path` line carrying a value of one
answer into the shell variables of the next; the subscription over its websocket."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpx_ws import connect_ws

from tests.deploy.live_server import live_server

pytestmark = pytest.mark.slow

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
SECTION = README[
    README.index("## First steps") : README.index("\n## ", README.index("## First steps") + 1)
]
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```$", SECTION, flags=re.MULTILINE | re.DOTALL)
EXAMPLE_ADDRESS = "http://127.0.0.1:8000"


def value_at(answer: dict[str, Any], path: str) -> str:
    value: Any = answer
    for key in path.split("."):
        value = value[key]
    return str(value)


def substituted(document: str, variables: dict[str, str]) -> str:
    return re.sub(r"\$([A-Z_]+)", lambda m: variables[m.group(1)], document)


def test_the_section_has_the_whole_loop() -> None:
    text = " ".join(body for _, body in BLOCKS)
    for field in (
        "registerMember",
        "createProduct",
        "grantRole",
        "proposeItem",
        "refineItem",
        "estimateItem",
        "prioritizeItem",
        "assignEngineer",
        "startItem",
        "completeItem",
        "acceptItem",
        "asOf",
        "decisions(",
        "retrospective(",
        "subscription",
    ):
        assert field in text, field


def test_every_first_steps_example_runs(tmp_path: Path) -> None:
    if shutil.which("curl") is None or shutil.which("bash") is None:
        pytest.skip("the examples are curl commands run by bash; one of them is missing here")
    serve, helper, *examples = BLOCKS
    token = re.search(r"TANDEM_ADMIN_TOKEN=(\S+)", serve[1])
    assert serve[0] == "sh" and token is not None and "tandem serve" in serve[1]
    assert helper[0] == "sh" and "gql()" in helper[1]
    calls = [body for kind, body in examples if kind == "sh"]
    subscriptions = [body for kind, body in examples if kind == "graphql"]
    assert len(calls) >= 15 and len(subscriptions) == 1
    variables: dict[str, str] = {}
    with live_server(tmp_path, TANDEM_ADMIN_TOKEN=token.group(1)) as server:
        prelude = helper[1].replace(EXAMPLE_ADDRESS, server.base)
        for call in calls:
            ran = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", prelude + call],
                capture_output=True,
                text=True,
                timeout=60,
                env={"PATH": os.environ["PATH"], **variables},
            )
            assert ran.returncode == 0, (call, ran.stderr)
            answer = json.loads(ran.stdout)
            assert "errors" not in answer and answer["data"], (call, answer)
            for keep in re.findall(r"^# keep (.+)$", call, flags=re.MULTILINE):
                for assignment in keep.split():
                    name, _, path = assignment.partition("=")
                    variables[name] = value_at(answer["data"], path)
        assert {"PRODUCT", "ITEM", "ANA_TOKEN", "BEN_TOKEN"} <= set(variables)
        first = subscribe(server.base, substituted(subscriptions[0], variables), variables)
    assert first["type"] == "ProductCreated" and first["position"] >= 1, first


def subscribe(base: str, document: str, variables: dict[str, str]) -> dict[str, Any]:
    """The first decision the README's subscription delivers."""
    url = base.replace("http://", "ws://") + "/graphql"
    with (
        httpx.Client() as client,
        connect_ws(url, client, subprotocols=["graphql-transport-ws"]) as ws,
    ):
        ws.send_json(
            {
                "type": "connection_init",
                "payload": {"Authorization": f"Bearer {variables['ANA_TOKEN']}"},
            }
        )
        assert ws.receive_json(timeout=10)["type"] == "connection_ack"
        ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": document}})
        message = ws.receive_json(timeout=10)
        assert message["type"] == "next", message
        return dict(message["payload"]["data"]["decisionRecorded"])

"""The demo seeder and the `tandem demo` command."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path

from api import demo
from api.cli import main
from tests.api.harness import running, settings_for

STORY = """{ products { id name vision members { role member { name } } goals { title }
  backlog(status: [PROPOSED, READY, IN_PROGRESS, DONE, ACCEPTED, DROPPED], first: 500) {
    totalCount edges { node { title status estimate assignments { member { name } } } } }
  decisions(first: 500) { totalCount edges { node { at type rationale role } } } } }"""


def test_tandem_demo_seeds_an_empty_database_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["demo", "--database-url", url]) == 0
    printed = out.getvalue()
    assert "Ana Duarte, Product Owner" in printed and "tdm_" in printed
    assert "Administrator (kept beside the database)" in printed
    assert (tmp_path / "tandem.db.demo-tokens.json").exists()
    again = io.StringIO()
    with redirect_stdout(again):
        assert main(["demo", "--database-url", url]) == 0
    assert "already has products" in again.getvalue()


async def test_the_demo_tells_six_weeks_of_decisions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    now = datetime.now(UTC)
    seeded = demo.seed(settings_for(url))
    async with running(url) as api:
        await api.settled()
        product = (await api.ok(STORY))["products"][0]
        ana = next(t for who, t in seeded.tokens.items() if who.startswith("Ana"))
        assert (await api.ok("{ viewer { name } }", as_=ana))["viewer"]["name"] == "Ana Duarte"
    assert product["name"] == "Harbor Checkout" and len(product["goals"]) == 2
    roles = {(m["member"]["name"].split()[0], m["role"]) for m in product["members"]}
    assert {
        ("Ana", "PRODUCT_OWNER"),
        ("Ben", "ENGINEERING_MANAGER"),
        ("Eve", "STAKEHOLDER"),
        ("Chloé", "ENGINEER"),
        ("Dev", "ENGINEER"),
        ("Emeka", "ENGINEER"),
    } <= roles
    items = [e["node"] for e in product["backlog"]["edges"]]
    assert len(items) == 13  # with the lifecycle chapter's stakeholder request
    assert {i["status"] for i in items} == {
        "PROPOSED",
        "READY",
        "IN_PROGRESS",
        "DONE",
        "ACCEPTED",
        "DROPPED",
    }
    decisions = [e["node"] for e in product["decisions"]["edges"]]
    instants = [datetime.fromisoformat(d["at"]) for d in decisions]
    assert instants == sorted(instants, reverse=True)  # never backwards
    assert max(instants) < now - timedelta(hours=12)  # all in the past
    assert max(instants) - min(instants) > timedelta(weeks=5)
    assert sum(1 for d in decisions if d["rationale"]) >= 20
    assert {
        "ItemPrioritized",
        "ItemEstimated",
        "EngineerAssigned",
        "ItemAccepted",
        "ItemDropped",
        "CapacitySet",
        "VisionDefined",
        "GoalSet",
    } <= {d["type"] for d in decisions}

"""The demo's governance chapter, and `tandem adr export` writing it as Markdown."""

from __future__ import annotations

from pathlib import Path

from api import demo
from api.cli import main
from tests.api.harness import running, settings_for

REGISTER = """query($id: ID!) { product(id: $id) {
  risks(status: null) { title kind status exposure }
  architectureDecisions { number title status supersededBy { number } } } }"""


async def test_the_demo_weighs_risks_and_records_architecture_decisions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    seeded = demo.seed(settings_for(url))
    async with running(url) as api:
        await api.settled()
        product = (await api.ok(REGISTER, {"id": seeded.product_id}))["product"]
    assert [(r["kind"], r["status"], r["exposure"]) for r in product["risks"]] == [
        ("RISK", "OPEN", 20),
        ("OPPORTUNITY", "OPEN", 12),
        ("RISK", "REALIZED", 6),
    ]
    assert [
        (a["number"], a["status"], a["supersededBy"]) for a in product["architectureDecisions"]
    ] == [
        (1, "SUPERSEDED", {"number": 3}),
        (2, "ACCEPTED", None),
        (3, "ACCEPTED", None),
    ]

    folder = tmp_path / "adr"
    assert (
        main(["adr", "export", "--product", seeded.product_id, str(folder), "--database-url", url])
        == 0
    )
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "0001-keep-sessions-in-redis.md",
        "0002-call-the-psp-through-its-v2-sdk.md",
        "0003-keep-sessions-in-postgresql.md",
    ]
    first = (folder / names[0]).read_text()
    assert first.startswith("# 1. Keep sessions in Redis\n")
    assert "## Status\n\nSuperseded by [0003](0003-keep-sessions-in-postgresql.md)" in first
    for heading in ("## Context", "## Decision", "## Consequences"):
        assert heading in first
    assert "Supersedes [0001](0001-keep-sessions-in-redis.md)" in (folder / names[2]).read_text()


def test_exporting_an_unknown_product_fails_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    assert main(["migrate", "--database-url", url]) == 0
    missing = "00000000-0000-4000-8000-000000000000"
    assert (
        main(["adr", "export", "--product", missing, str(tmp_path / "adr"), "--database-url", url])
        == 2
    )

"""The demo's integrity and updates chapters (a scored item, a prioritization with its
causes, a published stakeholder update, a verified audit chain) and `tandem replay
--why`, which prints an item's why-chain as BacklogItem.why answers it."""

from __future__ import annotations

import asyncio
import io
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from api import demo
from api.cli import main
from tests.api.harness import running, settings_for

DEMO = """query($p: ID!) { product(id: $p) {
  updates { edges { node { number headline markdown author { name } } } }
  backlog(first: 100) { edges { node { id title score { model formulaVersion value }
    why { position type causes { position } } } } } } }"""
VERIFY = "query($p: ID!) { verifyAudit(productId: $p) { ok checked head } }"
PROMO = "Promo codes and gift cards"


@pytest.fixture
def demo_database(tmp_path: Path) -> tuple[str, demo.Demo]:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    return url, demo.seed(settings_for(url))


async def test_the_demo_scores_publishes_and_verifies(
    demo_database: tuple[str, demo.Demo],
) -> None:
    url, seeded = demo_database
    async with running(url) as api:
        await api.settled()
        product = (await api.ok(DEMO, {"p": seeded.product_id}))["product"]
        audit = (await api.ok(VERIFY, {"p": seeded.product_id}))["verifyAudit"]
    (update,) = [e["node"] for e in product["updates"]["edges"]]
    assert update["number"] == 1 and update["author"] == {"name": "Ana Duarte"}
    assert "Guest checkout" in update["markdown"] and "## Accepted" in update["markdown"]
    items = {e["node"]["title"]: e["node"] for e in product["backlog"]["edges"]}
    assert items[PROMO]["score"]["formulaVersion"] == "WSJF-1"
    assert items[PROMO]["score"]["value"] == pytest.approx(17 / 3)
    why = items[PROMO]["why"]
    assert [d["type"] for d in why] == ["ItemPrioritized", "ItemScored", "GoalRevised"]
    assert sorted(c["position"] for c in why[0]["causes"]) == sorted(d["position"] for d in why[1:])
    assert audit["ok"] is True
    assert seeded.audit == f"{audit['checked']} decisions, head {audit['head']}"


def test_tandem_demo_says_the_audit_chain_was_verified(tmp_path: Path) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["demo", "--database-url", f"sqlite:///{tmp_path / 'tandem.db'}"]) == 0
    assert re.search(r"Audit chain verified: \d+ decisions, head [0-9a-f]{64}", out.getvalue())


async def test_replay_why_prints_the_chain_of_causes(
    demo_database: tuple[str, demo.Demo], capsys: pytest.CaptureFixture[str]
) -> None:
    url, seeded = demo_database
    async with running(url) as api:
        await api.settled()
        product = (await api.ok(DEMO, {"p": seeded.product_id}))["product"]
    promo = next(e["node"] for e in product["backlog"]["edges"] if e["node"]["title"] == PROMO)
    argv = ["replay", "--product", seeded.product_id, "--why", promo["id"]]
    # the CLI runs its own event loop, so not on the test's
    assert await asyncio.to_thread(main, [*argv, "--database-url", url]) == 0
    printed = table_rows(capsys.readouterr().out)
    first, *causes = [d["position"] for d in promo["why"]]
    assert [p for p, _ in printed] == [first, *causes]  # newest first, as BacklogItem.why
    named = {int(p) for p in re.findall(r"#(\d+)", printed[0][1])}
    assert named == set(causes) and all(said == "-" for _, said in printed[1:])


def table_rows(out: str) -> list[tuple[int, str]]:
    """(position, caused by) of each row of the printed table, wrapped cells joined."""
    rows: list[tuple[int, str]] = []
    for line in out.splitlines():
        if not line.startswith("│"):
            continue
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if cells[0]:
            rows.append((int(cells[0]), cells[-1]))
        else:  # a wrapped cell goes on under its row
            position, said = rows[-1]
            rows[-1] = (position, f"{said} {cells[-1]}".strip())
    return rows


@pytest.mark.parametrize(
    ("why", "said"),
    [
        ("not-an-id", "is not an item id"),
        ("00000000-0000-4000-8000-000000000000", "no item"),
    ],
)
def test_replay_why_refuses_what_is_no_item_of_the_product(
    demo_database: tuple[str, demo.Demo], capsys: pytest.CaptureFixture[str], why: str, said: str
) -> None:
    url, seeded = demo_database
    argv = ["replay", "--product", seeded.product_id, "--why", why, "--database-url", url]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert said in captured.err and "Traceback" not in captured.err + captured.out


def test_replay_why_is_given_alone(
    demo_database: tuple[str, demo.Demo], capsys: pytest.CaptureFixture[str]
) -> None:
    url, seeded = demo_database
    argv = ["replay", "--product", seeded.product_id, "--why", seeded.product_id]
    assert main([*argv, "--as-of", "2030-01-01T00:00:00+00:00", "--database-url", url]) == 2
    assert "without the other options" in capsys.readouterr().err

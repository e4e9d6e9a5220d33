"""Tampering against real SQLite and PostgreSQL stores: each change is detected at the
right position by verification and by `tandem audit verify`, which exits non-zero
naming the product and the position."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.cli import main
from api.composition import Container
from domain.commands import EstimateItem, PrioritizeItem
from projections.audit_chain.stored import product_decisions
from projections.audit_chain.verify import verify_product
from tests.backends import DURABLE_BACKENDS, database_url
from tests.integrity.tampering import Tamperer
from tests.projections.team import Clock, Team, container


@pytest.fixture(params=DURABLE_BACKENDS)
def durable_url(request: pytest.FixtureRequest) -> Iterator[str]:
    with database_url(request.param) as url:
        yield url


@pytest.fixture
def chained(durable_url: str) -> Iterator[tuple[Container, Team, list[int]]]:
    """Two products' decisions, chained; the positions of Checkout's decisions."""
    tandem = container(durable_url, Clock())
    try:
        team = Team.gather(tandem.app)
        other = Team.gather(tandem.app, "Payroll")
        sso, audit = team.propose("SSO login", "Audit log")
        other.propose("Payslips")
        tandem.app.decide(team.ana, PrioritizeItem(item_id=audit, rank=1, rationale="Legal"))
        tandem.app.decide(team.eve, EstimateItem(item_id=sso, points=5))
        tandem.projections.catch_up()
        positions = [d.position for d in product_decisions(tandem.app, team.product_id)]
        yield tandem, team, positions
    finally:
        tandem.close()


def cli_verify(
    url: str, product: str | None, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    capsys.readouterr()
    args = ["audit", "verify", "--database-url", url]
    code = main([*args, "--product", product] if product else args)
    return code, capsys.readouterr().out


def assert_broken_at(
    tandem: Container, url: str, team: Team, position: int, capsys: pytest.CaptureFixture[str]
) -> None:
    result = verify_product(tandem.app, tandem.projections.store, team.product_id)
    assert not result.ok
    assert result.broken_at == position, result.problem
    assert result.head is None
    for product in (team.product_id, None):
        code, out = cli_verify(url, product, capsys)
        assert code == 1
        assert f"product {team.product_id}: BROKEN at position {position}:" in out


def test_an_untouched_store_verifies(
    chained: tuple[Container, Team, list[int]], durable_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, team, positions = chained
    code, out = cli_verify(durable_url, None, capsys)
    assert code == 0, out
    assert f"product {team.product_id}: ok, {len(positions)} decisions, head " in out


def test_one_changed_byte_is_detected_at_its_position(
    chained: tuple[Container, Team, list[int]], durable_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tandem, team, positions = chained
    Tamperer(tandem.app).flip_a_byte(positions[4])
    assert_broken_at(tandem, durable_url, team, positions[4], capsys)


def test_a_deleted_decision_is_detected_at_the_one_that_followed_it(
    chained: tuple[Container, Team, list[int]], durable_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tandem, team, positions = chained
    Tamperer(tandem.app).delete(positions[5])
    assert_broken_at(tandem, durable_url, team, positions[6], capsys)


def test_a_deleted_latest_decision_is_detected_at_its_position(
    chained: tuple[Container, Team, list[int]], durable_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tandem, team, positions = chained
    Tamperer(tandem.app).delete(positions[-1])
    assert_broken_at(tandem, durable_url, team, positions[-1], capsys)


def test_two_swapped_decisions_are_detected_at_the_first(
    chained: tuple[Container, Team, list[int]], durable_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tandem, team, positions = chained
    Tamperer(tandem.app).swap(positions[3], positions[-1])
    assert_broken_at(tandem, durable_url, team, positions[3], capsys)


def test_verify_names_an_unknown_product_and_exits_2(
    chained: tuple[Container, Team, list[int]], durable_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["audit", "verify", "--database-url", durable_url, "--product", "nope"])
    assert code == 2
    assert "not a product id" in capsys.readouterr().err

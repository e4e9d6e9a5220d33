"""`tandem replay` against an embedded SQLite store: the backlog as of an instant,
and the diff of a window, printed for a terminal."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api import cli_views
from api.composition import build
from api.settings import Settings
from domain.actor import Actor
from domain.commands import (
    CreateProduct,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RegisterMember,
)
from domain.vocabulary import Role
from tests.given import Clock

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PRIORITIZED = MONDAY + timedelta(hours=1, microseconds=250)


@dataclass
class Store:
    url: str
    product_id: str


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Ana proposed SSO login, Guest checkout and Apple Pay on Monday morning, Ben
    estimated Guest checkout, and an hour later Ana moved Apple Pay to the top."""
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    clock = Clock(MONDAY)  # one second per decision
    tandem = build(Settings(database_url=url, admin_token="x"), clock=clock)
    try:
        app, admin = tandem.app, Actor.admin()
        ana_id = app.decide(admin, RegisterMember(name="Ana", email="ana@tandem.example")).member_id
        ben_id = app.decide(admin, RegisterMember(name="Ben", email="ben@tandem.example")).member_id
        product_id = app.decide(
            admin, CreateProduct(name="Tandem Web", vision="Pairs ship together")
        ).product_id
        app.decide(
            admin, GrantRole(product_id=product_id, member_id=ana_id, role=Role.PRODUCT_OWNER)
        )
        app.decide(
            admin, GrantRole(product_id=product_id, member_id=ben_id, role=Role.ENGINEERING_MANAGER)
        )
        ana, ben = Actor.member(ana_id), Actor.member(ben_id)
        ids = [
            app.decide(ana, ProposeItem(product_id=product_id, title=title)).item_id or ""
            for title in ("SSO login", "Guest checkout", "Apple Pay")
        ]
        app.decide(ben, EstimateItem(item_id=ids[1], points=2.5))
        clock.set(PRIORITIZED)
        app.decide(ana, PrioritizeItem(item_id=ids[2], rank=1, rationale="Launch partner needs it"))
        tandem.projections.catch_up()
    finally:
        tandem.close()
    yield Store(url, product_id)


def replay(store: Store, *arguments: str) -> int:
    parser = argparse.ArgumentParser(prog="tandem")
    cli_views.register(parser.add_subparsers())
    args = parser.parse_args(
        ["replay", "--product", store.product_id, "--database-url", store.url, *arguments]
    )
    code: int = args.handler(args)
    return code


def rows(output: str) -> list[list[str]]:
    """The table's body rows, cells stripped (rich draws box characters around them)."""
    found = []
    for line in output.splitlines():
        cells = [c.strip() for c in line.replace("┃", "│").split("│")[1:-1]]
        if cells and cells[0] not in ("rank", "item"):
            found.append(cells)
    return found


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")


def test_as_of_prints_the_backlog_as_it_stood(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert replay(store, "--as-of", PRIORITIZED.isoformat()) == 0
    output = capsys.readouterr().out
    assert f"Backlog as of {PRIORITIZED.isoformat()}" in output
    assert rows(output) == [
        ["1", "Apple Pay", "FEATURE", "PROPOSED", "-", "0"],
        ["2", "SSO login", "FEATURE", "PROPOSED", "-", "0"],
        ["3", "Guest checkout", "FEATURE", "PROPOSED", "2.5", "0"],
    ]


def test_as_of_a_microsecond_earlier_in_another_zone(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    # PRIORITIZED is 10:00:00.000250 UTC, i.e. 12:00:00.000250 at +02:00.
    assert replay(store, "--as-of", "2026-11-02T12:00:00.000249+02:00") == 0
    assert [row[1] for row in rows(capsys.readouterr().out)] == [
        "SSO login",
        "Guest checkout",
        "Apple Pay",
    ]
    assert replay(store, "--as-of", "2026-11-02T12:00:00.000250+02:00") == 0
    assert rows(capsys.readouterr().out)[0][1] == "Apple Pay"


def test_as_of_before_the_product_existed_prints_an_empty_backlog(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert replay(store, "--as-of", "2026-11-01T00:00:00+00:00") == 0
    assert rows(capsys.readouterr().out) == []


def test_from_to_prints_what_changed(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    window = ["--from", MONDAY.isoformat(), "--to", PRIORITIZED.isoformat()]
    assert replay(store, *window) == 0
    output = capsys.readouterr().out
    # The whole history: the product created and two grants by the administrator
    # (no role), three proposals and a move by Ana, an estimate by Ben.
    assert "Decisions in (2026-11-02T09:00:00+00:00, 2026-11-02T10:00:00.000250+00:00]: 8" in output
    assert "by role: ENGINEERING_MANAGER 1, PRODUCT_OWNER 4" in output
    assert rows(output) == [
        ["Apple Pay", "-", "1"],
        ["SSO login", "-", "2"],
        ["Guest checkout", "-", "3"],
    ]
    assert "'Apple Pay' moved 1x: Launch partner needs it" in output
    assert "'Guest checkout' estimate None -> 2.5" in output


def test_a_window_that_ends_before_it_starts_is_refused(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    window = ["--from", PRIORITIZED.isoformat(), "--to", MONDAY.isoformat()]
    assert replay(store, *window) == 2
    assert "--from must not be after --to" in capsys.readouterr().err


def test_an_instant_without_an_offset_is_refused(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        replay(store, "--as-of", "2026-11-02T10:00:00")
    assert "needs a UTC offset" in capsys.readouterr().err


@pytest.mark.slow
def test_the_console_script_prints_the_same_backlog(store: Store) -> None:
    tandem = Path(sys.executable).with_name("tandem")
    if not tandem.exists():
        pytest.skip("the tandem console script is not installed in this environment")
    done = subprocess.run(
        [str(tandem), "replay", "--product", store.product_id, "--as-of", PRIORITIZED.isoformat()],
        env={**os.environ, "TANDEM_DATABASE_URL": store.url, "COLUMNS": "160"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [row[1] for row in rows(done.stdout)] == ["Apple Pay", "SSO login", "Guest checkout"]

"""Exports: a round trip through `tandem audit export` and `verify-export` (offline),
an edited export refused, and an independent standard-library verifier agreeing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from api.cli import main
from api.composition import Container
from projections.audit_chain.export import verify_export
from projections.audit_chain.stored import product_decisions
from projections.audit_chain.verify import verify_product
from tests.integrity.tampering import Tamperer
from tests.projections.team import Team

VERIFIER = Path(__file__).with_name("independent_verifier.py")


def export(url: str, product: str, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    capsys.readouterr()
    assert main(["audit", "export", "--database-url", url, "--product", product, *extra]) == 0
    return capsys.readouterr().out


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tandem.db'}"


@pytest.fixture
def chained(sqlite_url: str) -> Team:
    from tests.projections.team import Clock, container

    tandem = container(sqlite_url, Clock())
    try:
        team = Team.gather(tandem.app)
        team.propose("SSO login", "Audit log", "Dark mode")
        tandem.projections.catch_up()
        return team
    finally:
        tandem.close()


@pytest.mark.parametrize("form", ["jsonl", "csv"])
def test_an_export_verifies_offline(
    sqlite_url: str, chained: Team, tmp_path: Path, form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = export(sqlite_url, chained.product_id, capsys, "--format", form)
    path = tmp_path / f"export.{form}"
    path.write_text(text)
    Path(sqlite_url.removeprefix("sqlite:///")).unlink()  # offline: no database at all
    assert main(["audit", "verify-export", str(path)]) == 0
    out = capsys.readouterr().out
    assert "ok, 9 decisions" in out


def test_export_lines_are_the_chain(
    sqlite_url: str, chained: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.loads(x) for x in export(sqlite_url, chained.product_id, capsys).splitlines()]
    assert lines[0]["previousHash"] is None
    assert [x["previousHash"] for x in lines[1:]] == [x["hash"] for x in lines[:-1]]
    assert set(lines[0]) == {
        "position",
        "productId",
        "version",
        "topic",
        "state",
        "previousHash",
        "hash",
    }
    assert verify_export("".join(json.dumps(x) + "\n" for x in lines)).head == lines[-1]["hash"]


@pytest.mark.parametrize(
    "edit",
    [
        lambda line: {**line, "state": line["state"].replace("A", "B", 1)},
        lambda line: {**line, "position": line["position"] + 1},
        lambda line: {**line, "version": line["version"] + 1},
        lambda line: {**line, "topic": line["topic"] + "X"},
        lambda line: {**line, "previousHash": "0" * 64},
        lambda line: {**line, "hash": "0" * 64},
        lambda line: {**line, "note": "harmless?"},
    ],
)
def test_an_edited_export_is_refused(
    sqlite_url: str, chained: Team, tmp_path: Path, edit: object, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.loads(x) for x in export(sqlite_url, chained.product_id, capsys).splitlines()]
    lines[4] = edit(lines[4])  # type: ignore[operator]
    path = tmp_path / "edited.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    assert main(["audit", "verify-export", str(path)]) == 1
    assert "CHANGED at line" in capsys.readouterr().out


def test_a_removed_line_is_refused(
    sqlite_url: str, chained: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = export(sqlite_url, chained.product_id, capsys).splitlines(keepends=True)
    path = tmp_path / "shorter.jsonl"
    path.write_text("".join(lines[:3] + lines[4:]))
    assert main(["audit", "verify-export", str(path)]) == 1
    assert "CHANGED at line 4" in capsys.readouterr().out


def test_an_independent_verifier_agrees(
    sqlite_url: str, chained: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = export(sqlite_url, chained.product_id, capsys)
    path = tmp_path / "export.jsonl"
    path.write_text(text)
    run = [sys.executable, "-I", "-S", str(VERIFIER), str(path)]
    done = subprocess.run(run, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(text.splitlines()[-1])["hash"] in done.stdout
    path.write_text(text.replace('"version":3', '"version":4', 1))
    done = subprocess.run(run, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert "hash mismatch" in done.stderr


def test_an_export_of_a_tampered_store_does_not_verify(
    sqlite_url: str, chained: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.projections.team import container

    tandem: Container = container(sqlite_url)
    try:
        positions = [d.position for d in product_decisions(tandem.app, chained.product_id)]
        Tamperer(tandem.app).flip_a_byte(positions[2])
        assert (
            verify_product(tandem.app, tandem.projections.store, chained.product_id).broken_at
            == positions[2]
        )
    finally:
        tandem.close()
    path = tmp_path / "export.jsonl"
    path.write_text(export(sqlite_url, chained.product_id, capsys))
    assert main(["audit", "verify-export", str(path)]) == 1
    assert "CHANGED at line 3" in capsys.readouterr().out


def test_an_export_window_takes_from_and_to(
    sqlite_url: str, chained: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    every = [json.loads(x) for x in export(sqlite_url, chained.product_id, capsys).splitlines()]
    window = export(
        sqlite_url,
        chained.product_id,
        capsys,
        "--from",
        "2024-03-01T09:07:00+00:00",
        "--to",
        "2024-03-01T09:08:00+00:00",
    )
    lines = [json.loads(x) for x in window.splitlines()]
    assert 0 < len(lines) < len(every)
    assert verify_export(window).ok

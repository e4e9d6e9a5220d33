"""`tandem replay` shows the lifecycle, and the demo story tells its chapter."""

from __future__ import annotations

from pathlib import Path

import pytest

from api import demo
from api.cli import main
from tests.api.harness import settings_for

FAR_PAST, FAR_FUTURE = "2000-01-01T00:00:00+00:00", "2100-01-01T00:00:00+00:00"


@pytest.fixture
def demo_database(tmp_path: Path) -> tuple[str, str]:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    return url, demo.seed(settings_for(url)).product_id


def test_replay_as_of_shows_goals_and_people_then(
    demo_database: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url, pid = demo_database
    assert (
        main(
            [
                "replay",
                "--product",
                pid,
                "--as-of",
                FAR_FUTURE,
                "--lifecycle",
                "--database-url",
                url,
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Goals as of" in out and "ACHIEVED" in out and "Lift checkout conversion by 6" in out
    assert "Invoices as PDF" in out
    emeka = next(line for line in out.splitlines() if "Emeka" in line)
    assert "PRODUCT_OWNER" not in emeka and "ENGINEER" in emeka


def test_replay_of_a_window_lists_the_lifecycle_decisions(
    demo_database: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url, pid = demo_database
    argv = ["replay", "--product", pid, "--from", FAR_PAST, "--to", FAR_FUTURE, "--lifecycle"]
    assert main([*argv, "--database-url", url]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for said in ("rejected", "restored", "requested", "ACHIEVED", "revoked"):
        assert said in out, said

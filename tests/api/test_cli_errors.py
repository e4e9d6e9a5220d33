"""The `tandem` commands when something is wrong: one line on stderr, exit status 2,
and nothing created by a command that only reads."""

from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from api import demo
from api.cli import main, parser
from tests.api.harness import settings_for
from tests.backends import POSTGRES_URL, skip_without_postgres

NOT_A_PRODUCT = "0b0e5b47-4c4d-4f0e-9d0a-000000000000"
INSTANT = "2026-11-25T09:00:00+00:00"


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Runs `tandem argv`; asserts exit 2 and one line on stderr; returns that line."""
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("tandem: "), err
    return err


def unknown_database_url() -> str:
    skip_without_postgres()
    parts = urlsplit(POSTGRES_URL)
    return urlunsplit(parts._replace(path="/tandem_no_such_database", query=""))


def test_an_unknown_postgres_database_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(capsys, "status", "--database-url", unknown_database_url())
    assert "database error" in line and "tandem_no_such_database" in line


def test_a_refused_port_is_one_line_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql://tandem:s3cret@127.0.0.1:1/tandem"
    for command in ("status", "migrate"):
        line = refused(capsys, command, "--database-url", url)
        assert "database error" in line and "refused" in line.lower()
        assert "s3cret" not in line


def test_a_sqlite_file_in_a_missing_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'tandem.db'}"
    assert "database error" in refused(capsys, "migrate", "--database-url", url)


@pytest.mark.parametrize(
    "command",
    [["status"], ["rebuild"], ["replay", "--product", NOT_A_PRODUCT, "--as-of", INSTANT]],
)
def test_read_only_commands_never_create_a_database(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    assert "no database at" in refused(capsys, *command, "--database-url", url)
    assert list(tmp_path.iterdir()) == []  # neither the database nor an admin-token file


def test_status_of_an_existing_database_creates_no_admin_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    assert main(["migrate", "--database-url", url]) == 0
    assert main(["status", "--database-url", url]) == 0
    assert "backlog" in capsys.readouterr().out
    assert not (tmp_path / "tandem.db.admin-token").exists()


@pytest.fixture
def demo_database(tmp_path: Path) -> tuple[str, str]:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    return url, demo.seed(settings_for(url)).product_id


def test_replay_refuses_a_product_id_that_is_not_a_uuid(
    demo_database: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = demo_database
    line = refused(
        capsys, "replay", "--product", "harbor", "--as-of", INSTANT, "--database-url", url
    )
    assert "'harbor' is not a product id" in line


def test_replay_refuses_an_unknown_product(
    demo_database: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = demo_database
    args = ["replay", "--product", NOT_A_PRODUCT, "--as-of", INSTANT, "--database-url", url]
    assert f"no product {NOT_A_PRODUCT}" in refused(capsys, *args)


def test_replay_refuses_as_of_with_a_window(
    demo_database: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url, product = demo_database
    base = ["replay", "--product", product, "--database-url", url, "--as-of", INSTANT]
    assert "not both" in refused(capsys, *base, "--to", INSTANT)
    assert "not both" in refused(capsys, *base, "--from", INSTANT, "--to", INSTANT)
    assert main(base) == 0
    assert "Backlog as of" in capsys.readouterr().out


def test_every_argument_has_help_and_a_readable_name(capsys: pytest.CaptureFixture[str]) -> None:
    commands = next(
        a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)
    ).choices
    for name, command in commands.items():
        for action in command._actions:
            assert action.help, f"tandem {name} {action.option_strings or action.dest}"
    with pytest.raises(SystemExit):
        main(["replay", "--help"])
    assert "FROM_" not in capsys.readouterr().out


def test_demo_says_it_serves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--database-url", f"sqlite:///{tmp_path / 'tandem.db'}"]) == 0
    printed = capsys.readouterr().out
    assert "Nothing is served yet" in printed and "tandem serve" in printed
    assert "GraphQL: http" not in printed

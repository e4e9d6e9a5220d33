"""Start-up validation: a bad TANDEM_* value stops the process with one clear line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from api.config_check import load_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("TANDEM_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def refusal(capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stopped:
        load_settings()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_the_embedded_default_needs_no_configuration() -> None:
    settings = load_settings()
    assert settings.store.backend == "sqlite"


def test_postgres_with_an_admin_token_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_DATABASE_URL", "postgresql://tandem:pw@db:5432/tandem")
    monkeypatch.setenv("TANDEM_ADMIN_TOKEN", "s3cret-admin-token-of-32-characters")
    monkeypatch.setenv("TANDEM_PORT", "9000")
    settings = load_settings()
    assert (settings.store.host, settings.port) == ("db", 9000)


def test_an_unparseable_database_url_is_refused_without_its_password(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TANDEM_DATABASE_URL", "mysql://ana:hunter2@db/tandem")
    err = refusal(capsys)
    assert err.startswith("tandem: configuration error: TANDEM_DATABASE_URL: ")
    assert "unsupported database URL" in err
    assert "hunter2" not in err


def test_a_postgres_url_without_a_database_name_is_refused(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TANDEM_DATABASE_URL", "postgresql://ana:hunter2@db:5432")
    err = refusal(capsys)
    assert "needs a host and a database name" in err and "hunter2" not in err


def test_postgres_without_an_admin_token_is_refused(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TANDEM_DATABASE_URL", "postgresql://tandem@db:5432/tandem")
    err = refusal(capsys)
    assert "TANDEM_ADMIN_TOKEN must be set" in err


def test_store_commands_may_run_without_the_admin_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TANDEM_DATABASE_URL", "postgresql://tandem@db:5432/tandem")
    settings = load_settings(require_admin_token=False)
    assert settings.admin_token is None


def test_overrides_are_validated_like_the_environment(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        load_settings(database_url="mysql://db/tandem")
    assert "TANDEM_DATABASE_URL: unsupported database URL" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["eighty", "0", "70000", "-1"])
def test_a_bad_port_is_refused(
    port: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TANDEM_PORT", port)
    err = refusal(capsys)
    assert err.startswith("tandem: configuration error: TANDEM_PORT: ")
    assert repr(port) in err


def test_several_problems_are_reported_together(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TANDEM_PORT", "eighty")
    monkeypatch.setenv("TANDEM_PROJECTIONS", "sometimes")
    err = refusal(capsys)
    assert "TANDEM_PORT" in err and "TANDEM_PROJECTIONS" in err


def test_a_bad_log_level_is_refused(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TANDEM_LOG_LEVEL", "LOUD")
    assert "TANDEM_LOG_LEVEL" in refusal(capsys)


def test_a_real_process_exits_2_with_one_line(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "TANDEM_DATABASE_URL": "postgres://db/tandem?schema=a-b"}
    result = subprocess.run(
        [sys.executable, "-c", "from api.config_check import load_settings; load_settings()"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "tandem: configuration error: TANDEM_DATABASE_URL: invalid schema name 'a-b'\n"
    )


def test_a_short_admin_token_stops_the_server_at_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TANDEM_ADMIN_TOKEN", "x" * 31)
    with pytest.raises(SystemExit) as stopped:
        load_settings()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "TANDEM_ADMIN_TOKEN must be at least 32 characters" in err and "x" * 31 not in err
    monkeypatch.setenv("TANDEM_ADMIN_TOKEN", "x" * 32)
    assert load_settings().admin_token == "x" * 32

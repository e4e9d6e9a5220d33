"""docker-compose.yml: validated by `docker compose config` where Compose exists, and
its topology asserted from the file itself everywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
SECRETS = {"TANDEM_ADMIN_TOKEN": "compose-test-token", "POSTGRES_PASSWORD": "compose-test-pw"}


def compose_command() -> list[str] | None:
    """`docker compose` (v2 plugin) or the standalone `docker-compose`, if either runs."""
    candidates = [["docker", "compose"], ["docker-compose"]]
    for command in candidates:
        if shutil.which(command[0]) is None:
            continue
        probe = subprocess.run([*command, "version"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return command
    return None


def run_config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = compose_command()
    if command is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed here")
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run(
        [*command, "-f", str(COMPOSE_FILE), "config"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, **env},
        cwd=ROOT,
    )


def test_compose_config_validates_with_the_secrets_set() -> None:
    result = run_config(SECRETS)
    assert result.returncode == 0, result.stderr
    for service in ("postgres:", "migrate:", "api:", "projector:"):
        assert service in result.stdout
    assert "postgresql://tandem:compose-test-pw@postgres:5432/tandem" in result.stdout


def test_compose_refuses_to_start_without_the_admin_token() -> None:
    result = run_config({"POSTGRES_PASSWORD": "compose-test-pw"})
    assert result.returncode != 0
    assert "set TANDEM_ADMIN_TOKEN" in result.stderr


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read docker-compose.yml")
    document = yaml.safe_load(COMPOSE_FILE.read_text())
    return dict(document["services"])


def test_two_api_replicas_wait_for_a_healthy_database_and_a_finished_migration(
    services: dict[str, Any],
) -> None:
    api = services["api"]
    assert api["deploy"]["replicas"] == 2
    assert api["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert api["command"][:2] == ["tandem", "serve"]
    assert "0.0.0.0" in api["command"]


def test_api_leaves_the_views_to_the_projector(services: dict[str, Any]) -> None:
    assert services["api"]["environment"]["TANDEM_PROJECTIONS"] == "worker"
    assert services["projector"]["command"] == ["tandem", "project"]
    assert services["projector"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["migrate"]["command"] == ["tandem", "migrate"]
    assert services["migrate"]["restart"] == "no"


def test_every_tandem_service_uses_the_postgres_service(services: dict[str, Any]) -> None:
    for name in ("migrate", "api", "projector"):
        url = services[name]["environment"]["TANDEM_DATABASE_URL"]
        assert url.startswith("postgresql://") and "@postgres:5432/" in url, name


def test_secrets_are_required_not_defaulted(services: dict[str, Any]) -> None:
    for name in ("migrate", "api", "projector"):
        env = services[name]["environment"]
        assert env["TANDEM_ADMIN_TOKEN"].startswith("${TANDEM_ADMIN_TOKEN:?"), name
        assert "${POSTGRES_PASSWORD:?" in env["TANDEM_DATABASE_URL"], name
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?"
    )


def test_healthchecks_probe_postgres_and_the_api(services: dict[str, Any]) -> None:
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    api_probe = " ".join(services["api"]["healthcheck"]["test"])
    assert "/healthz" in api_probe and "urllib" in api_probe
    assert services["projector"]["healthcheck"]["test"][-2:] == ["tandem", "status"]


def test_postgres_keeps_its_data_in_a_named_volume(services: dict[str, Any]) -> None:
    yaml = pytest.importorskip("yaml")
    volumes = yaml.safe_load(COMPOSE_FILE.read_text())["volumes"]
    assert services["postgres"]["image"].startswith("postgres:")
    assert any(v.split(":")[0] in volumes for v in services["postgres"]["volumes"])


def test_replicas_shut_down_within_the_grace_period(services: dict[str, Any]) -> None:
    api = services["api"]
    grace = int(str(api["stop_grace_period"]).removesuffix("s"))
    assert float(api["environment"]["TANDEM_SHUTDOWN_TIMEOUT"]) < grace


README = (ROOT / "README.md").read_text()


def test_readme_lists_the_exited_migrate_container_too() -> None:
    assert "docker compose ps -a" in README
    assert "docker compose ps " not in README.replace("docker compose ps -a", "")


def test_readme_nginx_follows_a_scale_up_without_a_reload() -> None:
    nginx = README[README.index("```nginx") : README.index("```", README.index("```nginx") + 3)]
    assert "resolver 127.0.0.11 valid=" in nginx  # Docker's embedded DNS, re-asked
    blocks = [line.split()[0] for line in nginx.splitlines() if line.strip()]
    assert "upstream" not in blocks  # an upstream block resolves its servers once, at start
    passes = [
        line.split("proxy_pass")[1].split()[0]
        for line in nginx.splitlines()
        if "proxy_pass" in line
    ]
    assert passes and all(target.startswith("$") for target in passes), passes

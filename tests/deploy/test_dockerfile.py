"""The Dockerfile's promises, read from the file: no Docker engine is needed."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINES = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
INSTRUCTIONS = [line for line in LINES if line and not line.startswith("#")]


def index_of(prefix: str) -> int:
    return next(i for i, line in enumerate(INSTRUCTIONS) if line.startswith(prefix))


def test_image_starts_from_slim_python_3_11() -> None:
    assert INSTRUCTIONS[0] == "FROM python:3.11-slim"


def test_dependencies_install_in_a_layer_before_the_source_is_copied() -> None:
    dependencies = index_of("COPY requirements.lock")
    assert dependencies < index_of("RUN pip install --require-hashes") < index_of("COPY api")
    assert dependencies < index_of("COPY domain") and dependencies < index_of("COPY projections")


def test_runs_as_an_unprivileged_user() -> None:
    users = [line.split()[1] for line in INSTRUCTIONS if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert index_of("USER") > index_of("RUN pip install --no-deps")


def test_healthcheck_probes_healthz_with_python_not_curl() -> None:
    healthcheck = " ".join(LINES[index_of_raw("HEALTHCHECK") : index_of_raw("HEALTHCHECK") + 2])
    assert "/healthz" in healthcheck and "urllib.request" in healthcheck
    assert "curl" not in " ".join(INSTRUCTIONS)


def test_serves_on_all_interfaces_by_default() -> None:
    assert INSTRUCTIONS[-1] == 'CMD ["tandem", "serve", "--host", "0.0.0.0"]'


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image() -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    for entry in (".git", ".venv", "*.db", "*.admin-token", ".env"):
        assert entry in ignored


def test_dependencies_come_pinned_and_hash_checked_from_the_lock() -> None:
    install = INSTRUCTIONS[index_of("RUN pip install --require-hashes")]
    assert install == "RUN pip install --require-hashes -r requirements.lock"
    lock = (ROOT / "requirements.lock").read_text()
    requirements = re.split(r"\n(?=[A-Za-z0-9])", "\n" + lock)[1:]  # one per pinned name
    assert len(requirements) > 10
    pinned = {}
    for requirement in requirements:
        name, _, version = requirement.split()[0].partition("==")
        assert version and "--hash=sha256:" in requirement, requirement
        pinned[canonical(name)] = version
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for dependency in declared:
        name = canonical(re.split(r"[\[<>=!~ ]", dependency, maxsplit=1)[0])
        assert name in pinned, f"{name} is in pyproject.toml but not in requirements.lock"
    options = [line for line in lock.splitlines() if line.startswith("-")]
    assert options == []  # no index or find-links of the machine that ran `make lock`


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def index_of_raw(prefix: str) -> int:
    return next(i for i, line in enumerate(LINES) if line.startswith(prefix))

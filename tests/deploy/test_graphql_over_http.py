"""GraphQL over HTTP as the spec describes it: graphql-http's own server audit (the npm
package's `auditServer`) against a live `tandem serve`, every result ok."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.live_server import live_server

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
# Installed on first use, kept out of git (.gitignore): a cache, not a dependency.
NODE_DIR = Path(os.environ.get("TANDEM_TEST_NODE_DIR", HERE.parent / ".node"))
PACKAGES = ("graphql-http@1.23.1", "graphql@16")


def audit_package() -> Path:
    """The folder holding node_modules/graphql-http, installed there with npm if absent."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("no node/npm here (Debian: apt-get install nodejs npm); .ci/run installs them")
    if not (NODE_DIR / "node_modules" / "graphql-http" / "package.json").exists():
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        installed = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR), *PACKAGES],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert installed.returncode == 0, installed.stderr
    return NODE_DIR


def test_graphql_http_audit_passes_every_check(tmp_path: Path) -> None:
    folder = audit_package()
    script = folder / "graphql_http_audit.mjs"  # beside node_modules, so the import resolves
    shutil.copyfile(HERE / "graphql_http_audit.mjs", script)
    with live_server(tmp_path) as server:
        audit = subprocess.run(
            ["node", str(script), server.graphql],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert audit.returncode == 0, audit.stderr
    results = [json.loads(line) for line in audit.stdout.splitlines()]
    assert len(results) > 30, audit.stdout
    not_ok = [f"{r['status']}: {r['name']} ({r['reason']})" for r in results if r["status"] != "ok"]
    assert not_ok == [], "\n".join(not_ok)

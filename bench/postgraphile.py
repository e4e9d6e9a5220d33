"""PostGraphile 4, the peer of workload 16: installed by npm (Debian's nodejs/npm)
into a cache directory outside the repository, and started over one schema."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import httpx

CACHE = Path(os.environ.get("TANDEM_BENCH_CACHE", "~/.cache/tandem-bench")).expanduser()
HOME = CACHE / "postgraphile"
CLI = HOME / "node_modules" / ".bin" / "postgraphile"


def installed() -> Path | str:
    """The postgraphile command, installing it on first use; or why it is missing."""
    if CLI.exists() and shutil.which("node"):
        return CLI
    for tool in ("node", "npm"):
        if not shutil.which(tool):
            return f"{tool} not found (apt-get install nodejs npm)"
    HOME.mkdir(parents=True, exist_ok=True)
    package = HOME / "package.json"
    if not package.exists():
        package.write_text('{"name": "tandem-bench-postgraphile", "private": true}\n')
    try:
        done = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "postgraphile@4"],
            cwd=HOME,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except subprocess.TimeoutExpired:
        return "npm install postgraphile@4 timed out (offline?)"
    if done.returncode != 0 or not CLI.exists():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"npm install postgraphile@4 failed (offline?): {last[:120]}"
    return CLI


def command(cli: Path, dsn: str, schema: str, port: int) -> list[str]:
    """PostGraphile serving `schema` read-only on 127.0.0.1:port, without query logs."""
    return [
        str(cli),
        "--connection",
        dsn,
        "--schema",
        schema,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--disable-query-log",
        "--disable-default-mutations",
        "--disable-graphiql",
    ]


def answers(port: int) -> bool:
    response = httpx.post(
        f"http://127.0.0.1:{port}/graphql", json={"query": "{__typename}"}, timeout=2
    )
    return response.status_code == 200

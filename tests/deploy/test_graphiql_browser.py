"""GraphiQL works with no network: headless Chromium loads /graphql from a live server,
runs a query and shows its result, while every request off 127.0.0.1 is refused."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest

from tests.deploy.live_server import live_server

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The flags of a quiet, throw-away browser: nothing phones home, nothing is kept.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REGISTER = """mutation { registerMember(input: {name: "Ana Duarte", email: "ana@example.com"})
  { token } }"""


def test_graphiql_runs_a_query_with_no_network(tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.skip("no Chromium here (Debian: apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright drives Chromium")
    with live_server(tmp_path) as server:
        registered = httpx.post(
            server.graphql,
            json={"query": REGISTER},
            headers={"Authorization": f"Bearer {server.admin_token}"},
            timeout=30,
        ).json()
        token = registered["data"]["registerMember"]["token"]
        outside: list[str] = []
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"),  # fresh --user-data-dir
                executable_path=CHROMIUM,
                headless=True,
                chromium_sandbox=False,
                args=FLAGS,
                extra_http_headers={"Authorization": f"Bearer {token}"},
            )
            try:
                page = browser.new_page()

                def offline(route: sync_api.Route) -> None:
                    if urlsplit(route.request.url).hostname == "127.0.0.1":
                        route.continue_()
                    else:
                        outside.append(route.request.url)
                        route.abort()

                page.route("**/*", offline)
                page.goto(f"{server.graphql}?q={quote('{ viewer { name } }')}")
                page.locator(".graphiql-execute-button").click(timeout=20_000)
                result = page.locator(".result-window")
                sync_api.expect(result).to_contain_text("Ana Duarte", timeout=20_000)
            finally:
                browser.close()
    assert outside == [], "the page asked for something off this server"

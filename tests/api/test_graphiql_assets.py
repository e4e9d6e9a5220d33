"""The GraphiQL page names only its own server's assets, and the server has each one."""

from __future__ import annotations

import re

from tests.api.harness import running
from tests.backends import database_url


async def test_graphiql_page_loads_only_assets_the_server_ships() -> None:
    with database_url("memory") as url:
        async with running(url, graphiql=True) as api:
            page = await api.client.get("/graphql", headers={"Accept": "text/html"})
            references = re.findall(r'(?:src|href)="([^"]+)"', page.text)
            assert len(references) == 5, references
            for reference in references:
                assert "//" not in reference and ":" not in reference, reference
                asset = await api.client.get(f"/{reference}")
                assert asset.status_code == 200, reference
                assert asset.headers["content-type"].startswith(("text/javascript", "text/css"))
            for hidden in ("LICENSE.react", "index.html", "..%2Fcontract.graphql"):
                assert (await api.client.get(f"/graphiql/{hidden}")).status_code == 404


async def test_graphiql_assets_are_not_served_when_graphiql_is_off() -> None:
    with database_url("memory") as url:
        async with running(url) as api:
            assert (await api.client.get("/graphiql/graphiql.min.js")).status_code == 404

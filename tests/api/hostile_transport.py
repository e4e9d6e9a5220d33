"""Requests that are wrong before GraphQL runs: bodies, methods, content types."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Attack:
    """One request: a JSON body (or raw bytes), how it is sent, and who sends it."""

    name: str
    body: Any = None
    raw: bytes | None = None
    method: str = "POST"
    content_type: str = "application/json"
    as_: str | None = "Ana"
    before_execution: bool = True
    """Refused before any resolver runs (no `data` in the answer)."""
    extra: dict[str, Any] = field(default_factory=dict)


def transport(product_id: str) -> list[Attack]:
    """Requests that are wrong before GraphQL: bodies, methods, content types."""
    query = json.dumps({"query": "{ viewer { name } }"}).encode()
    mutation = json.dumps(
        {"query": 'mutation { createProduct(input: {name: "x", vision: "y"}) { product { id } } }'}
    ).encode()
    attacks = [
        Attack(
            "oversized body",
            raw=b'{"query": "{ viewer { name } }", "x": "' + b"a" * 300_000 + b'"}',
        ),
        Attack("invalid UTF-8", raw=b'{"query": "{ viewer { name \xff\xfe } }"}'),
        Attack("latin-1 body", raw='{"query": "{ viewer { name } }", "x": "é"}'.encode("latin-1")),
        Attack("not JSON", raw=b"query { viewer { name } }"),
        Attack(
            "JSON NaN variable",
            raw=b'{"query": "query($n: Int) { products { backlog('
            b'first: $n) { totalCount } } }", "variables": {"n": NaN}}',
        ),
        Attack("batched operations", body=[{"query": "{ viewer { name } }"}] * 50),
        Attack("empty batch", body=[]),
        Attack(
            "form post", raw=b"query=" + mutation, content_type="application/x-www-form-urlencoded"
        ),
        Attack(
            "multipart post",
            raw=b"--x\r\n\r\n" + mutation + b"\r\n--x--",
            content_type="multipart/form-data; boundary=x",
        ),
        Attack("text post", raw=mutation, content_type="text/plain"),
        Attack("no content type", raw=query, content_type=""),
        Attack(
            "mutation over GET",
            method="GET",
            as_="admin",
            extra={
                "params": {
                    "query": 'mutation { createProduct(input: {name: "x", vision: "y"}) '
                    "{ product { id } } }"
                }
            },
        ),
        Attack("GET without query", method="GET"),
        Attack(
            "GET bad variables",
            method="GET",
            extra={"params": {"query": "{ viewer { name } }", "variables": "{"}},
        ),
        Attack(
            "GET huge query",
            method="GET",
            extra={"params": {"query": "{" * 20_000}},
        ),
        Attack(
            "subscription over POST",
            {
                "query": "subscription($p: ID!) { decisionRecorded(productId: $p) { id } }",
                "variables": {"p": product_id},
            },
        ),
        Attack(
            "anonymous mutation", {"query": mutation.decode()}, as_=None, before_execution=False
        ),
        Attack(
            "lone surrogate variable",
            raw=b'{"query": "query($t: String!) { viewer '
            b'{ name } }", "variables": {"t": "\\udc00"}}',
        ),
        Attack(
            "deeply nested variables",
            raw=b'{"query": "{ viewer { name } }", '
            b'"variables": {"x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}",
        ),
    ]
    return attacks

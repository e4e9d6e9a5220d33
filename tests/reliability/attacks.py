"""The hand-written attack set: each attack carries a decision a PO or EM could make, so a
request that slipped through to execution would show up as a recorded event.

`early` marks attacks on a documented limit or on the transport (depth, aliases, tokens,
`first`, body size, batching, content types, encodings, methods, operation selection)
and arguments a mutation's payload could not honour (a malformed cursor, an instant
without offset): those must be refused before anything executes (no `data` in the
answer). The others (a 250,000-character title, a null byte) run and are rejected by the
rules; they too record nothing.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Attack:
    name: str
    body: Any = None
    """A JSON body (dict or list); or `raw` bytes with `content_type`."""
    raw: bytes | None = None
    content_type: str = "application/json"
    method: str = "POST"
    params: dict[str, str] = field(default_factory=dict)
    """The query string's parameters; under the key "" a whole raw query string (httpx
    refuses to build one longer than 64 KiB, so it goes to the app as plain ASGI)."""
    chunks: int = 0
    """Sends `raw` as a chunked stream of this many pieces, without Content-Length."""
    early: bool = True

    def content(self) -> bytes | AsyncIterator[bytes] | None:
        raw = self.raw if self.raw is not None else json.dumps(self.body).encode()
        if not self.chunks:
            return raw
        size = max(1, len(raw) // self.chunks)

        async def stream() -> AsyncIterator[bytes]:
            for start in range(0, len(raw), size):
                yield raw[start : start + size]

        return stream()


def attacks(product: str, item: str) -> list[Attack]:
    propose = f'proposeItem(input: {{productId: "{product}", title: "Sneaky"}}) {{ item {{ id }} }}'
    create = 'createProduct(input: {name: "Sneaky", vision: "v"}) { product { id } }'
    decide = f"{propose} c: {create}"
    found: list[Attack] = []

    def doc(name: str, query: str, variables: Any = None, early: bool = True, **extra: Any) -> None:
        body: dict[str, Any] = {"query": query, **extra}
        if variables is not None:
            body["variables"] = variables
        found.append(Attack(name, body, early=early))

    # Depth: nested fields, nested inline fragments, nested list values.
    for depth in (16, 50, 500):
        nested = "name"
        for level in range(depth):
            nested = f"f{level} {{ {nested} }}"
        doc(f"depth bomb {depth}", f"mutation {{ {propose.replace('id', nested)} }}")
    for depth in (3_000, 20_000):
        doc(
            f"{depth} nested inline fragments",
            "mutation { " + "... on Mutation { " * depth + decide + " }" * depth + " }",
        )
    doc(
        "nested list value",
        f'mutation {{ refineItem(input: {{itemId: "{item}", '
        f'acceptanceCriteria: {"[" * 5000}"x"{"]" * 5000}}}) {{ item {{ id }} }} }}',
    )
    # Fragment cycles and amplification.
    doc(
        "fragment cycle",
        f"mutation {{ ...A }} fragment A on Mutation {{ {decide} ...B }} "
        f"fragment B on Mutation {{ ...A }}",
    )
    doc(
        "self-referencing fragment",
        f"mutation {{ ...A }} fragment A on Mutation {{ {decide} ...A }}",
    )
    laughs = [f"fragment F0 on Mutation {{ {decide} }}"]
    laughs += [f"fragment F{n} on Mutation {{ ...F{n - 1} ...F{n - 1} }}" for n in range(1, 40)]
    doc("billion laughs", "mutation { ...F39 } " + " ".join(laughs))
    for count in (101, 1_000, 5_000):
        doc(
            f"{count} aliases",
            "mutation { " + " ".join(f"a{n}: {propose}" for n in range(count)) + " }",
        )
    doc(
        "120 aliases through two fragments",
        "mutation { ...F ...G } "
        + "fragment F on Mutation { "
        + " ".join(f"a{n}: {propose}" for n in range(60))
        + " } "
        + "fragment G on Mutation { "
        + " ".join(f"b{n}: {propose}" for n in range(60))
        + " }",
    )
    doc(
        "10,001 tokens",
        "mutation { "
        + propose
        + ' c: createProduct(input: {name: "x", '
        + 'vision: "v"}) { product { backlog(status: ['
        + "READY " * 9_990
        + "]) { totalCount } } } }",
    )
    doc(
        "9,000 repeated fields",
        f"mutation {{ {propose} c: {create.replace('id', 'id ' * 9_000)} }}",
    )
    # Page sizes: in a query, and in a mutation's payload (the decision must not run).
    for first in ("99999999", "501", "-1", "2147483648", "$n"):
        page: dict[str, Any] | None = {"n": 99_999_999} if first == "$n" else None
        header = "($n: Int)" if first == "$n" else ""
        doc(
            f"first: {first} in a query",
            f"query{header} {{ products {{ backlog(first: {first}) {{ totalCount }} }} }}",
            page,
        )
        doc(
            f"first: {first} in a mutation payload",
            f'mutation{header} {{ createProduct(input: {{name: "Big", vision: "v"}}) '
            f"{{ product {{ backlog(first: {first}) {{ totalCount }} }} }} "
            f'p: proposeItem(input: {{productId: "{product}", title: "Big"}}) {{ item {{ id }} '
            f"decision {{ id }} }} }}",
            page,
        )
    # A decision whose payload asks for what cannot be shown: refused before it is made.
    payload = f'proposeItem(input: {{productId: "{product}", title: "Late"}}) {{ item {{ id }} }}'
    product_payload = 'createProduct(input: {name: "Late", vision: "v"}) { product { %s } }'
    for name, selection, given in (
        ("a malformed cursor", 'backlog(after: "bm9wZQ==") { totalCount }', None),
        (
            "a cursor of another connection",
            "decisions(after: $c) { totalCount }",
            {"c": "YmFja2xvZzox"},
        ),
        (
            "an instant without offset",
            "backlog(asOf: $t) { totalCount }",
            {"t": "2026-11-02T09:00:00"},
        ),
        (
            "a retrospective ending before it starts",
            "retrospective(from: $t, to: $u) { decisionCount }",
            {"t": "2026-11-03T09:00:00+00:00", "u": "2026-11-02T09:00:00+00:00"},
        ),
        (
            "a filter with a malformed actorId",
            'decisions(filter: {actorId: "ana"}) { totalCount }',
            None,
        ),
        (
            "a filter with 101 types",
            "decisions(filter: {types: [" + '"GoalSet" ' * 101 + "]}) { totalCount }",
            None,
        ),
    ):
        header = "".join(f"${v}: {'String' if v == 'c' else 'DateTime'}, " for v in given or {})
        header = f"({header.rstrip(', ')})" if header else ""
        doc(
            f"{name} in a mutation payload",
            f"mutation{header} {{ {payload} c: {product_payload % selection} }}",
            given,
        )

    # Batches, operation selection, GET.
    for size in (2, 50):
        found.append(Attack(f"batch of {size}", [{"query": f"mutation {{ {decide} }}"}] * size))
    found.append(Attack("empty batch", []))
    doc("unknown operationName", f"mutation A {{ {decide} }}", operationName="B")
    doc(
        "operationName of a fragment",
        f"mutation A {{ ...F }} fragment F on Mutation {{ {decide} }}",
        operationName="F",
    )
    doc("two operations, no operationName", f"mutation A {{ {decide} }} mutation B {{ {decide} }}")
    doc("operationName with a null byte", f"mutation A {{ {decide} }}", operationName="A\x00")
    found.append(
        Attack("mutation over GET", method="GET", params={"query": f"mutation {{ {decide} }}"})
    )
    found.append(
        Attack(
            "mutation over GET by operationName",
            method="GET",
            params={
                "query": f"query Q {{ viewer {{ name }} }} mutation M {{ {decide} }}",
                "operationName": "M",
            },
        )
    )
    padded = "query=%7B+viewer+%7B+name+%7D+%7D&pad=" + "x" * 300_000
    found.append(Attack("GET over the size limit", method="GET", params={"": padded}))
    # Cross-site form posts (CSRF) and other content types.
    mutation = json.dumps({"query": f"mutation {{ {decide} }}"}).encode()
    for content_type, raw in (
        ("application/x-www-form-urlencoded", b"query=" + mutation),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="q"\r\n\r\n'
            + mutation
            + b"\r\n--x--\r\n",
        ),
        ("text/plain", mutation),
        ("text/plain; charset=utf-8", mutation),
        ("application/graphql", f"mutation {{ {decide} }}".encode()),
        ("", mutation),
        ("application/jsonx", mutation),
    ):
        found.append(
            Attack(f"form post as {content_type or 'no type'}", raw=raw, content_type=content_type)
        )
    # Bodies: size, encodings, JSON oddities.
    pad = b'", "pad": "' + b"x" * (300 * 1024) + b'"}'
    found.append(Attack("300 KiB body", raw=mutation[:-2] + pad))
    found.append(Attack("5 MiB body", raw=mutation[:-2] + pad.replace(b"x" * 1024, b"x" * 17_000)))
    found.append(Attack("1 MiB chunked body", raw=mutation[:-2] + pad * 4, chunks=64))
    for name, raw in (
        ("invalid UTF-8", mutation[:-3] + b'\xff\xfe"}'),
        ("overlong UTF-8", mutation.replace(b"Sneaky", b"Sn\xc0\xafky")),
        ("UTF-16 body", json.dumps({"query": f"mutation {{ {decide} }}"}).encode("utf-16")),
        (
            "lone surrogate in a variable",
            b'{"query": "mutation($t: String!) { proposeItem(input: '
            b'{productId: \\"' + product.encode() + b'\\", title: $t}) { item { id } } }", '
            b'"variables": {"t": "\\ud800"}}',
        ),
        (
            "NaN variable",
            b'{"query": "query($n: Int) { products { backlog(first: $n) '
            b'{ totalCount } } }", "variables": {"n": NaN}}',
        ),
        (
            "deeply nested JSON",
            b'{"query": "{ viewer { name } }", "variables": {"x": '
            + b"[" * 100_000
            + b"]" * 100_000
            + b"}}",
        ),
        ("not an object", b'"mutation { ' + propose.encode().replace(b'"', b'\\"') + b' }"'),
        ("null byte in the document", mutation.replace(b"mutation {", b"mutation \\u0000{")),
    ):
        found.append(Attack(name, raw=raw))
    # Values: wrong variable types, huge strings, null bytes (refused by the rules).
    titled = propose.replace('"Sneaky"', "$t")
    vars_doc = (
        f"mutation($t: String!, $r: Int!) {{ {titled} prioritizeItem(input: "
        f'{{itemId: "{item}", rank: $r, rationale: "x"}}) {{ item {{ id }} }} }}'
    )
    for name, wrong in (
        ("an object for a String", {"t": {"a": 1}, "r": 1}),
        ("a list for an Int", {"t": "x", "r": [1]}),
        ("a string for an Int", {"t": "x", "r": "1"}),
        ("a float for an Int", {"t": "x", "r": 1.5}),
        ("an Int beyond 32 bits", {"t": "x", "r": 2**40}),
        ("a missing variable", {"t": "x"}),
        ("null for a non-null", {"t": None, "r": 1}),
    ):
        doc(f"wrong variable type: {name}", vars_doc, wrong)
    for name, title in (
        ("a 250,000-character title", "x" * 250_000),
        ("a title with a null byte", "SSO\x00login"),
        ("a blank title", " \t\n "),
    ):
        doc(name, f"mutation($t: String!) {{ {titled} }}", {"t": title}, early=False)
    return found

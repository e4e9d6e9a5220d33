"""A few hundred malformed or hostile requests, generated from a handful of shapes."""

from __future__ import annotations

from typing import Any

from tests.api.hostile_transport import Attack, transport

VALID = """query Backlog($p: ID!) { product(id: $p) { name backlog(first: 5) { totalCount
  edges { cursor node { id title history { summary actor { name } } } } } } }"""
ITEM_MUTATION = "mutation($i: ProposeItemInput!) { proposeItem(input: $i) { item { id } } }"


def documents(product_id: str) -> list[Attack]:
    attacks: list[Attack] = []

    def doc(name: str, query: str, variables: Any = None, **options: Any) -> None:
        """The document from the Product Owner, and from nobody at all."""
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        attacks.append(Attack(name, body, **options))
        if "as_" not in options:
            attacks.append(Attack(f"{name}, anonymously", body, as_=None, **options))

    # Invalid syntax: every cut of a valid document, and some noise.
    for cut in range(3, len(VALID) - 1, 3):
        doc(f"truncated at {cut}", VALID[:cut], {"p": product_id})
    for noise in (
        "{",
        "}",
        "{{{{",
        "query {",
        "mutation",
        "subscription {}",
        "{ ... }",
        "query($: ID) { viewer { name } }",
        "{ viewer { name }",
        "\x00",
        "\ud7ff",
        "{ viewer(name: ) { name } }",
        "fragment on on on { x }",
        "#" * 1000,
        '{ viewer { name(x: "unterminated) } }',
        "{ 'single' }",
        "query query",
        "{ viewer { name } } }",
        "{ a: }",
        "{ __schema { types { name } } ",
        "{" * 5000,
        "[" * 5000,
        "{ viewer { name @ } }",
        "$$$",
        "query ($a: [[[ ) {}",
    ):
        doc(f"noise {noise[:20]!r}", noise)
    # Depth bombs, alias bombs, field and directive repetition, fragment tricks.
    for depth in (16, 20, 50, 200, 1000):
        nested = "name"
        for level in range(depth):
            nested = f"f{level} {{ {nested} }}"
        doc(f"depth {depth}", "{ products { " + nested + " } }")
    for count in (101, 150, 500, 1000, 3000):
        doc(
            f"{count} aliases",
            "{ " + " ".join(f"a{i}: products {{ name }}" for i in range(count)) + " }",
        )
    for count in (5000, 20000):
        doc(f"{count} repeated fields", "{ products { " + "name " * count + "} }")
    for count in (1000, 5000):
        doc(f"{count} directives", "{ products { name " + "@include(if: true) " * count + "} }")
    doc(
        "fragment cycle", "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
    )
    doc("self-spread", "query { ...A } fragment A on Query { products { name } ...A }")
    laughs = ["fragment F0 on Product { name }"]
    for level in range(1, 30):
        laughs.append(f"fragment F{level} on Product {{ ...F{level - 1} ...F{level - 1} }}")
    doc("billion laughs", "query { products { ...F29 } } " + " ".join(laughs))
    doc("unknown fragment", "query { ...Nope }")
    doc(
        "introspection depth",
        "{ __schema { types { " + "fields { type { " * 40 + "name" + " } }" * 40 + " } } }",
    )
    # Unknown fields, types, arguments, directives; wrong argument types in literals.
    for query in (
        "{ nope }",
        "{ products { price } }",
        "{ product { name } }",
        "{ product(id: 1) { name } }",
        '{ product(id: "x", extra: 1) { name } }',
        "{ products @nope { name } }",
        "{ products { backlog(first: 99999999) { totalCount } } }",
        "{ products { backlog(first: 2147483648) { totalCount } } }",
        "{ products { backlog(status: [NOPE]) { totalCount } } }",
        '{ products { backlog(asOf: "yesterday") { totalCount } } }',
        "{ products { backlog(asOf: 12) { totalCount } } }",
        "{ products { decisions(filter: {nope: 1}) { totalCount } } }",
        "query($x: Nope) { viewer { name } }",
        "query($x: ID!) { viewer { name } }",
        "query { viewer { name } } mutation { x }",
        "query A { viewer { name } } query A { viewer { name } }",
        "{ viewer { ... on Product { name } } }",
        "{ viewer }",
        "{ products { name(arg: 1) } }",
        "mutation { registerMember { token } }",
        "mutation { proposeItem(input: {}) { item { id } } }",
        'mutation { proposeItem(input: {productId: "x", title: 5}) { item { id } } }',
        "subscription { decisionRecorded { id } }",
    ):
        # An Int literal is a valid ID; the resolver refuses it as no UUID.
        doc(f"invalid {query[:40]!r}", query, before_execution="(id: 1)" not in query)
    # Wrong variable types and values.
    wrong = [None, 1, 1.5, True, "", "x" * 300, [], {}, [1], {"id": 1}, "NaN", -1]
    for value in wrong:
        doc(
            f"ID variable {value!r:.20}",
            "query($p: ID!) { product(id: $p) { name } }",
            {"p": value},
            before_execution=isinstance(value, list | dict)
            or value is None
            or isinstance(value, float | bool),
        )
        if value is None or (value == 1 and not isinstance(value, bool)):
            continue  # a fine page size (null means the default)
        doc(
            f"Int variable {value!r:.20}",
            "query($p: ID!, $n: Int) { product(id: $p) { backlog(first: $n) { totalCount } } }",
            {"p": product_id, "n": value},
        )
    for title in (None, 7, ["SSO"], "x" * 200_000, "SSO\x00login", "   ", "\u202e" * 300):
        doc(
            f"title {str(title)[:12]!r}",
            ITEM_MUTATION,
            {"i": {"productId": product_id, "title": title}},
            as_="Ana",
            before_execution=not isinstance(title, str),
        )
    for rank in (0, -5, 2**31, 2**63, 1.5, "1", None):
        doc(
            f"rank {rank!r}",
            "mutation($r: Int!) { prioritizeItem(input: {itemId: "
            f'"{product_id}", rank: $r, rationale: "x"}}) {{ item {{ id }} }} }}',
            {"r": rank},
            as_="Ana",
            before_execution=not (isinstance(rank, int) and -(2**31) <= rank < 2**31),
        )
    attacks += transport(product_id)
    return attacks

"""Queries and mutations generated from the served schema by hypothesis-graphql.

IDs are drawn from what exists (both products, their items, members, decisions), ids that
name nothing, upper-case spellings and non-UUIDs, so that generated documents reach the
resolvers and the permission checks instead of stopping at "not a valid id". Most
documents are valid against the schema (Mode.POSITIVE); a share carry one schema
violation each (Mode.NEGATIVE). Generation is seeded: the same run sends the same corpus.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import hypothesis_graphql as hg
from graphql import ValueNode
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from api.graphql.schema import build_schema

NEGATIVE_SHARE = 5  # one document in five breaks the schema once
T = TypeVar("T")


def now_and_then(
    common: st.SearchStrategy[T], rare: st.SearchStrategy[T], one_in: int
) -> st.SearchStrategy[T]:
    """`rare` about once in `one_in` draws (st.one_of would drop repeated strategies;
    the rare branch sits mid-range, since hypothesis favours the ends of a range)."""
    middle = one_in // 2 + 1
    return st.integers(1, one_in).flatmap(lambda n: rare if n == middle else common)


def id_values(ids: list[str]) -> st.SearchStrategy[ValueNode]:
    known = st.sampled_from(ids)
    odd = st.sampled_from(
        (
            str(uuid.UUID(int=0)),
            str(uuid.uuid5(uuid.NAMESPACE_URL, "nothing")),
            "sso-login",
            "",
            "0" * 65,
            "\x00",
        )
    )
    unusual = st.one_of(known.map(str.upper), odd)
    return now_and_then(known, unusual, 4).map(nodes.String)


def instants() -> st.SearchStrategy[ValueNode]:
    """Instants around the world's decisions; a malformed one fails validation and
    with it the whole document, so they are rare."""
    around = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    aware = st.integers(-(10**6), 10**6).map(lambda s: (around + timedelta(seconds=s)).isoformat())
    odd = st.sampled_from(("2026-11-02T09:00:00", "yesterday", "9999-12-31T23:59:59+00:00"))
    return now_and_then(aware, odd, 30).map(nodes.String)


def ints() -> st.SearchStrategy[ValueNode]:
    """Page sizes, ranks, percents and versions near their bounds, and beyond them."""
    near = st.integers(-2, 12)
    bounds = st.sampled_from((0, 1, 99, 100, 101, 500, 501, 2**31 - 1, -(2**31)))
    return now_and_then(near, bounds, 3).map(nodes.Int)


def strings() -> st.SearchStrategy[ValueNode]:
    """Mostly plain words (so that titles and rationales pass and decisions get recorded);
    now and then injection payloads, control characters, over-long or arbitrary text."""
    words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABC-", min_size=1, max_size=40)
    hostile = st.one_of(
        st.sampled_from(
            (
                "'; DROP TABLE events; --",
                "<script>alert(1)</script>",
                "\u202e\u202e",
                "\x00",
                "{{7*7}}",
                "../../etc/passwd",
                "x" * 10_001,
                "   ",
                "",
                "\ud7ff\ufffd",
            )
        ),
        st.text(max_size=60),
    )
    return now_and_then(words, hostile, 4).map(nodes.String)


def generate(ids: list[str], count: int, salt: int = 0) -> list[str]:
    """`count` documents (queries and mutations), generated with a fixed seed; `ids` may
    repeat an id to make it likelier."""
    schema = build_schema()
    sdl = schema.as_str()
    scalars = {"ID": id_values(ids), "DateTime": instants(), "Int": ints(), "String": strings()}
    roots = [*schema._schema.query_type.fields, *schema._schema.mutation_type.fields]  # type: ignore[union-attr]
    # Documents of one root field each are the ones likely to get past the rules and
    # record something (a failing root field nulls a whole mutation's data).
    single = st.sampled_from(
        [hg.from_schema(sdl, fields=[name], custom_scalars=scalars) for name in roots]
    ).flatmap(lambda strategy: strategy)
    positive = now_and_then(single, hg.from_schema(sdl, custom_scalars=scalars), 3)
    negative = hg.from_schema(sdl, custom_scalars=scalars, mode=hg.Mode.NEGATIVE)
    either = now_and_then(positive, negative, NEGATIVE_SHARE)
    documents: list[str] = []

    @seed(7_000 + salt)
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def collect(data: st.DataObject) -> None:
        documents.append(data.draw(either))

    collect()
    return documents

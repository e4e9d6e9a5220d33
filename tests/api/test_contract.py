"""The served schema is a superset of the contract, and `tandem schema` prints it."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from graphql import (
    DangerousChange,
    DangerousChangeType,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

from api.cli import main
from api.graphql.schema import served_sdl

KEPT = Path(__file__).resolve().parents[1] / "contract"
"""The contract as ../shared/contract holds it, kept beside the tests (a clone has no
../shared): schema.graphql, the core, and one file per part."""
LANDED_PARTS = ["lifecycle", "planning", "governance", "people", "integrity", "updates"]
"""Part files (../shared/contract/<part>.graphql) whose issue has landed; each is served
on top of the core."""


def kept_contract() -> str:
    """The core contract and every landed part, as one document."""
    names = ["schema", *LANDED_PARTS]
    return "\n".join((KEPT / f"{name}.graphql").read_text() for name in names)


def shared_contract() -> Path | None:
    """../shared/contract/schema.graphql beside the repository, when it is there."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "contract" / "schema.graphql"
        if candidate.is_file():
            return candidate
    return None


def required_by_integrity(change: DangerousChange) -> bool:
    """integrity.graphql's header: every decision input of every part gains an optional
    `causedBy`, though its extensions list only the core's inputs. The other parts' inputs
    therefore carry one field their own files do not declare: that and nothing else."""
    return (
        "integrity" in LANDED_PARTS
        and change.type is DangerousChangeType.OPTIONAL_INPUT_FIELD_ADDED
        and change.description.endswith(".causedBy was added.")
    )


def test_the_served_schema_breaks_nothing_in_the_contract() -> None:
    contract, served = build_schema(kept_contract()), build_schema(served_sdl())
    assert find_breaking_changes(contract, served) == []
    dangerous = find_dangerous_changes(contract, served)
    assert [c for c in dangerous if not required_by_integrity(c)] == []


def test_the_kept_copy_of_the_contract_is_the_shared_one() -> None:
    shared = shared_contract()
    if shared is None:
        pytest.skip("../shared/contract/schema.graphql is not beside this checkout")
    for name in ["schema", *LANDED_PARTS]:
        kept = KEPT / f"{name}.graphql"
        assert kept.read_text() == (shared.parent / f"{name}.graphql").read_text()


def test_tandem_schema_prints_the_served_sdl() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["schema"]) == 0
    assert out.getvalue() == served_sdl()
    assert "decisionRecorded(productId: ID!, afterPosition: Int" in out.getvalue()


def test_every_field_of_the_served_schema_is_documented() -> None:
    """Docstrings become the schema's documentation: no object field goes without one."""
    served = build_schema(served_sdl())
    undocumented = [
        f"{name}.{field}"
        for name, kind in served.type_map.items()
        if not name.startswith("__")
        and hasattr(kind, "fields")
        and name not in ("Query", "Mutation", "Subscription")
        and not hasattr(kind, "of_type")
        and kind.__class__.__name__ != "GraphQLInputObjectType"
        for field, definition in kind.fields.items()
        if not definition.description and field not in DOCUMENTED_BY_NAME
    ]
    assert undocumented == []


DOCUMENTED_BY_NAME = {
    "id",
    "name",
    "title",
    "vision",
    "edges",
    "node",
    "pageInfo",
    "role",
    "count",
    "status",
    "members",
}
"""Fields whose name says it all."""

"""Depth, alias and size limits, measured in time linear in the document.

Strawberry's QueryDepthLimiter and MaxAliasesLimiter walk fragment spreads afresh at every
use, so a "billion laughs" document (each fragment spreading the previous one twice) keeps
the event loop busy for hours. Here each fragment is measured once and remembered, and a
document whose fragments spread out to more than MAX_FIELDS field selections is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)
from graphql.language import SKIP
from strawberry.extensions import SchemaExtension

MAX_TOKENS = 10_000
MAX_DEPTH = 15
MAX_ALIASES = 100
MAX_FIELDS = 10_000


@dataclass(frozen=True)
class Size:
    depth: int = 0
    aliases: int = 0
    fields: int = 0


class Measure:
    """Depth (introspection fields excepted) and alias count of selection sets, with
    fragment spreads expanded; a fragment in a cycle counts as empty (another rule
    reports the cycle)."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.known: dict[str, Size] = {}
        self.measuring: set[str] = set()

    def selections(self, selection_set: SelectionSetNode | None) -> Size:
        depth = aliases = fields = 0
        for selection in selection_set.selections if selection_set else ():
            size = self.selection(selection)
            depth, aliases = max(depth, size.depth), aliases + size.aliases
            fields += size.fields
        return Size(depth, aliases, fields)

    def selection(self, node: Any) -> Size:
        if isinstance(node, FieldNode):
            inner = self.selections(node.selection_set)
            introspection = node.name.value.startswith("__")
            depth = 0 if introspection else 1 + inner.depth
            return Size(depth, inner.aliases + (1 if node.alias else 0), inner.fields + 1)
        if isinstance(node, InlineFragmentNode):
            return self.selections(node.selection_set)
        if isinstance(node, FragmentSpreadNode):
            return self.fragment(node.name.value)
        return Size()

    def fragment(self, name: str) -> Size:
        if name in self.known:
            return self.known[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.measuring:
            return Size()
        self.measuring.add(name)
        self.known[name] = size = self.selections(definition.selection_set)
        self.measuring.discard(name)
        return size


class OperationLimits(ValidationRule):
    """At most MAX_DEPTH levels of fields, MAX_ALIASES aliases and MAX_FIELDS fields (with
    fragments spread out) per operation."""

    def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
        fragments = {
            d.name.value: d for d in node.definitions if isinstance(d, FragmentDefinitionNode)
        }
        measure = Measure(fragments)
        for operation in node.definitions:
            if not isinstance(operation, OperationDefinitionNode):
                continue
            size = measure.selections(operation.selection_set)
            name = operation.name.value if operation.name else "anonymous"
            if size.depth > MAX_DEPTH:
                self.report_error(
                    GraphQLError(
                        f"'{name}' exceeds maximum operation depth of {MAX_DEPTH}", operation
                    )
                )
            if size.aliases > MAX_ALIASES:
                shown = size.aliases if size.aliases < 10**9 else "More than 10^9"
                self.report_error(
                    GraphQLError(f"{shown} aliases found. Allowed: {MAX_ALIASES}", operation)
                )
            if size.fields > MAX_FIELDS:
                message = f"'{name}' spreads out to more than {MAX_FIELDS} fields"
                self.report_error(GraphQLError(message, operation))
        return SKIP


class Limits(SchemaExtension):
    """The token limit on parsing and OperationLimits among the validation rules, set
    in one hook (Strawberry's MaxTokensLimiter and AddValidationRules take one each,
    and each hook costs every request a context manager)."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = MAX_TOKENS
        context.validation_rules = (*context.validation_rules, OperationLimits)
        yield

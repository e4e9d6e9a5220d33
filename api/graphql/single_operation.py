"""A document with several operations must say which one to run (GraphQL spec, 6.1);
without this rule the first one would run silently."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension


class SingleOperation(SchemaExtension):
    """Refuses, at validation, several operations sent without an operationName."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        named = getattr(context, "_provided_operation_name", None)
        if document is not None and named is None:
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            if len(operations) > 1:
                # Set before validation runs, validation reports these and stops.
                context.pre_execution_errors = [
                    GraphQLError(
                        "Must provide operationName when the document contains several operations."
                    )
                ]
        yield

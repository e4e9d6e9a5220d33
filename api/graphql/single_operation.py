"""Which operation runs: a document with several must name one (GraphQL spec, 6.1;
without this rule the first one would run silently), and the name of the one that runs
is kept on the request's context for the access log and the metrics."""

from __future__ import annotations

import contextlib
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


class OperationName(SchemaExtension):
    """Leaves the running operation's name (given, or read from the document) and type
    on the context, where the HTTP endpoint hands them to the access log and the
    response cache."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if hasattr(context.context, "operation_name"):
            # No operation to name (RuntimeError): validation reports why.
            with contextlib.suppress(RuntimeError):
                context.context.operation_name = context.operation_name
                context.context.operation_type = context.operation_type
        yield

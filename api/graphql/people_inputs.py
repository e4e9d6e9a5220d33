"""The people area's mutation inputs, exactly as the contract names them."""

from __future__ import annotations

import strawberry

from api.graphql.inputs import key_field
from api.graphql.people_enums import PeopleNoteKind


@strawberry.input
class OpenPositionInput:
    product_id: strawberry.ID
    title: str
    description: str = ""
    rationale: str | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class FillPositionInput:
    position_id: strawberry.ID
    member_id: strawberry.ID
    rationale: str | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class CancelPositionInput:
    position_id: strawberry.ID
    rationale: str
    idempotency_key: str | None = key_field()


@strawberry.input
class RecordPeopleNoteInput:
    product_id: strawberry.ID
    member_id: strawberry.ID
    kind: PeopleNoteKind
    title: str
    body: str
    idempotency_key: str | None = key_field()


@strawberry.input
class RotateTokenInput:
    member_id: strawberry.ID


@strawberry.input
class MemberDecisionInput:
    member_id: strawberry.ID
    rationale: str
    idempotency_key: str | None = key_field()

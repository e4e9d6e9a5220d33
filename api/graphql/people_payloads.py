"""What the people area's mutations return, read back from the views once they show
the decision."""

from __future__ import annotations

from typing import Any

import strawberry

from api.graphql.decide import settle
from api.graphql.payload_types import payload_type
from api.graphql.payloads import not_visible
from api.graphql.people_loaders import caller_of, people_loaders
from api.graphql.types.decisions import Decision
from api.graphql.types.members import Member
from api.graphql.types.node import Info
from api.graphql.types.people import PeopleRecord, Position
from domain.outcome import Outcome

PositionPayload = payload_type(
    "PositionPayload",
    "position",
    Position,
    "position",
    recorded="The position's decision (fillPosition also records RoleGranted).",
)


@strawberry.type(description="The people record just recorded.")
class PeopleRecordPayload:
    record: PeopleRecord = strawberry.field(description="The record, as its author reads it.")


@strawberry.type(description="The member after a decision about them.")
class MemberPayload:
    member: Member = strawberry.field(description="The member, as the views now show them.")


async def position_payload(info: Info, outcome: Outcome) -> Any:
    await settle(info, outcome)
    position_id = outcome.created_id or ""
    row = await people_loaders(info.context).positions.load(position_id)
    history = await info.context.loaders.history.load(position_id)
    if row is None or not history:
        raise not_visible()
    if not outcome.replayed:
        info.context.services.metrics.decision_recorded(history[-1].type)
    return PositionPayload(position=Position.from_row(row), decision=Decision.from_row(history[-1]))


async def people_record_payload(info: Info, outcome: Outcome) -> PeopleRecordPayload:
    await settle(info)
    caller = caller_of(info.context.require_viewer())
    row = await info.context.services.reader.people_record(caller, outcome.created_id or "")
    if row is None:
        raise not_visible()
    return PeopleRecordPayload(record=PeopleRecord.from_row(row))


async def lifecycle_payload(info: Info, outcome: Outcome) -> MemberPayload:
    await settle(info)
    row = await info.context.loaders.members.load(outcome.member_id or "")
    if row is None:
        raise not_visible()
    return MemberPayload(member=Member.from_row(row))

"""node(id) of a position (the product's members, like its items) and of a people
record (NOT_FOUND for anyone the guard does not let read it)."""

from __future__ import annotations

from api.graphql.errors import NOT_FOUND, ApiError
from api.graphql.people_loaders import caller_of, people_loaders
from api.graphql.types.node import Info
from api.graphql.types.people import PeopleRecord, Position


async def readable_position(info: Info, position_id: str) -> Position:
    row = await people_loaders(info.context).positions.load(position_id)
    if row is None:
        raise ApiError(NOT_FOUND, f"no position {position_id}")
    await info.context.check_product(row.product_id)
    return Position.from_row(row)


async def readable_people_record(info: Info, record_id: str) -> PeopleRecord:
    caller = caller_of(info.context.require_viewer())
    row = await info.context.services.reader.people_record(caller, record_id)
    if row is None:
        raise ApiError(NOT_FOUND, f"nothing has the id {record_id}")
    return PeopleRecord.from_row(row)

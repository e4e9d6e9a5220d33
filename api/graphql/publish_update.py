"""publishUpdate: the report is composed here from the views, then decided with the
product version it was composed at; if the product moved on meanwhile the decision is
refused (CONFLICT) and the report composed again, so the window misses nothing."""

from __future__ import annotations

from types import SimpleNamespace

import strawberry

from api.graphql.decide import decide, recorded_decision, settle
from api.graphql.errors import CONFLICT, UNAVAILABLE, ApiError
from api.graphql.types.decisions import Decision
from api.graphql.types.node import Info
from api.graphql.types.updates import StakeholderUpdate
from api.graphql.updates_inputs import PublishUpdateInput
from domain import commands as c
from domain.errors import DomainError
from projections.updates.next_report import next_report

ATTEMPTS = 5


@strawberry.type(description="The update as published, and its decision.")
class StakeholderUpdatePayload:
    update: StakeholderUpdate = strawberry.field(description="The update, as stored.")
    decision: Decision = strawberry.field(description="What was recorded.")


async def publish_update(info: Info, input: PublishUpdateInput) -> StakeholderUpdatePayload:
    info.context.require_viewer()
    try:
        shape = c.PublishUpdate(
            product_id=input.product_id, headline=input.headline, note=input.note
        ).checked()
    except DomainError as error:
        raise ApiError.from_domain(error) from None
    for attempt in range(ATTEMPTS):
        await settle(info)
        reader = info.context.services.reader
        report = await next_report(reader, shape.product_id, shape.headline, shape.note)
        if report is not None and not report.consistent and attempt < ATTEMPTS - 1:
            continue
        fields = SimpleNamespace(
            product_id=shape.product_id,
            headline=shape.headline,
            note=shape.note,
            markdown=report.markdown if report else "",
            expected_version=report.version if report else None,
            idempotency_key=input.idempotency_key,
        )
        try:
            outcome = await decide(info, c.PublishUpdate, fields)
        except ApiError as error:
            if error.code == CONFLICT and attempt < ATTEMPTS - 1:
                continue
            raise
        await settle(info, outcome)
        update = await reader.update_at(shape.product_id, outcome.version or 0)
        decision = await recorded_decision(info, outcome)
        if update is None or decision is None:
            raise ApiError(UNAVAILABLE, "the update is not yet visible", retryable=True)
        return StakeholderUpdatePayload(
            update=StakeholderUpdate.from_row(update), decision=Decision.from_row(decision)
        )
    raise ApiError(CONFLICT, "the product kept changing while the update was composed; retry")

"""The people area's DataLoaders, made per request beside the core ones (a new set
whenever Context.refresh() replaces those, after a mutation)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from api.graphql.loaders import batch
from api.graphql.viewer import Viewer
from projections.people_records.guard import Caller
from projections.positions.fold import PositionRow
from projections.reader import ViewReader


def caller_of(viewer: Viewer) -> Caller:
    """Who reads, as the people views' guard knows them."""
    return Caller(member_id=viewer.member_id, is_admin=viewer.is_admin)


class PeopleLoaders:
    """Members' activity and e-mails (for this request's caller) and positions by id."""

    def __init__(self, reader: ViewReader, viewer: Viewer) -> None:
        caller = caller_of(viewer)

        async def emails(ids: Sequence[str]) -> dict[str, str | None]:
            return {i: await reader.email_of(caller, i) for i in ids}

        self.activity: DataLoader[str, bool] = DataLoader(batch(reader.activity, True))
        self.forgotten: DataLoader[str, bool] = DataLoader(batch(reader.forgotten, False))
        self.emails: DataLoader[str, str | None] = DataLoader(batch(emails, None))
        self.positions: DataLoader[str, PositionRow | None] = DataLoader(
            batch(reader.positions_by_id, None)
        )


def people_loaders(context: Any) -> PeopleLoaders:
    """This request's people loaders, kept on its current core loaders."""
    loaders = context.loaders
    found: PeopleLoaders | None = loaders.__dict__.get("people")
    if found is None:
        found = PeopleLoaders(context.services.reader, context.viewer)
        loaders.__dict__["people"] = found
    return found

"""DataLoaders over the lifecycle view, made per request (see past.lifecycle_loaders)."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from api.graphql.loaders import batch
from api.graphql.types.node import Info
from projections.lifecycle.queries import GoalFacts
from projections.reader import ViewReader


class LifecycleLoaders:
    def __init__(self, reader: ViewReader) -> None:
        none: tuple[str | None, list[str]] = (None, [])
        self.goal_facts: DataLoader[str, GoalFacts | None] = DataLoader(
            batch(reader.goal_facts, None)
        )
        self.item_extras: DataLoader[str, tuple[str | None, list[str]]] = DataLoader(
            batch(reader.item_extras, none)
        )
        no_items: list[str] = []
        self.goal_items: DataLoader[str, list[str]] = DataLoader(batch(reader.goal_items, no_items))


def lifecycle_loaders(info: Info) -> LifecycleLoaders:
    """This request's lifecycle loaders; they go with Context.refresh()'s loaders."""
    loaders = info.context.loaders
    found: LifecycleLoaders | None = getattr(loaders, "lifecycle", None)
    if found is None:
        found = LifecycleLoaders(loaders.reader)
        loaders.lifecycle = found  # type: ignore[attr-defined]
    return found

"""Full dumps of the view tables, to compare views row for row."""

from __future__ import annotations

from typing import Any

from api.composition import Container
from projections.rebuild import objects, rebuild
from projections.store import ViewStore
from projections.views import AllocationView, BacklogView, DecisionsView

VIEW_NAMES = ("backlog", "allocation", "decisions")
Dump = dict[str, list[tuple[Any, ...]]]


def tables(view: str) -> list[str]:
    return [name for kind, name, _ in objects(view) if kind == "TABLE"]


def dump(store: ViewStore, views: tuple[str, ...] = VIEW_NAMES) -> Dump:
    """Every row of every table of the views, in a canonical order."""
    with store.transaction() as tx:
        return {
            table: sorted(tx.fetchall(f"SELECT * FROM {table}"), key=repr)
            for view in views
            for table in tables(view)
        }


def rebuilt(tandem: Container) -> Dump:
    """Rebuilds every view from the whole log, then dumps them."""
    app, store = tandem.app, tandem.projections.store
    for view in (BacklogView(app), AllocationView(app), DecisionsView(app)):
        rebuild(app, store, view)
    return dump(store)


def assert_same(incremental: Dump, fresh: Dump) -> None:
    """Equal row for row, with a readable difference when not."""
    assert incremental.keys() == fresh.keys()
    for table in fresh:
        missing = [row for row in fresh[table] if row not in incremental[table]]
        extra = [row for row in incremental[table] if row not in fresh[table]]
        assert (missing, extra) == ([], []), f"{table}: missing {missing[:3]}, extra {extra[:3]}"
        assert incremental[table] == fresh[table], table

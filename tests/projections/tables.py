"""Full dumps of the view tables, to compare views row for row."""

from __future__ import annotations

from collections import Counter
from typing import Any

from api.composition import Container
from projections.catalog import VIEW_NAMES, VIEWS, view_named
from projections.engine.rebuild import objects, rebuild, rebuild_all
from projections.engine.view_store import ViewStore

Dump = dict[str, list[tuple[Any, ...]]]
__all__ = ["VIEW_NAMES", "Dump", "assert_same", "dump", "rebuilt", "tables"]


def tables(view: str) -> list[str]:
    return [name for kind, name, _ in objects(view_named(view)) if kind == "TABLE"]


def dump(store: ViewStore, views: tuple[str, ...] = VIEW_NAMES, suffix: str = "") -> Dump:
    """Every row of every table of the views (of a generation of them, given its
    suffix), in a canonical order."""
    with store.transaction(suffix) as tx:
        return {
            table: sorted(tx.fetchall(f"SELECT * FROM {table}"), key=repr)
            for view in views
            for table in tables(view)
        }


def rebuilt(tandem: Container, *, one_pass: bool = False) -> Dump:
    """Rebuilds every view from the whole log (one view after another, or all in
    one pass as `tandem rebuild` does), then dumps them."""
    app, store = tandem.app, tandem.projections.store
    views = [view(app) for view in VIEWS]
    if one_pass:
        rebuild_all(app, store, views)
    else:
        for view in views:
            rebuild(app, store, view)
    return dump(store)


def assert_same(incremental: Dump, fresh: Dump) -> None:
    """Equal row for row, with a readable difference when not."""
    assert incremental.keys() == fresh.keys()
    for table in fresh:
        if incremental[table] == fresh[table]:
            continue
        have, want = Counter(incremental[table]), Counter(fresh[table])
        missing, extra = list((want - have).elements()), list((have - want).elements())
        assert (missing, extra) == ([], []), f"{table}: missing {missing[:3]}, extra {extra[:3]}"
        assert incremental[table] == fresh[table], table

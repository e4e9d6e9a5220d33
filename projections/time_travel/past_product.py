"""A whole product at a past version: the time-travel store's checkpoint at or
before it (the rest of the product, its order, its items as they stood then),
then the events after the checkpoint, applied by their own `mutate` as the library
does. Before a product's first checkpoint, or past what the store has followed,
the library's latest snapshot before the version and the events make up the
difference."""

from __future__ import annotations

import uuid
from typing import Any, cast

from eventsourcing.application import AggregateNotFoundError, Application

from domain.product import Product
from projections.engine.instants import parse_instant
from projections.engine.view_store import Tx
from projections.snapshots import encoding as enc
from projections.snapshots.queries import checkpoint_at, covered, items_at


def checkpoint_product(
    app: Application[uuid.UUID], tx: Tx, product_id: str, version: int
) -> Product | None:
    """The product at the store's last checkpoint at or before `version` (and within
    what the store has followed), or None when there is none."""
    known = covered(tx, product_id)
    if known is None:
        return None
    checkpoint = checkpoint_at(tx, known.key, min(version, known.version))
    if checkpoint is None:
        return None
    items = items_at(tx, known.key, checkpoint.version)
    ids = {key: item.id for key, item in items.items()}
    return enc.product_from(
        app.mapper,
        product_id,
        checkpoint.version,
        checkpoint.rest,
        parse_instant(checkpoint.modified_on),
        checkpoint.backlog_version,
        {item.id: item for item in items.values()},
        [ids[key] for key in checkpoint.order],
    )


def product_at_version(
    app: Application[uuid.UUID], tx: Tx, product_id: str, version: int
) -> Product:
    """The product after its `version`-th event."""
    product: Any = checkpoint_product(app, tx, product_id, version)
    if product is None and app.snapshots is not None:
        # No checkpoint yet (a store rebuilding, or upgraded from the former format):
        # the library's own snapshot at or before the version, if it kept one.
        stored = app.snapshots.recorder.select_events(
            uuid.UUID(product_id), lte=version, desc=True, limit=1
        )
        if stored:
            product = cast(Any, app.mapper.to_domain_event(stored[0])).mutate(None)
    after = None if product is None else product.version
    for event in app.events.get(uuid.UUID(product_id), gt=after, lte=version):
        product = cast(Any, event).mutate(product)
    if product is None:
        raise AggregateNotFoundError(f"no product {product_id} at version {version}")
    return cast(Product, product)

"""A product reconstructed at a version from its nearest snapshot, decoding items
only when they are read.

The library decodes a snapshot's whole state up front: with 1,000 items that is a
JSON object hook call per nested object and a BacklogItem per item, which costs
more than everything else an asOf query for a page of 100 items does. Here the
snapshot is parsed by the plain C decoder, the product gets a mapping that revives
an item from its stored form on first access, and the events after the snapshot
are applied by their own `mutate`, exactly as the library would. Snapshots that
need more than the plain JSON transcoder (a cipher, a compressor, upcasting) take
the library's path.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any, cast

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import JSONTranscoder, StoredEvent, Transcoding
from eventsourcing.utils import resolve_topic

from domain.backlog_item import BacklogItem
from domain.product import Product


def _nested(value: Any) -> bool:
    return type(value) is dict or type(value) is list


def revive(value: Any, names: Mapping[str, Transcoding]) -> Any:
    """What the library's object hook makes of a parsed JSON value: every
    {"_type_", "_data_"} envelope decoded by its registered transcoding. Containers
    holding only plain values are returned as they are (they are ours to keep)."""
    if type(value) is dict:
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            return names[value["_type_"]].decode(revive(value["_data_"], names))
        if any(_nested(inner) for inner in value.values()):
            return {k: revive(v, names) if _nested(v) else v for k, v in value.items()}
    elif type(value) is list and any(_nested(inner) for inner in value):
        return [revive(v, names) if _nested(v) else v for v in value]
    return value


class LazyItems(MutableMapping[str, BacklogItem]):
    """A product's items in proposal order, each revived on first access."""

    def __init__(self, stored: dict[str, Any], names: Mapping[str, Transcoding]) -> None:
        self._entries = stored
        self._names = names

    def __getitem__(self, item_id: str) -> BacklogItem:
        entry = self._entries[item_id]
        if not isinstance(entry, BacklogItem):
            entry = revive(entry, self._names)
            self._entries[item_id] = entry  # an existing key keeps its place
        return cast(BacklogItem, entry)

    def __setitem__(self, item_id: str, item: BacklogItem) -> None:
        self._entries[item_id] = item

    def __delitem__(self, item_id: str) -> None:
        del self._entries[item_id]

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def _plain_json(app: Application[uuid.UUID]) -> Mapping[str, Transcoding] | None:
    mapper = app.mapper
    transcoder = mapper.transcoder
    if mapper.cipher or mapper.compressor or not isinstance(transcoder, JSONTranscoder):
        return None
    return transcoder.names


def thaw(app: Application[uuid.UUID], stored: StoredEvent) -> Product:
    """The product a stored snapshot holds, its items left encoded until read."""
    names = _plain_json(app)
    event = json.loads(stored.state) if names is not None else None
    if (
        names is None
        or event is None
        or "class_version" in event
        or "class_version" in event["state"]
        or getattr(Product, "class_version", 1) != 1
        or resolve_topic(event["topic"]) is not Product
    ):
        snapshot: Any = app.mapper.to_domain_event(stored)
        return cast(Product, snapshot.mutate(None))
    state = event["state"]
    items = LazyItems(state.pop("items"), names)
    state = {key: revive(value, names) for key, value in state.items()}
    state["items"] = items
    state["_id"] = uuid.UUID(str(stored.originator_id))
    state["_version"] = stored.originator_version
    state["_pending_events"] = []
    product = object.__new__(Product)
    object.__setattr__(product, "__dict__", state)
    return product


def product_at_version(app: Application[uuid.UUID], product_id: uuid.UUID, version: int) -> Product:
    """The product after its `version`-th event: the nearest snapshot at or before
    it, then the events after the snapshot."""
    product: Any = None
    after: int | None = None
    if app.snapshots is not None:
        stored = app.snapshots.recorder.select_events(product_id, lte=version, desc=True, limit=1)
        if stored:
            product = thaw(app, stored[0])
            after = stored[0].originator_version
    for event in app.events.get(product_id, gt=after, lte=version):
        product = cast(Any, event).mutate(product)
    if product is None:
        raise AggregateNotFoundError(f"no product {product_id} at version {version}")
    return cast(Product, product)

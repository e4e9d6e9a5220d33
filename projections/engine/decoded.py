"""Decoded events shared by the runners of one process.

The three views follow the same log, usually a batch or two apart, and each used
to decode every notification itself. Domain events are immutable, so the first
runner to reach a notification decodes it and the others reuse that object."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Mapper, Notification


class DecodedEvents:
    """The last `size` decoded notifications, by notification id."""

    def __init__(self, mapper: Mapper[Any], size: int = 4096) -> None:
        self.mapper = mapper
        self.size = size
        self.events: OrderedDict[int, Any] = OrderedDict()
        self.lock = threading.Lock()

    def decode(self, notifications: Sequence[Notification]) -> list[Any]:
        with self.lock:
            found = [self.events.get(n.id) for n in notifications]
        missing = [n for n, event in zip(notifications, found, strict=True) if event is None]
        if not missing:
            return found
        decoded = {n.id: self.mapper.to_domain_event(n) for n in missing}
        with self.lock:
            self.events.update(decoded)
            while len(self.events) > self.size:
                self.events.popitem(last=False)
        return [
            event if event is not None else decoded[n.id]
            for n, event in zip(notifications, found, strict=True)
        ]

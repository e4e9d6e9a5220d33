"""Answers to queries, kept while the views stand still.

Everything a query answers comes from the views (and, for the past, from events that
do not change), so the same query by the same caller answers the same until a view
moves. The views' positions are the version of what they hold: each view writes its
rows and its position in one transaction. So before a query runs, its caller's answer
is looked up under the positions read from the database at that moment (one indexed
read, the same in every process: read-your-writes holds across workers, since a
mutation returns only once the views show it). An answer is kept only if it has no
errors and nothing it read was volatile: a resolver reading what is not derived from
the log (webhook deliveries, the audit chain, the event store itself) calls
`info.context.uncacheable()`.

Only the answers of the current version are kept: when the positions change, all are
dropped, so an answer holding a forgotten member's name goes with the decision that
forgot them. The positions are read only for documents already seen running as a
query: a mutation never pays for the read."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from api.graphql.document_cache import MAX_CHARACTERS

MAX_KEY_CHARACTERS = MAX_CHARACTERS
"""A document, or its variables, larger than this is never kept (nor remembered as a
query): the keys stay small whoever sends what."""
BUDGET_BYTES = 32 * 1024 * 1024
"""The most the kept answers of one process take, encoded; one answer at most an
eighth of it (a 1,000-item backlog is about 150 KB)."""
Version = tuple[int, ...]


@dataclass(frozen=True)
class Answer:
    content: bytes
    """The JSON answer, encoded: a kept answer is sent without encoding it again."""
    operation_name: str | None


@dataclass
class ResponseCache:
    """At most `entries` answers (and `budget` bytes) of one version of the views; an
    `entries` of 0 keeps none."""

    entries: int = 512
    budget: int = BUDGET_BYTES
    version: Version | None = None
    answers: OrderedDict[Hashable, Answer] = field(default_factory=OrderedDict)
    size: int = 0
    queries: set[tuple[str, str | None]] = field(default_factory=set)
    """Documents (with their operation names) seen running as a query."""
    hits: int = 0

    @property
    def enabled(self) -> bool:
        return self.entries > 0

    def is_query(self, document: str, operation_name: str | None) -> bool:
        return self.enabled and (document, operation_name) in self.queries

    def seen_query(self, document: str, operation_name: str | None) -> None:
        if not self.enabled or len(document) > MAX_KEY_CHARACTERS:
            return
        if len(self.queries) >= 4 * self.entries:
            self.queries.clear()  # a front end's documents are seen again soon enough
        self.queries.add((document, operation_name))

    def answer(self, version: Version, key: Hashable) -> Answer | None:
        if version != self.version:
            if self._moved_on(version):  # an older read (a slower request) changes nothing
                self.clear()
                self.version = version
            return None
        found = self.answers.get(key)
        if found is not None:
            self.answers.move_to_end(key)
            self.hits += 1
        return found

    def clear(self) -> None:
        self.answers.clear()
        self.size = 0

    def _moved_on(self, version: Version) -> bool:
        old = self.version
        if old is None or len(old) != len(version):
            return True
        return any(new > was for new, was in zip(version, old, strict=True))

    def keep(self, version: Version, key: Hashable, answer: Answer) -> None:
        if version != self.version or len(answer.content) > self.budget // 8:
            return
        replaced = self.answers.pop(key, None)
        self.size += len(answer.content) - (len(replaced.content) if replaced else 0)
        self.answers[key] = answer
        while len(self.answers) > self.entries or self.size > self.budget:
            _, dropped = self.answers.popitem(last=False)
            self.size -= len(dropped.content)


def key_of(
    viewer: Hashable, document: str, operation_name: str | None, variables: Any
) -> Hashable | None:
    """Who asks, what, with which variables; None when the variables do not encode or
    are too large to keep."""
    try:
        encoded = json.dumps(variables, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    if len(encoded) > MAX_KEY_CHARACTERS:
        return None
    return (viewer, document, operation_name, encoded)


def version_of(positions: dict[str, int]) -> Version:
    return tuple(positions[name] for name in sorted(positions))

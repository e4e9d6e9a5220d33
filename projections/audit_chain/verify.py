"""Recomputes the chain from the event store and compares it, link by link, with the
hashes fixed when each decision was chained: the first decision whose stored record
or previousHash no longer matches is where the chain is broken."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from eventsourcing.application import Application

from projections.audit_chain.canonical import StoredDecision, link_hash
from projections.audit_chain.follower import ChainFollower, Link
from projections.audit_chain.stored import EventRows, all_decisions, product_decisions
from projections.engine.view_store import ViewStore

PAGE = 5000


@dataclass
class Verification:
    """One product's chain, checked (AuditVerification in the API)."""

    product_id: str
    checked: int = 0
    head: str | None = None
    broken_at: int | None = None
    problem: str | None = None
    missing: int | None = None

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    def break_at(self, position: int, problem: str) -> None:
        self.broken_at, self.problem, self.head = position, problem, None

    def check(self, stored: StoredDecision | None, link: Link | None, position: int) -> None:
        """One position of the product's chain, stored record and link side by side."""
        if self.broken_at is not None:
            return
        if stored is None:
            self.missing = self.missing or position  # seen at the decision that follows
            return
        self.checked += 1
        if link is None:
            self.break_at(
                self.missing or position,
                f"the stored decision at position {position} is not in the chain "
                "(added to the store, or moved there, after the chain was made)",
            )
            return
        expected = self.head
        if link[3] != expected:
            gone = f": the decision at position {self.missing} is missing" if self.missing else ""
            self.break_at(position, f"previousHash no longer matches the chain{gone}")
            return
        digest = link_hash(expected, stored)
        if digest != link[4]:
            self.break_at(position, "the stored decision no longer matches its hash")
            return
        self.head = digest

    def finish(self) -> Verification:
        if self.broken_at is None and self.missing is not None:
            self.break_at(self.missing, f"the decision at position {self.missing} is missing")
        return self


def verify(
    product_ids: Iterable[str], stored: Iterable[StoredDecision], links: Iterable[Link]
) -> dict[str, Verification]:
    """Each product's verification, from its stored decisions and its chain links, both
    in position order (pure: no I/O)."""
    results = {pid: Verification(pid) for pid in product_ids}
    _check(results, _aligned(iter(stored), iter(links)))
    return {pid: result.finish() for pid, result in results.items()}


def _check(
    results: dict[str, Verification],
    aligned: Iterable[tuple[int, StoredDecision | None, Link | None]],
) -> None:
    """Each position against its product's chain so far (a stored decision and its
    link of one product, the usual case, without working out whose they are)."""
    for position, record, link in aligned:
        if record is not None and link is not None and record.product_id == link[1]:
            result = results.get(link[1]) or results.setdefault(link[1], Verification(link[1]))
            result.check(record, link, position)
            continue
        for pid in {x for x in (record and record.product_id, link and link[1]) if x}:
            mine = record if record and record.product_id == pid else None
            theirs = link if link and link[1] == pid else None
            result = results.setdefault(pid, Verification(pid))
            result.check(mine, theirs, position)


def _aligned(
    stored: Iterator[StoredDecision], links: Iterator[Link]
) -> Iterator[tuple[int, StoredDecision | None, Link | None]]:
    record, link = next(stored, None), next(links, None)
    while record is not None or link is not None:
        if link is None or (record is not None and record.position < link[0]):
            assert record is not None
            yield record.position, record, None
            record = next(stored, None)
        elif record is None or link[0] < record.position:
            yield link[0], None, link
            link = next(links, None)
        else:
            yield record.position, record, link
            record, link = next(stored, None), next(links, None)


def chained_position(store: ViewStore) -> int:
    return store.position(ChainFollower.name) or 0


def verify_product(app: Application[uuid.UUID], store: ViewStore, product_id: str) -> Verification:
    """Recomputes one product's chain from the event store, up to what is chained."""
    until = chained_position(store)
    with store.transaction() as tx:
        links = tx.fetchall(
            "SELECT position, product_id, version, previous_hash, hash FROM audit_chain "
            "WHERE product_id = ? AND position <= ? ORDER BY position",
            (product_id, until),
        )
    stored = product_decisions(app, product_id, stop=until)
    return verify([product_id], stored, [_link(row) for row in links])[product_id]


def verify_all(app: Application[uuid.UUID], store: ViewStore) -> dict[str, Verification]:
    """Every product's chain, in one pass over the log. On SQLite and PostgreSQL the
    next range of positions is read on a second thread while this one hashes."""
    until = chained_position(store)
    reader = EventRows(app)
    if reader.datastore is None:
        return verify((), all_decisions(app, stop=until), _all_links(store, until))
    results: dict[str, Verification] = {}
    ranges = [(first, min(first + PAGE - 1, until)) for first in range(1, until + 1, PAGE)]
    if not ranges:
        return {}
    with ThreadPoolExecutor(1, thread_name_prefix="tandem-verify") as pool:
        ahead = pool.submit(_page, reader, store, *ranges[0])
        for following in [*ranges[1:], None]:
            stored, links = ahead.result()
            if following is not None:
                ahead = pool.submit(_page, reader, store, *following)
            _check(results, _aligned(iter(stored), iter(links)))
    return {pid: result.finish() for pid, result in results.items()}


def _page(
    reader: EventRows, store: ViewStore, first: int, last: int
) -> tuple[list[StoredDecision], list[Link]]:
    """The stored decisions and the chain's links with positions in [first, last]."""
    with store.read() as tx:
        links = tx.fetchall(
            "SELECT position, product_id, version, previous_hash, hash FROM audit_chain "
            "WHERE position >= ? AND position <= ? ORDER BY position",
            (first, last),
        )
    return reader.decisions(reader.select(first, last) or []), [_link(row) for row in links]


def _all_links(store: ViewStore, until: int) -> Iterator[Link]:
    after = 0
    while True:
        with store.read() as tx:
            rows = tx.fetchall(
                "SELECT position, product_id, version, previous_hash, hash FROM audit_chain "
                "WHERE position > ? AND position <= ? ORDER BY position LIMIT ?",
                (after, until, PAGE),
            )
        if not rows:
            return
        yield from (_link(row) for row in rows)
        after = int(rows[-1][0])


def _link(row: tuple[object, ...]) -> Link:
    position, product_id, version, previous, digest = row
    return (int(str(position)), str(product_id), int(str(version)), _text(previous), str(digest))


def _text(value: object) -> str | None:
    return None if value is None else str(value)

"""Exports a product's chained decisions, one line each, and checks an export offline
(no database): every line's hash recomputed from its own fields, every line linked
to the line before it."""

from __future__ import annotations

import base64
import csv
import io
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from eventsourcing.application import Application

from projections.audit_chain.canonical import hash_of
from projections.audit_chain.stored import product_decisions
from projections.audit_chain.verify import chained_position
from projections.engine.instants import instant
from projections.engine.view_store import ViewStore

FIELDS = ("position", "productId", "version", "topic", "state", "previousHash", "hash")


def export_lines(
    app: Application[uuid.UUID],
    store: ViewStore,
    product_id: str,
    from_: datetime | None = None,
    to: datetime | None = None,
) -> list[dict[str, object]]:
    """The product's chained decisions recorded in [from_, to], oldest first: what
    the store holds with the hash fixed when each was chained."""
    clauses, params = ["c.product_id = ?", "c.position <= ?"], [product_id, chained_position(store)]
    if from_ is not None:
        clauses.append("d.at >= ?")
        params.append(instant(from_))
    if to is not None:
        clauses.append("d.at <= ?")
        params.append(instant(to))
    with store.transaction() as tx:
        links = tx.fetchall(
            "SELECT c.position, c.previous_hash, c.hash FROM audit_chain c "
            "LEFT JOIN decisions d ON d.position = c.position "
            f"WHERE {' AND '.join(clauses)} ORDER BY c.position",
            params,
        )
    if not links:
        return []
    first, last = int(links[0][0]), int(links[-1][0])
    stored = {d.position: d for d in product_decisions(app, product_id, first, last)}
    lines: list[dict[str, object]] = []
    for position, previous, digest in links:
        record = stored.get(int(position))
        if record is None:
            continue  # removed from the store: the next line's link shows it
        lines.append(
            {
                "position": record.position,
                "productId": record.product_id,
                "version": record.version,
                "topic": record.topic,
                "state": base64.b64encode(record.state).decode("ascii"),
                "previousHash": previous,
                "hash": digest,
            }
        )
    return lines


def render(lines: Iterable[dict[str, object]], form: str) -> str:
    """JSON lines, or CSV with a header row (an empty previousHash is null)."""
    if form == "jsonl":
        return "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for line in lines:
        writer.writerow(["" if line[f] is None else line[f] for f in FIELDS])
    return out.getvalue()


@dataclass(frozen=True)
class ExportCheck:
    ok: bool
    checked: int
    head: str | None
    line: int | None = None
    problem: str | None = None


def verify_export(text: str) -> ExportCheck:
    """Checks an export (JSON lines or CSV) without a database."""
    previous: dict[str, object] | None = None
    checked = 0
    try:
        for number, line in _parsed(text):
            problem = _problem(line, previous)
            if problem is not None:
                return ExportCheck(False, checked, None, number, problem)
            checked += 1
            previous = line
    except (ValueError, KeyError, TypeError) as error:
        return ExportCheck(False, checked, None, None, f"unreadable export: {error}")
    head = str(previous["hash"]) if previous else None
    return ExportCheck(True, checked, head)


def _problem(line: dict[str, object], previous: dict[str, object] | None) -> str | None:
    if set(line) != set(FIELDS):
        return f"a line has exactly the fields {', '.join(FIELDS)}"
    if previous is not None:
        if line["productId"] != previous["productId"]:
            return "a decision of another product"
        if int(str(line["position"])) <= int(str(previous["position"])):
            return "positions do not increase"
        if line["previousHash"] != previous["hash"]:
            return "previousHash is not the hash of the line before"
    digest = hash_of(
        _text(line["previousHash"]),
        int(str(line["position"])),
        str(line["productId"]),
        int(str(line["version"])),
        str(line["topic"]),
        str(line["state"]),
    )
    if digest != line["hash"]:
        return "the line does not match its hash"
    return None


def _parsed(text: str) -> Iterator[tuple[int, dict[str, object]]]:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        for number, raw in enumerate(text.splitlines(), start=1):
            if raw.strip():
                yield number, json.loads(raw)
        return
    rows = csv.DictReader(io.StringIO(text))
    if tuple(rows.fieldnames or ()) != FIELDS:
        raise ValueError(f"the CSV header must be {','.join(FIELDS)}")
    for number, row in enumerate(rows, start=2):
        yield number, {**row, "previousHash": row["previousHash"] or None}


def _text(value: object) -> str | None:
    return None if value is None else str(value)

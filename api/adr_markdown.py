"""Architecture decision records as the Markdown files teams keep in their repositories
(`0001-use-postgresql.md`: title, Status, Context, Decision, Consequences). Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping

from projections.adrs.render import AdrRow

EXPORTED = ("ACCEPTED", "SUPERSEDED")


def file_name(row: AdrRow) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", row.title.lower()).strip("-")[:60].strip("-")
    return f"{row.number:04d}-{slug or 'decision'}.md"


def _link(row: AdrRow | None) -> str:
    return "another decision" if row is None else f"[{row.number:04d}]({file_name(row)})"


def markdown(row: AdrRow, by_id: Mapping[str, AdrRow]) -> str:
    """One record; `by_id` names the records it supersedes or is superseded by."""
    status = row.status.capitalize()
    if row.superseded_by_id:
        status += f" by {_link(by_id.get(row.superseded_by_id))}"
    if row.supersedes_id:
        status += f"\n\nSupersedes {_link(by_id.get(row.supersedes_id))}"
    date = f"Date: {row.decided_at.date().isoformat()}\n\n" if row.decided_at else ""
    return (
        f"# {row.number}. {row.title}\n\n{date}"
        f"## Status\n\n{status}\n\n"
        f"## Context\n\n{row.context}\n\n"
        f"## Decision\n\n{row.decision}\n\n"
        f"## Consequences\n\n{row.consequences or 'None recorded.'}\n"
    )


def export(rows: list[AdrRow]) -> dict[str, str]:
    """File name -> Markdown, for the accepted and superseded records."""
    by_id = {row.id: row for row in rows}
    return {file_name(r): markdown(r, by_id) for r in rows if r.status in EXPORTED}

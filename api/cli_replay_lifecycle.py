"""What `tandem replay` shows of the everyday lifecycle: with --as-of, the goals and
people as they stood then; with --from/--to, the lifecycle decisions of the window
(roles revoked, goals revised and closed, items rejected, restored and requested)."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.table import Table

from api.composition import Container
from domain.lifecycle_events import LIFECYCLE_DECISIONS
from projections.engine.drivers import marks
from projections.engine.instants import instant

TYPES = tuple(t.__name__ for t in LIFECYCLE_DECISIONS)


def print_standing(console: Console, tandem: Container, product_id: str, at: datetime) -> None:
    """Goals and people at `at`, rebuilt by time travel like the backlog."""
    product = tandem.time_travel.product_at(product_id, at)
    if product is None:
        return
    goals = Table(title=f"Goals as of {at.isoformat()}")
    for column in ("goal", "status", "version", "items"):
        goals.add_column(column)
    for goal in product.goals:
        linked = [i.title for i in product.items.values() if goal.id in i.goal_ids]
        goals.add_row(goal.title, goal.status, str(goal.version), ", ".join(linked) or "-")
    console.print(goals)
    with tandem.projections.store.transaction() as tx:
        names = dict(tx.fetchall("SELECT member_id, name FROM backlog_members"))
    people = Table(title=f"People as of {at.isoformat()}")
    for column in ("member", "roles"):
        people.add_column(column)
    for member_id, roles in product.roles.items():
        people.add_row(str(names.get(member_id, member_id)), ", ".join(roles))
    console.print(people)


def print_lifecycle(
    console: Console, tandem: Container, product_id: str, from_: datetime, to: datetime
) -> None:
    """The window's lifecycle decisions, oldest first, as the audit trail words them."""
    with tandem.projections.store.transaction() as tx:
        rows = tx.fetchall(
            "SELECT at, summary, rationale FROM decisions WHERE product_id = ? AND at > ? "
            f"AND at <= ? AND type IN ({marks(list(TYPES))}) ORDER BY position",
            [product_id, instant(from_), instant(to), *TYPES],
        )
    table = Table(title="Lifecycle decisions")
    for column in ("at", "decision", "why"):
        table.add_column(column)
    for at, summary, rationale in rows:
        table.add_row(str(at), str(summary), str(rationale or "-"))
    console.print(table)

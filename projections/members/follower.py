"""Stores the member directory from the members' own events."""

from __future__ import annotations

from typing import Any

from domain.member import MemberRegistered
from domain.people_events import MemberDeactivated, MemberForgotten
from domain.personal_data import FORGOTTEN_NAME
from projections.engine.instants import instant
from projections.engine.view import NonProductView, Touched
from projections.engine.view_store import Tx

TABLES = (
    """CREATE TABLE IF NOT EXISTS member_directory (
        member_id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT,
        active INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS forgotten_members (
        member_id TEXT PRIMARY KEY, at TEXT NOT NULL)""",
)


class MemberDirectoryView(NonProductView):
    """Every member: name, e-mail, active, and who was forgotten (their name and
    e-mail overwritten here when the view follows MemberForgotten)."""

    name = "member_directory"
    tables = TABLES

    def new_batch(self) -> None:
        super().new_batch()
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        member_id = str(event.originator_id)
        if isinstance(event, MemberRegistered):
            self.statements.append(
                (
                    "INSERT INTO member_directory VALUES (?, ?, ?, 1) "
                    "ON CONFLICT (member_id) DO NOTHING",
                    (member_id, event.name, event.email),
                )
            )
        elif isinstance(event, MemberDeactivated):
            self.statements.append(
                ("UPDATE member_directory SET active = 0 WHERE member_id = ?", (member_id,))
            )
        elif isinstance(event, MemberForgotten):
            self.statements += [
                (
                    "UPDATE member_directory SET name = ?, email = NULL, active = 0 "
                    "WHERE member_id = ?",
                    (FORGOTTEN_NAME, member_id),
                ),
                (
                    "INSERT INTO forgotten_members VALUES (?, ?) "
                    "ON CONFLICT (member_id) DO NOTHING",
                    (member_id, instant(event.timestamp)),
                ),
            ]

    def write(self, tx: Tx, touched: Touched) -> None:
        for statement, params in self.statements:
            tx.execute(statement, params)

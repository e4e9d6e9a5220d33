"""Erasing a forgotten member's name from the text a view stored with it: audit
sentences, their changes (JSON) and webhook bodies. Each view does so for its own
rows when it follows MemberForgotten, in its own log order, so a view that lags
behind never writes the name after another view erased it."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from domain.personal_data import FORGOTTEN_NAME
from projections.engine.view_store import Tx


def erase_name(tx: Tx, name: str | None, table: str, key: str, columns: Sequence[str]) -> None:
    """Replaces `name` (as written, and as JSON escapes it) by FORGOTTEN_NAME wherever it
    stands as a word in `columns` of `table` (whose primary key is `key`)."""
    if not name or name == FORGOTTEN_NAME:
        return
    forms = sorted({name, json.dumps(name)[1:-1]}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")
    found = "strpos({0}, ?) > 0" if tx.postgres else "instr({0}, ?) > 0"
    for column in columns:
        for form in forms:
            rows = tx.fetchall(
                f"SELECT {key}, {column} FROM {table} WHERE " + found.format(column), (form,)
            )
            changed = [
                (pattern.sub(FORGOTTEN_NAME, text), row_key)
                for row_key, text in rows
                if pattern.search(text)
            ]
            tx.executemany(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", changed)

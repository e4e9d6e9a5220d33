"""A rebuild writes a new generation of the views' tables beside the live one
(`backlog_items__next`), then swaps it in (swap.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_NAMES = re.compile(r"CREATE (?:TABLE|INDEX) IF NOT EXISTS (\w+)")


class Generations:
    """Renames the views' tables and indexes for a generation of them: a rebuild
    writes `backlog_items__next`, then swaps it in."""

    def __init__(self, statements: Sequence[str]) -> None:
        names = sorted({n for s in statements for n in _NAMES.findall(s)}, key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(names) + r")\b") if names else None

    def with_suffix(self, statement: str, suffix: str) -> str:
        """The statement on the generation named by `suffix` ("" is the live one)."""
        if not suffix or self.pattern is None:
            return statement
        return self.pattern.sub(lambda m: m.group(1) + suffix, statement)

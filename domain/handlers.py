"""Which aggregate method takes which command: methods register themselves with
`@decides(Command, ...)`, so the decision path finds them without a list to keep."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from domain.commands import Command
from domain.vocabulary import Role

F = TypeVar("F", bound=Callable[..., Any])
HANDLERS: dict[type[Command], Callable[..., Any]] = {}


@dataclass(frozen=True)
class By:
    """Who decides, in which role, and when: what every decision event carries."""

    actor_id: str | None
    role: Role | None
    at: datetime


def decides(*commands: type[Command]) -> Callable[[F], F]:
    """Registers an aggregate method `(self, by: By, command)` for these commands."""

    def register(method: F) -> F:
        for command in commands:
            if command in HANDLERS:
                raise TypeError(f"{command.__name__} is handled twice")
            HANDLERS[command] = method
        return method

    return register


def handler_for(command: Command) -> Callable[..., Any]:
    try:
        return HANDLERS[type(command)]
    except KeyError:
        raise TypeError(f"no aggregate method decides {type(command).__name__}") from None

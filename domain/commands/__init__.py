"""Commands: one frozen dataclass per decision, holding its typed inputs.

`Tandem.decide(actor, command)` takes any of them; the permission table
(domain/permissions.py) says who may issue each, and the aggregate method registered
for it (domain/handlers.py) checks its rules and records its event.
"""

from domain.commands.base import Command, ItemCommand, ProductCommand
from domain.commands.items import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    DropItem,
    EstimateItem,
    MoveItem,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    StartItem,
    UnassignEngineer,
)
from domain.commands.people import (
    CancelPosition,
    DeactivateMember,
    FillPosition,
    MemberCommand,
    OpenPosition,
    PositionCommand,
    RecordPeopleNote,
    RotateToken,
)
from domain.commands.products import (
    CreateProduct,
    DefineVision,
    GrantRole,
    RegisterMember,
    SetCapacity,
    SetGoal,
)

__all__ = [
    "AcceptItem",
    "AssignEngineer",
    "CancelPosition",
    "Command",
    "CompleteItem",
    "CreateProduct",
    "DeactivateMember",
    "DefineVision",
    "DropItem",
    "EstimateItem",
    "FillPosition",
    "GrantRole",
    "ItemCommand",
    "MemberCommand",
    "MoveItem",
    "OpenPosition",
    "PositionCommand",
    "PrioritizeItem",
    "ProductCommand",
    "ProposeItem",
    "RecordPeopleNote",
    "RefineItem",
    "RegisterMember",
    "RotateToken",
    "SetCapacity",
    "SetGoal",
    "StartItem",
    "UnassignEngineer",
]

"""Commands: one frozen dataclass per decision, holding its typed inputs.

`Tandem.decide(actor, command)` takes any of them; the permission table
(domain/permissions.py) says who may issue each, and the aggregate method registered
for it (domain/handlers.py) checks its rules and records its event.
"""

from domain.commands.base import Command, ItemCommand, ProductCommand
from domain.commands.fields import KEEP
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
from domain.commands.lifecycle import (
    ChangeGoalStatus,
    GoalCommand,
    RejectItem,
    RequestItem,
    RestoreItem,
    ReviseGoal,
    RevokeRole,
    SetItemGoals,
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
    "KEEP",
    "AcceptItem",
    "AssignEngineer",
    "ChangeGoalStatus",
    "Command",
    "CompleteItem",
    "CreateProduct",
    "DefineVision",
    "DropItem",
    "EstimateItem",
    "GoalCommand",
    "GrantRole",
    "ItemCommand",
    "MoveItem",
    "PrioritizeItem",
    "ProductCommand",
    "ProposeItem",
    "RefineItem",
    "RegisterMember",
    "RejectItem",
    "RequestItem",
    "RestoreItem",
    "ReviseGoal",
    "RevokeRole",
    "SetCapacity",
    "SetGoal",
    "SetItemGoals",
    "StartItem",
    "UnassignEngineer",
]

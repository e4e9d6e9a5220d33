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
from domain.commands.planning import (
    AddDependency,
    BlockItem,
    CloseIteration,
    CommitIteration,
    IterationCommand,
    PlanIteration,
    ProposeScope,
    RemoveDependency,
    SetIterationCapacity,
    SetWipLimit,
    UnblockItem,
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
    "AddDependency",
    "AssignEngineer",
    "BlockItem",
    "CloseIteration",
    "Command",
    "CommitIteration",
    "CompleteItem",
    "CreateProduct",
    "DefineVision",
    "DropItem",
    "EstimateItem",
    "GrantRole",
    "ItemCommand",
    "IterationCommand",
    "MoveItem",
    "PlanIteration",
    "PrioritizeItem",
    "ProductCommand",
    "ProposeItem",
    "ProposeScope",
    "RefineItem",
    "RegisterMember",
    "RemoveDependency",
    "SetCapacity",
    "SetGoal",
    "SetIterationCapacity",
    "SetWipLimit",
    "StartItem",
    "UnassignEngineer",
    "UnblockItem",
]

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
from domain.commands.products import (
    CreateProduct,
    DefineVision,
    GrantRole,
    RegisterMember,
    SetCapacity,
    SetGoal,
)
from domain.commands.updates import AddWebhook, PublishUpdate, RemoveWebhook

__all__ = [
    "AcceptItem",
    "AddWebhook",
    "AssignEngineer",
    "Command",
    "CompleteItem",
    "CreateProduct",
    "DefineVision",
    "DropItem",
    "EstimateItem",
    "GrantRole",
    "ItemCommand",
    "MoveItem",
    "PrioritizeItem",
    "ProductCommand",
    "ProposeItem",
    "PublishUpdate",
    "RefineItem",
    "RegisterMember",
    "RemoveWebhook",
    "SetCapacity",
    "SetGoal",
    "StartItem",
    "UnassignEngineer",
]

"""Commands: one frozen dataclass per decision, holding its typed inputs.

`Tandem.decide(actor, command)` takes any of them; the permission table
(domain/permissions.py) says who may issue each, and the aggregate method registered
for it (domain/handlers.py) checks its rules and records its event.
"""

from domain.commands.base import Command, ItemCommand, ProductCommand
from domain.commands.governance import (
    AcceptArchitectureDecision,
    ArchitectureDecisionCommand,
    AssessRisk,
    ProposeArchitectureDecision,
    RaiseRisk,
    RecordCommand,
    RejectArchitectureDecision,
    ResolveRisk,
    RiskCommand,
    SetRiskItems,
    SetTechnicalRequirements,
)
from domain.commands.integrity import ScoreItem
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
from domain.commands.updates import AddWebhook, PublishUpdate, RemoveWebhook

__all__ = [
    "AcceptArchitectureDecision",
    "AcceptItem",
    "AddDependency",
    "AddWebhook",
    "ArchitectureDecisionCommand",
    "AssessRisk",
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
    "ProposeArchitectureDecision",
    "ProposeItem",
    "ProposeScope",
    "PublishUpdate",
    "RaiseRisk",
    "RecordCommand",
    "RefineItem",
    "RegisterMember",
    "RejectArchitectureDecision",
    "RemoveDependency",
    "RemoveWebhook",
    "ResolveRisk",
    "RiskCommand",
    "ScoreItem",
    "SetCapacity",
    "SetGoal",
    "SetIterationCapacity",
    "SetRiskItems",
    "SetTechnicalRequirements",
    "SetWipLimit",
    "StartItem",
    "UnassignEngineer",
    "UnblockItem",
]

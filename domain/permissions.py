"""Who may take which decision: a table from command to the roles that may issue it,
read in one place, with the few special cases written once beside it."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from domain import commands as c
from domain.actor import Actor
from domain.errors import Forbidden
from domain.vocabulary import Role

PO = Role.PRODUCT_OWNER
EM = Role.ENGINEERING_MANAGER

DECIDED_BY: dict[tuple[Role, ...], tuple[type[c.Command], ...]] = {
    (PO,): (
        c.DefineVision,
        c.SetGoal,
        c.PrioritizeItem,
        c.RefineItem,
        c.AcceptItem,
        c.DropItem,
        c.PublishUpdate,
        c.AddWebhook,
        c.RemoveWebhook,
        c.AssessRisk,
        c.ResolveRisk,
        c.ScoreItem,
        c.ProposeScope,
        c.ReviseGoal,
        c.ChangeGoalStatus,
        c.SetItemGoals,
        c.RejectItem,
        c.RestoreItem,
    ),
    (EM,): (
        c.EstimateItem,
        c.SetCapacity,
        c.AssignEngineer,
        c.UnassignEngineer,
        c.StartItem,
        c.CompleteItem,
        c.ProposeArchitectureDecision,
        c.AcceptArchitectureDecision,
        c.RejectArchitectureDecision,
        c.SetTechnicalRequirements,
        c.PlanIteration,
        c.SetIterationCapacity,
        c.CommitIteration,
        c.CloseIteration,
        c.AddDependency,
        c.RemoveDependency,
        c.SetWipLimit,
        c.OpenPosition,
        c.FillPosition,
        c.CancelPosition,
        c.RecordPeopleNote,
    ),
    (PO, EM): (
        c.GrantRole,
        c.ProposeItem,
        c.RaiseRisk,
        c.SetRiskItems,
        c.RevokeRole,
    ),
    (EM, Role.ENGINEER): (
        c.BlockItem,
        c.UnblockItem,
    ),
    (Role.STAKEHOLDER, PO, EM, Role.ENGINEER): (c.RequestItem,),
}
"""Product decisions, grouped by the roles that may take them (the first role held
wins), so that what each role decides reads in one place."""

MAY_DECIDE: dict[type[c.Command], tuple[Role, ...]] = {
    command: roles for roles, commands in DECIDED_BY.items() for command in commands
}
"""The same table by decision, as the decision path reads it."""

ADMINISTRATOR_MAY: frozenset[type[c.Command]] = frozenset(
    {c.RegisterMember, c.CreateProduct, c.GrantRole, c.RevokeRole}
)
"""What the administrator token may do (it holds no role on any product)."""
ADMINISTRATOR_MAY |= {c.AddWebhook, c.RemoveWebhook}
ADMINISTRATOR_MAY |= {c.RotateToken, c.DeactivateMember, c.ForgetMember}


ASSIGNEES_MAY: frozenset[type[c.Command]] = frozenset({c.StartItem, c.CompleteItem})
"""What an ENGINEER may also decide about an item they are assigned to."""


def role_for(
    command: c.Command,
    actor: Actor,
    roles: Mapping[str, Collection[str]],
    assignees: Collection[str] = (),
) -> Role | None:
    """The role `actor` takes `command` in, given the product's roles by member and
    the members assigned to the item decided on; None for the administrator.
    Raises Forbidden with the reason otherwise."""
    kind = type(command)
    if actor.is_admin:
        if kind in ADMINISTRATOR_MAY:
            return None
        raise Forbidden("only members of this product may decide on it")
    allowed = MAY_DECIDE.get(kind, ())
    held = roles.get(actor.member_id or "", ())
    role = next((r for r in allowed if r.value in held), None)
    if role is None and type(command) in ASSIGNEES_MAY and Role.ENGINEER.value in held:
        if actor.member_id not in assignees:
            raise Forbidden("only the Engineering Manager or an engineer assigned to it may")
        role = Role.ENGINEER
    if role is None:
        if not held:
            raise Forbidden("only members of this product may decide on it")
        if not allowed:
            raise Forbidden("only the administrator may do this")
        names = " or ".join(r.label for r in allowed)
        raise Forbidden(f"only the {names} may make this decision")
    if isinstance(command, c.GrantRole) and role is EM and command.role is not Role.ENGINEER:
        raise Forbidden("an Engineering Manager may grant the ENGINEER role only")
    if isinstance(command, c.RevokeRole) and role is EM and command.role is not Role.ENGINEER:
        raise Forbidden("an Engineering Manager may revoke the ENGINEER role only")
    return role


def check_administrator(actor: Actor) -> None:
    """Decisions with no product yet (registering members, creating products)."""
    if not actor.is_admin:
        raise Forbidden("only the administrator may do this")


SELF_SERVICE: frozenset[type[c.Command]] = frozenset({c.RotateToken})
"""Member decisions a member may take about themself; the rest are the administrator's."""


def check_member_decision(actor: Actor, command: c.MemberCommand) -> None:
    """Member lifecycle decisions: the administrator, or the member for themself."""
    if actor.is_admin and type(command) in ADMINISTRATOR_MAY:
        return
    if type(command) in SELF_SERVICE and actor.member_id == command.member_id:
        return
    if type(command) in SELF_SERVICE:
        raise Forbidden("only the administrator or the member themself may do this")
    raise Forbidden("only the administrator may do this")

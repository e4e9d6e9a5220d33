"""The people area's decisions: positions, private people records, and the members'
lifecycle. One row each; decide.py does the rest."""

from __future__ import annotations

import strawberry

from api.graphql import people_inputs as i
from api.graphql.caused_by import with_caused_by
from api.graphql.decision_fields import decision
from api.graphql.errors import FORBIDDEN, ApiError
from api.graphql.payloads import RegisterMemberPayload
from api.graphql.people_payloads import MemberPayload, PeopleRecordPayload, PositionPayload
from api.graphql.types.node import Info
from domain import commands as c

NOT_IMPLEMENTED = "NOT_IMPLEMENTED"
EM = "Engineering Manager decision (ENGINEERING_MANAGER only)."


@strawberry.type
class PeopleMutations:
    """Hiring, people records and the members' lifecycle."""

    open_position = decision(c.OpenPosition, i.OpenPositionInput, PositionPayload, EM)
    fill_position = decision(
        c.FillPosition,
        i.FillPositionInput,
        PositionPayload,
        EM + " Records PositionFilled and grants the member ENGINEER (RoleGranted) in the "
        "same transaction; CONFLICT unless the position is OPEN.",
    )
    cancel_position = decision(
        c.CancelPosition,
        i.CancelPositionInput,
        PositionPayload,
        EM + " Rationale required; CONFLICT unless the position is OPEN.",
    )
    record_people_note = decision(
        c.RecordPeopleNote,
        i.RecordPeopleNoteInput,
        PeopleRecordPayload,
        EM + " Private: never a decision; readable by the product's Engineering Managers "
        "and the member it is about. The member must hold a role on the product.",
    )
    rotate_token = decision(
        c.RotateToken,
        i.RotateTokenInput,
        RegisterMemberPayload,
        "The new token, shown once; the old one stops working. The administrator for "
        "anyone, or a member for themself.",
    )
    deactivate_member = decision(
        c.DeactivateMember,
        i.MemberDecisionInput,
        MemberPayload,
        "Administrator only, rationale required: the member's token stops working; roles "
        "and history stay; active becomes false.",
    )


MemberDecision = with_caused_by(i.MemberDecisionInput)
"""The same input type deactivateMember takes (with causedBy), not a second one."""


@strawberry.type
class ErasureMutations:
    """forgetMember is in the contract; crypto-shredding is not built yet (issue 16)."""

    @strawberry.mutation(
        description="Administrator only, rationale required: erasure of a member's personal "
        "data. Not available yet on this server: answers NOT_IMPLEMENTED and changes nothing."
    )
    def forget_member(self, info: Info, input: MemberDecision) -> MemberPayload:  # type: ignore[valid-type]
        if not info.context.require_viewer().is_admin:
            raise ApiError(FORBIDDEN, "only the administrator may do this")
        raise ApiError(
            NOT_IMPLEMENTED,
            "forgetting a member (crypto-shredding) is not available on this server yet; "
            "nothing was changed",
        )

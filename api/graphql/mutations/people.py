"""The people area's decisions: positions, private people records, and the members'
lifecycle. One row each; decide.py does the rest."""

from __future__ import annotations

import logging

import anyio.to_thread
import strawberry

from api.graphql.command_inputs import input_of
from api.graphql.decide import settle
from api.graphql.decision_fields import EM, decision
from api.graphql.payloads import RegisterMemberPayload
from api.graphql.people_payloads import (
    MemberPayload,
    PeopleRecordPayload,
    PositionPayload,
    lifecycle_payload,
)
from api.graphql.types.node import Info
from domain import commands as c
from domain.outcome import Outcome
from projections.members.freed_pages import erase_freed_pages

log = logging.getLogger("tandem.api")
ABOUT_MEMBER = input_of(c.DeactivateMember, "MemberDecisionInput")


@strawberry.type
class PeopleMutations:
    """Hiring, people records and the members' lifecycle."""

    open_position = decision(c.OpenPosition, PositionPayload, EM)
    fill_position = decision(
        c.FillPosition,
        PositionPayload,
        EM + " Records PositionFilled and grants the member ENGINEER (RoleGranted) in the "
        "same transaction; CONFLICT unless the position is OPEN.",
    )
    cancel_position = decision(
        c.CancelPosition,
        PositionPayload,
        EM + " Rationale required; CONFLICT unless the position is OPEN.",
    )
    record_people_note = decision(
        c.RecordPeopleNote,
        PeopleRecordPayload,
        EM + " Private: never a decision; readable by the product's Engineering Managers "
        "and the member it is about. The member must hold a role on the product.",
    )
    rotate_token = decision(
        c.RotateToken,
        RegisterMemberPayload,
        "The new token, shown once; the old one stops working. The administrator for "
        "anyone, or a member for themself.",
        input=input_of(c.RotateToken, key=False),
    )
    deactivate_member = decision(
        c.DeactivateMember,
        MemberPayload,
        "Administrator only, rationale required: the member's token stops working; roles "
        "and history stay; active becomes false.",
        input=ABOUT_MEMBER,
    )


async def forgotten_payload(info: Info, outcome: Outcome) -> MemberPayload:
    """Once the views have erased the member's data (settled), the database's freed
    space is cleared of it too, before the answer says it is done."""
    await settle(info)
    cleared = await anyio.to_thread.run_sync(erase_freed_pages, info.context.services.app)
    # Ids only: the rationale is free text and may name the person.
    log.info("member %s forgotten (freed space cleared: %s)", outcome.member_id, cleared)
    return await lifecycle_payload(info, outcome)


@strawberry.type
class ErasureMutations:
    """The right to be forgotten (crypto-shredding: domain/personal_data)."""

    forget_member = decision(
        c.ForgetMember,
        MemberPayload,
        "Administrator only, rationale required: erasure of the member's personal data. "
        "Their key is destroyed; afterwards their name reads 'Forgotten member', their "
        "e-mail and every people record about them null, at every asOf; their token stops "
        "working; the decisions they made stay and keep counting. CONFLICT once forgotten.",
        read_back=forgotten_payload,
        input=ABOUT_MEMBER,
    )

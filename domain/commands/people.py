"""Decisions about people: positions (product decisions), private people records, and
the members' lifecycle (tokens, deactivation), which no product records."""

from __future__ import annotations

from typing import Annotated

from domain.commands.base import Command, ProductCommand
from domain.commands.fields import (
    Description,
    MemberId,
    NoteBody,
    NoteTitle,
    PositionId,
    Rationale,
    RequiredRationale,
    Title,
    _one_of,
)
from domain.people_vocabulary import PeopleNoteKind

NoteKind = Annotated[PeopleNoteKind, _one_of(PeopleNoteKind, "kind")]


class PositionCommand(Command):
    """A decision about an open position (its product is found from the position)."""

    position_id: PositionId


class OpenPosition(ProductCommand):
    title: Title
    description: Description = ""
    rationale: Rationale = None


class FillPosition(PositionCommand):
    member_id: MemberId
    rationale: Rationale = None


class CancelPosition(PositionCommand):
    rationale: RequiredRationale


class RecordPeopleNote(ProductCommand):
    """Private: recorded in its own aggregate, never as a product decision."""

    member_id: MemberId
    kind: NoteKind
    title: NoteTitle
    body: NoteBody


class MemberCommand(Command):
    """A decision about a member's lifecycle; no product records it."""

    member_id: MemberId


class RotateToken(MemberCommand):
    pass


class DeactivateMember(MemberCommand):
    rationale: RequiredRationale


class ForgetMember(MemberCommand):
    """Erasure of the member's personal data: their key is destroyed (crypto-shredding)."""

    rationale: RequiredRationale

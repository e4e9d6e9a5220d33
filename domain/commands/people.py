"""Decisions about people: positions (product decisions), private people records, and
the members' lifecycle (tokens, deactivation), which no product records."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True, kw_only=True)
class PositionCommand(Command):
    """A decision about an open position (its product is found from the position)."""

    position_id: PositionId


@dataclass(frozen=True, kw_only=True)
class OpenPosition(ProductCommand):
    title: Title
    description: Description = ""
    rationale: Rationale = None


@dataclass(frozen=True, kw_only=True)
class FillPosition(PositionCommand):
    member_id: MemberId
    rationale: Rationale = None


@dataclass(frozen=True, kw_only=True)
class CancelPosition(PositionCommand):
    rationale: RequiredRationale


@dataclass(frozen=True, kw_only=True)
class RecordPeopleNote(ProductCommand):
    """Private: recorded in its own aggregate, never as a product decision."""

    member_id: MemberId
    kind: NoteKind
    title: NoteTitle
    body: NoteBody


@dataclass(frozen=True, kw_only=True)
class MemberCommand(Command):
    """A decision about a member's lifecycle; no product records it."""

    member_id: MemberId


@dataclass(frozen=True, kw_only=True)
class RotateToken(MemberCommand):
    pass


@dataclass(frozen=True, kw_only=True)
class DeactivateMember(MemberCommand):
    rationale: RequiredRationale


@dataclass(frozen=True, kw_only=True)
class ForgetMember(MemberCommand):
    """Erasure of the member's personal data: their key is destroyed (crypto-shredding)."""

    rationale: RequiredRationale

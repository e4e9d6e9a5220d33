"""The members' lifecycle: rotating a token, deactivating a member, and the check of
a bearer token against the member's current state on every request."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime
from typing import Any, cast

from eventsourcing.domain import Aggregate

from domain import commands as c
from domain.actor import Actor
from domain.errors import Conflict
from domain.member import Credential, Member, new_token
from domain.outcome import Outcome
from domain.people_events import MemberDeactivated, MemberForgotten, MemberTokenRotated
from domain.permissions import check_member_decision
from domain.position_lookup import PositionLookup


class MemberLifecycle(PositionLookup):
    """Member decisions (no product records them) and token checks that honour them."""

    def decide_on_member(
        self, actor: Actor, command: c.MemberCommand, at: datetime
    ) -> tuple[list[Aggregate], Outcome]:
        check_member_decision(actor, command)
        member = self.member(command.member_id)
        if member.forgotten:
            raise Conflict("the member is forgotten already")
        made: list[Aggregate] = [member]
        token = None
        fields = {"actor_id": actor.member_id, "timestamp": max(at, member.modified_on)}
        if isinstance(command, c.ForgetMember):
            member.trigger_event(MemberForgotten, rationale=command.rationale, **fields)
            # Before the save: an erasure is never undone by a failed save (the event
            # is then recorded by a retry, and the views follow it).
            self.member_keys.destroy(str(member.id))
            return made, Outcome(member_id=str(member.id))
        if not member.active:
            raise Conflict("the member is deactivated")
        if isinstance(command, c.RotateToken):
            token = new_token()
            credential = Credential.issue(token=token, member_id=str(member.id), at=at)
            made.append(credential)
            member.trigger_event(
                MemberTokenRotated, credential_id=str(credential.id), rationale=None, **fields
            )
        elif isinstance(command, c.DeactivateMember):
            member.trigger_event(MemberDeactivated, rationale=command.rationale, **fields)
        else:  # pragma: no cover
            raise TypeError(type(command).__name__)
        return made, Outcome(member_id=str(member.id), token=token)

    def member_for_token(self, token: str) -> str | None:
        """The member a bearer token belongs to, if it is their current token and they
        are active. The member's state is read from the store on every call (one
        indexed query for events after the copy held here), so a rotation or a
        deactivation recorded by any process refuses the old token at once."""
        member_id = super().member_for_token(token)
        if member_id is None:
            return None
        member = self.current_member(member_id)
        if member is None or not member.active:
            return None
        current = member.credential_id
        return member_id if current in (None, str(Credential.id_for(token))) else None

    def current_member(self, member_id: str) -> Member | None:
        copies: dict[str, Member] = self.__dict__.setdefault("_token_members", {})
        lock: threading.Lock = self.__dict__.setdefault("_token_lock", threading.Lock())
        with lock:
            member: Any = copies.get(member_id)
            after = member.version if member is not None else 0
            for event in self.repository.event_store.get(uuid.UUID(member_id), gt=after):
                member = cast(Any, event).mutate(member)
            if member is None:
                return None
            copies[member_id] = member
            return cast(Member, member)

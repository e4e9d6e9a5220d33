"""The mapper that seals personal fields as events are stored and opens them as they
are read: the library's Mapper with one step before transcoding and one after.

Only the fields named in PERSONAL change; everything else (topics, ids, versions,
product decisions, and so the audit chain's bytes) is stored as before. A field is
sealed under the key of the member it is about (`subject`); once that key is
destroyed it reads as `forgotten`. Values stored before sealing existed are legacy
plaintext and read as they are (README, "Personal data")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import CanSnapshotAggregate
from eventsourcing.persistence import Mapper, StoredEvent

from domain.member import Member, MemberRegistered
from domain.people_events import PeopleNote, PeopleNoteRecorded
from domain.personal_data import FORGOTTEN_NAME
from domain.personal_data.keys import MemberKeys, MemoryKeys
from domain.personal_data.sealing import is_sealed, seal, unseal


@dataclass(frozen=True)
class Personal:
    """Which fields of a state are personal, and whose."""

    subject: str
    """The field naming the member the data is about ("originator_id": the member)."""
    forgotten: dict[str, str | None]
    """Each personal field, and what it reads once its member is forgotten."""

    def member_of(self, originator_id: object, state: dict[str, Any]) -> str:
        return str(originator_id if self.subject == "originator_id" else state[self.subject])


MEMBER = Personal("originator_id", {"name": FORGOTTEN_NAME, "email": None})
NOTE = Personal("member_id", {"title": None, "body": None})
PERSONAL: dict[type[Any], Personal] = {
    MemberRegistered: MEMBER,
    Member: MEMBER,
    PeopleNoteRecorded: NOTE,
    PeopleNote: NOTE,
}
"""Events, and aggregates (for their snapshots), that carry personal data."""


class PersonalDataMapper(Mapper[Any]):
    """Seals PERSONAL fields under their member's key (AES-GCM, keys.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys: MemberKeys = MemoryKeys()

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        state, personal = _personal_state(domain_event)
        if personal is None:
            return super().to_stored_event(domain_event)
        sealed = self._sealed(personal, domain_event.originator_id, dict(state))
        if isinstance(domain_event, CanSnapshotAggregate):
            outer = dict(vars(domain_event))
            outer["state"] = sealed
            sealed = outer
        else:
            sealed = {**vars(domain_event), **sealed}
        stand_in = object.__new__(type(domain_event))
        object.__setattr__(stand_in, "__dict__", sealed)
        return super().to_stored_event(stand_in)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event = super().to_domain_event(stored_event)
        state, personal = _personal_state(event)
        if personal is not None:
            self._open(personal, event.originator_id, state)
        return event

    def _sealed(
        self, personal: Personal, originator_id: object, state: dict[str, Any]
    ) -> dict[str, Any]:
        if all(state.get(f) == gone for f, gone in personal.forgotten.items()):
            return state  # a forgotten member's state: nothing personal left to seal
        self.seal_fields(personal, personal.member_of(originator_id, state), state)
        return state

    def seal_fields(self, personal: Personal, member_id: str, state: dict[str, Any]) -> None:
        """Seals the personal fields of `state` in place (those sealed already stay)."""
        key = self.keys.issue(member_id)
        for field in personal.forgotten:
            if field in state and not is_sealed(state[field]):
                state[field] = seal(key, member_id, field, state[field])

    def _open(self, personal: Personal, originator_id: object, state: dict[str, Any]) -> None:
        """Opens the sealed fields in place (legacy plaintext is left as it is)."""
        sealed = [f for f in personal.forgotten if is_sealed(state.get(f))]
        if not sealed:
            return
        member_id = personal.member_of(originator_id, state)
        key = self.keys.key_for(member_id)
        for field in sealed:
            state[field] = (
                personal.forgotten[field]
                if key is None
                else unseal(key, member_id, field, state[field])
            )


def _personal_state(event: Any) -> tuple[dict[str, Any], Personal | None]:
    """The state holding personal fields (a snapshot's aggregate state, or the event's
    own) and how they are personal; None for an event with no personal data."""
    if isinstance(event, CanSnapshotAggregate):
        kind: Any = _aggregate_class(event.topic)
        state: dict[str, Any] = event.state
        return state, PERSONAL.get(kind)
    return vars(event), PERSONAL.get(type(event))


def _aggregate_class(topic: str) -> type[Any] | None:
    for kind in (Member, PeopleNote):
        if topic.endswith(":" + kind.__qualname__) and topic.startswith(kind.__module__):
            return kind
    return None

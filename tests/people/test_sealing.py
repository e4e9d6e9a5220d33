"""The personal fields as stored, on every backend: sealed under the member's key in
events and snapshots, opened on reading, read as forgotten once the key is destroyed;
legacy plaintext still reads; a sealed value moved or altered does not open."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from cryptography.exceptions import InvalidTag
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent

from domain.actor import Actor
from domain.application import Tandem
from domain.commands import ForgetMember, RegisterMember
from domain.member import Member, MemberRegistered
from domain.persistence.store_url import StoreUrl
from domain.personal_data import FORGOTTEN_NAME
from domain.personal_data.sealing import PREFIX
from tests.backends import BACKENDS, database_url
from tests.given import Clock

NAME, EMAIL = "Ottoline Marsh", "ottoline.marsh@sealing.example"


@pytest.fixture(params=BACKENDS)
def tandem(request: pytest.FixtureRequest) -> Iterator[Tandem]:
    with database_url(request.param) as url:
        app = Tandem(StoreUrl.parse(url).library_env(), clock=Clock())
        try:
            yield app
        finally:
            app.close()


def register(tandem: Tandem) -> uuid.UUID:
    outcome = tandem.decide(Actor.admin(), RegisterMember(name=NAME, email=EMAIL))
    return uuid.UUID(str(outcome.member_id))


def test_a_members_name_and_email_are_stored_sealed_and_read_open(tandem: Tandem) -> None:
    member_id = register(tandem)
    stored = tandem.recorder.select_events(member_id)[0]
    assert NAME.encode() not in stored.state and EMAIL.encode() not in stored.state
    assert stored.state.count(PREFIX.encode()) == 2
    tandem.repository.cache = None  # read from the store, not the copy just saved
    member = tandem.member(str(member_id))
    assert (member.name, member.email) == (NAME, EMAIL)


def test_a_snapshot_of_a_member_is_sealed_too(tandem: Tandem) -> None:
    member_id = register(tandem)
    tandem.take_snapshot(member_id)
    assert tandem.snapshots is not None
    stored = tandem.snapshots.recorder.select_events(member_id)[0]
    assert NAME.encode() not in stored.state and PREFIX.encode() in stored.state
    snapshot = tandem.mapper.to_domain_event(stored)
    member = snapshot.mutate(None)  # type: ignore[attr-defined]
    assert isinstance(member, Member) and member.name == NAME


def test_once_the_key_is_destroyed_the_member_reads_forgotten(tandem: Tandem) -> None:
    member_id = register(tandem)
    tandem.decide(Actor.admin(), ForgetMember(member_id=str(member_id), rationale="Asked"))
    assert tandem.member_keys.key_for(str(member_id)) is None
    event = tandem.mapper.to_domain_event(tandem.recorder.select_events(member_id)[0])
    assert isinstance(event, MemberRegistered)
    assert (event.name, event.email) == (FORGOTTEN_NAME, None)
    tandem.repository.cache = None
    member = tandem.member(str(member_id))
    assert (member.name, member.email, member.forgotten) == (FORGOTTEN_NAME, None, True)


def test_a_member_registered_before_sealing_reads_as_stored(tandem: Tandem) -> None:
    member_id = uuid.uuid4()
    legacy = Member.register(name="Old Timer", email="old@legacy.example", at=Clock()())
    plain = Mapper[uuid.UUID](transcoder=tandem.mapper.transcoder)
    assert isinstance(plain.transcoder, JSONTranscoder)
    stored = plain.to_stored_event(legacy.collect_events()[0])
    tandem.recorder.insert_events([StoredEvent(member_id, 1, stored.topic, stored.state)])
    assert b"old@legacy.example" in tandem.recorder.select_events(member_id)[0].state
    assert tandem.member(str(member_id)).email == "old@legacy.example"


def test_a_sealed_value_moved_to_another_member_does_not_open(tandem: Tandem) -> None:
    first, second = register(tandem), uuid.uuid4()
    tandem.member_keys.issue(str(second))
    stored = tandem.recorder.select_events(first)[0]
    moved = StoredEvent(second, 1, stored.topic, stored.state)
    with pytest.raises(Exception) as raised:
        tandem.mapper.to_domain_event(moved)
    assert isinstance(raised.value, InvalidTag) or isinstance(raised.value.__cause__, InvalidTag)

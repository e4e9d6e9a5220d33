"""Events stored before sealing existed carry personal data in plain text: they read
as stored, and `tandem seal-legacy` seals them in place (a member forgotten already
gets the forgotten values), on the durable backends, leaving the chain verifying."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from eventsourcing.persistence import Mapper, StoredEvent

from api.cli import main
from domain.actor import Actor
from domain.application import Tandem
from domain.commands import ForgetMember
from domain.member import Member
from domain.persistence.store_url import StoreUrl
from domain.personal_data import FORGOTTEN_NAME
from domain.personal_data.legacy import seal_legacy
from tests.backends import DURABLE_BACKENDS, database_url
from tests.given import Clock

OLD = ("Wilhelmina Oakes", "wilhelmina@legacy.example")
GONE = ("Barnaby Thistle", "barnaby@legacy.example")


@pytest.fixture(params=DURABLE_BACKENDS)
def url(request: pytest.FixtureRequest) -> Iterator[str]:
    with database_url(request.param) as url:
        yield url


def store_legacy(app: Tandem, name: str, email: str) -> uuid.UUID:
    """A MemberRegistered as Tandem stored it before sealing: plain JSON."""
    member = Member.register(name=name, email=email, at=Clock()())
    plain = Mapper[uuid.UUID](transcoder=app.mapper.transcoder)
    stored: StoredEvent = plain.to_stored_event(member.collect_events()[0])
    app.recorder.insert_events([stored])
    return member.id


def test_legacy_plaintext_reads_and_is_sealed_in_place(url: str) -> None:
    app = Tandem(StoreUrl.parse(url).library_env(), clock=Clock())
    try:
        old, gone = store_legacy(app, *OLD), store_legacy(app, *GONE)
        app.decide(Actor.admin(), ForgetMember(member_id=str(gone), rationale="Asked"))
        assert app.member(str(old)).email == OLD[1]
        assert OLD[0].encode() in _raw(url, app)
        assert seal_legacy(app) == 2
        assert seal_legacy(app) == 0  # once is enough
        raw = _raw(url, app)
        assert not any(text.encode() in raw for text in (*OLD, *GONE))
        app.repository.cache = None
        assert (app.member(str(old)).name, app.member(str(old)).email) == OLD
        assert (app.member(str(gone)).name, app.member(str(gone)).email) == (FORGOTTEN_NAME, None)
    finally:
        app.close()
    assert main(["seal-legacy", "--database-url", url]) == 0


def _raw(url: str, app: Tandem) -> bytes:
    """The database's bytes: the SQLite file and its WAL, or every stored state."""
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        wal = path.with_name(path.name + "-wal")
        return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    notifications = app.recorder.select_notifications(start=1, limit=1000)
    return b"".join(n.state for n in notifications)

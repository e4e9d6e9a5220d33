"""Members, their bearer-token credentials and the uniqueness of their e-mail."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime

from eventsourcing.domain import Aggregate

NAMESPACE = uuid.UUID("6f1c1a52-7d1e-4b8e-9d8c-2f5b3d0e8a11")


def hash_token(token: str) -> str:
    """Tokens are random (256 bits), so one unsalted SHA-256 is enough to store them."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return "tdm_" + secrets.token_urlsafe(32)


class MemberRegistered(Aggregate.Created):
    """The administrator registered a member."""

    name: str
    email: str


class Member(Aggregate):
    """A person who may hold roles on products."""

    # The lifecycle (domain/people_events.py): class-level defaults, as members
    # registered before it lack the state. credential_id None: the one issued at
    # registration is current.
    active: bool = True
    forgotten: bool = False
    credential_id: str | None = None

    def __init__(self, name: str, email: str) -> None:
        self.name = name
        self.email = email

    @classmethod
    def register(cls, *, name: str, email: str, at: datetime) -> Member:
        return cls._create(MemberRegistered, id=uuid.uuid4(), name=name, email=email, timestamp=at)


class CredentialIssued(Aggregate.Created):
    member_id: str


class Credential(Aggregate):
    """Maps a token hash to its member; its id is derived from the hash, so
    authentication is a key lookup and the token itself is never stored."""

    def __init__(self, member_id: str) -> None:
        self.member_id = member_id

    @staticmethod
    def id_for(token: str) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, "token:" + hash_token(token))

    @classmethod
    def issue(cls, *, token: str, member_id: str, at: datetime) -> Credential:
        return cls._create(
            CredentialIssued, id=cls.id_for(token), member_id=member_id, timestamp=at
        )


class EmailClaimed(Aggregate.Created):
    member_id: str


class EmailClaim(Aggregate):
    """One member per e-mail address: a second claim conflicts on version 1."""

    def __init__(self, member_id: str) -> None:
        self.member_id = member_id

    @staticmethod
    def id_for(email: str) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, "email:" + email.lower())

    @classmethod
    def claim(cls, *, email: str, member_id: str, at: datetime) -> EmailClaim:
        return cls._create(EmailClaimed, id=cls.id_for(email), member_id=member_id, timestamp=at)

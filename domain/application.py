"""The application service: `decide(actor, command)` is the one path every decision
takes — shape checked by the command, permission by the table, rules by the
aggregate, then idempotency, locking, optimistic retry and save by the loop."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from domain import commands as c
from domain.actor import Actor
from domain.causes import CauseChecks
from domain.errors import Conflict
from domain.idempotency import fingerprint
from domain.iteration_locator import IterationLocator, iteration_locators
from domain.locators import ItemLocator
from domain.member import Credential, EmailClaim, Member, new_token
from domain.member_lifecycle import MemberLifecycle
from domain.outcome import Outcome
from domain.permissions import check_administrator
from domain.product import Product
from domain.product_events import ItemProposed
from domain.record_locators import RecordLookups, asked_version, record_locators
from domain.recording import Recording


class Tandem(RecordLookups, MemberLifecycle, Recording, CauseChecks):
    """Records the decisions of Product Owners and Engineering Managers."""

    def decide(
        self, actor: Actor, command: c.Command, idempotency_key: str | None = None
    ) -> Outcome:
        """Takes one decision; raises a DomainError (and records nothing) if it is
        refused. A retry with the same key answers as the first call did."""
        self.check_key(idempotency_key)
        if creates_subject(command):
            check_administrator(actor)  # before the inputs: only one caller may
        command = command.checked()
        # Only a keyed decision is compared with an earlier request (a digest costs
        # about a sixth of a batched decision's CPU).
        digest = (
            "" if idempotency_key is None else fingerprint(type(command).__name__, command.fields())
        )
        subject = self.subject_of(command)

        def attempt(at: datetime) -> tuple[list[Aggregate], Outcome]:
            if isinstance(command, c.MemberCommand):
                return self.decide_on_member(actor, command, at)
            if subject is None:
                return self._create(command, at)
            return self._decide_on(self.product(subject), actor, command, at)

        return self.run(actor, idempotency_key, digest, attempt, subject)

    def subject_of(self, command: c.Command) -> str | None:
        """The product decided on (an unknown item is NotFound here, before any
        permission check), or None for a decision that creates its subject."""
        if isinstance(command, c.ItemCommand):
            return self.product_of_item(command.item_id)
        if isinstance(command, c.ProductCommand):
            return command.product_id
        if isinstance(command, c.RecordCommand):
            return self.product_of_record(command)
        if isinstance(command, c.IterationCommand):
            return self.load(command.iteration_id, IterationLocator, "iteration").product_id
        if isinstance(command, c.PositionCommand):
            return self.product_of_position(command.position_id)
        return None

    def _decide_on(
        self, product: Product, actor: Actor, command: c.Command, at: datetime
    ) -> tuple[list[Aggregate], Outcome]:
        named = getattr(command, "member_id", None)
        if isinstance(command, c.GrantRole):
            self.member(command.member_id)  # a role for nobody is NotFound, whoever asks
        role = product.role_for(actor, command)  # otherwise who decides comes first
        if named is not None and not product.roles.get(named):
            self.member(named)  # an id that names no member at all is NotFound
        self.check_references(product, actor, command)
        self.check_causes(product, command.caused_by)
        before = len(product.pending_events)
        created = product.decide_as(role, actor, command, self.dated(product, at))
        pending = product.pending_events[before:]
        locators = [
            ItemLocator.locate(e.item_id, product_id=str(product.id), at=e.timestamp)
            for e in pending
            if isinstance(e, ItemProposed)
        ]
        item_id = getattr(command, "item_id", None) or next((locator_id(x) for x in locators), None)
        outcome = Outcome(
            product_id=str(product.id),
            item_id=item_id,
            member_id=named if item_id is None else None,
            version=asked_version(product, pending),
            created_id=created,
        )
        return [
            product,
            *locators,
            *record_locators(str(product.id), pending),
            *iteration_locators(pending, str(product.id)),
            *product.take_made(),
        ], outcome

    def _create(self, command: c.Command, at: datetime) -> tuple[list[Aggregate], Outcome]:
        """The two decisions that create their subject, taken by the administrator."""
        if isinstance(command, c.CreateProduct):
            product = Product.create(name=command.name, vision=command.vision, at=at)
            return [product], Outcome(product_id=str(product.id), version=product.version)
        if isinstance(command, c.RegisterMember):
            return self._register(command, at)
        raise TypeError(f"{type(command).__name__} names no subject")

    def _register(self, command: c.RegisterMember, at: datetime) -> tuple[list[Aggregate], Outcome]:
        claim_id = EmailClaim.id_for(command.email)
        try:
            self.repository.get(claim_id)
        except AggregateNotFoundError:
            pass
        else:
            raise Conflict("a member with this email is already registered")
        member = Member.register(name=command.name, email=command.email, at=at)
        token = new_token()
        credential = Credential.issue(token=token, member_id=str(member.id), at=at)
        claim = EmailClaim.claim(email=command.email, member_id=str(member.id), at=at)
        return [member, credential, claim], Outcome(member_id=str(member.id), token=token)


def creates_subject(command: c.Command) -> bool:
    """Registering a member and creating a product decide on nothing that exists yet."""
    return not isinstance(
        command,
        c.ProductCommand
        | c.ItemCommand
        | c.RecordCommand
        | c.IterationCommand
        | c.PositionCommand
        | c.MemberCommand,
    )


def locator_id(locator: ItemLocator) -> str:
    return str(locator.id)

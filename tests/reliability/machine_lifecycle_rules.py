"""The state machine's everyday-lifecycle decisions (issue 13): revokeRole, rejectItem,
restoreItem and requestItem, by any caller, held to model_lifecycle.py."""

from __future__ import annotations

import uuid

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from domain.commands import RejectItem, RequestItem, RestoreItem, RevokeRole
from domain.outcome import Outcome
from domain.vocabulary import Role
from tests.reliability.machine import CALLERS, EXPECTED, KEYS, PICK, RATIONALES, ROLES, TITLES
from tests.reliability.machine_rules import DecisionMachine
from tests.reliability.model import EM, PO, RANKED, STAKEHOLDER, Prediction

REVIVALS = ("rejectItem", "restoreItem")


class LifecycleMachine(DecisionMachine):
    @rule(caller=CALLERS, product=PICK, member=PICK, role=ROLES, why=RATIONALES, key=KEYS)
    def revoke_role(
        self, caller: str, product: int, member: int, role: Role, why: str | None, key: str | None
    ) -> None:
        product_id, member_id, k = self.product(product), self.member(member), self.key(key, caller)
        actor, who = self.actor(caller, product_id, (PO, EM))
        self.attempt(
            f"revokeRole {role.value}",
            lambda: self.app.decide(
                actor,
                RevokeRole(product_id=product_id, member_id=member_id, role=role, rationale=why),
                idempotency_key=k,
            ),
            lambda _: self.model.revoke_role(who, product_id, member_id, role.value, why, k),
        )

    @rule(
        caller=CALLERS,
        operation=st.sampled_from(REVIVALS),
        item=PICK,
        why=RATIONALES,
        how=EXPECTED,
        key=KEYS,
    )
    def revive_item(
        self,
        caller: str,
        operation: str,
        item: int,
        why: str | None,
        how: str | None,
        key: str | None,
    ) -> None:
        item_id, k = self.item(item), self.key(key, caller)
        actor, who = self.actor(caller, item_id, (PO,))
        expected = self.expected(how, self.item_version(item_id))
        command = RejectItem if operation == "rejectItem" else RestoreItem
        self.attempt(
            operation,
            lambda: self.app.decide(
                actor, command(item_id=item_id, rationale=why, expected_version=expected), k
            ),
            lambda _: self.model.reject_or_restore(operation, who, item_id, why, expected, k),
        )

    @rule(
        caller=st.sampled_from(("planner",) * 4 + ("Ana", "Cleo", "Dev", "Eve", "admin")),
        operation=st.sampled_from(REVIVALS),
        how=EXPECTED,
    )
    def revive_a_finished_item(self, caller: str, operation: str, how: str | None) -> None:
        """Reject a DONE item or restore a DROPPED one, if any: picked at random, the
        items seldom stand in the one state these decisions accept."""
        wanted = "DONE" if operation == "rejectItem" else "DROPPED"
        items = list(self.model.items)
        found = [n for n, i in enumerate(items) if self.model.items[i].status == wanted]
        ranked = [n for n, i in enumerate(items) if self.model.items[i].status in RANKED]
        if wanted == "DROPPED" and not found and ranked:  # drop one first
            self.move_item("planner", "dropItem", ranked[-1], "Not now", None, None)
            found = [n for n, i in enumerate(items) if self.model.items[i].status == wanted]
        for _ in range(4 if wanted == "DONE" else 0):  # take the most advanced one there
            if found:
                break
            self.advance_an_item("planner", None)
            found = [n for n, i in enumerate(items) if self.model.items[i].status == wanted]
        if found:
            self.revive_item(caller, operation, found[0], "Not what we asked", how, None)

    @rule(caller=CALLERS, product=PICK, title=TITLES, why=RATIONALES, key=KEYS)
    def request_item(
        self, caller: str, product: int, title: str, why: str | None, key: str | None
    ) -> None:
        product_id, k = self.product(product), self.key(key, caller)
        actor, who = self.actor(caller, product_id, (STAKEHOLDER,))

        def model(outcome: Outcome | None) -> Prediction:
            new_id = (outcome.item_id if outcome else None) or str(uuid.uuid4())
            return self.model.request_item(who, product_id, title, why, k, new_id)

        self.attempt(
            "requestItem",
            lambda: self.app.decide(
                actor,
                RequestItem(product_id=product_id, title=title, rationale=why),
                idempotency_key=k,
            ),
            model,
        )

    @invariant()
    def requested_items_remember_who_asked(self) -> None:
        for product_id in self.model.products:
            for item_id, item in self.app.product(product_id).items.items():
                assert item.requested_by == self.model.requested_by.get(item_id), item_id

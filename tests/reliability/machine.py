"""A hypothesis state machine that drives the application service with random decisions by
random callers and holds it to the reference model (model.py, model_backlog.py).

Every step: the service and the model each decide; they must agree on the error class
(so Forbidden exactly when the model's permission rules say so) or on the outcome and the
number of events stored; a rejected decision leaves max_notification_id unchanged. After
every step (`@invariant`), each product as the service holds it equals the model, its
backlog order is a permutation of its active items, and it equals a replay of its stored
events (all of them, and from the latest snapshot). On durable stores a `restart` rule
swaps in a fresh Tandem on the same database, whose cold cache must agree too.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any, ClassVar, cast

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant

from domain.actor import Actor
from domain.commands import CreateProduct, GrantRole, ProposeItem, RegisterMember
from domain.errors import DomainError
from domain.outcome import Outcome
from domain.product import Product
from domain.vocabulary import Role
from tests.given import open_ledger
from tests.reliability.model import EM, ENGINEER, PO, STAKEHOLDER, Caller, Prediction
from tests.reliability.model_iterations import IterationsModel

CREW = {  # product -> member -> roles; Eve holds none, the administrator is "admin"
    "Checkout": {"Ana": [PO], "Ben": [EM], "Cleo": [ENGINEER], "Dev": [STAKEHOLDER],
                 "Fay": [PO, EM], "Gus": [ENGINEER]},
    "Billing": {"Gus": [PO], "Hal": [EM], "Cleo": [STAKEHOLDER]},
}  # fmt: skip
BACKLOG = {"Checkout": ("SSO login", "Guest checkout", "Apple Pay"), "Billing": ("Invoices",)}
NAMES = ("Ana", "Ben", "Cleo", "Dev", "Eve", "Fay", "Gus", "Hal")
# Weighted towards those who may decide something, so that decisions also get accepted.
CALLERS = st.sampled_from((*NAMES, "admin", "planner", "planner", "planner", "planner"))
PICK = st.integers(-4, 500)  # an index into what exists; -1..-4: unknown, wrong kind, ...
KEYS = st.sampled_from((None, None, None, None, "k1", "k2", "k3"))
RATIONALES = st.sampled_from(
    ("Holiday sales", " Customers asked ", "Churn", "Audit", None, "", "  ")
)  # fmt: skip
TITLES = st.sampled_from(
    ("SSO login", "Guest checkout", "  Apple Pay  ", "Saved carts", "Promo codes", "", "x" * 201,
     "\x00")
)  # fmt: skip
EXPECTED = st.sampled_from((None, None, None, "current", "stale"))
ROLES = st.sampled_from(list(Role))
Call = tuple[str, Callable[[], Any], Callable[["Outcome | None"], Prediction]]


class TandemMachine(RuleBasedStateMachine):
    """The set-up, the comparison and the picking of subjects; the rules are in
    machine_rules.py. Subclasses per backend set `url` and `durable`."""

    url: ClassVar[str] = "memory://"
    durable: ClassVar[bool] = False
    stats: ClassVar[Counter[str]] = Counter()

    def __init__(self) -> None:
        super().__init__()
        self.tag = uuid.uuid4().hex[:8]  # keeps e-mails and admin keys apart on a shared store
        self.app = open_ledger(self.url)
        self.model = IterationsModel()
        self.ids: dict[str, str] = {}
        self.keyed = False
        self.last_call: Call | None = None
        self.snapshotted: dict[str, int] = {}
        self.stats["examples"] += 1
        admin = Actor.admin()
        for name in NAMES:
            email = f"{name.lower()}.{self.tag}@tandem.example"
            registration = self.app.decide(admin, RegisterMember(name=name, email=email))
            self.ids[name] = registration.member_id
            self.model.register_member(Caller(None), name, email, registration.member_id)
        for product, crew in CREW.items():
            product_id = self.app.decide(
                admin, CreateProduct(name=product, vision="Ship it")
            ).product_id
            self.model.create_product(Caller(None), product, "Ship it", None, product_id)
            for name, roles in crew.items():
                for role in roles:
                    self.app.decide(
                        admin,
                        GrantRole(product_id=product_id, member_id=self.ids[name], role=Role(role)),
                    )
                    self.model.grant_role(Caller(None), product_id, self.ids[name], role, None)
            owner = Actor.member(self.ids["Ana" if product == "Checkout" else "Gus"])
            for title in BACKLOG[product]:
                item_id = (
                    self.app.decide(owner, ProposeItem(product_id=product_id, title=title)).item_id
                    or ""
                )
                self.model.propose_item(
                    Caller(owner.member_id), product_id, title, None, None, item_id
                )

    def teardown(self) -> None:
        self.app.close()

    # -- the comparison ---------------------------------------------------------------

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def attempt(
        self,
        label: str,
        service: Callable[[], Any],
        model: Callable[[Outcome | None], Prediction],
    ) -> Outcome | None:
        """Runs one decision on both sides and compares; the outcome when it was accepted."""
        keyed, self.keyed = self.keyed, False
        if keyed:
            self.last_call = (label, service, model)
        head = self.head()
        answer: Any = None
        try:
            answer, error = service(), None
        except DomainError as raised:
            error = raised
        if isinstance(answer, Outcome) and answer.product_id is None:
            answer = Outcome(answer.member_id)  # the member id stands where a product's would
        result: Outcome | None = answer
        try:
            predicted, expected = model(result), None
        except DomainError as raised:
            predicted, expected = None, raised
        assert type(error) is type(expected), f"{label}: service {error!r}, model {expected!r}"
        self.stats["decisions"] += 1
        if error is not None:
            assert self.head() == head, f"{label} was rejected ({error!r}) but recorded events"
            self.stats[f"rejected {type(error).__name__}"] += 1
            return None
        assert predicted is not None and result == predicted.outcome, (label, result, predicted)
        assert result.replayed == predicted.replayed, label
        stored = self.app.recorder.select_notifications(start=head + 1, limit=50)
        assert len(stored) == predicted.events, f"{label}: {len(stored)} events stored"
        self.stats["replayed" if predicted.replayed else "accepted"] += 1
        self.stats[f"accepted {label.split()[0]}"] += not predicted.replayed
        return result

    @invariant()
    def the_service_agrees_with_the_model_and_with_a_replay(self) -> None:
        for product_id, expected in self.model.products.items():
            product = self.app.product(product_id)
            assert product.order == expected.order
            active = [i for i, item in product.items.items() if item.status.is_ranked]
            assert sorted(product.order) == sorted(active), "the order is not a permutation"
            assert (product.version, product.backlog_version) == (
                expected.version,
                expected.backlog_version,
            )
            assert product.roles == expected.roles and product.capacities == expected.capacities
            assert (product.vision, len(product.goals)) == (expected.vision, expected.goals)
            mine = {i: m for i, m in self.model.items.items() if m.product == product_id}
            assert set(product.items) == set(mine)
            for item_id, item in product.items.items():
                model = mine[item_id]
                assert (item.status.value, item.version, item.estimate) == (
                    model.status,
                    model.version,
                    model.estimate,
                ), item_id
                assert item.acceptance_criteria == model.criteria
                assert (item.title, item.description) == (model.title, model.description)
                assert item.assignments == model.assignments
            self.replays_equal(product)

    def replays_equal(self, product: Product) -> None:
        replayed: Any = None
        for event in self.app.events.get(product.id):
            replayed = cast(Any, event).mutate(replayed)
        assert replayed == product, "a replay of the stored events differs"
        restored: Product = self.app.repository.get(product.id, version=product.version)
        assert restored == product, "a replay from the latest snapshot differs"
        self.stats["replays compared"] += 2

    # -- picking subjects -------------------------------------------------------------

    def actor(
        self, name: str, subject: str | None = None, roles: tuple[str, ...] = ()
    ) -> tuple[Actor, Caller]:
        """The caller by name; "planner" is whoever holds one of `roles` on the product
        `subject` is (or belongs to), so that decisions are accepted often enough to move
        items through their states; the administrator when nobody does."""
        if name == "planner":
            item = self.model.items.get(subject or "")
            product = self.model.products.get(item.product if item else subject or "")
            holders = sorted(
                m
                for m, held in (product.roles if product else {}).items()
                if set(held) & set(roles)
            )
            if not holders:
                return Actor.admin(), Caller(None)
            return Actor.member(holders[0]), Caller(holders[0])
        if name == "admin":
            return Actor.admin(), Caller(None)
        return Actor.member(self.ids[name]), Caller(self.ids[name])

    def pick(self, known: list[str], n: int, wrong_kind: str) -> str:
        """Something that exists, or (n < 0) an unknown UUID, an id of another kind, a
        malformed id, or an upper-case spelling of an existing id."""
        if n == -1 or (n >= 0 and not known):
            return str(uuid.uuid4())
        if n == -2:
            return wrong_kind
        if n == -3:
            return "sso-login"
        if n == -4:
            return known[0].upper() if known else str(uuid.uuid4()).upper()
        return known[n % len(known)]

    def item(self, n: int) -> str:
        return self.pick(list(self.model.items), n, next(iter(self.model.products)))

    def product(self, n: int) -> str:
        return self.pick(list(self.model.products), n, self.item(0))

    def member(self, n: int) -> str:
        return self.pick(list(self.model.members), n, next(iter(self.model.products)))

    def key(self, key: str | None, caller: str) -> str | None:
        if key is None:
            return None
        self.keyed = True
        return f"{self.tag}-{key}"

    def expected(self, how: str | None, current: int) -> int | None:
        return None if how is None else current if how == "current" else current - 1

    def item_version(self, item_id: str) -> int:
        item = self.model.items.get(item_id)
        return item.version if item else 1

"""Schema evolution: events recorded today still load, and still build the views, tomorrow.

tests/fixtures/events/*.json hold every event type exactly as Tandem stores it
(topic and state bytes), written once by tests/reliability/make_fixtures.py and never
rewritten: they stand for what production stores hold. These tests load every one of
them through the current mapper and rebuild the views from them on every backend.

Events are permanent. A later change of an event's shape keeps these tests green only
if it comes with an upcaster: new fields get a default, and anything else (a field
renamed, retyped or removed, a new required field) raises the event class's
`class_version` and adds a static `upcast_vN_vN+1(state)` that rewrites the stored
state of the previous version (the library calls them in turn when it decodes an older
event; see `test_an_upcaster_reads_a_version_1_fixture_as_version_2`). A changed
aggregate whose snapshots are stored does the same on the aggregate class. Never edit
or regenerate a fixture to make a test pass: record a new story under a new name
(`python -m tests.reliability.make_fixtures story-v2`) for new event types.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.domain import DomainEvent, Snapshot
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic, resolve_topic

import domain
from api.composition import Container
from domain.backlog_item import BacklogItem
from domain.product import Product
from domain.product_events import DECISION_TYPES, ItemEstimated
from domain.vocabulary import ItemKind, ItemStatus
from projections.rows import DecisionFilter
from tests.backends import BACKENDS, database_url
from tests.projections.tables import assert_same, dump, rebuilt
from tests.projections.team import container
from tests.reliability.figures import record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "events"
PROMISE = "7. Events recorded today load and rebuild the views after the code evolves"
TEST = "tests/reliability/test_schema_evolution.py"
ALL_STATUSES = [s.value for s in ItemStatus]


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.json"))


def stored_event(entry: dict[str, Any]) -> StoredEvent:
    return StoredEvent(
        originator_id=uuid.UUID(entry["originator_id"]),
        originator_version=entry["originator_version"],
        topic=entry["topic"],
        state=entry["state"].encode("utf-8"),
    )


def fixtures(only: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind, entry) of every stored event and snapshot of every fixture file (or of
    the one named `only`: each file is a whole story, and two stories collide)."""
    for path in fixture_files():
        if only is not None and path.stem != only:
            continue
        data = json.loads(path.read_text())
        for entry in data["events"]:
            yield "event", entry
        for entry in data["snapshots"]:
            yield "snapshot", entry


def domain_event_types() -> set[str]:
    """Topics of every event class the domain defines and stores: the module-level
    leaves of the event hierarchy (bases like ProductDecision are never stored)."""
    for module in pkgutil.walk_packages(domain.__path__, "domain."):
        importlib.import_module(module.name)

    def below(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    ours = {
        c
        for c in below(DomainEvent)
        if c.__module__.startswith("domain.") and "." not in c.__qualname__
    }
    return {get_topic(c) for c in ours if not any(s in ours for s in c.__subclasses__())}


def test_there_is_a_fixture_of_every_event_type_the_domain_stores() -> None:
    stored = {entry["topic"] for _, entry in fixtures()}
    expected = domain_event_types() | {get_topic(Snapshot)}

    missing = expected - stored
    assert not missing, (
        f"no golden fixture of {sorted(missing)}: record a new story with "
        "`python -m tests.reliability.make_fixtures story-vN` (never rewrite old ones)"
    )
    assert {get_topic(t) for t in DECISION_TYPES} <= stored


def lacking_fields(event: Any) -> list[str]:
    """Fields the event's class declares today that its stored state does not give it
    and that have no default: a shape change that needed an upcaster."""
    return [
        f.name
        for f in dataclasses.fields(type(event))
        if f.name not in vars(event)
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]


@pytest.fixture
def memory() -> Iterator[Container]:
    tandem = container("memory://")
    try:
        yield tandem
    finally:
        tandem.close()


def test_every_fixture_loads_through_the_current_mapper_with_every_field(
    memory: Container,
) -> None:
    app = memory.app
    assert app.snapshots is not None
    loaded = 0
    for kind, entry in fixtures():
        mapper = app.mapper if kind == "event" else app.snapshots.mapper
        event = mapper.to_domain_event(stored_event(entry))

        assert type(event) is resolve_topic(entry["topic"])
        assert (str(event.originator_id), event.originator_version) == (
            entry["originator_id"],
            entry["originator_version"],
        )
        assert not lacking_fields(event), f"{entry['topic']}: add defaults or an upcaster"
        loaded += 1
    assert loaded == len(list(fixtures())) > 0


def test_a_stored_snapshot_loads_into_a_product_with_every_attribute(memory: Container) -> None:
    snapshots = memory.app.snapshots
    assert snapshots is not None
    today = vars(Product.create(name="Checkout", vision="Pay in one tap", at=datetime.now(UTC)))
    entries = [entry for kind, entry in fixtures() if kind == "snapshot"]
    assert entries
    for entry in entries:
        product = snapshots.mapper.to_domain_event(stored_event(entry)).mutate(None)
        assert isinstance(product, Product)
        missing = set(today) - set(vars(product))
        assert not missing, f"Product gained {missing}: its snapshots need an upcaster"


# -- the views, rebuilt from the fixtures on every backend --------------------------


@pytest.fixture(params=BACKENDS)
def fresh(request: pytest.FixtureRequest) -> Iterator[tuple[str, Container]]:
    with database_url(request.param) as url:
        tandem = container(url)
        try:
            yield request.param, tandem
        finally:
            tandem.close()


def titles(rows: Any) -> list[tuple[str, str, int | None]]:
    return [(r.title, r.status, r.rank) for r in rows]


async def test_the_views_built_from_the_fixtures_tell_the_story(
    fresh: tuple[str, Container],
) -> None:
    backend, tandem = fresh
    app = tandem.app
    assert app.snapshots is not None
    events = [stored_event(e) for kind, e in fixtures("story-v1") if kind == "event"]
    snapshots = [stored_event(e) for kind, e in fixtures("story-v1") if kind == "snapshot"]
    app.recorder.insert_events(events)
    app.snapshots.recorder.insert_events(snapshots)

    head = tandem.projections.catch_up()

    assert head == app.recorder.max_notification_id()
    reader = tandem.reader()
    try:
        (checkout,) = await reader.products()
        pid = checkout.id
        active = (await reader.backlog(pid, None, 50, 0)).rows
        everything = (await reader.backlog(pid, frozenset(ALL_STATUSES), 50, 0)).rows
        roles = (await reader.memberships([pid]))[pid]
        members = await reader.members([m.member_id for m in roles])
        goals = (await reader.goals([pid]))[pid]
        loads = await reader.allocation(pid)
        decisions = (await reader.decisions(pid, DecisionFilter(), 500, None)).rows
    finally:
        await reader.close()

    assert (checkout.name, checkout.vision, checkout.backlog_version) == (
        "Checkout",
        "Pay in one tap",
        7,
    )
    assert titles(active) == [("Apple Pay", "PROPOSED", 1), ("Guest checkout", "READY", 2)]
    assert titles(everything) == [
        ("Apple Pay", "PROPOSED", 1),
        ("Guest checkout", "READY", 2),
        ("SSO login", "ACCEPTED", None),
        ("Dark mode", "DROPPED", None),
    ]
    sso = everything[2]
    assert (sso.estimate, sso.acceptance_criteria) == (5.0, ("SSO login works on mobile",))
    assert sorted(m.name for m in members.values()) == ["Ana", "Ben", "Cleo", "Dev"]
    assert [(g.title, g.metric) for g in goals] == [("Checkout in one tap", "conversion +5%")]
    names = {m.id: m.name for m in members.values()}
    assert [(names[x.member_id], x.capacity_percent, x.allocated_percent) for x in loads] == [
        ("Cleo", 80, 0)
    ]
    decision_topics = {get_topic(t) for t in DECISION_TYPES}
    recorded = [resolve_topic(e.topic).__name__ for e in events if e.topic in decision_topics]
    assert [d.type for d in reversed(decisions)] == recorded
    assert [d.version for d in reversed(decisions)] == list(range(1, len(recorded) + 1))

    # The same rows as a rebuild of every view from the whole log.
    assert_same(dump(tandem.projections.store), rebuilt(tandem))
    record(
        PROMISE,
        TEST,
        backend,
        fixture_files=len(fixture_files()),
        stored_events=len(events),
        snapshots=len(snapshots),
        event_types=len({e.topic for e in events} | {s.topic for s in snapshots}),
        decisions_rebuilt=len(decisions),
        failures=0,
    )


# -- how a changed shape ships: class_version and an upcaster ---------------------


class ItemEstimatedV2(ItemEstimated):
    """What a second version of ItemEstimated would look like: it also names the unit
    of the estimate. Stored v1 events have no `unit`, so the class says it is version
    2 and upcasts v1 states as it decodes them. (A real change edits ItemEstimated
    itself, keeping its topic; this subclass only stands in for it in the test.)"""

    class_version = 2
    unit: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["unit"] = "story points"


class ItemEstimatedChangedCarelessly(ItemEstimated):
    """The same change without an upcaster."""

    class_version = 2
    unit: str


class ItemEstimatedChangedSilently(ItemEstimated):
    """The same change without even raising the class version."""

    unit: str


def v1_estimate(topic_of: type) -> StoredEvent:
    entry = next(e for k, e in fixtures() if e["topic"] == get_topic(ItemEstimated))
    return stored_event({**entry, "topic": get_topic(topic_of)})


def test_an_upcaster_reads_a_version_1_fixture_as_version_2(memory: Container) -> None:
    mapper = memory.app.mapper
    old = mapper.to_domain_event(v1_estimate(ItemEstimated))

    new = mapper.to_domain_event(v1_estimate(ItemEstimatedV2))

    assert isinstance(new, ItemEstimatedV2)
    assert new.unit == "story points"
    assert not lacking_fields(new)
    assert {k: v for k, v in vars(new).items() if k != "unit"} == vars(old)
    # Recorded again it is stored as version 2, and read back without upcasting twice.
    restored = mapper.to_stored_event(new)
    assert json.loads(restored.state)["class_version"] == 2
    again = mapper.to_domain_event(restored)
    assert (type(again), again.unit) == (ItemEstimatedV2, "story points")
    # The event still evolves a product the way version 1 did.
    product = Product.create(name="Checkout", vision="-", at=datetime.now(UTC))
    product.items[new.item_id] = BacklogItem(new.item_id, "SSO login", "", ItemKind.FEATURE)
    new.change(product, product.items[new.item_id])
    assert product.items[new.item_id].estimate == old.points_after


def test_a_changed_shape_without_an_upcaster_is_caught(memory: Container) -> None:
    mapper = memory.app.mapper
    with pytest.raises(AttributeError, match="upcast_v1_v2"):
        mapper.to_domain_event(v1_estimate(ItemEstimatedChangedCarelessly))
    silent = mapper.to_domain_event(v1_estimate(ItemEstimatedChangedSilently))
    assert lacking_fields(silent) == ["unit"]

"""What every recorded decision carries, and when it is dated."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

import pytest
from eventsourcing.persistence import OperationalError

from domain.commands import DefineVision, PrioritizeItem, ProposeItem
from domain.errors import Unavailable
from domain.product_events import ItemPrioritized, VisionDefined
from tests.given import MONDAY, Clock, Team, recorded_types, rejects


def test_a_decision_carries_who_in_which_role_why_and_the_values_before_and_after(
    team: Team, clock: Clock
) -> None:
    clock.set(MONDAY + timedelta(days=1, microseconds=123_456))
    team.app.decide(
        team.ana,
        DefineVision(
            product_id=team.product_id, vision="Pairs ship faster", rationale="Board review"
        ),
    )
    then = team.last_decision()
    assert isinstance(then, VisionDefined)
    assert (then.actor_id, then.role, then.rationale) == (
        team.ana.member_id,
        "PRODUCT_OWNER",
        "Board review",
    )
    assert (then.before, then.after) == ("Pairs ship together", "Pairs ship faster")
    assert then.timestamp == MONDAY + timedelta(days=1, microseconds=123_456)


def test_a_decision_is_never_dated_before_the_one_recorded_before_it(
    team: Team, clock: Clock
) -> None:
    sso, dark_mode = team.propose("SSO login", "Dark mode")
    clock.set(MONDAY + timedelta(hours=5))
    team.app.decide(team.ana, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask"))
    clock.set(MONDAY + timedelta(hours=4))  # another replica's clock runs behind
    team.app.decide(team.ana, PrioritizeItem(item_id=sso, rank=1, rationale="Okta deal"))
    *_, earlier, later = [e for e in team.events() if isinstance(e, ItemPrioritized)]
    assert later.timestamp >= earlier.timestamp


def test_a_failing_wake_up_after_recording_neither_fails_nor_repeats_the_decision(
    team: Team,
) -> None:
    _, dark_mode = team.propose("SSO login", "Dark mode")

    def broken_runner(recorded: Collection[str]) -> None:
        raise RuntimeError("projection runner is gone")

    team.app.on_recorded.append(broken_runner)
    outcome = team.app.decide(
        team.ana, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask")
    )
    assert outcome.position == team.app.recorder.max_notification_id()
    assert recorded_types(team.app)["ItemPrioritized"] == 1
    assert team.titles() == ["Dark mode", "SSO login"]


def test_a_decision_the_store_failed_to_record_leaves_no_trace(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, dark_mode = team.propose("SSO login", "Dark mode")
    version = team.product.version

    def store_down(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection lost")

    monkeypatch.setattr(team.app.recorder, "insert_events", store_down)
    with rejects(team.app, Unavailable):
        team.app.decide(
            team.ana, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask")
        )
    monkeypatch.undo()
    # The cached product is not left holding the decision that was never stored.
    assert team.product.version == version
    assert team.titles() == ["SSO login", "Dark mode"]
    team.app.decide(team.ana, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask"))
    assert team.titles() == ["Dark mode", "SSO login"]


def test_a_decision_waits_a_bounded_time_behind_one_stuck_on_the_store(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Decisions on one product take turns in a process; one stuck on a locked or
    unreachable store makes the next answer UNAVAILABLE after LOCK_WAIT, not after
    every earlier one gave up in turn."""
    monkeypatch.setattr("domain.persistence.product_locks.LOCK_WAIT", 0.2)
    stuck = team.app.locks.lock(team.product_id)
    with stuck, rejects(team.app, Unavailable, match="retry"):
        team.app.decide(team.ana, ProposeItem(product_id=team.product_id, title="SSO login"))
    team.app.decide(team.ana, ProposeItem(product_id=team.product_id, title="SSO login"))
    assert recorded_types(team.app)["ItemProposed"] == 1

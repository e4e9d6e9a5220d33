"""Ranks: 1-based over the items that are neither ACCEPTED nor DROPPED."""

from __future__ import annotations

import pytest

from domain.commands import PrioritizeItem
from domain.errors import Conflict, InvalidInput
from domain.product_events import ItemPrioritized, ItemProposed
from tests.domain.backlog import ANA, AT, Backlog


def test_a_proposal_enters_at_the_bottom() -> None:
    backlog = Backlog("SSO login", "Dark mode")
    backlog.propose("CSV export")
    (proposed,) = backlog.pending()
    assert isinstance(proposed, ItemProposed)
    assert proposed.rank == 3
    assert backlog.order() == ["SSO login", "Dark mode", "CSV export"]
    assert [backlog.rank(t) for t in ("SSO login", "Dark mode", "CSV export")] == [1, 2, 3]


def test_prioritizing_to_the_top_shifts_the_others_down() -> None:
    backlog = Backlog("SSO login", "Dark mode", "CSV export")
    backlog.product.decide(
        ANA,
        PrioritizeItem(
            item_id=backlog["CSV export"],
            rank=1,
            rationale="Sales promised it",
            expected_version=None,
        ),
        AT,
    )
    assert backlog.order() == ["CSV export", "SSO login", "Dark mode"]
    (event,) = backlog.pending()
    assert isinstance(event, ItemPrioritized)
    assert (event.from_rank, event.to_rank, event.rationale) == (3, 1, "Sales promised it")


def test_prioritizing_down_shifts_the_others_up() -> None:
    backlog = Backlog("SSO login", "Dark mode", "CSV export", "Audit log")
    backlog.product.decide(
        ANA,
        PrioritizeItem(
            item_id=backlog["SSO login"],
            rank=3,
            rationale="Okta deal slipped",
            expected_version=None,
        ),
        AT,
    )
    assert backlog.order() == ["Dark mode", "CSV export", "SSO login", "Audit log"]


@pytest.mark.parametrize("rank", [4, 5, 1_000, 2**40])
def test_a_rank_beyond_the_backlog_means_last(rank: int) -> None:
    backlog = Backlog("SSO login", "Dark mode", "CSV export")
    backlog.product.decide(
        ANA,
        PrioritizeItem(
            item_id=backlog["SSO login"], rank=rank, rationale="Can wait", expected_version=None
        ),
        AT,
    )
    assert backlog.order() == ["Dark mode", "CSV export", "SSO login"]
    assert backlog.pending()[-1].to_rank == 3


def test_prioritizing_to_the_current_rank_is_still_a_decision() -> None:
    backlog = Backlog("SSO login", "Dark mode")
    version = backlog.product.backlog_version
    backlog.product.decide(
        ANA,
        PrioritizeItem(
            item_id=backlog["Dark mode"], rank=2, rationale="Reviewed, stays", expected_version=None
        ),
        AT,
    )
    (event,) = backlog.pending()
    assert (event.from_rank, event.to_rank) == (2, 2)
    assert backlog.product.backlog_version == version + 1
    assert backlog.order() == ["SSO login", "Dark mode"]


@pytest.mark.parametrize("outcome", ["accepted", "dropped"])
def test_accepted_and_dropped_items_leave_the_order_and_close_the_gap(outcome: str) -> None:
    backlog = Backlog("SSO login", "Dark mode", "CSV export")
    getattr(backlog, outcome)("SSO login")
    assert backlog.order() == ["Dark mode", "CSV export"]
    assert backlog.rank("SSO login") is None
    assert (backlog.rank("Dark mode"), backlog.rank("CSV export")) == (1, 2)


def test_ranks_count_only_items_still_in_the_backlog() -> None:
    backlog = Backlog("SSO login", "Dark mode", "CSV export")
    backlog.dropped("Dark mode")
    backlog.propose("Audit log")
    assert backlog.pending()[-1].rank == 3
    backlog.product.decide(
        ANA,
        PrioritizeItem(
            item_id=backlog["SSO login"],
            rank=3,
            rationale="Last among live ones",
            expected_version=None,
        ),
        AT,
    )
    assert backlog.order() == ["CSV export", "Audit log", "SSO login"]


@pytest.mark.parametrize("outcome", ["accepted", "dropped"])
def test_prioritizing_an_item_that_left_the_backlog_is_a_conflict(outcome: str) -> None:
    backlog = Backlog("SSO login", "Dark mode")
    getattr(backlog, outcome)("Dark mode")
    backlog.saved()
    with pytest.raises(Conflict):
        backlog.product.decide(
            ANA,
            PrioritizeItem(
                item_id=backlog["Dark mode"],
                rank=1,
                rationale="Bring it back",
                expected_version=None,
            ),
            AT,
        )
    assert backlog.pending() == []


def test_every_change_of_order_moves_the_backlog_version_and_nothing_else_does() -> None:
    backlog = Backlog("SSO login", "Dark mode", "CSV export")
    assert backlog.product.backlog_version == 3  # three proposals
    backlog.ready("SSO login")  # refine + estimate: same order
    assert backlog.product.backlog_version == 3
    backlog.product.decide(
        ANA,
        PrioritizeItem(
            item_id=backlog["CSV export"],
            rank=1,
            rationale="Sales promised it",
            expected_version=None,
        ),
        AT,
    )
    backlog.started("Dark mode")
    backlog.dropped("Dark mode")
    assert backlog.product.backlog_version == 5


def test_a_stale_backlog_version_is_a_conflict() -> None:
    backlog = Backlog("SSO login", "Dark mode")
    seen = backlog.product.backlog_version
    backlog.product.decide(
        ANA,
        PrioritizeItem(
            item_id=backlog["Dark mode"], rank=1, rationale="Ben's pick", expected_version=seen
        ),
        AT,
    )
    backlog.saved()
    with pytest.raises(Conflict, match="backlog is at version 3, not 2"):
        backlog.product.decide(
            ANA,
            PrioritizeItem(
                item_id=backlog["SSO login"], rank=1, rationale="Mine", expected_version=seen
            ),
            AT,
        )
    assert backlog.pending() == []
    assert backlog.order() == ["Dark mode", "SSO login"]


def test_a_rationale_is_required_to_prioritize() -> None:
    backlog = Backlog("SSO login", "Dark mode")
    with pytest.raises(InvalidInput, match="rationale"):
        backlog.product.decide(
            ANA,
            PrioritizeItem(
                item_id=backlog["Dark mode"], rank=1, rationale=None, expected_version=None
            ),
            AT,
        )
    assert backlog.pending() == []

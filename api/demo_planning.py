"""The demo's planning chapter: Harbor Checkout's sprints, told along the story's days.

Three two-week sprints are planned, proposed by Ana, committed by Ben and closed (one
with an accepted overload, one whose scope changed after the commitment); a fourth is
committed. Apple Pay comes to depend on the v2 payment migration ranked below it (a
dependency inversion) and Dev, assigned to it, blocks it: the forecast and the
bottlenecks have something real to show. The story calls `until(day, hour)` before each
of its own steps, so these decisions interleave with the others on the same clock.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from domain import commands as c
from domain.actor import Actor
from domain.application import Tandem

if TYPE_CHECKING:
    from api.demo_story import DemoClock

SSO, DOUBLE, GUEST = "SSO login", "Fix double charge on payment retry", "Guest checkout"
APPLE, V2 = "Apple Pay", "Migrate payments to the v2 API"
SPRINTS = {"Sprint 1": (4, 14, 10), "Sprint 2": (14, 28, 13), "Sprint 3": (28, 41, 13)}
SPRINTS["Sprint 4"] = (41, 55, 13)

# (day, hour, who, command, subject: sprint or item title, arguments)
# fmt: off
STEPS: list[tuple[int, int, str, type[c.Command], str, dict[str, Any]]] = [
    (4, 8, "Ben", c.PlanIteration, "Sprint 1", {"rationale": "Two weeks, Dev at half time"}),
    (6, 17, "Ana", c.ProposeScope, "Sprint 1", {"items": [DOUBLE, SSO]}),
    (6, 18, "Ben", c.CommitIteration, "Sprint 1", {
        "accept_overload": True, "rationale": "The pilot date is fixed; we skip the refactor"}),
    (10, 9, "Ben", c.SetWipLimit, "", {"per_engineer": 1, "rationale": "Finish before starting"}),
    (14, 8, "Ben", c.CloseIteration, "Sprint 1", {"rationale": "Sprint review"}),
    (14, 9, "Ben", c.PlanIteration, "Sprint 2", {}),
    (19, 17, "Ana", c.ProposeScope, "Sprint 2", {"items": [GUEST, SSO]}),
    (19, 18, "Ben", c.CommitIteration, "Sprint 2", {}),
    (28, 8, "Ben", c.CloseIteration, "Sprint 2", {"rationale": "Sprint review"}),
    (28, 9, "Ben", c.PlanIteration, "Sprint 3", {}),
    (30, 17, "Ana", c.ProposeScope, "Sprint 3", {"items": [GUEST, APPLE]}),
    (30, 18, "Ben", c.CommitIteration, "Sprint 3", {}),
    (33, 17, "Ana", c.ProposeScope, "Sprint 3", {
        "items": [GUEST, APPLE, V2], "rationale": "v1 retirement date confirmed"}),
    (34, 8, "Ben", c.CommitIteration, "Sprint 3", {
        "accept_overload": True, "rationale": "Chloé is back from leave"}),
    (35, 11, "Ben", c.AddDependency, APPLE, {
        "depends_on": V2, "rationale": "Apple Pay tokens need the v2 payment API"}),
    (37, 15, "Dev", c.BlockItem, APPLE, {"rationale": "Apple merchant ID verification pending"}),
    (40, 15, "Ben", c.EstimateItem, "Promo codes", {"points": 5, "rationale": "Like coupons"}),
    (40, 16, "Ben", c.EstimateItem, "Address autocomplete", {"points": 3}),
    (41, 8, "Ben", c.CloseIteration, "Sprint 3", {"rationale": "Sprint review"}),
    (41, 9, "Ben", c.PlanIteration, "Sprint 4", {}),
    (41, 11, "Ana", c.ProposeScope, "Sprint 4", {"items": [APPLE, V2]}),
    (41, 12, "Ben", c.CommitIteration, "Sprint 4", {}),
]
# fmt: on


class PlanningChapter:
    """Records the planning steps due by a given day and hour of the story."""

    def __init__(
        self,
        app: Tandem,
        clock: DemoClock,
        product_id: str,
        actors: dict[str, Actor],
        items: dict[str, str],
    ) -> None:
        self.app, self.clock, self.product_id = app, clock, product_id
        self.actors, self.items = actors, items
        self.sprints: dict[str, str] = {}
        self.next = 0

    def until(self, day: int, hour: int = 24) -> None:
        while self.next < len(STEPS) and STEPS[self.next][:2] <= (day, hour):
            when, at, who, kind, subject, arguments = STEPS[self.next]
            self.clock.at(when, at)
            self.app.decide(self.actors[who], kind(**self.fields(kind, subject, arguments)))
            if kind is c.PlanIteration:
                planned = self.app.product(self.product_id).planned().iterations
                self.sprints[subject] = list(planned)[-1]
            self.next += 1

    def fields(self, kind: type[c.Command], subject: str, arguments: dict[str, Any]) -> Any:
        values = dict(arguments)
        if kind is c.PlanIteration:
            starts, ends, capacity = SPRINTS[subject]
            start = self.clock.start.replace(hour=9, minute=0, second=0, microsecond=0)
            values |= {
                "product_id": self.product_id,
                "name": subject,
                "starts_at": start + timedelta(days=starts),
                "ends_at": start + timedelta(days=ends),
                "capacity_points": capacity,
            }
        elif issubclass(kind, c.IterationCommand):
            values["iteration_id"] = self.sprints[subject]
        elif subject:
            values["item_id"] = self.items[subject]
        else:
            values["product_id"] = self.product_id
        if "items" in values:
            values["item_ids"] = [self.items[t] for t in values.pop("items")]
        if "depends_on" in values:
            values["depends_on_id"] = self.items[values.pop("depends_on")]
        return values

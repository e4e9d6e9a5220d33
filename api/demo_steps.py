"""How the demo's chapters tell their decisions: a row of a chapter's table names who
decides, the command, its subject and its arguments in the story's words (people by
first name, items and goals by title); the cast turns those names into ids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain import commands as c
from domain.actor import Actor
from domain.application import Tandem
from domain.outcome import Outcome

ADMIN = "admin"
"""`who` for a decision of the administrator."""


@dataclass
class Cast:
    """The story's product and the ids behind its names."""

    app: Tandem
    product_id: str
    people: dict[str, str]
    """First name -> member id."""
    items: dict[str, str]
    """Title -> item id."""

    def actor(self, who: str) -> Actor:
        return Actor.admin() if who == ADMIN else Actor.member(self.people[who])

    def decide(
        self, who: str, kind: type[c.Command], subject: str, arguments: dict[str, Any]
    ) -> Outcome:
        """`subject`: the item's title, or "" for the product; in `arguments`, `member`
        names a member, `goal` a goal and `goals` several."""
        values = dict(arguments)
        if subject:
            values["item_id"] = self.items[subject]
        else:
            values["product_id"] = self.product_id
        if "member" in values:
            values["member_id"] = self.people[values.pop("member")]
        if "goal" in values:
            values["goal_id"] = self.goal(values.pop("goal"))
        if "goals" in values:
            values["goal_ids"] = [self.goal(title) for title in values.pop("goals")]
        return self.app.decide(self.actor(who), kind(**values))

    def goal(self, title: str) -> str:
        (found,) = [g.id for g in self.app.product(self.product_id).goals if g.title == title]
        return found

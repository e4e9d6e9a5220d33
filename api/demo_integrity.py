"""The demo's last chapters, on the morning of day 42: the Product Owner scores two items
and moves one up because of its score and the revised conversion goal (so its why-chain
has something to show); then, once the views have caught up, she publishes the week's
stakeholder update, and the audit chain of the whole story is verified."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from api.composition import Container
from domain import commands as c
from domain.actor import Actor
from domain.application import Tandem
from domain.causes import decision_id
from domain.errors import Conflict
from domain.lifecycle_events import GoalRevised
from domain.scoring import check_score
from projections.audit_chain.verify import Verification, verify_product
from projections.updates.next_report import next_report

PROMO = "Promo codes"  # refined to "Promo codes and gift cards" in the lifecycle chapter
WSJF: dict[str, object] = {"model": "WSJF"}
SCORES: dict[str, tuple[dict[str, object], str]] = {  # item -> (WSJF inputs, rationale)
    "Apple Pay": (
        {"businessValue": 8, "timeCriticality": 5, "riskReduction": 2, "jobSize": 5},
        "Two prospects; the wallet opportunity",
    ),
    PROMO: (
        {"businessValue": 8, "timeCriticality": 8, "riskReduction": 1, "jobSize": 3},
        "Black Friday is five weeks away",
    ),
}
HEADLINE = "Week 6: guest checkout accepted, promo codes next"
NOTE = "Thanks to the team for turning the rejected guest flow around in a day."


def integrity_chapter(
    app: Tandem, clock: Any, pid: str, actors: dict[str, Actor], items: dict[str, str]
) -> None:
    """Scores, then a prioritization caused by a score and the goal revision."""
    ana = actors["Ana"]
    clock.at(42, 10)
    scored: dict[str, str] = {}
    for title, (inputs, rationale) in SCORES.items():
        outcome = app.decide(
            ana,
            c.ScoreItem(
                item_id=items[title], score=check_score({**WSJF, **inputs}), rationale=rationale
            ),
        )
        scored[title] = decision_id(pid, outcome.version or 0)
    revision = last_goal_revision(app, pid)
    app.decide(
        ana,
        c.PrioritizeItem(
            item_id=items[PROMO],
            rank=2,
            rationale="Highest WSJF on the board, and the conversion goal went up",
            caused_by=(scored[PROMO], *revision),
        ),
    )


def last_goal_revision(app: Tandem, pid: str) -> tuple[str, ...]:
    """The id of the product's latest GoalRevised decision, if there is one."""
    stored = app.events.get(uuid.UUID(pid))
    revised = [e for e in stored if isinstance(e, GoalRevised)]
    return (decision_id(pid, revised[-1].originator_version),) if revised else ()


def updates_chapter(container: Container, clock: Any, pid: str) -> None:
    """Publishes the week's update, composed from the caught-up views as publishUpdate
    composes it; the clock stays on the morning of day 42."""
    clock.at(42, 11)
    ana = Actor.member(first_owner(container.app, pid))
    for _ in range(3):  # the views may be caught mid-batch: compose again
        container.projections.catch_up()
        # On a thread of its own: seed() may be called from inside an event loop.
        with ThreadPoolExecutor(1) as thread:
            report = thread.submit(asyncio.run, _compose(container, pid)).result()
        if report is None or not report.consistent:
            continue
        try:
            container.app.decide(
                ana,
                c.PublishUpdate(
                    product_id=pid,
                    headline=HEADLINE,
                    note=NOTE,
                    markdown=report.markdown,
                    expected_version=report.version,
                ),
            )
        except Conflict:
            continue
        container.projections.catch_up()
        return
    raise RuntimeError("the demo's stakeholder update could not be composed")


async def _compose(container: Container, pid: str) -> Any:
    reader = container.reader()
    try:
        return await next_report(reader, pid, HEADLINE, NOTE)
    finally:
        await reader.close()


def first_owner(app: Tandem, pid: str) -> str:
    product = app.product(pid)
    return next(m for m, roles in product.roles.items() if "PRODUCT_OWNER" in roles)


def verified_audit(container: Container, pid: str) -> Verification:
    """The story's hash chain, recomputed from the event store; a broken one is a bug."""
    container.projections.catch_up()
    result = verify_product(container.app, container.projections.store, pid)
    if not result.ok:
        raise RuntimeError(f"the demo's audit chain is broken: {result.problem}")
    return result

"""Scores in the API: Score, ScoredItem, BacklogItem.score and Product.scoredBacklog
(mixins added to the core types' bases)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import anyio.to_thread
import strawberry

from api.graphql.arguments import check_instant
from api.graphql.errors import NOT_FOUND, ApiError
from api.graphql.types.node import Info, filled
from projections.rows import ItemRow
from projections.scores.queries import ScoreRow

if TYPE_CHECKING:
    from api.graphql.types.decisions import Decision
    from api.graphql.types.items import BacklogItem

LazyDecision = Annotated["Decision", strawberry.lazy("api.graphql.types.decisions")]
LazyItem = Annotated["BacklogItem", strawberry.lazy("api.graphql.types.items")]
MAX_ITEMS = 100_000


@strawberry.enum(description="How a score is computed (Score.formulaVersion says which formula).")
class ScoringModel(Enum):
    WSJF = "WSJF"
    RICE = "RICE"


@strawberry.type(description="One input of a score, by its name in ScoreInput.")
class ScoreInputValue:
    name: str = strawberry.field(description="e.g. businessValue, reach.")
    value: float = strawberry.field(description="As given when the score was recorded.")


@strawberry.type(description="A score with the inputs and formula it was computed from.")
class Score:
    model: ScoringModel = strawberry.field(description="WSJF or RICE.")
    value: float = strawberry.field(description="The formula's result over the inputs.")
    inputs: list[ScoreInputValue] = strawberry.field(
        description="The inputs, frozen as they were given, in the formula's order."
    )
    formula_version: str = strawberry.field(
        description="WSJF-1 or RICE-1; a version never changes meaning."
    )
    decision_id: strawberry.Private[str]

    @strawberry.field(description="The ItemScored decision that recorded it.")
    async def decision(self, info: Info) -> LazyDecision:
        from api.graphql.types.decisions import Decision

        row = await info.context.loaders.decisions.load(self.decision_id)
        if row is None:
            raise ApiError(NOT_FOUND, f"no decision {self.decision_id}")
        return Decision.from_row(row)

    @classmethod
    def from_row(cls, row: ScoreRow) -> Score:
        inputs = [ScoreInputValue(name=n, value=v) for n, v in row.inputs]
        return filled(cls, row, model=ScoringModel(row.model), inputs=inputs)


@strawberry.type(description="A ranked item with its score, in score order.")
class ScoredItem:
    item: LazyItem = strawberry.field(description="The item (as of the instant asked).")
    score: Score | None = strawberry.field(description="Its latest score; null if unscored.")
    score_rank: int = strawberry.field(description="Position in score order, 1-based.")
    rank: int = strawberry.field(description="The item's backlog rank.")


@strawberry.type
class ItemScore:
    """BacklogItem.score."""

    id: strawberry.ID

    @strawberry.field(
        description="The latest score (as of the instant the item was read asOf); null if unscored."
    )
    async def score(self, info: Info) -> Score | None:
        at: datetime | None = getattr(self, "as_of", None)
        found = await info.context.services.reader.scores([str(self.id)], at)
        row = found.get(str(self.id))
        return Score.from_row(row) if row else None


@strawberry.type
class ProductScores:
    """Product.scoredBacklog."""

    id: strawberry.ID

    @strawberry.field(
        description="Ranked items by score, highest first, unscored last, ties by backlog "
        "rank; scoreRank beside rank shows where the two orders disagree. asOf: as then."
    )
    async def scored_backlog(self, info: Info, as_of: datetime | None = None) -> list[ScoredItem]:
        from api.graphql.types.items import BacklogItem

        product_id = str(self.id)
        at = check_instant(as_of, "asOf") or getattr(self, "as_of", None)
        rows = await _ranked(info, product_id, at)
        scores = await info.context.services.reader.scores([r.id for r in rows], at)
        ranked = sorted(
            rows,
            key=lambda r: (
                r.id not in scores,
                -scores[r.id].value if r.id in scores else 0,
                r.rank,
            ),
        )
        return [
            ScoredItem(
                item=BacklogItem.from_row(row, at),
                score=Score.from_row(scores[row.id]) if row.id in scores else None,
                score_rank=index,
                rank=row.rank or 0,
            )
            for index, row in enumerate(ranked, start=1)
        ]


async def _ranked(info: Info, product_id: str, at: datetime | None) -> list[ItemRow]:
    """The product's ranked items, rank 1 first (then, or now)."""
    if at is not None:
        travel = info.context.services.time_travel
        page = await anyio.to_thread.run_sync(
            travel.backlog_page, product_id, at, None, MAX_ITEMS, 0
        )
        return [row for row in page.rows if row.rank is not None]
    order = (await info.context.services.reader.orders([product_id])).get(product_id, [])
    found = await info.context.loaders.items.load_many(order)
    return [row for row in found if row is not None and row.rank is not None]

"""The integrity area's decisions: one row each."""

from __future__ import annotations

import strawberry

from api.graphql import integrity_inputs as i
from api.graphql.decision_fields import decision
from api.graphql.payloads import ItemPayload as Item
from domain import commands as c


@strawberry.type
class IntegrityMutations:
    """Scoring items with versioned formulas."""

    score_item = decision(
        c.ScoreItem,
        i.ScoreItemInput,
        Item,
        "Product Owner decision (PRODUCT_OWNER only): records the score with its inputs and "
        "formula (WSJF-1, RICE-1); an input the model does not use, or a missing one, is "
        "BAD_USER_INPUT.",
    )

"""The integrity area's decisions: one row each."""

from __future__ import annotations

import strawberry

from api.graphql.command_inputs import input_of
from api.graphql.decision_fields import decision
from api.graphql.integrity_inputs import ScoreInput
from api.graphql.payloads import ItemPayload as Item
from domain import commands as c


@strawberry.type
class IntegrityMutations:
    """Scoring items with versioned formulas."""

    score_item = decision(
        c.ScoreItem,
        Item,
        "Product Owner decision (PRODUCT_OWNER only): records the score with its inputs and "
        "formula (WSJF-1, RICE-1); an input the model does not use, or a missing one, is "
        "BAD_USER_INPUT.",
        input=input_of(
            c.ScoreItem,
            types={"score": ScoreInput},
            expected_version="The item's version the score was based on.",
        ),
    )

"""Score arithmetic and validation for both models, without I/O."""

from __future__ import annotations

import math

import pytest

from domain.errors import InvalidInput
from domain.scoring import check_score


def test_wsjf_is_the_cost_of_delay_over_the_job_size() -> None:
    spec = check_score(
        {
            "model": "WSJF",
            "businessValue": 8,
            "timeCriticality": 5,
            "riskReduction": 3,
            "jobSize": 4,
        }
    )
    assert spec.value() == 4.0
    assert spec.formula_version == "WSJF-1"
    assert [name for name, _ in spec.inputs] == [
        "businessValue",
        "timeCriticality",
        "riskReduction",
        "jobSize",
    ]


def test_rice_is_reach_impact_and_confidence_over_effort() -> None:
    spec = check_score(
        {"model": "RICE", "reach": 1000, "impact": 2, "confidence": 0.8, "effort": 4}
    )
    assert math.isclose(spec.value(), 400.0)
    assert spec.formula_version == "RICE-1"
    assert (
        check_score(
            {"model": "RICE", "reach": 0, "impact": 1, "confidence": 1, "effort": 1}
        ).value()
        == 0
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"model": "WSJF", "businessValue": 1, "timeCriticality": 1, "riskReduction": 1},
            "needs jobSize",
        ),
        (
            {
                "model": "WSJF",
                "businessValue": 1,
                "timeCriticality": 1,
                "riskReduction": 1,
                "jobSize": 1,
                "reach": 3,
            },
            "does not use reach",
        ),
        (
            {
                "model": "WSJF",
                "businessValue": 0,
                "timeCriticality": 1,
                "riskReduction": 1,
                "jobSize": 1,
            },
            "businessValue must be greater than 0",
        ),
        (
            {
                "model": "WSJF",
                "businessValue": 1,
                "timeCriticality": 1,
                "riskReduction": 1,
                "jobSize": -2,
            },
            "jobSize must be greater than 0",
        ),
        (
            {"model": "RICE", "reach": -1, "impact": 1, "confidence": 1, "effort": 1},
            "reach must be at least 0",
        ),
        (
            {"model": "RICE", "reach": 1, "impact": 0, "confidence": 1, "effort": 1},
            "impact must be greater than 0",
        ),
        (
            {"model": "RICE", "reach": 1, "impact": 1, "confidence": 1.5, "effort": 1},
            "confidence must be",
        ),
        (
            {"model": "RICE", "reach": 1, "impact": 1, "confidence": 0, "effort": 1},
            "confidence must be",
        ),
        (
            {"model": "RICE", "reach": 1, "impact": 1, "confidence": 1, "effort": 0},
            "effort must be greater than 0",
        ),
        (
            {"model": "RICE", "reach": 1, "impact": 1, "confidence": 1, "effort": 1, "jobSize": 2},
            "does not use jobSize",
        ),
        ({"model": "RICE", "reach": math.inf, "impact": 1, "confidence": 1, "effort": 1}, "finite"),
        ({"model": "MOSCOW"}, "must be one of WSJF, RICE"),
    ],
)
def test_a_bad_score_is_refused(given: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        check_score(given)


def test_a_checked_score_checks_again_to_itself() -> None:
    spec = check_score({"model": "RICE", "reach": 10, "impact": 1, "confidence": 1, "effort": 2})
    assert check_score(spec) == spec

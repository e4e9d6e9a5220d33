"""Model-based testing of the application service (issue 7, item 8).

A hypothesis state machine (machine.py, machine_rules.py) makes random decisions by random
callers: the Product Owner, the Engineering Manager, an engineer, a stakeholder, a member
holding both PO and EM, members of the other product, a member of no product, and the
administrator. After every step the service must agree with the reference model
(model.py, model_backlog.py) and with a replay of its own stored events; see machine.py.

The bulk of the examples run on the in-memory store; smaller runs on SQLite and
PostgreSQL add a `restart` rule (a fresh Tandem on the same database). `-m stress` runs
many more, with a fresh seed each time; the normal run is derandomized (seeded).
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.backends import database_url
from tests.reliability.figures import record
from tests.reliability.machine_iteration_rules import IterationMachine

PROMISE = "8. Random decisions by anyone agree with a reference model and a replay of the log"
RUNS = {  # backend -> (examples, steps per example)
    "memory": (300, 50),
    "sqlite": (40, 40),
    "postgres": (20, 40),
}
COVERED = (  # decisions of the later areas, each of which must be accepted at least once
    *("revokeRole", "rejectItem", "restoreItem", "requestItem"),
    *("raiseRisk", "assessRisk", "resolveRisk", "setTechnicalRequirements", "setRiskItems"),
    *("reviseGoal", "changeGoalStatus", "setItemGoals", "scoreItem"),
    *("proposeArchitectureDecision", "acceptArchitectureDecision", "rejectArchitectureDecision"),
    *("planIteration", "setIterationCapacity", "proposeScope", "commitIteration"),
)
"""closeIteration is compared with the model whenever a run reaches it, but is not
required: a seeded run reaches a committed iteration's close only a few times in 300
examples, and some runs not at all (tests/planning covers closing on every backend)."""
STRESS = {"memory": (1_200, 80), "sqlite": (60, 50), "postgres": (40, 50)}


def run(backend: str, examples: int, steps: int, stress: bool, test: str) -> None:
    stats: Counter[str] = Counter()
    with database_url(backend) as url:
        machine = type(
            f"DecisionMachine_{backend}",
            (IterationMachine,),
            {"url": url, "durable": backend != "memory", "stats": stats},
        )
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=examples,
                stateful_step_count=steps,
                deadline=None,
                derandomize=not stress,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    rejected = {
        k.removeprefix("rejected "): v for k, v in stats.items() if k.startswith("rejected")
    }
    assert stats["accepted"] > examples, "too few decisions were accepted to mean much"
    assert rejected.get("Forbidden", 0) > 0, "no decision was refused for want of a role"
    missed = [d for d in COVERED if not stats[f"accepted {d}"]]
    assert backend != "memory" or not missed, f"never accepted: {missed}"  # shorter runs may
    record(
        PROMISE + (" (stress)" if stress else ""),
        f"tests/reliability/test_model.py::{test}",
        backend,
        examples=stats["examples"],
        decisions=stats["decisions"],
        accepted=stats["accepted"],
        replayed_from_key=stats["replayed"],
        rejected=sum(rejected.values()),
        rejected_by_error=dict(sorted(rejected.items())),
        replays_compared=stats["replays compared"],
        snapshots=stats["snapshots"],
        restarts=stats["restarts"],
        max_steps_per_example=steps,
        failures=0,
    )


@pytest.mark.heavy
@pytest.mark.parametrize(
    "backend",
    ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def test_the_service_behaves_as_the_reference_model(backend: str) -> None:
    examples, steps = RUNS[backend]
    run(backend, examples, steps, False, "test_the_service_behaves_as_the_reference_model")


@pytest.mark.stress
@pytest.mark.timeout(900)
@pytest.mark.parametrize(
    "backend",
    ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def test_the_service_behaves_as_the_reference_model_at_length(backend: str) -> None:
    examples, steps = STRESS[backend]
    run(backend, examples, steps, True, "test_the_service_behaves_as_the_reference_model_at_length")

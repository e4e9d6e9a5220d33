"""A stakeholder report over (from, to], composed from the views' rows: the decisions
in the window (the audit view) and the backlog at `to`. Pure: the same rows give the
same Markdown, which is stored with the decision and never composed again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from projections.rows import DecisionRow, ItemRow

TOP = 10
RISK_TYPES = ("RiskRaised", "RiskResolved")
ARCHITECTURE_TYPES = ("ArchitectureDecisionAccepted", "ArchitectureDecisionSuperseded")
ITERATION_TYPES = ("IterationClosed",)


@dataclass(frozen=True)
class ReportInputs:
    """What the report reads: the window's decisions (oldest first), the top of the
    backlog at `to` (rank 1 first, at most TOP), titles of the items named, and each
    top item's iterationsAway where a forecast is known."""

    headline: str
    note: str | None
    decisions: Sequence[DecisionRow]
    top: Sequence[ItemRow]
    titles: dict[str, str]
    iterations_away: dict[str, int | None]


def compose(inputs: ReportInputs) -> str:
    """The Markdown report; each section is omitted when empty, in the contract's order."""
    sections = [
        ("Accepted", _accepted(inputs)),
        ("Priorities", _priorities(inputs)),
        ("Goals", _summaries(inputs, lambda t: t.startswith("Goal"))),
        ("Risks", _summaries(inputs, lambda t: t in RISK_TYPES)),
        ("Architecture", _summaries(inputs, lambda t: t in ARCHITECTURE_TYPES)),
        ("Iterations", _summaries(inputs, lambda t: t in ITERATION_TYPES)),
        ("Forecast", _forecast(inputs)),
    ]
    parts = [f"# {inputs.headline}"]
    parts += [f"## {title}\n\n" + "\n".join(lines) for title, lines in sections if lines]
    if inputs.note:
        parts.append(inputs.note)
    return "\n\n".join(parts) + "\n"


def _accepted(inputs: ReportInputs) -> list[str]:
    seen: dict[str, None] = {}
    for d in inputs.decisions:
        if d.type == "ItemAccepted":
            seen[d.subject_id] = None
    return [f"- {inputs.titles.get(i, i)}" for i in seen]


def _priorities(inputs: ReportInputs) -> list[str]:
    """Items moved in the window that are in the top at `to`, by rank, each with the
    rationale of its latest prioritization."""
    latest: dict[str, DecisionRow] = {}
    for d in inputs.decisions:
        if d.type == "ItemPrioritized":
            latest[d.subject_id] = d
    lines = []
    for item in inputs.top:
        decision = latest.get(item.id)
        if decision is not None:
            why = f": {decision.rationale}" if decision.rationale else ""
            lines.append(f"- #{item.rank} {item.title}{why}")
    return lines


def _summaries(inputs: ReportInputs, matches: Callable[[str], bool]) -> list[str]:
    return [f"- {d.summary}" for d in inputs.decisions if matches(d.type)]


def _forecast(inputs: ReportInputs) -> list[str]:
    lines = []
    for item in inputs.top:
        away = inputs.iterations_away.get(item.id)
        if away is not None:
            lines.append(f"- #{item.rank} {item.title}: {away} iteration(s) away")
    return lines

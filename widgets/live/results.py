"""Live tallies of one activity's answers: small, pure, and cheap enough to redo on every vote."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from widgets.content.evaluation import EvaluationActivity
from widgets.content.exercises import RankingPoll, SortingActivity
from widgets.content.models import Activity, ChoicePoll, ScalePoll, TextPoll
from widgets.content.scenario import OUTCOME_LABELS, ScenarioActivity


@dataclass(frozen=True)
class Results:
    """What a results view needs; `rows` are (label, count) in display order."""

    kind: str
    responses: int
    rows: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    correct: list[str] = field(default_factory=list)  # labels of correct options
    groups: list[Group] = field(default_factory=list)  # one split per statement or per decision
    positions: dict[str, float] = field(default_factory=dict)  # ranking: average position per label
    hands: int = 0  # people counted by a show of hands, included in `responses`
    changes: list[tuple[str, float, float]] = field(default_factory=list)  # evaluation: outcome, before, after


@dataclass(frozen=True)
class Group:
    """How the room split on one statement (sorting) or at one decision (scenario)."""

    heading: str
    rows: list[tuple[str, int]]
    correct: str = ""  # label of the right category, for sorting


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def tally(activity: Activity, values: list, manual: dict[str, int] | None = None) -> Results:
    """Aggregate stored answers (and a show of hands for choice polls, merged into the counts);
    values that no longer fit the activity are skipped, not fatal."""
    if isinstance(activity, ChoicePoll):
        counts: Counter = Counter()
        for v in values:
            counts.update(v if isinstance(v, list) else [v])
        manual = manual or {}
        counts.update(manual)
        rows = [(o.label, counts[o.id]) for o in activity.options]
        correct = [activity.option_label(c) for c in activity.correct]
        # One hand per person in a single-choice poll; in a multiple-choice one, at least the busiest option's.
        people = sum(manual.values()) if activity.kind == "single_choice" else max(manual.values(), default=0)
        return Results(activity.kind, len(values) + people, rows, correct=correct, hands=people)
    if isinstance(activity, ScalePoll):
        nums = [v for v in values if isinstance(v, int) and activity.min <= v <= activity.max]
        counts = Counter(nums)
        ends = {activity.min: activity.min_label, activity.max: activity.max_label}
        rows = [(f"{n} – {ends[n]}" if n in ends else str(n), counts[n]) for n in range(activity.min, activity.max + 1)]
        mean = round(sum(nums) / len(nums), 1) if nums else None
        return Results(activity.kind, len(values), rows, mean=mean)
    if isinstance(activity, TextPoll):
        texts = [v for v in values if isinstance(v, str)]
        if activity.kind == "short_text":
            counts = Counter(_norm(t) for t in texts)
            return Results(activity.kind, len(texts), counts.most_common(30))
        return Results(activity.kind, len(texts), texts=texts[::-1])  # newest first
    if isinstance(activity, SortingActivity):
        answers = [v for v in values if isinstance(v, dict)]
        labels = {c.id: c.label for c in activity.categories}
        groups = []
        for st in activity.statements:
            counts = Counter(a.get(st.id) for a in answers)
            groups.append(Group(st.text, [(c.label, counts[c.id]) for c in activity.categories], labels[st.answer]))
        return Results(activity.kind, len(answers), groups=groups)
    if isinstance(activity, RankingPoll):
        orders = [v for v in values if isinstance(v, list)]
        labels = {o.id: o.label for o in activity.options}
        sums: Counter = Counter()
        for order in orders:
            sums.update({option: place for place, option in enumerate(order, start=1) if option in labels})
        positions = {labels[o]: round(sums[o] / len(orders), 1) for o in labels} if orders else {}
        ranked = sorted(positions, key=positions.get)
        return Results(activity.kind, len(orders), rows=[(label, 0) for label in ranked], positions=positions)
    if isinstance(activity, ScenarioActivity):
        return _scenario(activity, [v for v in values if isinstance(v, list)])
    if isinstance(activity, EvaluationActivity):
        return _evaluation(activity, [v for v in values if isinstance(v, dict)])
    return Results(getattr(activity, "kind", "unknown"), len(values))


def _scenario(activity: ScenarioActivity, paths: list) -> Results:
    """The room's split at each decision, in story order, and where people ended up."""
    case = activity.case
    taken: dict[str, Counter] = {}
    ends: Counter = Counter()
    for path in paths:
        for node_id, choice_id in path:
            taken.setdefault(node_id, Counter())[choice_id] += 1
        if outcome := case.outcome_of(path):
            ends[OUTCOME_LABELS[outcome]] += 1
    groups = [Group(n.text, [(c.label, taken[n.id][c.id]) for c in n.choices]) for n in case.nodes if n.id in taken]
    if ends:
        groups.append(Group("Where people ended up", sorted(ends.items(), key=lambda kv: -kv[1])))
    return Results(activity.kind, len(paths), groups=groups, correct=[OUTCOME_LABELS[case.best_outcome]])


def _evaluation(activity: EvaluationActivity, forms: list[dict]) -> Results:
    """Average confidence per outcome before and after, and the average rating; the free text is
    for the analyst (after the PII scrub), not for the room's screen."""

    def mean(numbers: list) -> float:
        numbers = [n for n in numbers if isinstance(n, int)]
        return round(sum(numbers) / len(numbers), 1) if numbers else 0.0

    changes = [
        (
            o.text,
            mean([f.get("before", {}).get(o.id) for f in forms]),
            mean([f.get("after", {}).get(o.id) for f in forms]),
        )
        for o in activity.outcomes
    ]
    ratings = [f.get("rating") for f in forms if isinstance(f.get("rating"), int)]
    return Results(activity.kind, len(forms), mean=mean(ratings) if ratings else None, changes=changes if forms else [])

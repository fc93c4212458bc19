"""Live tallies of one activity's answers: small, pure, and cheap enough to redo on every vote."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from widgets.content.models import Activity, ChoicePoll, ScalePoll, TextPoll


@dataclass(frozen=True)
class Results:
    """What a results view needs; `rows` are (label, count) in display order."""

    kind: str
    responses: int
    rows: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    correct: list[str] = field(default_factory=list)  # labels of correct options


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def tally(activity: Activity, values: list) -> Results:
    """Aggregate stored answers; values that no longer fit the activity are skipped, not fatal."""
    if isinstance(activity, ChoicePoll):
        counts: Counter = Counter()
        for v in values:
            counts.update(v if isinstance(v, list) else [v])
        rows = [(o.label, counts[o.id]) for o in activity.options]
        correct = [activity.option_label(c) for c in activity.correct]
        return Results(activity.kind, len(values), rows, correct=correct)
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
    return Results(getattr(activity, "kind", "unknown"), len(values))

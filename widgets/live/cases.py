"""Choosing a session's cases from the case bank, before or during the session.

A plan names its default cases; on the console the facilitator ticks the cases to run from the
whole bank. The session's activities then follow: a case no longer wanted is dropped (only if it
has not been opened and the room is not on it), a new one is added as a scenario activity after
the last case already in the session (never before where the room is now), with the case's
planned minutes. Everything else keeps its place and its answers.
"""

from __future__ import annotations

from widgets.content.models import activity_adapter
from widgets.content.scenario import OUTCOME_LABELS, Case, ScenarioActivity

PROMPT = (
    "Work through the case on your phone. At each step choose what you would do, and read why. "
    "If you finish early, go back and try a different path."
)


class CaseRefused(ValueError):
    """The cases cannot be changed like that; the message says why, for the console."""


def case_layout(activities: list, current: int, wanted: list[str], bank: dict[str, Case]) -> list[int | dict]:
    """The session's new activity list: the ids of activities kept, in order, and the spec of each
    case added. `activities` are the session's ActivityStates; `current` the room's position."""
    wanted = list(dict.fromkeys(wanted))
    cases = [a for a in activities if isinstance(a.activity, ScenarioActivity)]
    have = {a.activity.case.id for a in cases}
    unknown = [c for c in wanted if c not in have and c not in bank]
    if unknown:
        raise CaseRefused(f"There is no case called {', '.join(unknown)} in the case bank.")
    dropped = [a for a in cases if a.activity.case.id not in wanted]
    for a in dropped:
        if a.state != "draft":
            raise CaseRefused(f"“{a.activity.title}” has been opened, so it stays in the session.")
        if a.position == current:
            raise CaseRefused(f"The room is on “{a.activity.title}” now: move to another activity first.")
    keys = {a.activity.id for a in activities}
    prompt = cases[0].activity.prompt if cases else PROMPT
    added = [_spec(bank[c], prompt, keys) for c in wanted if c not in have]
    after = max([a.position for a in cases] + [current])
    layout: list[int | dict] = []
    for a in activities:
        if a not in dropped:
            layout.append(a.id)
        if a.position == after:
            layout.extend(added)
    return layout


def _spec(case: Case, prompt: str, keys: set[str]) -> dict:
    """A scenario activity for a case from the bank, with an id no other activity has."""
    key, n = f"case-{case.id}"[:64], 2
    while key in keys:
        key, n = f"case-{case.id}"[:60] + f"-{n}", n + 1
    keys.add(key)
    title = f"Case: {case.title}"
    activity = activity_adapter.validate_python(
        {
            "id": key,
            "kind": "scenario",
            "title": title if len(title) <= 120 else case.title,
            "prompt": prompt,
            "minutes": case.minutes,
            "notes": f"From the case bank. Best route: {OUTCOME_LABELS[case.best_outcome]}. {case.summary}",
            "case": case,
        }
    )
    return activity.model_dump(mode="json")


def position_moves(before: list[int], layout: list[int | dict]) -> list[int]:
    """For the run sheet's clock: where each old position went (-1: dropped)."""
    new = {item: i for i, item in enumerate(layout) if isinstance(item, int)}
    return [new.get(activity_id, -1) for activity_id in before]

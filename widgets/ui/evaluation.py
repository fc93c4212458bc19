"""The course evaluation form: confidence before and now for each learning outcome, a rating, and
what the participant will do differently. Every scale is a named radio group (see choice.py)."""

from __future__ import annotations

import ipywidgets as w

from widgets.content.evaluation import CONFIDENCE, PHASES, SATISFACTION, EvaluationActivity
from widgets.ui.choice import ChoiceGroup
from widgets.ui.render import esc


def _scale(legend: str, labels: dict[int, str], hint: str = "") -> ChoiceGroup:
    return ChoiceGroup(legend, [(f"{n} {text}", n) for n, text in labels.items()], hint=hint, inline=True)


class EvaluationInput(w.VBox):
    """`value` is the answer as `validate_answer` takes it; empty choices are None, so the
    kernel names what is missing instead of guessing."""

    def __init__(self, activity: EvaluationActivity):
        self.activity = activity
        self.groups: dict[str, dict[str, ChoiceGroup]] = {}
        parts: list[w.Widget] = [
            w.HTML(
                '<p class="pw-label">For each statement, choose how confident you were before the course and how'
                " confident you are now, from 1 (not confident) to 5 (very confident).</p>"
            )
        ]
        for number, outcome in enumerate(activity.outcomes, start=1):
            groups = {phase: _scale(f"{label}: {outcome.text}", CONFIDENCE) for phase, label in PHASES.items()}
            self.groups[outcome.id] = groups
            box = w.VBox([w.HTML(f'<h3 class="pw-outcome">{number}. {esc(outcome.text)}</h3>'), *groups.values()])
            box.add_class("pw-evaluation-outcome")
            parts.append(box)
        self.rating = (
            _scale("Overall, how would you rate this session? (optional)", SATISFACTION) if activity.rating else None
        )
        if self.rating:
            parts.append(self.rating)
        self.intentions = None
        if activity.intentions:
            self.intentions = w.Textarea(
                description=activity.intentions,
                placeholder="Optional. Please do not name or describe real people.",
                continuous_update=False,
            )
            self.intentions.add_class("pw-control")
            self.intentions.style.description_width = "initial"
            parts.append(self.intentions)
        super().__init__(parts)
        self.add_class("pw-answer")

    @property
    def value(self) -> dict:
        answer = {phase: {oid: groups[phase].selected for oid, groups in self.groups.items()} for phase in PHASES}
        answer["rating"] = self.rating.selected if self.rating else None
        answer["intentions"] = self.intentions.value if self.intentions else ""
        return answer

    @value.setter
    def value(self, stored) -> None:
        """Show a saved form again (after a reload); anything that no longer fits is left empty."""
        if not isinstance(stored, dict):
            return
        for phase in PHASES:
            for oid, groups in self.groups.items():
                chosen = (stored.get(phase) or {}).get(oid)
                if chosen in CONFIDENCE:
                    groups[phase].selected = chosen
        if self.rating and stored.get("rating") in SATISFACTION:
            self.rating.selected = stored["rating"]
        if self.intentions and isinstance(stored.get("intentions"), str):
            self.intentions.value = stored["intentions"]

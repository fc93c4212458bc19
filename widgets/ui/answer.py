"""One input widget per poll kind, each with a visible label and a `value` in the stored shape."""

from __future__ import annotations

import contextlib

import ipywidgets as w
import traitlets

from widgets.content.evaluation import EvaluationActivity
from widgets.content.exercises import RankingPoll, SortingActivity
from widgets.content.models import Activity, ChoicePoll, ScalePoll, TextPoll
from widgets.ui.choice import ChoiceGroup
from widgets.ui.evaluation import EvaluationInput
from widgets.ui.render import esc

# Classes given when a widget is made, not added after: each `add_class` is one more message to the
# page, and a whole room's phones draw a new question at the same moment.
CONTROL = ("pw-control",)


class AnswerInput(w.VBox):
    """The right input for the activity; `value` is what `LiveService.submit` takes.

    Choices (single, multiple, scale) are a `ChoiceGroup`. With `heading` (a level, e.g. 2) its
    legend is the prompt as that heading, and `shows_prompt` tells the caller to leave its own
    heading out (one question per page, as GOV.UK does); without, the legend is "Your answer".
    """

    def __init__(self, activity: Activity, heading: int = 0):
        self.activity = activity
        self.shows_prompt = False
        if isinstance(activity, ChoicePoll | ScalePoll):
            self.control = ChoiceGroup(**_choices(activity, heading), _dom_classes=CONTROL)
        elif isinstance(activity, TextPoll):
            cls = w.Text if activity.kind == "short_text" else w.Textarea
            self.control = cls(
                description="Your answer", placeholder="Type your answer", continuous_update=False, _dom_classes=CONTROL
            )
        else:
            raise TypeError(f"no input for {type(activity).__name__}")
        if isinstance(self.control, ChoiceGroup):
            self.shows_prompt = bool(heading)
            children = [self.control]
        else:
            children = [w.HTML(f'<p class="pw-label">Up to {activity.limit} characters.</p>'), self.control]
        super().__init__(children, _dom_classes=("pw-answer",))

    def ask(self, activity: Activity, heading: int = 0) -> bool:
        """Ask another choice question with the same widgets (ChoiceGroup.ask); False, changing nothing,
        when this input or the activity is not a choice question."""
        if not (isinstance(self.control, ChoiceGroup) and isinstance(activity, ChoicePoll | ScalePoll)):
            return False
        self.activity = activity
        self.control.ask(**_choices(activity, heading))
        return True

    @property
    def value(self):
        if isinstance(self.control, ChoiceGroup):
            return self.control.selected  # the option ids, or the number on a scale
        return self.control.value

    @value.setter
    def value(self, stored) -> None:
        """Show a previously saved answer again (after a reload, or when the poll reopens)."""
        if stored is None:
            return
        if isinstance(self.control, ChoiceGroup):
            with contextlib.suppress(traitlets.TraitError):  # no longer an option (the plan changed): none shown
                self.control.selected = stored
        else:
            self.control.value = stored


def _choices(activity: ChoicePoll | ScalePoll, heading: int) -> dict:
    """A ChoiceGroup's question for a choice or scale poll (its legend the prompt when `heading`)."""
    legend = activity.prompt if heading else "Your answer"
    if isinstance(activity, ScalePoll):
        labels = {activity.min: activity.min_label, activity.max: activity.max_label}
        options = [(f"{n} – {labels[n]}" if n in labels else str(n), n) for n in range(activity.min, activity.max + 1)]
        return {"legend": legend, "options": options, "heading": heading}
    multiple = activity.kind == "multiple_choice"
    said = "all that apply" in activity.prompt.lower()  # the prompt says it already
    return {
        "legend": legend,
        "options": [(o.label, o.id) for o in activity.options],
        "multiple": multiple,
        "hint": "Choose all that apply." if multiple and not said else "",
        "heading": heading,
    }


def describe_answer(activity: Activity, stored) -> str:
    """A saved answer in words, for "Your answer: …"; empty where a summary says nothing useful."""
    if isinstance(activity, ChoicePoll):
        ids = stored if isinstance(stored, list) else [stored]
        return ", ".join(activity.option_label(i) for i in ids)
    if isinstance(activity, RankingPoll):
        names = {o.id: o.label for o in activity.options}
        return ", ".join(f"{i}. {names[o]}" for i, o in enumerate(stored, start=1))
    if isinstance(stored, str | int):
        return str(stored)
    return ""


class SortingInput(w.VBox):
    """Tap a category for each statement (no dragging, so it works on a phone and by keyboard)."""

    def __init__(self, activity: SortingActivity):
        self.activity = activity
        options = [(c.label, c.id) for c in activity.categories]
        # One group of radios per statement, the statement its legend.
        self.radios = [ChoiceGroup(f"{i}. {st.text}", options) for i, st in enumerate(activity.statements, start=1)]
        self.feedback = [w.HTML() for _ in activity.statements]
        rows = []
        for radio, fb in zip(self.radios, self.feedback, strict=True):
            radio.add_class("pw-control")
            row = w.VBox([radio, fb])
            row.add_class("pw-statement")
            rows.append(row)
        super().__init__([w.HTML('<p class="pw-label">Choose a category for each statement.</p>'), *rows])
        self.add_class("pw-answer")

    @property
    def value(self) -> dict:
        return {st.id: r.value for st, r in zip(self.activity.statements, self.radios, strict=True) if r.value}

    @value.setter
    def value(self, stored) -> None:
        if isinstance(stored, dict):
            for st, radio in zip(self.activity.statements, self.radios, strict=True):
                with contextlib.suppress(traitlets.TraitError):  # a category no longer offered: none shown
                    radio.value = stored.get(st.id)
            self.after_saved(stored)

    def after_saved(self, stored: dict) -> None:
        """Feedback on each statement once the answers are saved."""
        labels = {c.id: c.label for c in self.activity.categories}
        for st, fb in zip(self.activity.statements, self.feedback, strict=True):
            right = stored.get(st.id) == st.answer
            verdict = "✓ Right" if right else f"Not quite: this is {labels[st.answer].lower()}"
            tone = "pw-right" if right else "pw-wrong"
            fb.value = f'<p class="pw-feedback {tone}"><strong>{esc(verdict)}.</strong> {esc(st.feedback)}</p>'


class RankingInput(w.VBox):
    """Put options in order with Move up / Move down buttons; the rows stay put so focus does too."""

    def __init__(self, activity: RankingPoll):
        self.activity = activity
        self.order = [o.id for o in activity.options]
        self.labels = [w.HTML() for _ in self.order]
        self.moves: list[tuple[w.Button, w.Button]] = []
        rows = []
        for i, label in enumerate(self.labels):
            up, down = w.Button(description="Move up"), w.Button(description="Move down")
            self.moves.append((up, down))
            up.on_click(lambda _b, i=i: self.swap(i - 1, i))
            down.on_click(lambda _b, i=i: self.swap(i, i + 1))
            up.disabled, down.disabled = i == 0, i == len(self.order) - 1
            row = w.HBox([label, up, down])
            row.add_class("pw-rank-row")
            rows.append(row)
        super().__init__([w.HTML('<p class="pw-label">Put these in order, first at the top.</p>'), *rows])
        self.add_class("pw-answer")
        self._draw()

    def swap(self, a: int, b: int) -> None:
        if 0 <= a < b < len(self.order):
            self.order[a], self.order[b] = self.order[b], self.order[a]
            self._draw()

    def _draw(self) -> None:
        names = {o.id: o.label for o in self.activity.options}
        for place, (option, label) in enumerate(zip(self.order, self.labels, strict=True), start=1):
            label.value = f'<p class="pw-rank-item"><strong>{place}.</strong> {esc(names[option])}</p>'
        # Every row's buttons are called "Move up" / "Move down": the tooltip (the button's title, which
        # a screen reader reads as its description) says which option moves.
        for option, (up, down) in zip(self.order, self.moves, strict=True):
            up.tooltip, down.tooltip = f"Move {names[option]} up", f"Move {names[option]} down"

    @property
    def value(self) -> list[str]:
        return list(self.order)

    @value.setter
    def value(self, stored) -> None:
        if isinstance(stored, list) and sorted(stored) == sorted(self.order):
            self.order = list(stored)
            self._draw()


def answer_input(activity: Activity, heading: int = 0) -> AnswerInput | SortingInput | RankingInput:
    """The input for a poll or exercise; scenarios have their own player. `heading`: see AnswerInput."""
    if isinstance(activity, SortingActivity):
        return SortingInput(activity)
    if isinstance(activity, RankingPoll):
        return RankingInput(activity)
    if isinstance(activity, EvaluationActivity):
        return EvaluationInput(activity)
    return AnswerInput(activity, heading)

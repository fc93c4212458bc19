"""One input widget per poll kind, each with a visible label and a `value` in the stored shape."""

from __future__ import annotations

import ipywidgets as w

from widgets.content.exercises import RankingPoll, SortingActivity
from widgets.content.models import Activity, ChoicePoll, ScalePoll, TextPoll
from widgets.ui.render import esc


class AnswerInput(w.VBox):
    """Wraps the right ipywidget for the activity; `value` is what `LiveService.submit` takes."""

    def __init__(self, activity: Activity):
        self.activity = activity
        self._boxes: list[w.Checkbox] = []
        hint = ""
        if isinstance(activity, ChoicePoll) and activity.kind == "multiple_choice":
            self._boxes = [w.Checkbox(description=o.label, indent=False, value=False) for o in activity.options]
            self.control = w.VBox(self._boxes)
            hint = "Choose all that apply."
        elif isinstance(activity, ChoicePoll):
            self.control = w.RadioButtons(options=[(o.label, o.id) for o in activity.options], value=None)
        elif isinstance(activity, ScalePoll):
            labels = {activity.min: activity.min_label, activity.max: activity.max_label}
            options = [
                (f"{n} – {labels[n]}" if n in labels else str(n), n) for n in range(activity.min, activity.max + 1)
            ]
            self.control = w.RadioButtons(options=options, value=None)
        elif isinstance(activity, TextPoll):
            cls = w.Text if activity.kind == "short_text" else w.Textarea
            self.control = cls(description="Your answer", placeholder="Type your answer", continuous_update=False)
            hint = f"Up to {activity.limit} characters."
        else:
            raise TypeError(f"no input for {type(activity).__name__}")
        self.control.add_class("pw-control")
        label = w.HTML(
            f'<p class="pw-label">{hint}</p>'
            if isinstance(activity, TextPoll)
            else f'<p class="pw-label">Your answer. {hint}</p>'
        )
        super().__init__([label, self.control])
        self.add_class("pw-answer")

    @property
    def value(self):
        if self._boxes:
            return [o.id for o, box in zip(self.activity.options, self._boxes, strict=True) if box.value]
        return self.control.value

    @value.setter
    def value(self, stored) -> None:
        """Show a previously saved answer again (after a reload, or when the poll reopens)."""
        if stored is None:
            return
        if self._boxes:
            for o, box in zip(self.activity.options, self._boxes, strict=True):
                box.value = o.id in stored
        else:
            self.control.value = stored


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
        self.radios = [
            w.RadioButtons(options=options, value=None, description=f"{i}. {st.text}")
            for i, st in enumerate(activity.statements, start=1)
        ]
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
        rows = []
        for i, label in enumerate(self.labels):
            up, down = w.Button(description="Move up"), w.Button(description="Move down")
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

    @property
    def value(self) -> list[str]:
        return list(self.order)

    @value.setter
    def value(self, stored) -> None:
        if isinstance(stored, list) and sorted(stored) == sorted(self.order):
            self.order = list(stored)
            self._draw()


def answer_input(activity: Activity) -> AnswerInput | SortingInput | RankingInput:
    """The input for a poll or exercise; scenarios have their own player."""
    if isinstance(activity, SortingActivity):
        return SortingInput(activity)
    if isinstance(activity, RankingPoll):
        return RankingInput(activity)
    return AnswerInput(activity)

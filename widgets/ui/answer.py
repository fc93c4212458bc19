"""One input widget per poll kind, each with a visible label and a `value` in the stored shape."""

from __future__ import annotations

import ipywidgets as w

from widgets.content.models import Activity, ChoicePoll, ScalePoll, TextPoll


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
            self.control = cls(placeholder="Type your answer", continuous_update=False)
            hint = f"Up to {activity.limit} characters."
        else:
            raise TypeError(f"no input for {type(activity).__name__}")
        self.control.add_class("pw-control")
        label = w.HTML(f'<p class="pw-label">Your answer. {hint}</p>')
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
    """A saved answer in words, for "Your answer: …"."""
    if isinstance(activity, ChoicePoll):
        ids = stored if isinstance(stored, list) else [stored]
        return ", ".join(activity.option_label(i) for i in ids)
    return str(stored)

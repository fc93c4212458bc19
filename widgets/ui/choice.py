"""ChoiceGroup: one question's choices as a real fieldset, so the question names the group.

Radio buttons (one answer) or checkboxes (several) in a ``<fieldset>`` whose ``<legend>`` is the
question: a screen reader says the question on entering the group, radios sharing a name are one
Tab stop with the arrow keys between them (the browser's own behaviour), every option is a native
input with its own ``<label>``.

``value`` is the chosen option's key (``str(option value)``, or None) or, with ``multiple``, a list
of keys in the options' order. ``selected`` gives the option values themselves (ints for a scale).

The browser sends each change as a custom message (``{"event": "choose", "value": …}``), not only
as a state update: ipywidgets holds a model's next update back until the kernel has answered the
previous one, while custom messages (a button's click is one) go out at once, in order. A change
made just before "Submit answer" therefore always reaches the kernel before the click does.

`as_form(label, activity_id, ballot, announcer)` makes the group a whole question with its own
submit button; changes stay in the browser until the button is pressed. With a ballot (the
participant server issued one: live/ballots.py) the browser posts the answer straight to the server
(serve/answers.py), so a vote costs the page's kernel nothing, and shows the reply in the page's
status line (`announcer`, a StatusMessage) itself; without one it sends the kernel one message,
``{"event": "submit", "value": …, "activity": …}``, and `on_submit` callbacks run with the activity
the page showed (one group asks question after question: a press may arrive after the next one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

HERE = Path(__file__).parent


class ChoiceGroup(anywidget.AnyWidget):
    """`ChoiceGroup("How confident are you?", [("Not at all", 1), …], hint="…", inline=True)`.

    `heading` (1-6) puts the legend in a heading of that level, for a question that is also the
    page's heading (the GOV.UK pattern); the caller then shows no heading of its own.
    """

    _esm = HERE / "choice.js"
    legend = traitlets.Unicode("").tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List().tag(sync=True)  # [[label, key], …]: only what the browser draws
    multiple = traitlets.Bool(False).tag(sync=True)
    inline = traitlets.Bool(False).tag(sync=True)
    heading = traitlets.Int(0).tag(sync=True)
    # No echo: the browser already shows what it sent; an echo could only arrive late and undo a newer choice.
    value = traitlets.Any(None, allow_none=True).tag(sync=True, echo_update=False)
    # A form (`as_form`): the submit button's label, what the answer is to, and who sends it.
    submit = traitlets.Unicode("").tag(sync=True)
    activity = traitlets.Int(0).tag(sync=True)
    ballot = traitlets.Unicode("").tag(sync=True)
    values = traitlets.List().tag(sync=True)  # each option's value as stored (ints on a scale), for a ballot's answer
    announcer = traitlets.Instance(w.Widget, allow_none=True).tag(sync=True, **w.widget_serialization)

    def __init__(
        self,
        legend: str,
        options: list[tuple[str, Any]],
        multiple: bool = False,
        hint: str = "",
        inline: bool = False,
        heading: int = 0,
        **kwargs,
    ):
        super().__init__(**self._question(legend, options, multiple, hint, inline, heading), **kwargs)
        self._submitted: list = []
        self.on_msg(self._on_choose)

    def ask(self, legend: str, options: list[tuple[str, Any]], **question) -> None:
        """Ask another question with this widget (the constructor's arguments but its own), nothing
        chosen: two small updates to the page (the cleared value, then the question), where a new
        widget would carry its 7 kB of code again (a room's phones all do this when a poll opens)."""
        traits = self._question(legend, options, **question)
        self._submitted.clear()
        with self.hold_sync():
            for name, value in traits.items():
                setattr(self, name, value)
        # Sent even when the kernel's value did not change: a form's choices stay in the page until
        # pressed, so the page may still hold the last question's choice, and two scales share keys.
        self.send_state("value")

    def _question(self, legend, options, multiple=False, hint="", inline=False, heading=0) -> dict:
        """The synced traits of a question; what may be chosen is fixed here, in the kernel: the synced
        `options` and `multiple` only say what to draw, and a page that rewrites them changes nothing
        that is accepted."""
        choices = {str(v): v for _, v in options}
        if len(choices) != len(options):
            raise ValueError(f"option values must differ as text: {[v for _, v in options]}")
        self._multiple, self._choices = bool(multiple), choices
        return {
            "value": [] if self._multiple else None,  # first: valid whatever was chosen before
            "legend": legend,
            "options": [[str(label), key] for (label, _), key in zip(options, choices, strict=True)],
            "multiple": self._multiple,
            "hint": hint,
            "inline": inline,
            "heading": heading,
        }

    def as_form(self, label: str, activity_id: int, ballot: str = "", announcer: w.Widget | None = None) -> ChoiceGroup:
        with self.hold_sync():
            self.submit, self.activity, self.ballot, self.announcer = label, activity_id, ballot, announcer
            self.values = list(self._choices.values()) if ballot else []
        return self

    def on_submit(self, callback) -> None:
        """`callback(activity)` when the page's button sends the answer to the kernel (no ballot)."""
        self._submitted.append(callback)

    def press_submit(self, activity=None) -> None:
        """What the button does without a ballot, from the kernel's side (as ipywidgets' Button.click);
        `activity`: the one the page showed, if not the one asked now."""
        for callback in self._submitted:
            callback(self.activity if activity is None else activity)

    @traitlets.validate("value")
    def _valid(self, proposal):
        """A key of this group (or None), or a list of distinct keys; anything else is refused."""
        value = proposal["value"]
        if self._multiple:
            if (
                isinstance(value, list | tuple)
                and len(value) <= len(self._choices)
                and all(isinstance(k, str) and k in self._choices for k in value)
                and len(set(value)) == len(value)
            ):
                return [k for k in self._choices if k in value]
        elif value is None or (isinstance(value, str) and value in self._choices):
            return value
        raise traitlets.TraitError(f"not a choice of {self.legend!r}")

    def _on_choose(self, _widget, content, _buffers) -> None:
        """The browser's change (or, in a form, its answer), as a custom message: taken in as if it
        were a state update."""
        if not (isinstance(content, dict) and content.get("event") in ("choose", "submit")):
            return
        answering = content["event"] == "submit" and bool(self.submit)
        shown = content.get("activity", self.activity)
        if answering and shown != self.activity:  # pressed on the question before: refused as such
            self.press_submit(shown)  # (where answers are checked; its value is not this question's)
            return
        try:
            self.set_state({"value": content.get("value")})
        except traitlets.TraitError:
            if not answering:
                self.send_state("value")  # refused: the page shows what the kernel holds again
                return
            self.value = [] if self._multiple else None  # not one of the choices: no answer, and told so
        if answering:
            self.press_submit()

    @property
    def selected(self):
        """The chosen option value (None when none is), or the list of them with `multiple`."""
        if self._multiple:
            return [self._choices[k] for k in self.value]
        return None if self.value is None else self._choices[self.value]

    @selected.setter
    def selected(self, chosen) -> None:
        """Choose by option value; TraitError if it is not one of this group's."""
        if self._multiple:
            self.value = [str(v) for v in chosen] if isinstance(chosen, list | tuple) else chosen
        else:
            self.value = None if chosen is None else str(chosen)

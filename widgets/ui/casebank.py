"""The case bank on the console: tick the cases to run, before or during the session.

All the cases in scenarios/cases/ are offered, each with its setting, concern and planned
minutes; those the session runs now are ticked (at first, the plan's defaults). "Use these cases"
asks the service to make the session's activities follow; the run sheet then shows them.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from widgets.content.bank import IDEOLOGY_LABELS, case_bank, setting_label
from widgets.content.scenario import Case, ScenarioActivity
from widgets.live import LiveService, SessionView
from widgets.ui.browser import StatusMessage
from widgets.ui.choice import ChoiceGroup

HINT = (
    "Tick the cases to run, then choose “Use these cases”. New cases go after the last case. "
    "A case that has been opened stays."
)


def case_label(case: Case, minutes: float) -> str:
    """What the facilitator needs to pick a case: its title, where, what concern, how long."""
    concern = "no ideology" if case.ideology == "none" else IDEOLOGY_LABELS[case.ideology].lower()
    return f"{case.title} ({setting_label(case)}, {concern}, {minutes:g} min)"


class CaseBank(w.VBox):
    """Ticks for every case in the bank and the session's own; one button applies them."""

    def __init__(
        self,
        service: LiveService,
        session_id: int,
        bank: dict[str, Case] | None = None,
        changed: Callable[[], None] = lambda: None,
    ):
        self.service = service
        self.changed = changed  # the console redraws at once, not at the feed's next tick
        self.session_id = session_id
        self.bank = case_bank()[0] if bank is None else bank
        self.running: tuple[tuple[str, float], ...] | None = None  # the session's cases as last drawn
        self.choice: ChoiceGroup | None = None
        self.status = StatusMessage()
        self.use = w.Button(description="Use these cases")
        self.use.add_class("pw-secondary")
        self.use.on_click(lambda _b: self.apply())
        self.ticks = w.VBox()  # redrawn alone: the button's view, and its focus, stay put
        super().__init__([self.ticks, self.use, self.status])
        self.add_class("pw-case-bank")

    def refresh(self, view: SessionView) -> None:
        """Draw the ticks again only when the session's cases change, so ticking is never undone."""
        cases = [a.activity for a in view.activities if isinstance(a.activity, ScenarioActivity)]
        running = tuple((a.case.id, a.minutes) for a in cases)
        self.use.disabled = view.status != "running"
        if running == self.running:
            return
        self.running = running
        offered = {**self.bank, **{a.case.id: a.case for a in cases}}
        minutes = {case_id: m for case_id, m in running}
        options = [(case_label(c, minutes.get(i, c.minutes)), i) for i, c in offered.items()]
        self.choice = ChoiceGroup("Case bank", options, multiple=True, hint=HINT, heading=2)
        self.choice.add_class("pw-control")
        self.choice.value = [i for i in offered if i in minutes]
        self.ticks.children = [self.choice]

    def apply(self) -> None:
        if self.choice is None:
            return
        wanted = list(self.choice.value)
        if not self.status.attempt(lambda: self.service.choose_cases(self.session_id, wanted, self.bank)):
            return
        n = len(wanted)
        self.changed()
        self.status.say(f"The session now runs {n} case{'s' * (n != 1)}. See the run sheet.", "success")

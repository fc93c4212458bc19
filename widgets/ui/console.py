"""The facilitator console: join details, run sheet, controls for the current activity, live results."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import ipywidgets as w

from widgets.content.models import ChoicePoll
from widgets.live import AWARENESS, ActivityState, LiveService, SessionView
from widgets.live.retention import DELETE_AFTER
from widgets.settings import Settings
from widgets.ui.browser import Countdown, StatusMessage
from widgets.ui.casebank import CaseBank
from widgets.ui.moderation import ModerationPanel
from widgets.ui.questions import QuestionsPanel
from widgets.ui.render import STATE_LABELS, esc, join_html, results_html, run_sheet_html
from widgets.ui.staff import staff_view
from widgets.ui.swap import swap

TIMER_CHOICES = [("1 minute", 60), ("2 minutes", 120), ("3 minutes", 180), ("5 minutes", 300), ("10 minutes", 600)]
# Where focus goes when the button just pressed disables itself (a disabled button drops focus to
# the page, and a screen reader loses its place): the next step of running an activity.
NEXT_FOCUS = {
    "Open poll": ["Close poll", "Reveal results"],
    "Close poll": ["Reveal results", "Open poll"],
    "Reveal results": ["Next activity", "End session"],
    "Previous activity": ["Open poll", "Next activity"],
    "Next activity": ["Open poll", "Previous activity"],
}

KEEP_CHOICES = [
    ("tomorrow", 1),
    ("after 7 days", 7),
    ("after 30 days", 30),
    ("after 90 days", 90),
    ("never: an analyst will delete them", None),
]


class FacilitatorConsole(w.VBox):
    """Drives one session. Every button calls one LiveService verb; the feed redraws the rest."""

    def __init__(self, service: LiveService, session_id: int, settings: Settings):
        self.service = service
        self.session_id = session_id
        self.settings = settings
        self.view: SessionView | None = None

        self.join = w.HTML()
        self.sheet = w.HTML()
        self.heading = w.HTML()
        self.notes = w.HTML()
        self.results = w.HTML()
        self.results.add_class("pw-results-live")
        self.status = StatusMessage()
        self.announcer = StatusMessage(tone="quiet")  # tells screen-reader users the count changed
        self.timer = Countdown()
        self.buttons = {
            name: self._button(name, verb)
            for name, verb in [
                ("Open poll", service.open_poll),
                ("Close poll", service.close_poll),
                ("Reveal results", service.reveal_results),
                ("Previous activity", service.previous_activity),
                ("Next activity", service.next_activity),
            ]
        }
        self.timer_length = w.Dropdown(options=TIMER_CHOICES, value=120, description="Timer")
        self.buttons["Start timer"] = self._button(
            "Start timer", lambda sid: service.start_timer(sid, self.timer_length.value)
        )
        self.buttons["Stop timer"] = self._button("Stop timer", service.stop_timer)
        b = self.buttons
        # Ending is for good (participants get their certificate and the contacts), so it asks first.
        self.buttons["End session"] = w.Button(description="End session")
        self.buttons["End session"].add_class("pw-secondary")
        self.buttons["End session"].on_click(lambda _b: self.confirm_end())
        # Retention is decided when ending, while the facilitator is thinking about it.
        self.keep_for = w.Dropdown(options=KEEP_CHOICES, value=30, description="Delete the answers")
        self.keep_for.style.description_width = "initial"
        self.buttons["Yes, end the session"] = self._button(
            "Yes, end the session", lambda sid: service.end_session(sid, delete_after_days=self.keep_for.value)
        )
        self.buttons["Yes, end the session"].add_class("pw-warning")
        self.buttons["Cancel"] = w.Button(description="Cancel")
        self.buttons["Cancel"].on_click(lambda _b: self.cancel_end())
        self.confirm = w.HBox(
            [
                w.HTML("<p>End the workshop for everyone? Participants will see the end screen.</p>"),
                self.keep_for,
                b["Yes, end the session"],
                b["Cancel"],
            ]
        )
        self.confirm.layout.display = "none"
        self.ending = w.VBox([b["End session"], self.confirm])
        controls = w.VBox(
            [
                w.HBox([b["Open poll"], b["Close poll"], b["Reveal results"]]),
                w.HBox([b["Previous activity"], b["Next activity"]]),
                w.HBox([self.timer_length, b["Start timer"], b["Stop timer"], self.timer]),
                self.ending,
            ]
        )
        controls.add_class("pw-controls")
        self.hands = w.VBox()
        self.hands.add_class("pw-hands-box")
        self.hands_for: int | None = None
        # The page's one h1 (a screen reader's first stop), kept small: the activity is what matters.
        title = w.HTML(f'<h1 class="pw-console-title">{esc(service.view(session_id).title)}</h1>')
        self.moderation = ModerationPanel(service, session_id, self.status, lambda: self.refresh())
        self.questions = QuestionsPanel(service, session_id, self.status, lambda: self.refresh())
        main = w.VBox(
            [
                title,
                self.heading,
                controls,
                self.status,
                self.announcer,
                self.results,
                self.moderation,
                self.hands,
                self.notes,
                self.questions,
            ]
        )
        main.add_class("pw-main")
        screen_link = w.HTML(
            '<p><a class="pw-link" href="screen.ipynb" target="_blank" rel="noopener">'
            "Open the projector screen</a> (in a new tab: drag it to the projector).</p>"
        )
        self.awareness = w.HTML()
        self.cases = CaseBank(service, session_id, changed=self.refresh)  # which cases to run, from the whole bank
        side = w.VBox([self.join, self.awareness, screen_link, self.sheet, self.cases])
        side.add_class("pw-side")
        layout = w.HBox([main, side])
        layout.add_class("pw-console-grid")
        super().__init__([layout])
        self.add_class("pw-app")
        self.add_class("pw-console")

        self.feed = service.follow(session_id, self.refresh, settings)

    def _button(self, label: str, verb: Callable[[int], None]) -> w.Button:
        button = w.Button(description=label)
        button.add_class("pw-primary" if label in {"Open poll", "Next activity"} else "pw-secondary")

        def act(_b) -> None:
            if self.status.attempt(lambda: verb(self.session_id)):
                self.status.say("")
                self.refresh()  # don't wait for the feed's next tick on the facilitator's own click
                if button.disabled:
                    self.focus_next(label)

        button.on_click(act)
        return button

    def focus_next(self, label: str) -> None:
        """Move focus on from a button that has just disabled itself. The browser applies the
        buttons' new state before this message (a widget's updates and custom messages are handled
        in the order sent), so the button focused is already enabled."""
        for name in NEXT_FOCUS.get(label, []):
            if not self.buttons[name].disabled:
                self.buttons[name].focus()
                return

    def confirm_end(self) -> None:
        self.confirm.layout.display = None

    def cancel_end(self) -> None:
        self.confirm.layout.display = "none"
        self.buttons["End session"].focus()  # "Cancel" has just been hidden, with the focus on it

    def hand_counts(self, current: ActivityState) -> list[w.Widget]:
        """Boxes to enter a show of hands for a choice poll, for people without a device."""
        if not isinstance(current.activity, ChoicePoll):
            return []
        saved = self.service.hand_counts(current)
        boxes = {
            o.id: w.BoundedIntText(value=saved.get(o.id, 0), min=0, max=10_000, description=o.label)
            for o in current.activity.options
        }
        save = self._button(
            "Save hand counts",
            lambda sid: self.service.set_hand_counts(sid, {key: box.value for key, box in boxes.items()}),
        )
        return [
            w.HTML('<summary class="pw-label">Show of hands (people without a device)</summary>'),
            *boxes.values(),
            save,
        ]

    def refresh(self) -> None:
        view = self.view = self.service.view(self.session_id)
        current = view.current_activity
        a = current.activity
        if self.hands_for != current.id:  # rebuilt on a new activity only, so typing is never undone
            self.hands_for = current.id
            swap(self.hands, self.hand_counts(current))
        if view.options.get("awareness_check"):
            counts = self.service.awareness_counts(self.session_id)
            self.awareness.value = (
                '<p class="pw-awareness">Done Prevent awareness training: '
                + ", ".join(f"{label.lower()} <strong>{counts[key]}</strong>" for key, label in AWARENESS.items())
                + "</p>"
            )
        self.join.value = join_html(view, self.settings.participant_url)
        self.sheet.value = run_sheet_html(view, self.service.seconds_used(self.session_id))
        self.cases.refresh(view)
        self.timer.ends_at = view.timer_ends_at
        self.heading.value = (
            f'<p class="pw-step">Activity {current.position + 1} of {len(view.activities)} · '
            f'<span class="pw-badge pw-{current.state}">{STATE_LABELS[current.state]}</span></p>'
            f'<h2 class="pw-prompt">{esc(a.title)}: {esc(a.prompt)}</h2>'
        )
        self.notes.value = (
            f'<details class="pw-notes" open><summary>Facilitator notes</summary><p>{esc(a.notes)}</p></details>'
            if a.notes
            else ""
        )
        results = self.service.results(current)
        self.results.value = results_html(results, show_correct=True)
        self.moderation.show(current, self.service.moderation_policy(view))
        self.questions.show(view)
        self.announcer.say(f"{results.responses} response{'s' * (results.responses != 1)}", "quiet")
        b = self.buttons
        b["Open poll"].disabled = current.state not in {"draft", "closed"}
        b["Close poll"].disabled = current.state != "open"
        b["Reveal results"].disabled = current.state not in {"open", "closed"}
        b["Previous activity"].disabled = view.current == 0
        b["Next activity"].disabled = view.current == len(view.activities) - 1
        if view.status != "running":
            n = self.service.certificates(self.session_id)
            when = view.options.get(DELETE_AFTER)
            deletion = f" Its answers will be deleted on {datetime.fromisoformat(when):%d %B %Y}." if when else ""
            self.status.say(f"This session has ended. Certificates downloaded: {n}.{deletion}")
            self.confirm.layout.display = "none"
            for button in b.values():
                button.disabled = True
            self.feed.stop()


def facilitator_console(settings: Settings | None = None) -> w.Widget:
    """The console for the configured session, or a clear message when there is none."""
    return staff_view(FacilitatorConsole, settings)

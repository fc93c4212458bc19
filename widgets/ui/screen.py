"""The projector screen: what the room sees. Join details always, the question, results only
once revealed. No controls: it follows the facilitator's console through the change feed."""

from __future__ import annotations

import ipywidgets as w

from widgets.live import LiveService, SessionView
from widgets.live.codes import display_code
from widgets.settings import Settings
from widgets.ui.browser import Countdown
from widgets.ui.questions import screen_question_html
from widgets.ui.render import esc, explanation_html, qr_svg, results_html
from widgets.ui.staff import staff_view


def corner_html(view: SessionView, participant_url: str) -> str:
    link = f"{participant_url.rstrip('/')}/?join={view.code}"
    return (
        f'<div class="pw-screen-join"><div class="pw-screen-qr">{qr_svg(link)}</div>'
        f"<p>Join at <strong>{esc(participant_url)}</strong></p>"
        f'<p class="pw-screen-code">{esc(display_code(view.code))}</p>'
        f"<p>{view.participants} joined</p></div>"
    )


def stage_html(service: LiveService, view: SessionView) -> str:
    """The current question, and its results only when the facilitator has revealed them."""
    if view.status != "running":
        return '<h1 class="pw-screen-prompt">Thank you for taking part.</h1>'
    current = view.current_activity
    a = current.activity
    body = ""
    if current.state == "revealed":
        body = results_html(service.results(current), show_correct=True) + explanation_html(a)
    elif current.state == "open":
        n = service.results(current).responses
        body = f'<p class="pw-screen-count">{n} answer{"s" * (n != 1)} so far</p>'
    elif current.state == "closed":
        body = '<p class="pw-screen-count">Voting has closed.</p>'
    return (
        f'<p class="pw-step">Activity {current.position + 1} of {len(view.activities)}</p>'
        f'<h1 class="pw-screen-prompt">{esc(a.prompt)}</h1>{body}'
    )


class ProjectorScreen(w.VBox):
    def __init__(self, service: LiveService, session_id: int, settings: Settings):
        self.service = service
        self.session_id = session_id
        self.settings = settings
        self.corner = w.HTML()
        self.stage = w.HTML()
        self.question = w.HTML()  # a question from the room, when the facilitator puts one up
        self.timer = Countdown()
        super().__init__([self.corner, self.timer, self.question, self.stage])
        self.add_class("pw-app")
        self.add_class("pw-screen")
        self.feed = service.follow(session_id, self.refresh, settings)

    def refresh(self) -> None:
        view = self.service.view(self.session_id)
        self.corner.value = corner_html(view, self.settings.participant_url)
        self.stage.value = stage_html(self.service, view)
        up = self.service.question_on_screen(self.session_id) if view.status == "running" else None
        self.question.value = screen_question_html(up)
        self.timer.ends_at = view.timer_ends_at
        if view.status != "running":
            self.feed.stop()


def projector_screen(settings: Settings | None = None) -> w.Widget:
    return staff_view(ProjectorScreen, settings)

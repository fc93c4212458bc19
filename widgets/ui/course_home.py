"""The self-paced course's home page: what the course is, the check on awareness training, the
modules with the learner's progress and a link to carry on, then the evaluation and the certificate.

Progress is read from the learner's answers under their browser key (live/progress.py), so a
learner who comes back on the same browser finds the page as they left it. Modules are named by
their titles and reached by the server's routes (module/1 …), never by a notebook's file name.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import ipywidgets as w

from widgets.content import Plan
from widgets.content.course import CoursePart, course_minutes, course_parts, course_title
from widgets.live import JoinRefused, LiveService, Unavailable
from widgets.live.progress import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    PartProgress,
    answered_activities,
    continue_to,
    progress,
)
from widgets.settings import Settings
from widgets.ui.browser import BrowserIdentity
from widgets.ui.certificate import OUTCOMES, Certificate
from widgets.ui.checkin import TRAINING_URL, AwarenessCheck
from widgets.ui.course import course_plan
from widgets.ui.render import esc, local_area

EVALUATION = "evaluation"  # the activity id of the course evaluation


def about_html(parts: list[CoursePart]) -> str:
    outcomes = "".join(f"<li>{esc(o)}</li>" for o in OUTCOMES)
    return (
        f"<h2>What you will learn</h2><p>By the end of the course you should be able to:</p><ol>{outcomes}</ol>"
        f"<h2>How long it takes</h2><p>About {course_minutes(parts)} minutes in all, in {len(parts)} parts. "
        "You can stop at any point and come back later on the same browser: your place is kept.</p>"
        "<h2>Before you start</h2><p>We advise you to do a Prevent awareness course first: this course builds "
        f'on it. You can take it free online: <a href="{TRAINING_URL}" target="_blank" rel="noopener">'
        "Prevent duty training on GOV.UK</a>.</p>"
    )


def _status(p: PartProgress | None) -> str:
    if p is None:
        return ""
    text = f"{IN_PROGRESS}: {p.answered} of {p.total} activities done" if p.status == IN_PROGRESS else p.status
    return f'<span class="pw-progress pw-progress-{p.status.lower().replace(" ", "-")}">{esc(text)}</span>'


def modules_html(parts: list[CoursePart], done: list[PartProgress] | None = None) -> str:
    """The course's parts by title, each with its minutes and (once the browser is known) progress."""
    rows = []
    for i, part in enumerate(parts):
        status = _status(done[i]) if done else ""
        rows.append(
            f'<li class="pw-module"><a href="{part.route}">{esc(part.title)}</a>'
            f'<span class="pw-module-meta">{part.minutes} minutes{" · " if status else ""}{status}</span></li>'
        )
    return f'<h2>The course</h2><ol class="pw-modules">{"".join(rows)}</ol>'


def continue_html(done: list[PartProgress]) -> str:
    """The way on: "Start the course" for a newcomer, "Continue" where they left off, or the certificate."""
    target = continue_to(done)
    if target is None:
        return (
            '<p class="pw-lead"><strong>You have finished every part of the course.</strong> '
            "Your certificate is below.</p>"
        )
    label = "Start the course" if all(p.status == NOT_STARTED for p in done) else "Continue"
    return (
        f'<p class="pw-next">Next: <strong>{esc(target.part.title)}</strong></p>'
        f'<p class="pw-continue-row"><a class="pw-continue" href="{target.part.route}">{label}</a></p>'
    )


def ending_html(done: list[PartProgress], answered: set[tuple[str, str]]) -> str:
    """Whether the evaluation is done and where it is; the certificate follows once every part is done."""
    html = "<h2>Evaluation and certificate</h2>"
    for p in done:
        evaluations = [a for a in p.part.activities if a[1] == EVALUATION]
        if evaluations:
            state = "done" if evaluations[0] in answered else "not done yet"
            html += (
                f"<p>The evaluation is <strong>{state}</strong>. It is in "
                f'<a href="{p.part.route}">{esc(p.part.title)}</a>: how confident you were before the course and '
                "are now, and what you will do differently.</p>"
            )
    finished = sum(p.status == DONE for p in done)
    if finished < len(done):
        html += (
            "<p>Your completion certificate appears here when you have finished every part "
            f"({finished} of {len(done)} done so far).</p>"
        )
    return html


class CourseHome(w.VBox):
    def __init__(self, service: LiveService, parts: list[CoursePart], plans: dict[str, Plan], settings: Settings):
        self.service, self.parts, self.plans, self.settings = service, parts, plans, settings
        self.identity = BrowserIdentity()
        self.check = w.VBox()
        self.way_on = w.HTML()
        self.modules = w.HTML(modules_html(parts))
        self.ending = w.VBox()
        super().__init__([self.identity, w.HTML(about_html(parts)), self.check, self.way_on, self.modules, self.ending])
        self.add_class("pw-app")
        self.add_class("pw-course-home")
        self.identity.observe(self.start, names="key")

    def start(self, _change=None) -> None:
        """The browser's key has arrived: show this learner's progress and the way on."""
        try:
            self._show(self.identity.key)
        except (Unavailable, JoinRefused):
            self.way_on.value = '<p class="pw-lead">The course server is busy. Please reload the page.</p>'

    def _show(self, key: str) -> None:
        answered = answered_activities(self.service, self.plans, key)
        done = progress(self.parts, answered)
        self.way_on.value = continue_html(done)
        self.modules.value = modules_html(self.parts, done)
        ending: list[w.Widget] = [w.HTML(ending_html(done, answered))]
        if all(p.status == DONE for p in done):
            ending.append(self.certificate())
        self.ending.children = ending
        plan = next(iter(self.plans.values()))
        who = self.service.join(self.service.self_paced_session(plan)["code"], key)
        if plan.awareness_check and self.service.awareness(who) is None:  # asked once, as on joining live
            check = AwarenessCheck(
                lambda answer: self.service.record_awareness(who, answer), self.checked, what="course"
            )
            self.check.children = [check]

    def checked(self) -> None:
        self.check.children = []

    def certificate(self) -> Certificate:
        """As at the end of a live session; dated the day it is made, and counted, never named."""
        plan = next(iter(self.plans.values()))
        session = self.service.self_paced_session(plan)
        area = local_area(self.settings)
        today = date.today()
        return Certificate(
            on_download=lambda: self.service.record_certificate(session["id"]),
            course=course_title(),
            date=f"{today.day} {today:%B %Y}",
            duration=f"about {course_minutes(self.parts)} minutes",
            area=area.area if area else "",
            organisation=plan.organisation or "",
        )


@cache
def _parts() -> tuple[CoursePart, ...]:
    return tuple(course_parts())


def course_home(settings: Settings | None = None) -> CourseHome:
    """For the course home notebook: `course_home()`."""
    settings = settings or Settings()
    parts = list(_parts())
    plans = {plan_id: course_plan(plan_id) for plan_id in dict.fromkeys(a[0] for p in parts for a in p.activities)}
    return CourseHome(LiveService.from_settings(settings), parts, plans, settings)

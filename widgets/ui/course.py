"""Self-paced course: one activity in a course notebook, answered alone, with feedback at once.

There is no facilitator. All self-paced learners of a plan share one standing session in which
every activity is open; each learner is a participant there (the same browser key as live), so
their answers and progress are kept across reloads like any other response.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import ipywidgets as w

from widgets.content import Plan, load_plan
from widgets.content.models import ChoicePoll
from widgets.content.scenario import ScenarioActivity
from widgets.live import LiveService
from widgets.live.order import for_participant
from widgets.settings import Settings
from widgets.ui.answer import answer_input
from widgets.ui.browser import BrowserIdentity, StatusMessage
from widgets.ui.render import esc, explanation_html
from widgets.ui.saver import Saver
from widgets.ui.scenario import ScenarioPlayer

PLANS = Path(__file__).resolve().parents[2] / "scenarios" / "plans"


@cache
def course_plan(plan_id: str) -> Plan:
    return load_plan(PLANS / f"{plan_id}.yaml")


def verdict_html(activity, value) -> str:
    """Feedback for one learner's saved answer: right or not for quizzes, then the explanation."""
    html = ""
    if isinstance(activity, ChoicePoll) and activity.correct:
        chosen = set(value if isinstance(value, list) else [value])
        if chosen == set(activity.correct):
            html = '<p class="pw-feedback pw-right"><strong>✓ That\'s right.</strong></p>'
        else:
            answer = ", ".join(activity.option_label(c) for c in activity.correct)
            html = f'<p class="pw-feedback pw-wrong"><strong>Not quite.</strong> The answer is: {esc(answer)}.</p>'
    return html + explanation_html(activity)


class CourseActivity(w.VBox):
    def __init__(self, service: LiveService, plan: Plan, activity_id: str, settings: Settings):
        self.service = service
        self.plan = plan
        self.activity_id = activity_id
        self.settings = settings
        self.identity = BrowserIdentity()
        self.body = w.VBox()
        self.status = StatusMessage()
        super().__init__([self.identity, self.body, self.status])
        self.add_class("pw-app")
        self.add_class("pw-course-activity")
        self.identity.observe(self.start, names="key")

    def start(self, _change=None) -> None:
        session = self.service.self_paced_session(self.plan)
        who = self.service.join(session["code"], self.identity.key)
        state = next(a for a in self.service.view(session["id"]).activities if a.activity.id == self.activity_id)
        save = Saver(self.service, who, self.settings.answer_interval)
        saved = self.service.my_answer(who, state.id)
        a = state.activity
        mine = for_participant(a, who.participant_id, state.id)  # choices in this learner's own order
        prompt = w.HTML(f'<h3 class="pw-prompt">{esc(a.prompt)}</h3>')
        if isinstance(mine, ScenarioActivity):
            self.body.children = [prompt, ScenarioPlayer(mine.case, saved, save=lambda path: save(state.id, path))]
            return
        answer = answer_input(mine, heading=3)  # the question names its group of choices, shown once
        answer.value = saved
        feedback = w.HTML(verdict_html(a, saved) if saved is not None else "")
        button = w.Button(description="Submit answer")
        button.add_class("pw-primary")

        def submit(_b) -> None:
            value = answer.value
            problem = save(state.id, value)
            if problem:
                self.status.say(problem, "error")
                return
            self.status.say("Answer saved. You can come back and change it.", "success")
            if hasattr(answer, "after_saved"):
                answer.after_saved(value)
            feedback.value = verdict_html(a, value)

        button.on_click(submit)
        shown = [answer] if getattr(answer, "shows_prompt", False) else [prompt, answer]
        self.body.children = [*shown, button, feedback]


def course_activity(plan_id: str, activity_id: str, settings: Settings | None = None) -> CourseActivity:
    """For a course notebook: `course_activity("workshop-60", "sort-statements")`."""
    settings = settings or Settings()
    return CourseActivity(LiveService.from_settings(settings), course_plan(plan_id), activity_id, settings)

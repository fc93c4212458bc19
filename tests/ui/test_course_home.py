"""The course home: the modules by title with the learner's progress, the way on, the check on
awareness training once, and the certificate only when every part is done."""

from __future__ import annotations

import ipywidgets as w

from widgets.content.course import course_parts
from widgets.ui.certificate import Certificate
from widgets.ui.checkin import AwarenessCheck
from widgets.ui.course import CourseActivity, course_plan
from widgets.ui.course_home import CourseHome

KEY = "h" * 24
PLAN = course_plan("workshop-60")


def open_home(service, settings, parts=None, key=KEY) -> CourseHome:
    home = CourseHome(service, parts or course_parts(), {PLAN.id: PLAN}, settings)
    home.identity.key = key  # what the browser sends once the page has loaded
    return home


def answer(service, settings, activity_id, value, key=KEY) -> None:
    """As the learner does on the module's page: the answer, then "Submit answer"."""
    view = CourseActivity(service, PLAN, activity_id, settings)
    view.identity.key = key
    form = next(c for c in view.body.children if hasattr(c, "value") and not isinstance(c, w.HTML))
    form.value = value
    next(c for c in view.body.children if isinstance(c, w.Button)).click()
    assert "Answer saved" in view.status.text, view.status.text


def test_newcomer_sees_titles_minutes_and_a_start(service, settings):
    home = open_home(service, settings)
    assert "Module 1: Prevent in context</a>" in home.modules.value and "ipynb" not in home.modules.value
    assert home.modules.value.count("Not started") == 7 and '<a href="module/1">' in home.modules.value
    assert '<a class="pw-continue" href="welcome">Start the course' in home.way_on.value
    assert "0 of 7 done" in home.ending.children[0].value and len(home.ending.children) == 1
    assert isinstance(home.check.children[0], AwarenessCheck)


def test_progress_and_continue_after_part_of_module_1(service, settings):
    poll = next(a for a in PLAN.activities if a.id == "estimate-referrals")
    answer(service, settings, "estimate-referrals", poll.options[0].id)
    home = open_home(service, settings)
    assert "In progress: 1 of 2 activities done" in home.modules.value
    assert '<a class="pw-continue" href="module/1">Continue' in home.way_on.value
    other = open_home(service, settings, key="o" * 24)  # another browser is another learner
    assert "In progress" not in other.modules.value


def test_awareness_is_asked_once(service, settings):
    home = open_home(service, settings)
    check = home.check.children[0]
    check.children[1].children[1].click()  # "No": the summary and the way on
    assert "take part in this course" in check.children[0].value
    check.children[1].click()  # "Continue to the course"
    assert home.check.children == ()
    assert open_home(service, settings).check.children == ()  # back later: not asked again


def test_certificate_once_every_part_is_done(service, settings):
    parts = course_parts()[-1:]  # module 6 alone: its evaluation and the closing confidence question
    home = open_home(service, settings, parts)
    assert "The evaluation is <strong>not done yet</strong>" in home.ending.children[0].value
    assert not any(isinstance(c, Certificate) for c in home.ending.children)
    answer(service, settings, "confidence-end", 4)
    outcomes = next(a for a in PLAN.activities if a.id == "evaluation").outcomes
    every = {o.id: 3 for o in outcomes}
    answer(service, settings, "evaluation", {"before": every, "after": every, "rating": 4, "intentions": ""})
    home = open_home(service, settings, parts)
    assert "The evaluation is <strong>done</strong>" in home.ending.children[0].value
    certificate = home.ending.children[-1]
    assert isinstance(certificate, Certificate) and certificate.course == "Prevent Referrals: self-paced course"
    assert certificate.duration == "about 4 minutes" and "finished every part" in home.way_on.value

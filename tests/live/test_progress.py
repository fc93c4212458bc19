"""A self-paced learner's progress: counted from their answers under their browser key; "Continue"
goes where they left off."""

from __future__ import annotations

from widgets.content.course import CoursePart
from widgets.live.progress import DONE, IN_PROGRESS, NOT_STARTED, answered_activities, continue_to, progress

PARTS = [
    CoursePart(0, "00-w.ipynb", "Welcome", 3, (("p", "a"), ("p", "b"))),
    CoursePart(1, "01-m.ipynb", "Module 1", 4, (("p", "c"),)),
    CoursePart(2, "02-m.ipynb", "Module 2", 5, (("p", "d"), ("p", "e"))),
]


def where(answered: set) -> str | None:
    target = continue_to(progress(PARTS, answered))
    return target and target.part.route


def test_status_of_each_part():
    done = progress(PARTS, {("p", "a"), ("p", "c"), ("other-plan", "d")})
    assert [p.status for p in done] == [IN_PROGRESS, DONE, NOT_STARTED]
    assert (done[0].answered, done[0].total) == (1, 2)


def test_continue_goes_where_they_left_off():
    assert where(set()) == "welcome"  # a newcomer starts at the start
    assert where({("p", "c")}) == "module/2"  # skipped the welcome, finished module 1: on to module 2
    assert where({("p", "d")}) == "module/2"  # the furthest part touched is unfinished: back to it
    assert where({("p", "d"), ("p", "e")}) == "welcome"  # everything after is done: the first gap
    assert where({("p", x) for x in "abcde"}) is None  # all done: nowhere left, the certificate is next


def test_answers_are_read_under_the_browser_key(service, plan):
    session = service.self_paced_session(plan)
    who = service.join(session["code"], "k" * 24)
    first = service.view(session["id"]).activities[0]
    service.submit(who, first.id, 3 if first.activity.kind == "scale" else first.activity.options[0].id)
    assert answered_activities(service, {plan.id: plan}, "k" * 24) == {(plan.id, first.activity.id)}
    assert answered_activities(service, {plan.id: plan}, "n" * 24) == set()  # another browser: nothing yet
    assert service.view(session["id"]).participants == 2  # looking is joining, as a module page does

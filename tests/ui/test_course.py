"""Self-paced: one activity answered alone, feedback straight away, progress kept."""

import ipywidgets as w

from widgets.ui.course import CourseActivity
from widgets.ui.scenario import ScenarioPlayer


def open_activity(service, plan, activity_id, settings, key="s" * 24):
    view = CourseActivity(service, plan, activity_id, settings)
    view.identity.key = key  # what the browser sends once the page has loaded
    return view


def buttons(widget, name):
    found = [widget] if isinstance(widget, w.Button) and widget.description == name else []
    for child in getattr(widget, "children", ()):
        found += buttons(child, name)
    return found


def test_quiz_feedback_at_once_and_kept(service, plan, settings):
    view = open_activity(service, plan, "what-is-a-referral", settings)
    answer, submit, feedback = view.body.children  # the question is the legend of its choices
    assert "best describes a Prevent referral" in answer.control.legend and feedback.value == ""
    assert answer.control.heading == 3
    answer.value = "accusation"
    submit.click()
    assert "Not quite." in feedback.value and "early support" in feedback.value
    assert "Source: The definition is this course&#x27;s own summary" in feedback.value  # not credited to the guidance
    answer.value = "support"
    submit.click()
    assert "That's right" in feedback.value

    again = open_activity(service, plan, "what-is-a-referral", settings)  # a reload, days later
    assert again.body.children[0].value == "support" and "That's right" in again.body.children[2].value


def test_self_paced_learners_share_one_standing_session(service, plan, settings):
    open_activity(service, plan, "warm-up", settings, key="a" * 24)
    open_activity(service, plan, "one-word", settings, key="b" * 24)
    session = service.self_paced_session(plan)
    view = service.view(session["id"])
    assert view.self_paced and view.participants == 2
    assert {a.state for a in view.activities} == {"open"}
    assert service.staff_session() is None  # not a live workshop: the console does not pick it


def test_scenario_self_paced(service, exercise_plan, settings):
    view = open_activity(service, exercise_plan, "case", settings)
    player = view.body.children[1]
    assert isinstance(player, ScenarioPlayer)
    buttons(player, "Refer to Prevent now")[0].click()
    buttons(player, "Continue")[0].click()
    assert "Misinformed" in " ".join(c.value for c in player.children if isinstance(c, w.HTML))


def test_two_learners_starting_at_once_end_up_in_one_session(service, plan, monkeypatch):
    other = service.create_session(plan.model_copy(update={"id": "self-paced:" + plan.id}))  # the other kernel's
    real, looked = service.store.find_session_by_plan, []

    def find(plan_id):  # our kernel looked just before the other kernel's session was stored
        looked.append(plan_id)
        return None if len(looked) == 1 else real(plan_id)

    monkeypatch.setattr(service.store, "find_session_by_plan", find)
    assert service.self_paced_session(plan)["id"] == other["id"]
    ours = service.store.get_session(other["id"] + 1)
    assert ours["plan_id"] == "self-paced:demo" and ours["status"] == "ended"  # ours stood down

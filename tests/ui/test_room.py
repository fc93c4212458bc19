"""In the room: a show of hands for people without a device, and the check on joining."""

import ipywidgets as w
import pytest

from widgets.live import ActionRefused, AnswerRefused
from widgets.ui.checkin import AwarenessCheck


def test_hand_counts_merge_with_device_votes(console, service, session):
    sid = session["id"]
    service.next_activity(sid)  # a single-choice quiz
    console.refresh()
    boxes = [c for c in console.hands.children if isinstance(c, w.BoundedIntText)]
    assert [b.description for b in boxes][1].startswith("A way to get early support")
    service.open_poll(sid)
    who = service.join(session["code"], "d" * 24)
    service.submit(who, service.view(sid).current_activity.id, "support")
    boxes[1].value, boxes[0].value = 4, 2
    [save] = [c for c in console.hands.children if isinstance(c, w.Button)]
    save.click()
    results = service.results(service.view(sid).current_activity)
    assert results.responses == 7 and results.hands == 6
    assert dict(results.rows)["A way to get early support for someone who may be susceptible to radicalisation"] == 5
    assert "7 responses" in console.results.value and "Includes 6 by a show of hands" in console.results.value
    save.click()  # saving again replaces, never adds
    assert service.results(service.view(sid).current_activity).responses == 7


def test_hand_counts_only_for_choice_polls_and_checked(console, service, session):
    assert console.hands.children == ()  # the first activity is a scale
    with pytest.raises(ActionRefused):
        service.set_hand_counts(session["id"], {"1": 3})
    service.next_activity(session["id"])
    for bad in [{"nope": 1}, {"support": -1}, {"support": 2.5}, {"support": True}, ["support"]]:
        with pytest.raises(ActionRefused):
            service.set_hand_counts(session["id"], bad)


def test_awareness_asked_once_and_counted_without_names(service, settings, plan):
    session = service.create_session(plan.model_copy(update={"awareness_check": True}))
    from widgets.ui.participant import ParticipantApp

    app = ParticipantApp(service, settings)
    app.identity.join, app.identity.key = session["code"], "k" * 24
    assert app.activity_box.layout.display == "none"
    check = next(c for c in app.children if isinstance(c, AwarenessCheck))
    [no] = [b for b in check.children[1].children if b.description == "No"]
    no.click()
    assert "Home Office Prevent duty training: awareness course (GOV.UK)" in check.children[0].value
    assert "service.gov.uk/portal#awareness-course" in check.children[0].value  # the address its course list gives
    check.children[1].click()  # Continue to the workshop
    assert app.activity_box.layout.display is None
    assert service.awareness_counts(session["id"]) == {"yes": 0, "no": 1, "unsure": 0}

    again = ParticipantApp(service, settings)  # a reload: not asked twice
    again.identity.join, again.identity.key = session["code"], "k" * 24
    assert not any(isinstance(c, AwarenessCheck) for c in again.children)
    with pytest.raises(AnswerRefused):
        service.record_awareness(app.who, "maybe")


def test_not_asked_when_the_plan_does_not_ask(make_participant):
    app = make_participant()
    assert not any(isinstance(c, AwarenessCheck) for c in app.children)
    assert app.activity_box.layout.display is None

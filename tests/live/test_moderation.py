"""Moderation in the live service: what the room sees of free text under each policy."""

import pytest

from widgets.live import ActionRefused
from widgets.live.moderation import FreeText, policy, shown

OPEN_TEXT, SHORT_TEXT = 5, 4  # positions in the demo plan


def answered(service, session, position, texts):
    """Open activity `position` and have one participant per text answer it."""
    sid = session["id"]
    service.go_to(sid, position)
    service.open_poll(sid)
    state = service.view(sid).current_activity
    for n, text in enumerate(texts):
        service.submit(service.join(session["code"], f"moderation-{n:03d}-abcdefghij"), state.id, text)
    return state


def test_open_text_waits_for_approval_by_default(service, session):
    state = answered(service, session, OPEN_TEXT, ["first", "second <b>", "third"])
    results = service.results(state)
    assert (results.responses, results.texts) == (3, [])  # counted, not shown
    texts = service.free_texts(state)
    assert [(t.text, t.status) for t in texts] == [("first", None), ("second <b>", None), ("third", None)]
    assert service.moderate(session["id"], texts[:2], "approved") == 2
    service.moderate(session["id"], texts[1:2], "hidden")
    assert service.results(state).texts == ["first"]
    service.moderate(session["id"], service.free_texts(state), "approved")  # "Approve all"
    assert service.results(state).texts == ["third", "second <b>", "first"]  # newest first


def test_short_text_counts_only_what_the_room_may_see(service, session):
    state = answered(service, session, SHORT_TEXT, ["Early help", "early  help", "rude"])
    texts = service.free_texts(state)
    service.moderate(session["id"], [t for t in texts if t.text != "rude"], "approved")
    service.moderate(session["id"], [t for t in texts if t.text == "rude"], "hidden")
    results = service.results(state)
    assert results.rows == [("early help", 2)] and results.responses == 3


def test_a_plan_can_show_answers_unless_hidden(service, plan):
    session = service.create_session(plan.model_copy(update={"moderation": "show_unless_hidden"}))
    state = answered(service, session, OPEN_TEXT, ["kept", "taken down"])
    assert service.results(state).texts == ["taken down", "kept"]
    service.moderate(session["id"], [t for t in service.free_texts(state) if t.text == "taken down"], "hidden")
    assert service.results(state).texts == ["kept"]


def test_a_changed_answer_waits_again(service, session):
    state = answered(service, session, OPEN_TEXT, ["harmless"])
    service.moderate(session["id"], service.free_texts(state), "approved")
    who = service.join(session["code"], "moderation-000-abcdefghij")
    service.submit(who, state.id, "swapped in after approval")
    assert service.results(state).texts == []
    assert service.free_texts(state)[0].status is None


def test_refusals(service, session):
    state = answered(service, session, OPEN_TEXT, ["one"])
    with pytest.raises(ActionRefused):
        service.moderate(session["id"], service.free_texts(state), "deleted")
    with pytest.raises(ActionRefused):
        service.moderate(session["id"], [1, 2], "hidden")
    choice = service.view(session["id"]).activities[1]
    assert service.free_texts(choice) == []


def test_policy_and_shown():
    assert policy({}) == policy({"moderation": "nonsense"}) == "approve_first"
    assert shown("approved", "approve_first") and not shown(None, "approve_first")
    assert shown(None, "show_unless_hidden") and not shown("hidden", "show_unless_hidden")
    assert FreeText(1, "x", None, None).status is None

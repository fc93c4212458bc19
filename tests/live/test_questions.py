"""Questions from the room in the live service: asked, moderated, upvoted once, put on screen."""

import pytest

from widgets.live import ActionRefused, AnswerRefused
from widgets.live.questions import MOST_QUESTIONS, QUESTION_LIMIT


def people(service, session, n=3):
    return [service.join(session["code"], f"questions-{i:03d}-abcdefghij") for i in range(n)]


def test_a_question_waits_for_approval_then_the_room_sees_it(service, session):
    asker, other, _ = people(service, session)
    q = service.ask(asker, "  What if\x00 I am wrong?  ")
    assert q.text == "What if  I am wrong?" and q.status == "pending"
    assert [x.text for x in service.room_questions(asker)] == [q.text]  # the asker sees their own
    assert service.room_questions(other) == []
    with pytest.raises(AnswerRefused, match="not open for votes"):
        service.upvote(other, q.id)
    service.act_on_question(session["id"], q.id, "approve")
    assert [x.text for x in service.room_questions(other)] == [q.text]


def test_an_upvote_counts_once_per_person(service, session):
    asker, a, b = people(service, session)
    first = service.ask(asker, "First?")
    second = service.ask(asker, "Second?")
    for q in (first, second):
        service.act_on_question(session["id"], q.id, "approve")
    assert service.upvote(a, second.id) is True
    assert service.upvote(a, second.id) is False
    again = service.join(session["code"], "questions-001-abcdefghij")  # a reload: the same participant
    assert service.upvote(again, second.id) is False
    assert service.upvote(b, second.id) is True
    listed = service.questions(session["id"])
    assert [(x.text, x.votes) for x in listed] == [("Second?", 2), ("First?", 0)]  # most votes first
    mine = {x.text: x.voted for x in service.room_questions(a)}
    assert mine == {"Second?": True, "First?": False}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "type a question"),
        (42, "type a question"),
        (["a list"], "type a question"),
        ("   ", "type a question"),
        ("x" * (QUESTION_LIMIT + 1), f"{QUESTION_LIMIT} characters"),
        ("x" * 1_000_000, f"{QUESTION_LIMIT} characters"),
    ],
)
def test_bad_questions_are_refused(service, session, raw, message):
    (asker,) = people(service, session, 1)
    with pytest.raises(AnswerRefused, match=message):
        service.ask(asker, raw)
    assert service.questions(session["id"]) == []


def test_replays_and_floods_are_refused(service, session):
    (asker,) = people(service, session, 1)
    service.ask(asker, "Once")
    with pytest.raises(AnswerRefused, match="already sent"):
        service.ask(asker, "Once")
    for n in range(MOST_QUESTIONS - 1):
        service.ask(asker, f"More {n}")
    with pytest.raises(AnswerRefused, match=f"up to {MOST_QUESTIONS}"):
        service.ask(asker, "One too many")
    assert len(service.questions(session["id"])) == MOST_QUESTIONS


@pytest.mark.parametrize("bad", [True, "1", 1.0, None, 10**9])
def test_votes_for_no_such_question_are_refused(service, session, bad):
    (voter,) = people(service, session, 1)
    with pytest.raises(AnswerRefused):
        service.upvote(voter, bad)


def test_facilitator_actions_and_the_projector(service, session):
    sid = session["id"]
    asker, *_ = people(service, session)
    one, two = service.ask(asker, "One?"), service.ask(asker, "Two?")
    assert service.question_on_screen(sid) is None
    service.act_on_question(sid, one.id, "show")  # showing approves it
    assert service.question_on_screen(sid).text == "One?"
    service.act_on_question(sid, two.id, "show")
    assert service.question_on_screen(sid).text == "Two?"
    service.act_on_question(sid, two.id, "answered")
    service.act_on_question(sid, two.id, "hide")
    assert service.question_on_screen(sid) is None
    assert {x.text: (x.status, x.answered) for x in service.questions(sid)} == {
        "One?": ("approved", False),
        "Two?": ("hidden", True),
    }
    with pytest.raises(ActionRefused):
        service.act_on_question(sid, one.id, "delete")
    with pytest.raises(ActionRefused):
        service.act_on_question(sid, 999, "hide")


def test_questions_can_be_turned_off_and_end_with_the_session(service, plan):
    off = service.create_session(plan.model_copy(update={"questions": False}))
    (asker,) = people(service, off, 1)
    with pytest.raises(AnswerRefused, match="not taking questions"):
        service.ask(asker, "Anyone there?")
    on = service.create_session(plan)
    (asker,) = people(service, on, 1)
    service.end_session(on["id"])
    with pytest.raises(AnswerRefused, match="not taking questions"):
        service.ask(asker, "Too late?")


def test_shown_at_once_when_the_plan_says_so(service, plan):
    session = service.create_session(plan.model_copy(update={"moderation": "show_unless_hidden"}))
    asker, other = people(service, session, 2)
    q = service.ask(asker, "Seen at once?")
    assert [x.text for x in service.room_questions(other)] == ["Seen at once?"]
    assert service.upvote(other, q.id) is True

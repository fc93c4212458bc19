import pytest

from widgets.live import ActionRefused, AnswerRefused, JoinRefused

KEY = "k" * 24


def test_join_with_any_case_and_spacing(service, session):
    code = session["code"]
    a = service.join(code.lower(), KEY)
    b = service.join(f"{code[:3]} {code[3:]}", KEY)
    assert a == b  # a reload is the same participant
    assert service.view(session["id"]).participants == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "doesn't look like a join code"),
        ("hello!", "doesn't look like a join code"),
        ("ZZZZZZ", "No workshop has that code"),
    ],
)
def test_bad_codes_get_a_friendly_message(service, session, typed, message):
    with pytest.raises(JoinRefused, match=message):
        service.join(typed, KEY)


def test_bad_browser_key(service, session):
    with pytest.raises(JoinRefused, match="reload"):
        service.join(session["code"], "<bad key>")


def test_ended_session_cannot_be_joined(service, session):
    service.end_session(session["id"])
    with pytest.raises(JoinRefused, match="ended"):
        service.join(session["code"], KEY)


def test_state_machine(service, session):
    sid = session["id"]
    assert service.view(sid).current_activity.state == "draft"
    with pytest.raises(ActionRefused):
        service.close_poll(sid)
    service.open_poll(sid)
    with pytest.raises(ActionRefused):
        service.open_poll(sid)
    service.close_poll(sid)
    service.open_poll(sid)  # reopening is allowed
    service.reveal_results(sid)  # straight from open
    assert service.view(sid).current_activity.state == "revealed"
    with pytest.raises(ActionRefused):
        service.open_poll(sid)


def test_moving_between_activities(service, session):
    sid = session["id"]
    with pytest.raises(ActionRefused):
        service.previous_activity(sid)
    service.next_activity(sid)
    assert service.view(sid).current == 1
    service.previous_activity(sid)
    last = len(service.view(sid).activities) - 1
    service.go_to(sid, last)
    with pytest.raises(ActionRefused):
        service.next_activity(sid)


def test_vote_revote_and_results(service, session):
    sid = session["id"]
    alice, bob = service.join(session["code"], "a" * 24), service.join(session["code"], "b" * 24)
    current = service.view(sid).current_activity
    with pytest.raises(AnswerRefused, match="not open"):
        service.submit(alice, current.id, 3)
    service.open_poll(sid)
    service.submit(alice, current.id, 3)
    service.submit(alice, current.id, 5)  # changed their mind: counted once
    service.submit(bob, current.id, 4)
    current = service.view(sid).current_activity
    results = service.results(current)
    assert results.responses == 2 and results.mean == 4.5
    assert dict(results.rows)["5 – Very confident"] == 1
    assert service.my_answer(alice, current.id) == 5


def test_answers_only_to_the_current_open_activity(service, session):
    sid = session["id"]
    alice = service.join(session["code"], "a" * 24)
    acts = service.view(sid).activities
    service.open_poll(sid)
    for wrong in [acts[1].id, "1", None, 10**9, 10**12, -1]:
        with pytest.raises(AnswerRefused, match="moved on"):
            service.submit(alice, wrong, "support")
    service.close_poll(sid)
    with pytest.raises(AnswerRefused, match="not open"):
        service.submit(alice, acts[0].id, 3)
    service.end_session(sid)
    with pytest.raises(AnswerRefused, match="ended"):
        service.submit(alice, acts[0].id, 3)


def test_another_sessions_participant_cannot_vote_here(service, session, plan):
    other = service.create_session(plan)
    mallory = service.join(other["code"], "m" * 24)
    service.open_poll(session["id"])
    target = service.view(session["id"]).current_activity.id
    with pytest.raises(AnswerRefused):
        service.submit(mallory, target, 3)  # mallory's session's current activity differs
    assert service.results(service.view(session["id"]).current_activity).responses == 0


def test_timer(service, session):
    sid = session["id"]
    service.start_timer(sid, 120)
    assert service.view(sid).timer_ends_at is not None
    service.stop_timer(sid)
    assert service.view(sid).timer_ends_at is None
    with pytest.raises(ActionRefused):
        service.start_timer(sid, 0)


def test_staff_session(service, session, plan):
    assert service.staff_session()["id"] == session["id"]
    newer = service.create_session(plan)
    assert service.staff_session()["id"] == newer["id"]
    assert service.staff_session(session["code"].lower())["id"] == session["id"]
    assert service.staff_session("ZZZZZZ") is None


def test_time_used_per_activity_starts_at_the_first_poll(service, session):
    from datetime import UTC, timedelta

    sid = session["id"]
    service.next_activity(sid)  # moving before anything opens does not start the clock
    assert service.seconds_used(sid) == {}
    service.open_poll(sid)
    service.next_activity(sid)
    service.next_activity(sid)
    events = service.store.events_records(sid)
    opened = next(e["at"] for e in events if e["kind"] == "open")
    opened = opened if opened.tzinfo else opened.replace(tzinfo=UTC)
    later = opened + timedelta(minutes=5)
    used = service.seconds_used(sid, now=later)
    assert set(used) == {1, 2, 3} and used[3] > 290
    assert abs(sum(used.values()) - 300) < 0.01  # every second since the first poll, counted once


def test_a_self_paced_learner_answers_any_activity_of_their_course_and_no_other(service, session, plan):
    course = service.self_paced_session(plan)
    learner = service.join(course["code"], KEY)
    acts = service.view(course["id"]).activities
    service.submit(learner, acts[-1].id, "Ask a colleague")  # not the "current" one: no facilitator here
    assert service.my_answer(learner, acts[-1].id) == "Ask a colleague"
    elsewhere = service.view(session["id"]).activities[0].id  # the live session's
    for wrong in [elsewhere, True, "1", None]:
        with pytest.raises(AnswerRefused, match="not part of this course"):
            service.submit(learner, wrong, 4)

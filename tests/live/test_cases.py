"""Choosing a session's cases from the bank: the activities follow, answers and the room stay put."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.content import Plan, load_plan
from widgets.content.bank import case_bank
from widgets.content.scenario import ScenarioActivity
from widgets.live import ActionRefused

ROOT = Path(__file__).resolve().parents[2]
KEY = "c" * 24


@pytest.fixture(scope="module")
def bank():
    cases, problems = case_bank()
    assert problems == []
    return cases


@pytest.fixture
def plan(bank):
    """The demo plan's six polls with three cases of the bank among them, as a plan names defaults:
    warm-up, quiz, case, quiz, quiz, case, case, short text, open text."""
    demo = load_plan(ROOT / "scenarios" / "plans" / "demo.yaml")
    polls = [a.model_dump(mode="json") for a in demo.activities]
    first, second, third = (
        {"id": f"case-{n}", "kind": "scenario", "title": f"Case {n}", "prompt": "Play it.", "minutes": 5 + n, "case": c}
        for n, c in enumerate(list(bank.values())[:3])
    )
    activities = [*polls[:2], first, *polls[2:4], second, third, *polls[4:]]
    return Plan.model_validate({**demo.model_dump(mode="json"), "id": "with-cases", "activities": activities})


def cases_of(service, session_id) -> list[str]:
    return [a.activity.case.id for a in service.view(session_id).activities if isinstance(a.activity, ScenarioActivity)]


def keys(service, session_id) -> list[str]:
    return [a.activity.id for a in service.view(session_id).activities]


def test_the_bank_holds_every_case_file(bank):
    assert len(bank) == len(list((ROOT / "scenarios" / "cases").glob("*.yaml"))) == 9


def test_add_a_case_from_the_bank(service, session, plan, bank):
    sid = session["id"]
    planned = cases_of(service, sid)
    before = keys(service, sid)
    extra = next(c for c in bank if c not in planned)
    service.choose_cases(sid, [*planned, extra], bank)
    assert cases_of(service, sid) == [*planned, extra]
    after = service.view(sid)
    added = next(
        a for a in after.activities if isinstance(a.activity, ScenarioActivity) and a.activity.case.id == extra
    )
    last_planned = max(i for i, k in enumerate(before) if k.startswith("case-"))
    assert added.position == last_planned + 1  # straight after the plan's last case
    assert added.activity.minutes == bank[extra].minutes and added.state == "draft"
    assert added.activity.case == bank[extra]  # the whole case is kept with the session
    assert [a.activity.id for a in after.activities if a.activity.id != added.activity.id] == before
    assert [a.position for a in after.activities] == list(range(len(before) + 1))
    assert after.options["minutes"] == pytest.approx(plan.minutes + bank[extra].minutes)


@pytest.fixture
def session(service, plan):
    return service.create_session(plan)


def test_drop_a_default_case(service, session, plan, bank):
    sid = session["id"]
    planned = cases_of(service, sid)
    service.choose_cases(sid, planned[1:], bank)
    assert cases_of(service, sid) == planned[1:]
    assert len(service.view(sid).activities) == len(plan.activities) - 1
    assert service.view(sid).options["minutes"] == pytest.approx(
        plan.minutes - plan.activities[_at(plan, planned[0])].minutes
    )


def _at(plan, case_id) -> int:
    return next(i for i, a in enumerate(plan.activities) if isinstance(a, ScenarioActivity) and a.case.id == case_id)


def test_during_the_session_the_room_stays_on_its_activity_and_answers_stay(service, session, bank):
    sid = session["id"]
    a, b, c = cases_of(service, sid)
    service.go_to(sid, 7)  # the short-text poll, past every case; case b was skipped, never opened
    service.open_poll(sid)
    who = service.join(session["code"], KEY)
    here = service.view(sid).current_activity
    assert service.submit(who, here.id, "checked") == "checked"
    extra = next(x for x in bank if x not in (a, b, c))
    service.choose_cases(sid, [a, c, extra], bank)
    view = service.view(sid)
    assert view.current == 6 and view.current_activity.id == here.id and view.current_activity.state == "open"
    assert service.my_answer(who, here.id) == "checked"
    assert cases_of(service, sid) == [a, c, extra]
    assert view.activities[7].activity.id == f"case-{extra}"  # next, never behind the room


def test_a_case_that_has_been_opened_stays(service, session, plan, bank):
    sid = session["id"]
    planned = cases_of(service, sid)
    service.go_to(sid, _at(plan, planned[0]))
    service.open_poll(sid)
    service.next_activity(sid)
    with pytest.raises(ActionRefused, match="has been opened"):
        service.choose_cases(sid, planned[1:], bank)
    assert cases_of(service, sid) == planned


def test_the_case_the_room_is_on_cannot_be_dropped(service, session, plan, bank):
    sid = session["id"]
    planned = cases_of(service, sid)
    service.go_to(sid, _at(plan, planned[0]))
    with pytest.raises(ActionRefused, match="room is on"):
        service.choose_cases(sid, planned[1:], bank)


def test_unknown_cases_and_ended_sessions_are_refused(service, session, bank):
    sid = session["id"]
    with pytest.raises(ActionRefused, match="no case called"):
        service.choose_cases(sid, ["<script>"], bank)
    service.end_session(sid)
    with pytest.raises(ActionRefused, match="ended"):
        service.choose_cases(sid, list(bank), bank)


def test_a_plan_without_cases_gets_them_after_where_the_room_is(service, bank):
    demo = service.create_session(load_plan(ROOT / "scenarios" / "plans" / "demo.yaml"))
    sid = demo["id"]
    service.go_to(sid, 2)
    first, second = list(bank)[:2]
    service.choose_cases(sid, [second, first], bank)
    view = service.view(sid)
    assert [a.activity.id for a in view.activities[3:5]] == [f"case-{second}", f"case-{first}"]
    assert view.current == 2
    assert view.activities[3].activity.prompt.startswith("Work through the case")


def test_the_run_sheet_clock_follows_moved_activities(service, session, bank):
    sid = session["id"]
    service.open_poll(sid)  # the clock starts on the warm-up
    service.next_activity(sid)
    service.go_to(sid, 3)  # past the first case, never opened
    assert set(service.seconds_used(sid)) == {0, 1, 3}
    _first, b, c = cases_of(service, sid)
    service.choose_cases(sid, [b, c], bank)  # the case at 2 goes: the room's activity is now at 2
    assert set(service.seconds_used(sid)) == {0, 1, 2}
    assert service.view(sid).current == 2

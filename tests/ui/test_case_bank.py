"""The case bank on the console, driven without a browser: tick, "Use these cases", run sheet."""

from widgets.content.bank import case_bank
from widgets.content.scenario import ScenarioActivity
from widgets.ui.casebank import case_label


def labels(console) -> dict[str, str]:
    return {key: label for label, key in console.cases.choice.options}


def test_every_case_is_offered_with_its_minutes(console):
    bank, _ = case_bank()
    offered = labels(console)
    assert list(offered) == list(bank)  # all nine, in file order
    assert console.cases.choice.value == []  # the demo plan has no case
    assert offered["gp-angry-patient"] == case_label(bank["gp-angry-patient"], bank["gp-angry-patient"].minutes)
    assert offered["gp-angry-patient"].endswith(f"{bank['gp-angry-patient'].minutes:g} min)")
    assert "GP surgery" in offered["gp-angry-patient"]


def test_choose_cases_and_the_session_follows(console, service, session):
    bank, _ = case_bank()
    first, second = list(bank)[:2]
    console.cases.choice.value = [second, first]  # the page sends ticks in any order
    console.cases.use.click()
    assert console.cases.status.tone == "success" and "2 cases" in console.cases.status.text
    view = service.view(session["id"])
    running = [a.activity for a in view.activities if isinstance(a.activity, ScenarioActivity)]
    assert [a.case.id for a in running] == [first, second]  # in the bank's order
    assert f"Case: {bank[first].title}" in console.sheet.value  # the run sheet shows the new cases…
    assert f"{bank[first].minutes:g} min" in console.sheet.value  # …with their planned minutes
    assert console.cases.choice.value == [first, second]  # ticked as the session now runs them
    assert "Activity 1 of 8" in console.heading.value

    console.cases.choice.value = [first]
    console.cases.use.click()
    assert [a.activity.case.id for a in service.view(session["id"]).activities if a.activity.kind == "scenario"] == [
        first
    ]


def test_a_refusal_is_explained_and_the_ticks_stay(console, service, session):
    bank, _ = case_bank()
    first = next(iter(bank))
    console.cases.choice.value = [first]
    console.cases.use.click()
    service.go_to(session["id"], 1)  # the case came straight after the warm-up: the room is on it now
    console.feed.poll_once()
    console.cases.choice.value = []
    console.cases.use.click()
    assert console.cases.status.tone == "error" and "room is on" in console.cases.status.text
    assert console.cases.choice.value == []  # what the facilitator ticked is not undone
    assert service.view(session["id"]).activities[1].activity.kind == "scenario"


def test_a_case_the_plan_names_is_ticked(service, settings, exercise_plan):
    from widgets.ui.console import FacilitatorConsole

    session = service.create_session(exercise_plan)  # its case is inline, not in the bank
    console = FacilitatorConsole(service, session["id"], settings)
    assert console.cases.choice.value == ["c"]
    assert "Jo's new friends" in labels(console)["c"]


def test_a_participant_mid_answer_keeps_it_and_sees_the_new_count(console, service, session, make_participant):
    service.open_poll(session["id"])
    app = make_participant()
    answer = app.answer
    answer.value = 3  # chosen, not yet submitted
    console.cases.choice.value = [next(iter(case_bank()[0]))]
    console.cases.use.click()
    app.refresh()  # what the feed does on the next tick
    assert "Activity 1 of 7" in app.lead.value
    assert app.answer is answer and app.answer.value == 3  # not redrawn: the choice is still there

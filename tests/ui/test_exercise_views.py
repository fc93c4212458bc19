"""Sorting, ranking and scenarios on the participant's page, driven without a browser."""

import ipywidgets as w
import pytest

from widgets.ui.answer import RankingInput, SortingInput
from widgets.ui.scenario import ScenarioPlayer


@pytest.fixture
def session(service, exercise_plan):
    return service.create_session(exercise_plan)


def find(widget, cls, name=None):
    """Every widget of a class (and description) in the tree, in order."""
    found = [widget] if isinstance(widget, cls) and (name is None or widget.description == name) else []
    for child in getattr(widget, "children", ()):
        found += find(child, cls, name)
    return found


def html(widget) -> str:
    return " ".join(h.value for h in find(widget, w.HTML))


def submit(app):
    find(app, w.Button, "Submit answer")[0].click()


def test_sorting_by_tapping_then_feedback(make_participant, service, session):
    service.open_poll(session["id"])
    app = make_participant()
    sorting = find(app, SortingInput)[0]
    sorting.radios[0].value = "assumption"  # wrong: it is an assertion
    submit(app)
    assert app.status.tone == "error" and "every statement" in app.status.text
    sorting.radios[1].value = "alternative"
    submit(app)
    assert app.status.tone == "success"
    assert "Not quite: this is assertion" in sorting.feedback[0].value and "✓ Right" in sorting.feedback[1].value
    results = service.results(service.view(session["id"]).current_activity)
    assert dict(results.groups[0].rows)["Assumption"] == 1


def test_ranking_with_move_buttons(make_participant, service, session):
    service.go_to(session["id"], 1)
    service.open_poll(session["id"])
    app = make_participant()
    ranking = find(app, RankingInput)[0]
    assert find(ranking, w.Button, "Move up")[0].disabled  # the first row cannot go higher
    find(ranking, w.Button, "Move down")[0].click()  # DSL below police
    find(ranking, w.Button, "Move up")[2].click()  # colleague above DSL
    assert ranking.value == ["police", "colleague", "dsl"]
    assert "<strong>1.</strong> The police" in ranking.labels[0].value
    submit(app)
    assert app.status.tone == "success"
    assert service.my_answer(app.who, service.view(session["id"]).current_activity.id) == ["police", "colleague", "dsl"]


def test_scenario_played_to_an_end_and_resumed(make_participant, service, session):
    service.go_to(session["id"], 2)
    service.open_poll(session["id"])
    app = make_participant()
    player = find(app, ScenarioPlayer)[0]
    assert "Jo has stopped talking" in html(player)
    find(player, w.Button, "Talk to Jo")[0].click()
    assert "A kind first step." in html(player)
    find(player, w.Button, "Continue")[0].click()
    assert "grandad died" in html(player)  # a gather-more-information step
    find(player, w.Button, "Continue")[0].click()
    find(player, w.Button, "Speak to the DSL")[0].click()
    find(player, w.Button, "Continue")[0].click()
    assert "Another safeguarding route, not Prevent" in html(player) and "Grief" in html(player)
    aid = service.view(session["id"]).current_activity.id
    assert service.my_answer(app.who, aid) == [["notice", "talk"], ["decide", "dsl"]]

    again = make_participant()  # a reload resumes at the end of the path
    assert "Grief" in html(find(again, ScenarioPlayer)[0])
    find(again, w.Button, "Play again")[0].click()
    assert "Jo has stopped talking" in html(find(again, ScenarioPlayer)[0])


def test_scenario_choice_after_close_is_refused_in_place(make_participant, service, session):
    service.go_to(session["id"], 2)
    service.open_poll(session["id"])
    app = make_participant()
    player = find(app, ScenarioPlayer)[0]
    service.close_poll(session["id"])  # the page has not redrawn yet
    find(player, w.Button, "Talk to Jo")[0].click()
    assert "not open" in player.error.value
    assert find(player, w.Button, "Talk to Jo")  # the choices stay in place


def test_results_after_reveal(make_participant, service, session):
    service.go_to(session["id"], 2)
    service.open_poll(session["id"])
    app = make_participant()
    find(find(app, ScenarioPlayer)[0], w.Button, "Refer to Prevent now")[0].click()
    service.reveal_results(session["id"])
    app.refresh()
    page = html(app.activity_box)
    assert "Jo has stopped talking" in page and "Where people ended up" in page
    assert "The best route in this case: <strong>Another safeguarding route, not Prevent" in page


def test_a_second_tap_on_a_step_already_taken_is_ignored(make_participant, service, session):
    service.go_to(session["id"], 2)
    service.open_poll(session["id"])
    app = make_participant()
    player = find(app, ScenarioPlayer)[0]
    talk, refer = find(player, w.Button, "Talk to Jo")[0], find(player, w.Button, "Refer to Prevent now")[0]
    talk.click()
    refer.click()  # the old button, tapped again before the page redrew
    assert player.error.value == ""
    aid = service.view(session["id"]).current_activity.id
    assert service.my_answer(app.who, aid) == [["notice", "talk"]]


def test_ranking_buttons_say_which_option_they_move(make_participant, service, session):
    service.go_to(session["id"], 1)
    service.open_poll(session["id"])
    ranking = find(make_participant(), RankingInput)[0]
    assert [up.tooltip for up, _ in ranking.moves] == ["Move Your DSL up", "Move The police up", "Move A colleague up"]
    find(ranking, w.Button, "Move up")[2].click()
    assert ranking.moves[1][1].tooltip == "Move A colleague down"

"""The evaluation form in the participant page: filled in, saved, shown again after a reload."""

import pytest

from widgets.content import Plan
from widgets.content.evaluation import LEARNING_OUTCOMES
from widgets.ui.evaluation import EvaluationInput
from widgets.ui.participant import ParticipantApp

PLAN = Plan.model_validate(
    {
        "schema_version": 1,
        "id": "evaluation-only",
        "title": "Evaluation",
        "activities": [{"id": "evaluation", "kind": "evaluation", "title": "Evaluation", "prompt": "Looking back"}],
    }
)


@pytest.fixture
def open_evaluation(service):
    session = service.create_session(PLAN)
    service.open_poll(session["id"])
    return session


def participant(service, settings, session, key="k" * 24) -> ParticipantApp:
    app = ParticipantApp(service, settings)
    app.identity.join = session["code"]
    app.identity.key = key
    return app


def submit_button(app):
    return next(c for c in app.activity_box.children if getattr(c, "description", "") == "Submit answer")


def test_a_filled_form_is_saved_and_shown_again(service, settings, open_evaluation):
    app = participant(service, settings, open_evaluation)
    form = app.answer
    assert isinstance(form, EvaluationInput)
    for groups in form.groups.values():
        groups["before"].selected, groups["after"].selected = 2, 4
    form.rating.selected = 5
    form.intentions.value = "<b>Check</b> with the DSL"
    submit_button(app).click()
    assert app.status.tone == "success", app.status.text
    state = service.view(open_evaluation["id"]).current_activity
    stored = service.store.response_values(state.id)
    ids = [o.id for o in LEARNING_OUTCOMES]
    assert stored == [
        {
            "before": dict.fromkeys(ids, 2),
            "after": dict.fromkeys(ids, 4),
            "rating": 5,
            "intentions": "<b>Check</b> with the DSL",
        }
    ]
    again = participant(service, settings, open_evaluation)  # a reload: the same browser key
    assert again.answer.value == stored[0]


def test_a_half_filled_form_says_what_is_missing(service, settings, open_evaluation):
    app = participant(service, settings, open_evaluation)
    first = next(iter(app.answer.groups.values()))
    first["before"].selected = 3
    submit_button(app).click()
    assert app.status.tone == "error" and "Before the course" in app.status.text
    state = service.view(open_evaluation["id"]).current_activity
    assert service.store.response_values(state.id) == []

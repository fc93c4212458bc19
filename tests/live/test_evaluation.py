"""The course evaluation: the model, what the kernel accepts from a browser, and the room's tally."""

import pytest
from pydantic import ValidationError

from widgets.content import load_plan
from widgets.content.evaluation import LEARNING_OUTCOMES
from widgets.content.models import activity_adapter
from widgets.live import AnswerRefused, validate_answer
from widgets.live.results import tally
from widgets.ui.render import results_html

EVALUATION = activity_adapter.validate_python(
    {"id": "evaluation", "kind": "evaluation", "title": "Evaluation", "prompt": "Looking back"}
)
IDS = [o.id for o in LEARNING_OUTCOMES]


def form(before=2, after=4, rating=5, intentions="Talk to my DSL first."):
    return {
        "before": dict.fromkeys(IDS, before),
        "after": dict.fromkeys(IDS, after),
        "rating": rating,
        "intentions": intentions,
    }


def test_the_four_learning_outcomes_are_the_default():
    assert [o.id for o in EVALUATION.outcomes] == ["referral", "distinguish", "gather", "suitable"]
    assert EVALUATION.outcome_text("gather").startswith("Gather information")


def test_outcome_ids_must_be_unique():
    with pytest.raises(ValidationError, match="duplicate outcome ids: a"):
        activity_adapter.validate_python(
            {
                "id": "e",
                "kind": "evaluation",
                "title": "E",
                "prompt": "?",
                "outcomes": [{"id": "a", "text": "One"}, {"id": "a", "text": "Two"}],
            }
        )


def test_the_shipped_workshops_end_with_the_evaluation():
    for name in ("workshop-60", "workshop-30"):
        plan = load_plan(f"scenarios/plans/{name}.yaml")
        assert plan.activities[-1].kind == "evaluation"


def test_a_complete_form_is_stored_in_shape():
    stored = validate_answer(EVALUATION, form(intentions="  Check\r\nfirst\x00 "))
    assert stored["before"] == dict.fromkeys(IDS, 2)
    assert stored["after"] == dict.fromkeys(IDS, 4)
    assert stored["rating"] == 5
    assert stored["intentions"] == "Check\nfirst"


def test_rating_and_intentions_may_be_left_out():
    raw = form()
    del raw["intentions"]
    raw["rating"] = None
    assert validate_answer(EVALUATION, raw) == {**form(rating=None), "intentions": ""}


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "4",
        [],
        {**form(), "admin": True},  # a key the form does not have
        {**form(), "before": {**dict.fromkeys(IDS, 2), "other": 3}},  # an outcome that does not exist
        {**form(), "before": dict.fromkeys(IDS[:3], 2)},  # an outcome left out: cannot be paired
        form(before=0),
        form(after=6),
        form(after=True),  # bool is an int in Python: refused all the same
        form(after="5"),
        form(rating=9),
        form(intentions=["a"]),
        form(intentions="x" * 1_000_000),
    ],
)
def test_hostile_or_incomplete_forms_are_refused(raw):
    with pytest.raises(AnswerRefused):
        validate_answer(EVALUATION, raw)


def test_the_missing_answer_is_named():
    raw = form()
    raw["after"] = {**raw["after"], "gather": None}
    with pytest.raises(AnswerRefused, match="under 'Now'"):
        validate_answer(EVALUATION, raw)


def test_tally_shows_average_before_and_now_and_never_the_free_text():
    results = tally(EVALUATION, [form(1, 3, 4, "<script>x</script>"), form(2, 5, 5), "not a form"])
    assert results.responses == 2
    assert results.changes[0] == (LEARNING_OUTCOMES[0].text, 1.5, 4.0)
    assert results.mean == 4.5
    html = results_html(results, show_correct=True)
    assert "+2.5" in html and "script" not in html


def test_tally_of_no_answers_is_empty():
    results = tally(EVALUATION, [])
    assert results.responses == 0 and results.changes == [] and results.mean is None
    assert "No answers yet" in results_html(results, show_correct=False)

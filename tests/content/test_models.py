import pytest
from pydantic import ValidationError

from widgets.content import ChoicePoll, Plan, ScalePoll, TextPoll
from widgets.content.models import activity_adapter


def choice(**over):
    data = {
        "id": "q",
        "kind": "single_choice",
        "title": "Q",
        "prompt": "Pick one",
        "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
    }
    data.update(over)
    return activity_adapter.validate_python(data)


def test_kind_picks_the_model():
    assert isinstance(choice(), ChoicePoll)
    scale = activity_adapter.validate_python(
        {"id": "s", "kind": "scale", "title": "S", "prompt": "?", "min_label": "low", "max_label": "high"}
    )
    assert isinstance(scale, ScalePoll) and (scale.min, scale.max) == (1, 5)
    text = activity_adapter.validate_python({"id": "t", "kind": "short_text", "title": "T", "prompt": "?"})
    assert isinstance(text, TextPoll) and text.limit == 60


def test_unknown_key_is_an_error():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        choice(colour="red")


def test_choice_poll_needs_two_options():
    with pytest.raises(ValidationError, match="at least 2"):
        choice(options=[{"id": "a", "label": "A"}])


def test_correct_must_name_an_option():
    with pytest.raises(ValidationError, match="do not exist: z"):
        choice(correct=["z"])


def test_single_choice_has_one_correct_answer():
    with pytest.raises(ValidationError, match="at most one correct"):
        choice(correct=["a", "b"])


def test_duplicate_option_ids():
    with pytest.raises(ValidationError, match="duplicate option ids: a"):
        choice(options=[{"id": "a", "label": "A"}, {"id": "a", "label": "B"}])


def test_scale_max_above_min():
    with pytest.raises(ValidationError, match="max must be greater"):
        activity_adapter.validate_python(
            {
                "id": "s",
                "kind": "scale",
                "title": "S",
                "prompt": "?",
                "min": 3,
                "max": 3,
                "min_label": "a",
                "max_label": "b",
            }
        )


def test_plan_rejects_duplicate_activity_ids(plan):
    data = plan.model_dump(mode="json")
    data["activities"].append(data["activities"][0])
    with pytest.raises(ValidationError, match="duplicate activity ids: warm-up"):
        Plan.model_validate(data)


def test_every_field_is_documented():
    """Field descriptions feed the authoring guide, so none may be missing."""
    from widgets.content.base import Option
    from widgets.content.exercises import Statement
    from widgets.content.local import Contact, Link, LocalArea
    from widgets.content.models import ACTIVITY_MODELS
    from widgets.content.scenario import Case, Choice, Node

    for model in [Plan, Option, *ACTIVITY_MODELS, Statement, Case, Node, Choice, LocalArea, Contact, Link]:
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"

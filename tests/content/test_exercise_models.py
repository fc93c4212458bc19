import pytest
from pydantic import ValidationError

from widgets.content.local import NATIONAL_CONTACTS, LocalArea
from widgets.content.models import activity_adapter

CATEGORIES = [{"id": "assumption", "label": "Assumption"}, {"id": "assertion", "label": "Assertion"}]


def sorting(**over):
    data = {
        "id": "s",
        "kind": "sorting",
        "title": "Sort",
        "prompt": "Sort these",
        "categories": CATEGORIES,
        "statements": [{"id": "a", "text": "He must be.", "answer": "assumption", "feedback": "No evidence."}],
    }
    data.update(over)
    return activity_adapter.validate_python(data)


def test_sorting_loads():
    assert sorting().statements[0].answer == "assumption"


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"statements": [{"id": "a", "text": "x", "answer": "guess", "feedback": "y"}]}, "answer is not a category: a"),
        ({"categories": CATEGORIES + CATEGORIES[:1]}, "duplicate category ids: assumption"),
        (
            {"statements": [{"id": "a", "text": "x", "answer": "assertion", "feedback": "y"}] * 2},
            "duplicate statement ids: a",
        ),
        ({"categories": CATEGORIES[:1]}, "at least 2"),
    ],
)
def test_sorting_errors(over, message):
    with pytest.raises(ValidationError, match=message):
        sorting(**over)


def test_ranking():
    opts = [{"id": "dsl", "label": "DSL"}, {"id": "police", "label": "Police"}]
    r = activity_adapter.validate_python({"id": "r", "kind": "ranking", "title": "R", "prompt": "?", "options": opts})
    assert [o.id for o in r.options] == ["dsl", "police"]
    with pytest.raises(ValidationError, match="duplicate option ids"):
        activity_adapter.validate_python(
            {"id": "r", "kind": "ranking", "title": "R", "prompt": "?", "options": opts[:1] * 2}
        )


def test_local_area_and_national_contacts():
    area = LocalArea.model_validate(
        {
            "schema_version": 1,
            "id": "x",
            "area": "Xshire",
            "contacts": [{"name": "Xshire Prevent", "email": "prevent@x.example"}],
        }
    )
    assert area.contacts[0].email == "prevent@x.example"
    assert {"999", "0800 011 3764", "0800 789 321"} <= {c.phone for c in NATIONAL_CONTACTS}

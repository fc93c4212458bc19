import pytest

from widgets.content.models import activity_adapter
from widgets.live import AnswerRefused, validate_answer

SINGLE = activity_adapter.validate_python(
    {
        "id": "q",
        "kind": "single_choice",
        "title": "Q",
        "prompt": "?",
        "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}],
    }
)
MULTI = SINGLE.model_copy(update={"kind": "multiple_choice"})
SCALE = activity_adapter.validate_python(
    {"id": "s", "kind": "scale", "title": "S", "prompt": "?", "min_label": "low", "max_label": "high"}
)
SHORT = activity_adapter.validate_python(
    {"id": "t", "kind": "short_text", "title": "T", "prompt": "?", "max_length": 10}
)
OPEN = activity_adapter.validate_python({"id": "o", "kind": "open_text", "title": "O", "prompt": "?"})


def test_good_answers_are_stored_in_shape():
    assert validate_answer(SINGLE, "b") == "b"
    assert validate_answer(MULTI, ["c", "a"]) == ["a", "c"]  # poll order
    assert validate_answer(SCALE, 5) == 5
    assert validate_answer(SHORT, "  hello ") == "hello"
    assert validate_answer(OPEN, "line one\r\nline two") == "line one\nline two"


@pytest.mark.parametrize(
    ("activity", "raw"),
    [
        (SINGLE, "z"),
        (SINGLE, None),
        (SINGLE, ["a"]),
        (SINGLE, 1),
        (MULTI, []),
        (MULTI, ["a", "a"]),
        (MULTI, ["a", "z"]),
        (MULTI, "a"),
        (MULTI, [1]),
        (SCALE, 0),
        (SCALE, 6),
        (SCALE, True),
        (SCALE, 3.5),
        (SCALE, "3"),
        (SHORT, ""),
        (SHORT, "   "),
        (SHORT, "x" * 11),
        (SHORT, 42),
        (SHORT, "x" * 1_000_000),
        (OPEN, "\x00\x07"),
        (OPEN, {"text": "hi"}),
    ],
)
def test_bad_answers_are_refused_with_a_message(activity, raw):
    with pytest.raises(AnswerRefused) as err:
        validate_answer(activity, raw)
    assert str(err.value).startswith("Please")


def test_markup_is_stored_as_typed():
    """Text is kept exactly as typed; escaping happens whenever it is shown."""
    assert validate_answer(OPEN, "<script>alert(1)</script>") == "<script>alert(1)</script>"


def test_control_characters_are_dropped_but_newlines_kept_in_open_text():
    assert validate_answer(SHORT, "a\u202eb") == "a b"
    assert validate_answer(OPEN, "a\nb\x1b") == "a\nb"

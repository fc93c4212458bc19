from widgets.content.models import activity_adapter
from widgets.live import tally

CHOICE = activity_adapter.validate_python(
    {
        "id": "q",
        "kind": "multiple_choice",
        "title": "Q",
        "prompt": "?",
        "correct": ["a"],
        "options": [{"id": "a", "label": "Apple"}, {"id": "b", "label": "Banana"}],
    }
)


def test_choice_counts_in_option_order():
    r = tally(CHOICE, [["a"], ["a", "b"], ["b"], ["b"]])
    assert r.rows == [("Apple", 2), ("Banana", 3)] and r.responses == 4 and r.correct == ["Apple"]


def test_short_text_is_ranked_case_insensitively():
    short = activity_adapter.validate_python({"id": "t", "kind": "short_text", "title": "T", "prompt": "?"})
    r = tally(short, ["Informed", "informed ", "kind", "INFORMED"])
    assert r.rows[0] == ("informed", 3) and r.rows[1] == ("kind", 1)


def test_open_text_newest_first_and_stale_values_skipped():
    open_ = activity_adapter.validate_python({"id": "o", "kind": "open_text", "title": "O", "prompt": "?"})
    assert tally(open_, ["first", "second", 3]).texts == ["second", "first"]


def test_empty_scale_has_no_mean():
    scale = activity_adapter.validate_python(
        {"id": "s", "kind": "scale", "title": "S", "prompt": "?", "min_label": "lo", "max_label": "hi"}
    )
    r = tally(scale, [])
    assert r.mean is None and r.responses == 0 and len(r.rows) == 5

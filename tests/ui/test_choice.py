"""ChoiceGroup without a browser: what the page may send (custom message or state update) and what the
kernel keeps; the answer inputs built on it keep the stored shapes."""

import pytest
import traitlets

from widgets.content.models import ChoicePoll
from widgets.ui.answer import AnswerInput
from widgets.ui.choice import ChoiceGroup

SCALE = [("1 – Not at all", 1), ("2", 2), ("3", 3), ("4", 4), ("5 – Very", 5)]
PEOPLE = [("Your DSL", "dsl"), ("The police", "police"), ("A colleague", "colleague")]


class Sent(list):
    """The messages a widget sends to its page."""

    def __init__(self, widget):
        super().__init__()
        widget._send = lambda msg, buffers=None: self.append(msg)


def from_page(widget, method: str, content) -> None:
    """A comm message from the browser, through ipywidgets' own handler."""
    data = {"method": method, **({"state": content} if method == "update" else {"content": content})}
    widget._handle_msg({"content": {"data": data}, "buffers": []})


def test_options_state_and_selected():
    group = ChoiceGroup("How confident are you?", SCALE, hint="1 is lowest", inline=True)
    assert group.options[0] == ["1 – Not at all", "1"] and group.value is None and group.selected is None
    assert (group.legend, group.hint, group.inline) == ("How confident are you?", "1 is lowest", True)
    assert not group.multiple
    group.selected = 4
    assert group.value == "4" and group.selected == 4
    with pytest.raises(traitlets.TraitError):
        group.selected = 6
    with pytest.raises(ValueError, match="differ"):
        ChoiceGroup("Q", [("One", 1), ("Also one", "1")])


def test_a_choice_from_the_page_is_taken_without_an_echo():
    group = ChoiceGroup("Q", SCALE)
    sent = Sent(group)
    from_page(group, "custom", {"event": "choose", "value": "3"})
    assert group.selected == 3
    assert sent == []  # the page shows it already; a late echo could undo a newer choice
    from_page(group, "custom", {"event": "choose", "value": None})  # unchosen (a reset form)
    assert group.value is None


@pytest.mark.parametrize(
    "value", [3, "6", "3 ", ["3"], {"value": "3"}, 2.5, True, "", "A" * 100_000, "<script>alert(1)</script>"]
)
def test_hostile_single_choices_are_refused(value):
    group = ChoiceGroup("Q", SCALE)
    group.value = "2"
    sent = Sent(group)
    from_page(group, "custom", {"event": "choose", "value": value})
    assert group.value == "2"
    assert sent == [{"method": "update", "state": {"value": "2"}, "buffer_paths": []}]  # the page is put right
    from_page(group, "update", {"value": value})  # the same through the synced trait
    assert group.value == "2"


@pytest.mark.parametrize(
    "value",
    [["dsl", "dsl"], ["dsl", "nobody"], "dsl", None, [True], [["dsl"]], {"dsl": 1}, ["dsl"] * 10_000, [None]],
)
def test_hostile_multiple_choices_are_refused(value):
    group = ChoiceGroup("Q", PEOPLE, multiple=True)
    from_page(group, "custom", {"event": "choose", "value": value})
    from_page(group, "update", {"value": value})
    assert group.value == [] and group.selected == []


def test_multiple_choices_come_back_in_the_options_order():
    group = ChoiceGroup("Who?", PEOPLE, multiple=True)
    sent = Sent(group)
    from_page(group, "custom", {"event": "choose", "value": ["colleague", "dsl"]})
    assert group.value == ["dsl", "colleague"] and group.selected == ["dsl", "colleague"]
    assert sent == [{"method": "update", "state": {"value": ["dsl", "colleague"]}, "buffer_paths": []}]


def test_rewriting_what_is_drawn_does_not_change_what_is_accepted():
    group = ChoiceGroup("Q", SCALE)
    from_page(group, "update", {"options": [[str(n), str(n)] for n in range(100)], "multiple": True})
    from_page(group, "custom", {"event": "choose", "value": "50"})
    from_page(group, "custom", {"event": "choose", "value": ["1", "2"]})
    assert group.value is None


@pytest.mark.parametrize("content", ["choose", ["choose", "3"], {"event": "click"}, {"value": "3"}, None])
def test_other_messages_are_ignored(content):
    group = ChoiceGroup("Q", SCALE)
    from_page(group, "custom", content)
    assert group.value is None


def test_answer_inputs_keep_the_stored_shape(plan):
    scale, single, multiple = (plan.activities[i] for i in (0, 1, 3))
    answer = AnswerInput(scale)
    assert answer.control.legend == "Your answer" and not answer.shows_prompt
    answer.value = 4
    assert answer.control.value == "4" and answer.value == 4
    answer.value = 99  # a saved answer no longer offered (the plan changed): shown as none
    assert answer.value == 4

    assert isinstance(single, ChoicePoll) and single.kind == "single_choice"
    answer = AnswerInput(single, heading=2)
    assert answer.control.legend == single.prompt and answer.control.heading == 2 and answer.shows_prompt
    answer.value = "support"
    assert answer.value == "support"

    answer = AnswerInput(multiple)
    assert answer.control.multiple and answer.control.hint == ""  # the prompt says "Choose all that apply."
    reworded = multiple.model_copy(update={"prompt": "Who could you speak to?"})
    assert AnswerInput(reworded).control.hint == "Choose all that apply."
    answer.value = ["colleague", "dsl"]
    assert answer.value == ["dsl", "colleague"]


def test_a_form_sends_its_answer_in_one_message_and_says_what_to_post_with_a_ballot():
    """As a form, the page's button sends the answer with the press (one message, no "choose" before
    it); with a ballot the page posts it instead, and needs each option's stored value to do so."""
    pressed = []
    group = ChoiceGroup("Q", SCALE).as_form("Submit answer", 42)
    group.on_submit(lambda _activity: pressed.append(group.selected))
    assert (group.submit, group.activity, group.ballot, group.values) == ("Submit answer", 42, "", [])
    from_page(group, "custom", {"event": "submit", "value": "4"})
    assert pressed == [4]
    from_page(group, "custom", {"event": "submit", "value": "9"})  # not a choice: no answer, and told so
    assert pressed == [4, None] and group.value is None
    assert ChoiceGroup("Q", SCALE).as_form("Submit answer", 42, "1.2.abc").values == [1, 2, 3, 4, 5]
    plain = ChoiceGroup("Q", SCALE)
    plain.on_submit(lambda _activity: pressed.append("plain"))
    from_page(plain, "custom", {"event": "submit", "value": "4"})  # not a form: no button to press
    assert pressed == [4, None] and plain.value == "4"


def test_asking_another_question_accepts_only_its_choices_in_one_update():
    """A phone asks each choice question with the same widget (ChoiceGroup.ask): what the kernel
    accepts, what the page draws and who hears a press all change with the question."""
    pressed = []
    group = ChoiceGroup("How confident?", SCALE).as_form("Submit answer", 1)
    group.on_submit(lambda _activity: pressed.append("old question"))
    group.selected = 4
    sent = Sent(group)
    group.ask("Who do you tell first?", PEOPLE, multiple=True, hint="Choose all that apply.")
    assert [m["method"] for m in sent] == ["update", "update"]
    assert {"value": []} in [m["state"] for m in sent]  # the page's own last choice is cleared too
    sent.clear()
    group.ask("How confident now?", SCALE)  # nothing chosen in the kernel, maybe in the page: cleared
    assert {"value": None} in [m["state"] for m in sent]
    group.ask("Who do you tell first?", PEOPLE, multiple=True, hint="Choose all that apply.")
    assert group.value == [] and group.multiple and group.legend == "Who do you tell first?"
    assert group.options == [["Your DSL", "dsl"], ["The police", "police"], ["A colleague", "colleague"]]
    from_page(group, "custom", {"event": "choose", "value": ["4"]})  # the old question's choice
    assert group.value == []
    from_page(group, "custom", {"event": "submit", "value": ["dsl"]})
    assert pressed == [] and group.selected == ["dsl"]  # the old question's listener is gone


def test_a_press_on_the_question_before_is_passed_on_as_that_question():
    """One group asks question after question, so a press made on the one before can arrive after the
    next was asked: it must reach the callbacks as the earlier activity (refused there), never as an
    answer to the question asked now (two scales share their keys)."""
    pressed = []
    group = ChoiceGroup("Before the session", SCALE).as_form("Submit answer", 1)
    group.ask("After the session", SCALE)
    group.as_form("Submit answer", 2)
    group.on_submit(lambda activity: pressed.append((activity, group.selected)))
    from_page(group, "custom", {"event": "submit", "value": "4", "activity": 1})
    assert pressed == [(1, None)] and group.value is None
    from_page(group, "custom", {"event": "submit", "value": "5", "activity": 2})
    assert pressed == [(1, None), (2, 5)]

"""Each participant's own order of choices: fixed per person, different between people, and only
what is shown moves (answers, results and the written order stay as they were)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from widgets.content import load_plan
from widgets.content.exercises import RankingPoll
from widgets.content.models import ChoicePoll, ScalePoll
from widgets.content.scenario import ScenarioActivity
from widgets.live.order import case_for_participant, for_participant, personal_order

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = range(1, 41)
NUMBER = re.compile(r"^About [\d,.]+%?$")


def quiz(**extra) -> ChoicePoll:
    options = [{"id": f"o{i}", "label": f"Option {i}"} for i in range(4)]
    return ChoicePoll(
        id="q", kind="single_choice", title="Q", prompt="Which?", options=options, correct=["o0"], **extra
    )


def ids(activity) -> list[str]:
    return [o.id for o in activity.options]


def test_the_same_person_always_sees_the_same_order():
    poll = quiz()
    for person in PEOPLE:
        first = ids(for_participant(poll, person, 7))
        assert ids(for_participant(poll, person, 7)) == first  # a reload draws it again from the same seed
        assert sorted(first) == ids(poll)  # the same options, none lost or doubled


def test_people_see_different_orders_and_the_best_answer_moves():
    poll = quiz()
    orders = [tuple(ids(for_participant(poll, person, 7))) for person in PEOPLE]
    assert len(set(orders)) > 10  # 24 possible orders of 4; 40 people
    first = Counter(order[0] for order in orders)
    assert set(first) == set(ids(poll))  # every option comes first for somebody
    assert first["o0"] < 20  # the written best answer is first for far fewer than half (about 1 in 4)


def test_each_activity_has_its_own_order():
    poll = quiz()
    assert len({tuple(ids(for_participant(poll, 3, activity))) for activity in range(1, 30)}) > 5


def test_the_order_does_not_depend_on_how_the_options_were_listed():
    assert personal_order(["a", "b", "c", "d"], "seed") == personal_order(["d", "c", "b", "a"], "seed")


def test_only_the_order_changes_and_the_written_activity_is_untouched():
    poll = quiz()
    mine = for_participant(poll, 5, 7)
    assert ids(poll) == ["o0", "o1", "o2", "o3"]  # the console, projector and results keep this
    assert {o.id: o.label for o in mine.options} == {o.id: o.label for o in poll.options}
    assert mine.correct == poll.correct and mine.prompt == poll.prompt


def test_orders_that_mean_something_are_kept():
    assert for_participant(quiz(ordered=True), 5, 7) == quiz(ordered=True)
    options = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]
    unscored = ChoicePoll(id="p", kind="single_choice", title="P", prompt="?", options=options)
    assert all(for_participant(unscored, person, 7) is unscored for person in PEOPLE)
    scale = ScalePoll(id="s", kind="scale", title="S", prompt="?", min_label="Low", max_label="High")
    assert for_participant(scale, 5, 7) is scale
    ranking = RankingPoll(
        id="r", kind="ranking", title="R", prompt="?", options=[{"id": c, "label": c} for c in "abcde"]
    )
    assert all(for_participant(ranking, person, 7) is ranking for person in PEOPLE)  # its start order is kept


def test_an_unscored_poll_or_a_ranking_can_ask_to_be_shuffled():
    unscored = ChoicePoll(
        id="p",
        kind="multiple_choice",
        title="P",
        prompt="?",
        options=[{"id": c, "label": c} for c in "abcd"],
        ordered=False,
    )
    assert len({tuple(ids(for_participant(unscored, p, 7))) for p in PEOPLE}) > 1
    ranking = RankingPoll(
        id="r", kind="ranking", title="R", prompt="?", options=[{"id": c, "label": c} for c in "abcde"], ordered=False
    )
    assert len({tuple(ids(for_participant(ranking, p, 7))) for p in PEOPLE}) > 1


@pytest.fixture
def case_activity(exercise_plan) -> ScenarioActivity:
    return next(a for a in exercise_plan.activities if isinstance(a, ScenarioActivity))


def test_each_decision_of_a_case_has_its_own_order_per_person(case_activity):
    case = case_activity.case
    decisions = [n.id for n in case.nodes if n.choices]
    orders = {
        p: {n.id: [c.id for c in n.choices] for n in case_for_participant(case, p, 7).nodes if n.choices}
        for p in PEOPLE
    }
    for node in decisions:
        assert len({tuple(orders[p][node]) for p in PEOPLE}) == 2  # both orders of two choices occur
    assert orders[4] == {
        n.id: [c.id for c in n.choices] for n in case_for_participant(case, 4, 7).nodes if n.choices
    }  # fixed for the person
    mine = for_participant(case_activity, 4, 7).case
    assert [n.id for n in mine.nodes] == [n.id for n in case.nodes]  # the story is the same
    for theirs, written in zip(mine.nodes, case.nodes, strict=True):
        assert sorted(theirs.choices, key=lambda c: c.id) == sorted(written.choices, key=lambda c: c.id)


def test_a_decision_can_keep_its_order(case_activity):
    case = case_activity.case
    kept = case.model_copy(
        update={"nodes": [n.model_copy(update={"ordered": True}) if n.id == "notice" else n for n in case.nodes]}
    )
    for p in PEOPLE:
        mine = case_for_participant(kept, p, 7)
        assert mine.node("notice").choices == case.node("notice").choices


def test_shipped_content_follows_the_rules():
    """In the shipped plans, quiz questions move unless marked `ordered`; other polls do not."""
    plan = load_plan(ROOT / "scenarios" / "plans" / "workshop-60.yaml")
    polls = [a for a in plan.activities if isinstance(a, ChoicePoll | RankingPoll)]
    assert any(isinstance(a, ChoicePoll) and a.correct and a.ordered is None for a in polls)
    for poll in polls:
        orders = {tuple(ids(for_participant(poll, p, 1))) for p in PEOPLE}
        moves = poll.ordered is False or (isinstance(poll, ChoicePoll) and poll.ordered is None and bool(poll.correct))
        assert (len(orders) > 1) == moves, poll.id
        if not moves:
            assert orders == {tuple(ids(poll))}, poll.id


def test_shipped_estimates_keep_their_numbers_in_order():
    """A poll of numbers ("About 10%", "About 25%", …) is read as a scale: shuffled, it would only confuse."""
    estimates = []
    for path in sorted((ROOT / "scenarios" / "plans").glob("*.yaml")):
        for activity in load_plan(path).activities:
            numbers = isinstance(activity, ChoicePoll) and all(NUMBER.match(o.label) for o in activity.options)
            if numbers:
                estimates.append(activity)
                assert activity.ordered is True, f"{path.name}: {activity.id} needs `ordered: true`"
    assert estimates

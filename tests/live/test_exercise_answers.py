import pytest

from widgets.live import AnswerRefused, tally, validate_answer


@pytest.fixture
def sort(exercise_plan):
    return exercise_plan.activities[0]


@pytest.fixture
def rank(exercise_plan):
    return exercise_plan.activities[1]


@pytest.fixture
def case(exercise_plan):
    return exercise_plan.activities[2]


def test_sorting_answers(sort):
    assert validate_answer(sort, {"s2": "alternative", "s1": "assertion"}) == {"s1": "assertion", "s2": "alternative"}
    for bad in [
        {"s1": "assertion"},
        {"s1": "assertion", "s2": "guess"},
        {"s1": "assertion", "s9": "assertion"},
        ["assertion"],
        {"s1": 1, "s2": "alternative"},
    ]:
        with pytest.raises(AnswerRefused):
            validate_answer(sort, bad)


def test_ranking_answers(rank):
    assert validate_answer(rank, ["police", "dsl", "colleague"]) == ["police", "dsl", "colleague"]
    for bad in [["dsl", "police"], ["dsl", "dsl", "police"], ["dsl", "police", "x"], [1, 2, 3], "dsl"]:
        with pytest.raises(AnswerRefused):
            validate_answer(rank, bad)


def test_scenario_paths_must_follow_the_case(case):
    assert validate_answer(case, [["notice", "talk"]]) == [["notice", "talk"]]
    assert validate_answer(case, [["notice", "talk"], ["decide", "dsl"]]) == [["notice", "talk"], ["decide", "dsl"]]
    for forged in [
        [["decide", "dsl"]],  # skips the start
        [["notice", "refer"], ["decide", "dsl"]],  # past an end
        [["notice", "fly"]],  # no such choice
        [["notice", "talk"], ["learn", "x"]],  # an information step has no choices
        [],
        "notice",
        [["notice"]],
        [["notice", "talk"]] * 20,
    ]:
        with pytest.raises(AnswerRefused):
            validate_answer(case, forged)


def test_sorting_tally_per_statement(sort):
    r = tally(sort, [{"s1": "assertion", "s2": "alternative"}, {"s1": "assumption", "s2": "alternative"}])
    first, second = r.groups
    assert first.heading.startswith("Everyone knows") and first.correct == "Assertion"
    assert dict(first.rows) == {"Assumption": 1, "Assertion": 1, "Alternative explanation": 0}
    assert dict(second.rows)["Alternative explanation"] == 2


def test_ranking_tally_by_average_position(rank):
    r = tally(rank, [["dsl", "colleague", "police"], ["dsl", "police", "colleague"], ["colleague", "dsl", "police"]])
    assert [label for label, _ in r.rows] == ["Your DSL", "A colleague", "The police"]
    assert r.positions == {"Your DSL": 1.3, "A colleague": 2.0, "The police": 2.7}


def test_scenario_tally_splits_and_endings(case):
    r = tally(case, [[["notice", "talk"], ["decide", "dsl"]], [["notice", "refer"]], [["notice", "talk"]]])
    notice, decide, ends = r.groups
    assert dict(notice.rows) == {"Talk to Jo": 2, "Refer to Prevent now": 1}
    assert dict(decide.rows) == {"Speak to the DSL": 1, "Do nothing": 0}
    assert dict(ends.rows) == {"Another safeguarding route, not Prevent": 1, "A Prevent referral": 1}
    assert r.correct == ["Another safeguarding route, not Prevent"]

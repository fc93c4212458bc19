"""Case scenarios are checked as graphs; each error kind has its own test."""

import pytest
from pydantic import ValidationError

from widgets.cli import main
from widgets.content import ContentError, load_plan
from widgets.content.scenario import Case


def case(**over) -> dict:
    data = {
        "schema_version": 1,
        "id": "c",
        "title": "A case",
        "setting": "college",
        "ideology": "none",
        "best_outcome": "no_referral",
        "summary": "One line.",
        "start": "n1",
        "nodes": [
            {
                "id": "n1",
                "text": "Something changes.",
                "choices": [
                    {"id": "ask", "label": "Ask", "feedback": "Good.", "next": "info"},
                    {"id": "refer", "label": "Refer now", "feedback": "Too soon.", "next": "end"},
                ],
            },
            {"id": "info", "text": "You find out more.", "reveals": ["A fact."], "next": "end"},
            {"id": "end", "text": "Done.", "outcome": "no_referral", "debrief": "Why."},
        ],
    }
    data.update(over)
    return data


def nodes_with(**changes) -> list:
    nodes = case()["nodes"]
    for node_id, fields in changes.items():
        next(n for n in nodes if n["id"] == node_id).update(fields)
    return nodes


def test_a_good_case_loads():
    c = Case.model_validate(case())
    assert c.node("info").reveals == ["A fact."] and c.node("end").is_end


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"start": "nope"}, "start names a node that does not exist: nope"),
        ({"nodes": nodes_with(info={"next": "ghost"})}, "next names nodes that do not exist: ghost"),
        (
            {"nodes": case()["nodes"] + [{"id": "lost", "text": "x", "next": "end"}]},
            "cannot be reached from start: lost",
        ),
        ({"nodes": case()["nodes"] + [{"id": "n1", "text": "x", "next": "end"}]}, "duplicate node ids: n1"),
        ({"nodes": nodes_with(end={"outcome": None, "debrief": "", "next": "n1"})}, "the case has no end"),
        ({"nodes": nodes_with(info={"next": "info"})}, "no path from these nodes reaches an end: info"),
        ({"nodes": nodes_with(info={"outcome": "no_referral"})}, "exactly one of: choices, next, or outcome"),
        ({"nodes": nodes_with(end={"debrief": ""})}, "an end needs a debrief"),
        ({"setting": "moon"}, "Input should be"),
        ({"nodes": nodes_with(n1={"choices": case()["nodes"][0]["choices"][:1]})}, "2 to 5 choices"),
    ],
)
def test_graph_errors(over, message):
    with pytest.raises(ValidationError, match=message):
        Case.model_validate(case(**over))


PLAN = """schema_version: 1
id: p
title: Plan
activities:
  - id: play
    kind: scenario
    title: A case
    prompt: What would you do?
    case: {case}
"""


def write_case_tree(tmp_path, case_text: str, case_id: str = "c"):
    (tmp_path / "cases").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "cases" / "c.yaml").write_text(case_text)
    plan = tmp_path / "plans" / "p.yaml"
    plan.write_text(PLAN.format(case=case_id))
    return plan


def test_plan_takes_the_whole_case_in(tmp_path):
    import yaml

    plan = load_plan(write_case_tree(tmp_path, yaml.safe_dump(case())))
    assert plan.activities[0].case.node("n1").choices[0].next == "info"


def test_missing_case_file(tmp_path):
    plan = write_case_tree(tmp_path, "", case_id="ghost")
    with pytest.raises(ContentError) as err:
        load_plan(plan)
    [problem] = err.value.problems
    assert problem.where == "activities[0].case" and "no case file" in problem.message and problem.line == 9


def test_errors_in_a_case_name_the_case_file(tmp_path, capsys):
    import yaml

    broken = case(nodes=nodes_with(info={"next": "ghost"}))
    plan = write_case_tree(tmp_path, yaml.safe_dump(broken, sort_keys=False))
    assert main(["check", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1  # reported once, though both the case and the plan load it
    assert err[0].startswith(f"{tmp_path / 'cases' / 'c.yaml'}:") and "ghost" in err[0]
    assert plan.exists()


def test_alternatives_must_name_existing_cases_and_never_a_path(tmp_path):
    import yaml

    plan = write_case_tree(tmp_path, yaml.safe_dump(case()))
    base = plan.read_text()
    plan.write_text(base + "    alternatives: [c, ghost]\n")
    with pytest.raises(ContentError) as err:
        load_plan(plan)
    [problem] = err.value.problems
    assert problem.where == "activities[0].alternatives[1]" and "no case file" in problem.message and problem.line == 10
    plan.write_text(base + "    alternatives: [../plans/p]\n")
    with pytest.raises(ContentError) as err:
        load_plan(plan)
    [problem] = err.value.problems
    assert problem.where == "activities[0].alternatives[0]" and "should match pattern" in problem.message
    plan.write_text(base + "    alternatives: [c]\n")
    assert load_plan(plan).activities[0].alternatives == ["c"]

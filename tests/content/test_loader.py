from pathlib import Path

import pytest

from widgets.cli import main
from widgets.content import ContentError, check_paths, load_plan

GOOD = """schema_version: 1
id: p
title: A plan
activities:
  - id: q1
    kind: single_choice
    title: Q1
    prompt: Which?
    options:
      - id: a
        label: A
      - id: b
        label: B
"""


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_loads_the_demo_plan(plan):
    assert plan.id == "demo"
    assert {a.kind for a in plan.activities} == {"scale", "single_choice", "multiple_choice", "short_text", "open_text"}


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path, GOOD.replace("    title: Q1\n", "    title: [Q1\n"))
    with pytest.raises(ContentError) as err:
        load_plan(path)
    problem = err.value.problems[0]
    assert problem.file == str(path) and problem.line >= 7 and problem.where == "(yaml)"


def test_validation_error_points_at_the_field_line(tmp_path):
    path = write(tmp_path, GOOD.replace("kind: single_choice", "kind: single_choise"))
    with pytest.raises(ContentError) as err:
        load_plan(path)
    [problem] = err.value.problems
    assert problem.line == 6
    assert problem.where == "activities[0].kind"
    assert "single_choice" in problem.message
    assert str(problem).startswith(f"{path}:6: activities[0].kind: ")


def test_unknown_key_line(tmp_path):
    path = write(tmp_path, GOOD + "    colour: red\n")
    with pytest.raises(ContentError) as err:
        load_plan(path)
    [problem] = err.value.problems
    assert (problem.line, problem.where) == (14, "activities[0].colour")


def test_empty_and_huge_files(tmp_path):
    with pytest.raises(ContentError, match="file is empty"):
        load_plan(write(tmp_path, ""))
    with pytest.raises(ContentError, match="larger than"):
        load_plan(write(tmp_path, "x: " + "a" * 1_100_000))


def test_missing_file(tmp_path):
    with pytest.raises(ContentError, match="No such file"):
        load_plan(tmp_path / "nope.yaml")


def test_check_paths_collects_all_problems(tmp_path):
    write(tmp_path, GOOD, "good.yaml")
    write(tmp_path, "schema_version: 2\n", "bad.yaml")
    loaded, problems = check_paths([tmp_path])
    assert [p.id for p in loaded["plans"]] == ["p"]
    assert {p.where for p in problems} >= {"schema_version", "id", "title", "activities"}


def test_check_command_exit_codes(tmp_path, capsys):
    good = write(tmp_path, GOOD, "good.yaml")
    assert main(["check", str(good)]) == 0
    assert "1 plan (1 activities), 0 cases, 0 local areas, no problems" in capsys.readouterr().out
    bad = write(tmp_path, GOOD.replace("id: a", "id: A"), "bad.yaml")
    assert main(["check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:10: activities[0].options[0].id: String should match pattern" in err


def test_shipped_content_is_valid(capsys):
    assert main(["check"]) == 0

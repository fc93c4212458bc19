"""The best answer can't be guessed from where it is listed or from being the longest."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.cli import main
from widgets.content import check_paths
from widgets.content.bias import MAX_BEST_FIRST, MAX_BEST_LONGEST, Bias, Decision, bias_report
from widgets.content.scenario import Node

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped():
    loaded, problems = check_paths([ROOT / "scenarios"])
    assert not problems
    return loaded


def test_longest_means_strictly_longest():
    assert Decision("x", ("a much longer answer", "short"), 0).best_longest
    assert not Decision("x", ("same", "size"), 0).best_longest  # a tie gives nothing away
    assert Decision("x", ("same", "size"), 0).best_first and not Decision("x", ("a", "b"), 1).best_first


def test_a_file_that_always_leads_with_the_answer_is_over_the_limit():
    leads = Bias(
        "cases/x", tuple(Decision(f"x:{i}", ("the right and longest answer", "no", "nope"), 0) for i in range(3))
    )
    assert leads.first == leads.longest == 3
    assert len(leads.over_limit) == 2 and "over the limit" in leads.line()
    fair = Bias("cases/y", tuple(Decision(f"y:{i}", ("no", "yes", "maybe not"), i % 3) for i in range(3)))
    assert fair.over_limit == [] and fair.line() == "cases/y: best first 1/3 (33%), best longest 1/3 (33%)"
    few = Bias("cases/z", leads.decisions[:2])  # too few decisions to judge a file on its own
    assert few.over_limit == []


def test_every_shipped_decision_marks_its_best_choice(shipped):
    unmarked = [
        f"{c.id}:{n.id}" for c in shipped["cases"] for n in c.nodes if n.choices and not any(x.best for x in n.choices)
    ]
    assert unmarked == []


def test_shipped_content_is_under_the_limits(shipped):
    report = bias_report(shipped["plans"], shipped["cases"])
    assert report[-1].name == "overall" and report[-1].count >= 30
    assert [b.line() for b in report if b.over_limit] == []
    cases = Bias("cases", tuple(d for b in report if b.name.startswith("cases/") for d in b.decisions))
    assert cases.share(cases.first) <= MAX_BEST_FIRST and cases.share(cases.longest) <= MAX_BEST_LONGEST


def test_a_decision_may_mark_only_one_best():
    choice = {"label": "Do it", "feedback": "Why.", "next": "end"}
    with pytest.raises(ValueError, match="only one choice as best"):
        Node(id="start", text="?", choices=[{**choice, "id": "a", "best": True}, {**choice, "id": "b", "best": True}])


def test_check_prints_the_bias_per_file(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "best first" in out and "cases/housing-neighbour-complaint: best first" in out
    assert out.strip().splitlines()[-1].lstrip().startswith("overall: best first")

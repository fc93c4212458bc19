"""The case bank: every case in scenarios/cases/, from which the facilitator picks what to run."""

from __future__ import annotations

from pathlib import Path

from widgets.content.loader import ContentError, Problem, load_case
from widgets.content.scenario import Case

CASES = Path(__file__).resolve().parents[2] / "scenarios" / "cases"


def case_bank(folder: Path = CASES) -> tuple[dict[str, Case], list[Problem]]:
    """Every case that loads, by id in file-name order, and the problems of any that do not.

    A broken file leaves the others usable: the console offers what loads (`workshop check`
    names what does not).
    """
    cases: dict[str, Case] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.y*ml")):
        try:
            case = load_case(path)
        except ContentError as err:
            problems.extend(err.problems)
            continue
        cases.setdefault(case.id, case)
    return cases, problems

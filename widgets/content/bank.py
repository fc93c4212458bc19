"""The case bank: every case in scenarios/cases/, from which the facilitator picks what to run."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from widgets.content.loader import MAX_FILE_BYTES, ContentError, Problem, load_case
from widgets.content.paths import CASES
from widgets.content.scenario import Case

SETTING_LABELS = {"gp_surgery": "GP surgery", "youth_work": "Youth work", "social_care": "Social care"}
IDEOLOGY_LABELS = {
    "extreme_right_wing": "Extreme right-wing",
    "islamist": "Islamist",
    "incel": "Incel or misogynist",
    "mixed_unclear": "Mixed or unclear",
    "school_massacre": "School-massacre fixation",
    "none": "none",
}
FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: nine cases in 0.07 s, not 1 s


def case_bank(folder: Path = CASES) -> tuple[dict[str, Case], list[Problem]]:
    """Every case that loads, by id in file-name order, and the problems of any that do not.

    A broken file leaves the others usable: the console offers what loads (`workshop check`
    names what does not).
    """
    cases: dict[str, Case] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.y*ml")):
        try:
            case = _quick(path)
        except (OSError, ValueError, yaml.YAMLError, ValidationError):
            try:  # the careful loader, for messages with a line number
                case = load_case(path)
            except ContentError as err:
                problems.extend(err.problems)
                continue
        cases.setdefault(case.id, case)
    return cases, problems


def setting_label(case: Case) -> str:
    """ "GP surgery", "Youth work", "College": for the console's case bank and the handout."""
    return SETTING_LABELS.get(case.setting, case.setting.replace("_", " ").capitalize())


def _quick(path: Path) -> Case:
    """Parse and validate without the line-number bookkeeping a good file never needs (the console
    loads the whole bank as its page opens)."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise ValueError("too large")
    return Case.model_validate(yaml.load(raw.decode("utf-8"), Loader=FAST))  # noqa: S506 - a safe loader

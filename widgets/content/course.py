"""The self-paced course's parts, read from the course notebooks themselves (one place for them).

Each notebook's metadata holds its title (also the browser tab's title: Voilà's templates read
`metadata.title`) and its minutes (`metadata.workshop.minutes`); its code cells name the activities
it holds (`course_activity("plan", "activity")`), which is how a learner's progress is counted.
The course home, the server's routes (/welcome, /module/1 …) and the handout all read this list.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

COURSE_DIR = Path(__file__).resolve().parents[2] / "notebooks" / "course"
HOME_NOTEBOOK = "home.ipynb"  # the course home, served at /
# A self-paced course runs as one standing session whose plan id is this prefix + the plan's id:
# the live layer makes it, analysis counts its answers under the plan.
SELF_PACED = "self-paced:"
PART_NAME = re.compile(r"^(\d\d)-[a-z0-9-]+\.ipynb$")


@dataclass(frozen=True)
class CoursePart:
    """One page of the course: the welcome (number 0) or a module."""

    number: int
    notebook: str  # the file's name: the server's business, never shown to a learner
    title: str
    minutes: int
    activities: tuple[tuple[str, str], ...]  # (plan id, activity id), in the page's order

    @property
    def route(self) -> str:
        return part_route(self.number)


def part_route(number: int) -> str:
    """Where a learner finds a part, relative to the course home: `welcome`, `module/1` …"""
    return "welcome" if number == 0 else f"module/{number}"


def _activities(cells: list[dict]) -> tuple[tuple[str, str], ...]:
    found = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "course_activity":
                plan, activity = (a.value for a in node.args[:2] if isinstance(a, ast.Constant))
                found.append((plan, activity))
    return tuple(found)


def read_part(path: Path) -> CoursePart:
    """One course notebook's part; ValueError names the file and what is missing."""
    match = PART_NAME.match(path.name)
    if not match:
        raise ValueError(f"{path.name}: a course module's file is named NN-words.ipynb")
    nb = json.loads(path.read_text(encoding="utf-8"))
    meta = nb.get("metadata", {})
    title, minutes = meta.get("title"), meta.get("workshop", {}).get("minutes")
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"{path.name}: metadata.title (the module's title) is missing")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise ValueError(f"{path.name}: metadata.workshop.minutes (a whole number of minutes) is missing")
    return CoursePart(int(match[1]), path.name, title.strip(), minutes, _activities(nb.get("cells", [])))


def course_parts(folder: Path = COURSE_DIR) -> list[CoursePart]:
    """The welcome and the modules in order (the files' NN prefix)."""
    return [read_part(p) for p in sorted(folder.glob("*.ipynb")) if PART_NAME.match(p.name)]


def course_minutes(parts: list[CoursePart]) -> int:
    return sum(p.minutes for p in parts)


def course_title(folder: Path = COURSE_DIR) -> str:
    """The course's name, from the home notebook's title (also its browser tab's title)."""
    meta = json.loads((folder / HOME_NOTEBOOK).read_text(encoding="utf-8")).get("metadata", {})
    return meta.get("title", "Prevent Referrals")

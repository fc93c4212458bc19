"""The course's parts are read from the notebooks (one place for titles and minutes): each has both,
they agree with what the page itself says, and every link between pages is a course address."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from widgets.content import load_plan
from widgets.content.course import course_minutes, course_parts, course_title, read_part
from widgets.content.paths import COURSE_DIR, PLANS

LINK = re.compile(r"\]\(([^)\s]+)\)")


def markdown(path: Path) -> list[str]:
    cells = json.loads(path.read_text())["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def test_the_welcome_and_six_modules_in_order_with_titles_and_minutes():
    parts = course_parts()
    assert [p.route for p in parts] == ["welcome", *(f"module/{n}" for n in range(1, 7))]
    assert parts[1].title == "Module 1: Prevent in context"
    assert all(p.minutes > 0 for p in parts) and 30 <= course_minutes(parts) <= 45  # the original: 30–40 minutes
    assert course_title() == "Prevent Referrals: self-paced course"


@pytest.mark.parametrize("part", course_parts(), ids=lambda p: p.route)
def test_title_and_minutes_agree_with_the_page(part):
    first = markdown(COURSE_DIR / part.notebook)[0]
    assert first.splitlines()[0] == f"# {part.title}"
    said = re.search(r"takes\s+about\s+(\d+)\s+minutes", first)
    assert said is None or int(said[1]) == part.minutes, f"the page says {said[0]!r}, its metadata {part.minutes}"


@pytest.mark.parametrize("part", course_parts(), ids=lambda p: p.route)
def test_activities_exist_and_links_are_course_addresses(part):
    assert part.activities, "a part without activities could never show progress"
    for plan_id, activity_id in part.activities:
        assert activity_id in {a.id for a in load_plan(PLANS / f"{plan_id}.yaml").activities}
    routes = {p.route for p in course_parts()}
    here = "" if part.route == "welcome" else "../"
    for text in markdown(COURSE_DIR / part.notebook):
        for href in LINK.findall(text):
            assert ".ipynb" not in href, f"a file name in a link: {href}"
            if not href.startswith(("http", "mailto:", "#")):
                assert href in {"./", "../"} | {here + r for r in routes}, f"{href} is not a page of the course"


def test_missing_metadata_is_named(tmp_path):
    nb = tmp_path / "03-a-module.ipynb"
    nb.write_text(json.dumps({"cells": [], "metadata": {"title": "Module 3"}}))
    with pytest.raises(ValueError, match=re.escape("03-a-module.ipynb: metadata.workshop.minutes")):
        read_part(nb)
    nb.write_text(json.dumps({"cells": [], "metadata": {"workshop": {"minutes": 5}}}))
    with pytest.raises(ValueError, match=re.escape("metadata.title")):
        read_part(nb)

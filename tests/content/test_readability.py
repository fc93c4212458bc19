"""Reading age: every participant-facing paragraph at Flesch-Kincaid grade 9 or below.

What counts as a paragraph (and why):
- course notebooks: each markdown block between blank lines, and each list item on its own (a list
  is read item by item). Headings, `<small>` source lines and the Back/Next links are left out:
  they are labels, not prose.
- content YAML: every text a participant reads as prose - a case's summary, node texts, choice
  feedback and debriefs; a poll's prompt and explanation; sorting statements and their feedback.
  Facilitator notes and `source` citations are for staff or are references, so they are left out;
  a citation in brackets inside a text, "(Home Office, ...)", is removed before measuring, as in print.
- only paragraphs of 20 words or more are judged. Below that the grade swings on one long word
  (a single ten-word sentence with "radicalisation" in it scores 15): option labels, reveals and
  list fragments are checked by eye, not by this formula. Contact lists are rendered from
  local.py and the area file, not from these texts, so they are never measured.
textstat is pinned to 0.7.3: later versions fetch NLTK data at run time, which fails offline.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from widgets.content import check_paths
from widgets.content.exercises import RankingPoll, SortingActivity
from widgets.content.models import ChoicePoll
from widgets.content.scenario import Case, ScenarioActivity

textstat = pytest.importorskip("textstat")

ROOT = Path(__file__).resolve().parents[2]
MAX_GRADE = 9.0
MIN_WORDS = 20


def plain(text: str) -> str:
    text = re.sub(r"\((Home Office|Source)[^()]*\)", "", text)  # a citation is not prose
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def markdown_paragraphs(markdown: str) -> list[str]:
    """Prose blocks and list items of one markdown cell; headings, sources and links dropped."""
    out = []
    for block in re.split(r"\n\s*\n", markdown):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#")]
        if not lines or lines[0].startswith(("<small>", "←", "**Next:")):
            continue
        prose, items = [], []
        for line in lines:
            if re.match(r"\s*([-*]|\d+\.)\s", line):
                items.append(re.sub(r"^\s*([-*]|\d+\.)\s+", "", line))
            elif items:
                items[-1] += " " + line.strip()
            else:
                prose.append(line.strip())
        out += [" ".join(prose)] if prose else []
        out += items
    return [plain(p) for p in out]


def notebook_paragraphs() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "notebooks" / "course").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                found += [(f"{path.name}:{cell.get('id')}", p) for p in markdown_paragraphs("".join(cell["source"]))]
    return found


def case_paragraphs(case: Case) -> list[tuple[str, str]]:
    found = [(f"{case.id}:summary", case.summary)]
    for node in case.nodes:
        found += [(f"{case.id}:{node.id}", node.text), (f"{case.id}:{node.id}:debrief", node.debrief)]
        found += [(f"{case.id}:{node.id}:{c.id}", c.feedback) for c in node.choices]
    return found


def content_paragraphs() -> list[tuple[str, str]]:
    loaded, problems = check_paths([ROOT / "scenarios"])
    assert not problems
    found = [p for case in loaded["cases"] for p in case_paragraphs(case)]
    for plan in loaded["plans"]:
        for a in plan.activities:
            if isinstance(a, ScenarioActivity):
                continue  # its case is measured from its own file
            found.append((f"{plan.id}:{a.id}", a.prompt))
            if isinstance(a, ChoicePoll | RankingPoll):
                found.append((f"{plan.id}:{a.id}:explanation", a.explanation))
            if isinstance(a, SortingActivity):
                found += [(f"{plan.id}:{a.id}:{s.id}", f"{s.text} {s.feedback}") for s in a.statements]
    return [(where, plain(text)) for where, text in found]


def too_hard(paragraphs: list[tuple[str, str]]) -> list[str]:
    judged = [(w, t) for w, t in paragraphs if len(t.split()) >= MIN_WORDS]
    return [
        f"{where}: grade {grade:.1f}: {text[:90]}"
        for where, text in judged
        if (grade := textstat.flesch_kincaid_grade(text)) > MAX_GRADE
    ]


def test_the_measure_catches_a_hard_paragraph_and_skips_headings_and_sources():
    hard = (
        "Reviews of Prevent, including the Independent Review of Prevent (Shawcross, February 2023, "
        "which made 34 recommendations), have questioned both under-referral (missing people who need "
        "help) and over-referral (referring people who do not need Prevent)."
    )
    md = f"## A heading with extraordinarily complicated terminology\n\n{hard}\n\n<small>Source: x.</small>"
    assert markdown_paragraphs(md) == [plain(hard)]
    assert too_hard([("old module 05", plain(hard))])
    assert not too_hard([("short", "Radicalisation, susceptibility and proportionality.")])  # under 20 words


def test_lists_count_item_by_item():
    md = "Some words first.\n\n- **one**: an item\n  that wraps;\n- two"
    assert markdown_paragraphs(md) == ["Some words first.", "one: an item that wraps;", "two"]


def test_course_notebooks_read_at_grade_nine_or_below():
    paragraphs = notebook_paragraphs()
    assert len([p for _, p in paragraphs if len(p.split()) >= MIN_WORDS]) > 50  # the walk found the course
    assert too_hard(paragraphs) == []


def test_cases_and_polls_read_at_grade_nine_or_below():
    paragraphs = content_paragraphs()
    assert len([p for _, p in paragraphs if len(p.split()) >= MIN_WORDS]) > 150
    assert too_hard(paragraphs) == []

"""`workshop handout`: what each edition shows and leaves out, escaping, the course narrative,
the contacts, the CLI; and (e2e) that the page loads nothing from anywhere in Debian's chromium."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from widgets.cli import main
from widgets.content import ChoicePoll, Plan, load_case, load_local, load_plan
from widgets.content.exercises import RankingPoll, SortingActivity
from widgets.content.local import NATIONAL_CONTACTS, LocalArea
from widgets.content.scenario import ScenarioActivity
from widgets.handout import render_handout, write_handout
from widgets.ui.render import esc

ROOT = Path(__file__).resolve().parent.parent
PLAN_60 = ROOT / "scenarios" / "plans" / "workshop-60.yaml"
DEMO_PLAN = ROOT / "scenarios" / "plans" / "demo.yaml"
SOMERSET = ROOT / "scenarios" / "local" / "somerset.yaml"
EXERCISES = ROOT / "tests" / "data" / "exercise-plan.yaml"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN_60)


@pytest.fixture
def no_course(tmp_path) -> Path:
    return tmp_path / "no-course"  # missing: the tests of activities do not depend on the narrative


def page(plan: Plan, course: Path, area: LocalArea | None = None, *, facilitator: bool = False) -> str:
    """The handout's body: the inline CSS names classes such as hw-correct whatever the edition."""
    html = render_handout(plan, area, facilitator=facilitator, course_dir=course).html
    return html[html.index("</head>") :]


def contacts(html: str) -> str:
    return re.search(r'<section id="help">.*?</section>', html, re.S)[0]


def answers(plan: Plan) -> list[str]:
    """Everything only the facilitator edition may show: answers, feedback, outcomes, notes."""
    out = []
    for a in plan.activities:
        out.append(a.notes)
        if isinstance(a, ChoicePoll | RankingPoll):
            out += [a.explanation, getattr(a, "source", "")]
        if isinstance(a, SortingActivity):
            out += [s.feedback for s in a.statements]
        if isinstance(a, ScenarioActivity):
            out.append(a.case.summary)
            for node in a.case.nodes:
                out += [c.feedback for c in node.choices]
                out += [node.text, node.debrief] if node.is_end else []
    return [s for s in out if s]


def test_participant_edition_has_the_stories_and_choices_but_no_answers(plan, no_course):
    html = page(plan, no_course)
    leaked = [s for s in answers(plan) if esc(s) in html]
    assert leaked == []
    # A few known strings from the YAML, in case the list above ever misses a field.
    for answer in (
        "Good. Take every concern seriously, and check it.",  # feedback, housing case
        "Faith, dress or a beard are never signs of radicalisation on their own.",  # debrief
        "512 of 6,922 (7%) were adopted",  # quiz explanation
        "Assumption based on where someone lives.",  # sorting feedback
        "Jordan storms out and slams the door.",  # a side step only one choice reaches
        "Open the session while people join.",  # facilitator notes
    ):
        assert answer not in html
    for marker in ("hw-correct", "Debrief", "Facilitator notes", "Run sheet", "Best route", " min<"):
        assert marker not in html
    # …but the questions, the stories, what checking finds and every decision's choices are there.
    for shown in (
        "Which statement best describes a Prevent referral?",
        "About 8,800",
        "You are a housing officer.",
        "Tom has been a good tenant for six years, with no complaints until this month.",
        "Pass it on to Prevent anyway, with a note that there is a row over parking",
        "She&#x27;s from that part of town, so she&#x27;s bound to hold those views.",
    ):
        assert shown in html


def test_participant_cases_follow_the_main_line_and_never_reach_an_end():
    for path in sorted((ROOT / "scenarios" / "cases").glob("*.yaml")):
        case = load_case(path)
        line = case.main_line()
        assert line[0].id == case.start
        assert not any(node.is_end for node in line)
        assert any(node.choices for node in line[1:]), f"{case.id}: the paper story stops after the first decision"


def test_facilitator_edition_has_answers_feedback_debriefs_notes_and_minutes(plan, no_course):
    html = page(plan, no_course, facilitator=True)
    missing = [s for s in answers(plan) if esc(s) not in html]
    assert missing == []
    assert html.count("✓ Correct") == sum(len(a.correct) for a in plan.activities if isinstance(a, ChoicePoll))
    assert "Facilitator edition" in html and "Do not give it to participants" in html
    sheet = re.search(r'<section id="run-sheet">.*?</section>', html, re.S)[0]
    assert sheet.count("<tr>") == len(plan.activities) + 2  # header, one per activity, total
    assert f"{plan.minutes:g} min" in sheet and "1.5 min" in sheet and "55:00" in sheet
    assert "Best route: <strong>No referral</strong>" in html
    assert "Source: Home Office, Individuals referred to and supported through the Prevent Programme" in html


def test_national_contacts_always_local_ones_when_configured(plan, no_course):
    national = contacts(page(plan, no_course, None))
    for contact in NATIONAL_CONTACTS:
        assert esc(contact.name) in national
    assert "0800 011 3764" in national and "0800 789 321" in national and "https://actearly.uk" in national
    assert "somerset" not in national.lower()
    local = contacts(page(plan, no_course, load_local(SOMERSET)))
    assert "In Somerset" in local and "prevent@somerset.gov.uk" in local and "0800 789 321" in local


EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_every_string_from_content_is_escaped(no_course):
    data = yaml.safe_load(EXERCISES.read_text())
    data["title"] = data["organisation"] = f"Title {EVIL}"
    for activity in data["activities"]:
        activity["title"] = f"T {EVIL}"
        activity["prompt"] = f"P {EVIL}"
        activity["notes"] = f"N {EVIL}"
        for item in activity.get("options", []) + activity.get("categories", []):
            item["label"] = f"L {EVIL}"
        for statement in activity.get("statements", []):
            statement["text"] = statement["feedback"] = f"S {EVIL}"
        if "explanation" in activity:
            activity["explanation"] = f"E {EVIL}"
        if "case" in activity:
            case = activity["case"]
            case["title"] = case["summary"] = f"C {EVIL}"
            for node in case["nodes"]:
                node["text"] = f"X {EVIL}"
                node["reveals"] = [f"R {EVIL}"] if node.get("next") else []
                node["debrief"] = f"D {EVIL}" if node.get("outcome") else ""
                for choice in node.get("choices", []):
                    choice["label"] = choice["feedback"] = f"K {EVIL}"
    plan = Plan.model_validate(data)
    area = LocalArea.model_validate(
        {"schema_version": 1, "id": "x", "area": f"A {EVIL}", "contacts": [{"name": f"N {EVIL}", "note": EVIL}]}
    )
    for facilitator in (False, True):
        html = page(plan, no_course, area, facilitator=facilitator)
        assert "<script" not in html.lower()
        assert "<img src=x" not in html
        assert esc(EVIL) in html


def notebook(path: Path, *cells) -> None:
    nbformat.write(new_notebook(cells=list(cells)), path)


def test_course_narrative_in_file_name_order_without_code_and_cleaned(plan, tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "pic.png").write_bytes(PNG)
    notebook(
        course / "02-second.ipynb",
        new_markdown_cell("# Second module\n\nBack to [the first](01-first.ipynb)."),
        new_code_cell("print('code never shows')"),
    )
    attached = new_markdown_cell("![a diagram](attachment:d.png) ![local](pic.png)")
    attached["attachments"] = {"d.png": {"image/png": base64.b64encode(PNG).decode()}}
    notebook(
        course / "01-first.ipynb",
        new_markdown_cell("# First module\n\nSome **bold** words. Next: [on](02-second.ipynb)."),
        attached,
        new_markdown_cell(
            '<script>alert(1)</script><iframe src="https://example.org/f"></iframe>'
            '<img src="https://example.org/x.png" alt="remote"> <a href="javascript:alert(1)">bad link</a>'
            '<p onclick="alert(1)" style="background:url(https://example.org/y)">still text</p>'
            "<svg><script>alert(2)</script></svg><div><table><tr><td>unclosed"
        ),
    )
    (course / "03-half-written.ipynb").write_text('{"cells": [')
    (course / "notes.ipynb").write_text("not a module")  # not NN-*: ignored
    handout = render_handout(plan, None, course_dir=course)
    html = handout.html
    assert html.index("<h2>First module</h2>") < html.index("<h2>Second module</h2>") < html.index('id="session"')
    assert "<strong>bold</strong>" in html and "code never shows" not in html
    assert '<a href="#course-2">on</a>' in html and '<a href="#course-1">the first</a>' in html
    assert html.count('src="data:image/png;base64,') == 2
    assert "[Image: remote]" in html and "still text" in html and "bad link" in html
    for bad in ("example.org", "javascript:", "onclick", "<script", "<iframe", "<svg", "alert("):
        assert bad not in html
    assert "</td></tr></table></div></section>" in html  # the unclosed cell is closed before the next part
    assert ">First module</a></li>" in html  # in the contents
    assert len(handout.warnings) == 1 and "03-half-written.ipynb" in handout.warnings[0]


@pytest.mark.parametrize("make", [lambda p: None, lambda p: p.mkdir()], ids=["missing", "empty"])
def test_without_course_notebooks_the_handout_says_so(plan, tmp_path, make):
    course = tmp_path / "course"
    make(course)
    html = page(plan, course)
    assert "The course narrative is not available" in html
    assert "The complaint about flat 4" in html


def test_cli_writes_the_handout_where_asked(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["handout"]) == 0
    written = tmp_path / "handout.html"
    assert f"to {written} (" in capsys.readouterr().out
    html = written.read_text()
    assert "Participant handout" in html and "prevent@somerset.gov.uk" in html  # workshop-60 names Somerset
    out = tmp_path / "fac.html"
    assert main(["handout", "--plan", str(DEMO_PLAN), "--facilitator", "--output", str(out)]) == 0
    html = out.read_text()
    assert "Facilitator edition" in html and "0800 011 3764" in html and "somerset" not in contacts(html).lower()
    assert main(["handout", "--plan", str(DEMO_PLAN), "--local", str(SOMERSET), "--output", str(out)]) == 0
    assert "prevent@somerset.gov.uk" in out.read_text()


def test_cli_bad_plan_or_local_exits_1_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: x\ntitle: T\nactivities:\n  - id: q\n    kind: poll\n")
    out = tmp_path / "h.html"
    assert main(["handout", "--plan", str(bad), "--output", str(out)]) == 1
    assert f"{bad}:6: activities[0].kind:" in capsys.readouterr().err
    bad_local = tmp_path / "local.yaml"
    bad_local.write_text("schema_version: 1\nid: x\narea: X\ncontacts: []\n")
    assert main(["handout", "--local", str(bad_local), "--output", str(out)]) == 1
    assert f"{bad_local}:4: contacts:" in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == sorted([bad, bad_local])  # no handout, not even half of one


def test_cli_unwritable_output_exits_1(tmp_path, capsys):
    assert main(["handout", "--output", str(tmp_path / "no-such-folder" / "h.html")]) == 1
    assert "could not write" in capsys.readouterr().err


def test_pdf_is_skipped_with_a_message_without_chromium(tmp_path, no_course):
    out = tmp_path / "h.html"
    done = write_handout(PLAN_60, output=out, pdf=True, course_dir=no_course, chromium=str(tmp_path / "chromium"))
    assert done.ok and out.is_file() and not out.with_suffix(".pdf").exists()
    assert any(line.startswith("No PDF: chromium is not installed") for line in done.lines)


@pytest.mark.e2e
def test_handout_loads_nothing_from_the_network_in_chromium(tmp_path, browser):
    plan = load_plan(PLAN_60)
    first_case = next(a for a in plan.activities if isinstance(a, ScenarioActivity)).case
    for facilitator in (False, True):
        out = tmp_path / f"handout-{facilitator}.html"
        assert write_handout(PLAN_60, output=out, facilitator=facilitator).ok
        context = browser.new_context(offline=True)
        page = context.new_page()
        requests, errors = [], []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.on("console", lambda m, seen=errors: seen.append(m.text) if m.type == "error" else None)
        page.goto(out.as_uri(), wait_until="load")
        assert page.title().startswith(plan.title)
        assert page.get_by_role("heading", name=plan.title, exact=True).is_visible()
        case_heading = page.locator(".hw-case h3").first  # the narrative may name the case too
        assert case_heading.is_visible() and first_case.title in case_heading.inner_text()
        page.emulate_media(media="print")
        assert page.eval_on_selector(".hw-case", "e => getComputedStyle(e).breakBefore") == "page"
        assert requests == [out.as_uri()], requests  # only the file itself: no CSS, font or image
        assert errors == []  # e.g. nothing the Content-Security-Policy had to block
        context.close()

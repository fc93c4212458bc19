"""Facts a test can hold: who each contact is for, consent for children, sources, case routes."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from widgets.content import check_paths, load_local
from widgets.content.local import NATIONAL_CONTACTS
from widgets.content.models import ChoicePoll
from widgets.content.scenario import ScenarioActivity
from widgets.ui.render import contacts_html

ROOT = Path(__file__).resolve().parents[2]
ADVICE_LINE = "0800 011 3764"


def every_text() -> list[tuple[str, str]]:
    """Everything the kit says in words: YAML content files and course notebook markdown."""
    texts = [(str(p.relative_to(ROOT)), p.read_text()) for p in sorted((ROOT / "scenarios").rglob("*.yaml"))]
    for path in sorted((ROOT / "notebooks" / "course").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            texts.append((f"{path.name}:{cell.get('id')}", "".join(cell["source"])))
    return [(where, " ".join(text.split())) for where, text in texts]


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text)


@pytest.fixture(scope="module")
def shipped():
    loaded, problems = check_paths([ROOT / "scenarios"])
    assert not problems
    return loaded


def test_the_advice_line_is_never_offered_as_staff_fallback():
    for where, text in every_text():
        for s in sentences(text):
            if ADVICE_LINE in s or "advice line" in s.lower():
                assert not re.search(r"can't reach|cannot reach|if your lead", s, re.I), (where, s)
    [line] = [c for c in NATIONAL_CONTACTS if c.phone == ADVICE_LINE]
    assert "friends, family and community" in line.note and "Not the route for staff" in line.note


def test_every_national_contact_says_who_it_is_for():
    assert all(re.search(r"\bfor\b", c.note, re.I) for c in NATIONAL_CONTACTS)


def test_the_contacts_name_the_local_authority_prevent_lead_as_staff_fallback():
    area = load_local(ROOT / "scenarios" / "local" / "somerset.yaml")
    [lead] = [c for c in area.contacts if c.prevent_lead]
    html = unescape(contacts_html(area))
    assert "If you can't reach them, contact your local authority Prevent lead" in html
    assert f"In Somerset: {lead.name}" in html and lead.email in html
    assert "local authority Prevent lead" in contacts_html(None)  # no area file: the route still shows


def test_channel_consent_for_children_names_a_parent_or_guardian():
    mentions = 0
    for where, text in every_text():
        for s in sentences(text):
            if "consent" in s.lower() and re.search(r"child|under 18|17", s):
                mentions += 1
                assert "parent or guardian" in s, (where, s)
    assert mentions >= 5


def test_figures_cite_the_release_in_full_and_rank_no_mixed_group():
    for where, text in every_text():
        assert "Prevent statistics, 2025" not in text, where
        assert not re.search(r"largest group[^.]*(mixed|unclear)", text, re.I), where
        assert "the original course was made there" not in text, where
    module06 = next(t for w, t in every_text() if w.endswith("course-06-03"))
    assert "made by the Home Office" in module06 and "Somerset Council's page lists it" in module06


def test_the_referral_definition_is_not_credited_to_the_guidance(shipped):
    for plan in shipped["plans"]:
        for a in plan.activities:
            if a.id == "what-is-a-referral" and a.source:
                assert "course's own summary" in a.source


def test_the_three_ms_question_does_not_mark_one_m_right(shipped):
    polls = [a for p in shipped["plans"] for a in p.activities if a.id == "three-ms"]
    assert polls and all(isinstance(a, ChoicePoll) and not a.correct for a in polls)
    assert all("Misguided fits" in a.explanation and "Malicious fits" in a.explanation for a in polls)


def test_a_child_asking_for_his_passport_escalates_the_same_day(shipped):
    case = next(c for c in shipped["cases"] if c.id == "social-care-secret-contact")
    [best] = [c for c in case.node("later").choices if c.best]
    step = case.node(best.next)
    assert "same day" in step.text and "police" in step.text and "children's social care" in step.text
    assert case.node(step.next).outcome == "prevent_referral"


def test_the_online_club_checks_with_the_school_and_seeks_advice(shipped):
    case = next(c for c in shipped["cases"] if c.id == "online-club-symbol")
    gather = case.node("gather")
    assert "school" in gather.text and "advice" in gather.text


def test_every_case_is_a_default_or_an_alternative_in_some_plan(shipped):
    used = {
        case
        for p in shipped["plans"]
        for a in p.activities
        if isinstance(a, ScenarioActivity)
        for case in (a.case.id, *a.alternatives)
    }
    assert used == {c.id for c in shipped["cases"]}


def test_the_short_plan_scores_outcomes_two_and_three_twice_each(shipped):
    plan = next(p for p in shipped["plans"] if p.id == "workshop-30")
    scored = {a.id for a in plan.activities if (isinstance(a, ChoicePoll) and a.correct) or a.kind == "sorting"}
    assert {"sort-statements", "record-label"} <= scored  # outcome 2
    assert {"notice-check-share", "data-protection"} <= scored  # outcome 3
    assert 28 <= plan.minutes <= 32

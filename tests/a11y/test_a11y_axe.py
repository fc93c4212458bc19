"""axe-core (WCAG 2.0, 2.1 and 2.2 A and AA, and best practice) on every state of the participant's
page and of the facilitator's console, each scanned once the page is ready (Voilà's spinner gone).
Serious and critical violations fail; moderate and minor ones are listed at the end of the run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from a11y_support import (
    ANSWERS,
    BAD_CODE,
    CLOSED,
    COUNT,
    KINDS,
    WAITING,
    answer_with_mouse,
    axe_scan,
    expect_console_at,
    expect_open,
    expect_ready,
    go_on,
    joined,
    open_console,
    tab_to,
)
from playwright.sync_api import expect

from widgets.content import load_plan

pytestmark = pytest.mark.e2e

DEMO_PLAN = Path(__file__).resolve().parents[2] / "scenarios" / "plans" / "demo.yaml"


@pytest.fixture(scope="module")
def phone(module_pages):
    return module_pages(375, 667, is_mobile=True, has_touch=True)


@pytest.fixture(scope="module")
def console(module_pages, live):
    page = module_pages(1280, 900)
    open_console(page, live)
    return page


def test_join_form(phone, live):
    phone.goto(live.server.participant_base + "/")
    expect_ready(phone, phone.get_by_role("button", name="Join"))
    expect(phone.get_by_role("textbox", name="Join code")).to_be_visible()
    assert axe_scan(phone, "participant: join form") == []


def test_join_error(phone):
    phone.get_by_role("textbox", name="Join code").fill("ZZZZZZ")
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_role("status")).to_have_text(BAD_CODE)
    assert axe_scan(phone, "participant: join error") == []


def test_waiting(phone, console, live):
    phone.get_by_role("textbox", name="Join code").fill(live.server.code)
    phone.get_by_role("button", name="Join").click()
    go_on(phone, joined(phone))
    expect(phone.get_by_role("status")).to_have_text(WAITING)
    expect(phone.get_by_text("Activity 1 of 6", exact=True)).to_be_visible()
    expect_console_at(console, 0, "Not opened")
    expect(console.get_by_text("1 joined", exact=True)).to_be_visible()
    failures = axe_scan(phone, "participant: waiting") + axe_scan(console, "console: not opened")
    assert failures == []


@pytest.mark.parametrize("position", list(ANSWERS), ids=KINDS.get)
def test_poll(phone, console, live, position):
    """One activity through its states: open, answered, closed, revealed, on both pages."""
    kind = KINDS[position]
    failures = []

    live.at(position, "open")
    expect_open(phone, position)
    expect_console_at(console, position, "Open")
    expect(console.get_by_role("status").filter(has_text=COUNT)).to_have_text("0 responses")
    failures += axe_scan(phone, f"participant: {kind} open")
    failures += axe_scan(console, f"console: {kind} open, no votes")

    answer_with_mouse(phone, position)
    expect(console.get_by_role("status").filter(has_text=COUNT)).to_have_text("1 response")
    failures += axe_scan(phone, f"participant: {kind} answer saved")
    failures += axe_scan(console, f"console: {kind} after a vote")

    live.at(position, "closed")
    expect(phone.get_by_role("status")).to_have_text(CLOSED)
    expect(phone.get_by_text(re.compile(r"^Your answer: "))).to_be_visible()
    failures += axe_scan(phone, f"participant: {kind} closed")

    live.at(position, "revealed")
    expect(phone.locator(".pw-results")).to_be_visible()
    expect_console_at(console, position, "Results shown")
    failures += axe_scan(phone, f"participant: {kind} revealed")
    failures += axe_scan(console, f"console: {kind} revealed")
    assert failures == [], "\n".join(failures)
    assert phone.errors == [] and console.errors == []


def test_question_on_joining(module_pages, live):
    """Plans for real workshops ask on joining whether the person has done Prevent awareness
    training. A second session, the demo plan with that question on, answered by keyboard."""
    plan = load_plan(DEMO_PLAN).model_copy(update={"awareness_check": True})
    code = live.service.create_session(plan)["code"]
    page = module_pages(375, 667)
    page.goto(f"{live.server.participant_base}/?join={code}")
    checkin = joined(page)
    assert checkin is not None, "the question on joining did not show"
    failures = axe_scan(page, "participant: question on joining")
    buttons = checkin.get_by_role("button")
    expect(buttons).to_have_count(3)
    tab_to(page, buttons.last)  # "Not sure": a short summary, a link, and a button to go on
    page.keyboard.press("Enter")
    expect(checkin.get_by_role("link")).to_be_visible()
    failures += axe_scan(page, "participant: question on joining, answered")
    tab_to(page, checkin.get_by_role("button"))
    page.keyboard.press("Enter")
    expect(checkin).to_be_hidden()
    expect(page.get_by_text("Activity 1 of 6", exact=True)).to_be_visible()
    assert failures == [], "\n".join(failures)

"""The exercises on a participant's phone (375 × 667), by keyboard alone, with axe-core on each
state: sorting statements (a named group of radios each), ranking with Move up / Move down, and a
case scenario played to its end. A second session on the same server runs tests/data/exercise-plan.yaml."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from a11y_support import ANSWER_INTERVAL, SAVED, axe_scan, expect_ready, focus_problems, focus_walk, focused, tab_to
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from widgets.content import load_plan

pytestmark = pytest.mark.e2e

EXERCISES = Path(__file__).resolve().parents[1] / "data" / "exercise-plan.yaml"
SORT, RANK, CASE = range(3)


@pytest.fixture(scope="module")
def session(live) -> dict:
    return live.service.create_session(load_plan(EXERCISES))


@pytest.fixture(scope="module")
def phone(module_pages, live, session) -> Page:
    page = module_pages(375, 667)
    page.goto(f"{live.server.participant_base}/?join={session['code']}")
    expect_ready(page, page.get_by_text("Activity 1 of 3", exact=True))
    return page


def open_activity(live, session, phone: Page, position: int) -> int:
    """Facilitator: go to `position` and open it; the phone follows. Returns the activity's id."""
    service, sid = live.service, session["id"]
    service.go_to(sid, position)
    service.open_poll(sid)
    expect(phone.get_by_text(f"Activity {position + 1} of 3", exact=True)).to_be_visible()
    return service.view(sid).activities[position].id


def on_button(page: Page) -> None:
    assert focused(page).startswith("button"), f"focus fell to {focused(page)}"


def test_sorting_by_keyboard(phone, live, session):
    aid = open_activity(live, session, phone, SORT)
    groups = phone.get_by_role("group")
    expect(groups).to_have_count(2)
    expect(groups.first).to_have_accessible_name("1. Everyone knows he is an extremist.")
    failures = axe_scan(phone, "participant: sorting open")

    # Tab into the first statement's radios (one Tab stop), the arrow keys to "Assertion", then one
    # Tab on to the second statement, the arrow keys to "Alternative explanation".
    first, second = (groups.nth(i).get_by_role("radio") for i in range(2))
    tab_to(phone, first.first)
    phone.keyboard.press("ArrowDown")
    expect(groups.first.get_by_role("radio", name="Assertion")).to_be_checked()
    phone.keyboard.press("Tab")
    expect(second.first).to_be_focused()
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("ArrowDown")
    expect(groups.nth(1).get_by_role("radio", name="Alternative explanation")).to_be_checked()
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("button", name="Submit answer")).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("status")).to_have_text(SAVED)
    expect(phone.locator(".pw-feedback.pw-right")).to_have_count(2)
    assert live.service.store.response_values(aid) == [{"s1": "assertion", "s2": "alternative"}]
    on_button(phone)
    failures += axe_scan(phone, "participant: sorting saved")
    failures += focus_problems(focus_walk(phone))
    assert failures == [], "\n".join(failures)


def test_ranking_by_keyboard(phone, live, session):
    aid = open_activity(live, session, phone, RANK)
    items = phone.locator(".pw-rank-item")
    expect(items).to_have_text(["1. Your DSL", "2. The police", "3. A colleague"])
    failures = axe_scan(phone, "participant: ranking open")

    # "A colleague" to the top: Move up on the third row, then on the second. The rows stay where
    # they are (only their text changes), so focus stays on the button pressed.
    up = phone.get_by_role("button", name="Move up")
    tab_to(phone, up.nth(2))
    phone.keyboard.press("Enter")
    expect(items).to_have_text(["1. Your DSL", "2. A colleague", "3. The police"])
    on_button(phone)
    expect(up.nth(2)).to_have_accessible_description("Move The police up")  # which option the button moves
    tab_to(phone, up.nth(1), limit=2, key="Shift+Tab")
    phone.keyboard.press("Space")
    expect(items).to_have_text(["1. A colleague", "2. Your DSL", "3. The police"])
    expect(up.nth(1)).to_be_focused()
    expect(up.first).to_be_disabled()  # nothing goes above the first place

    tab_to(phone, phone.get_by_role("button", name="Submit answer"))
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("status")).to_have_text(SAVED)
    assert live.service.store.response_values(aid) == [["colleague", "dsl", "police"]]
    failures += axe_scan(phone, "participant: ranking saved")
    failures += focus_problems(focus_walk(phone))
    assert failures == [], "\n".join(failures)


# The case's best route: (button, what it shows next, is it a decision that is saved?)
ROUTE = [
    ("Talk to Jo", "A kind first step.", True),
    ("Continue", "Jo's grandad died last month.", False),
    ("Continue", "What now?", False),
    ("Speak to the DSL", "Right: share through procedure.", True),
    ("Continue", "Grief, not radicalisation.", False),
]


def test_scenario_by_keyboard(phone, live, session):
    aid = open_activity(live, session, phone, CASE)
    expect(phone.get_by_text("Jo has stopped talking to friends.")).to_be_visible()
    failures = axe_scan(phone, "participant: scenario start")
    saved_at = -float("inf")
    for name, then, decision in ROUTE:
        button = phone.get_by_role("button", name=name, exact=True)
        # Each step replaces the buttons: Tab goes on from where the pressed one was, a few presses at most.
        tab_to(phone, button, limit=6)
        if decision and (left := saved_at + ANSWER_INTERVAL - time.monotonic()) > 0:
            time.sleep(left)  # decisions are saved as they are made: the kit refuses floods of them
        phone.keyboard.press("Enter")
        expect(phone.get_by_text(then)).to_be_visible()
        if decision:
            saved_at = time.monotonic()
            failures += axe_scan(phone, f"participant: scenario after {name!r}")
    expect(phone.get_by_text(re.compile("^Where this leads: "))).to_be_visible()
    expect(phone.get_by_role("button", name="Play again")).to_be_visible()
    assert live.service.store.response_values(aid) == [[["notice", "talk"], ["decide", "dsl"]]]
    expect(phone.get_by_text("Please wait a moment")).to_have_count(0)
    failures += axe_scan(phone, "participant: scenario end")
    failures += focus_problems(focus_walk(phone))
    assert failures == [], "\n".join(failures)
    assert phone.errors == []


def test_scenario_keeps_focus_after_a_step(phone):
    """At the end of the case: "Play again" by keyboard; focus must land on a control of the new step."""
    tab_to(phone, phone.get_by_role("button", name="Play again"))
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("button", name="Talk to Jo")).to_be_visible()
    try:
        phone.wait_for_function(
            "() => { const e = document.activeElement; return e && e !== document.body && !e.disabled; }",
            timeout=2_000,
        )
    except PlaywrightTimeoutError:
        raise AssertionError(f"focus fell to {focused(phone)} after Play again") from None


def test_a_late_focus_from_the_kernel_leaves_the_persons_focus(phone):
    """The kernel puts focus on a new step's first control, one round trip after the step is drawn.
    A person who has already Tabbed to another choice keeps it: the CI once saw "Do nothing" chosen
    by an Enter meant for "Speak to the DSL", the kernel's focus having come between Tab and Enter."""
    choices = phone.locator(".pw-choice")
    expect(choices).to_have_count(2)
    first, second = choices.first, choices.nth(1)
    # The kernel's {"do": "focus"} for the first choice, as the page receives it (no round trip to time).
    focus_first = """(label) => Object.values(window.jupyterapp.widgetManager._models)
        .find((m) => m.name === "ButtonModel" && m.get("description") === label)
        .trigger("msg:custom", {do: "focus"})"""
    second.focus()
    phone.evaluate(focus_first, first.inner_text())
    expect(second).to_be_focused()
    # With nothing focused (the pressed control has just gone), the kernel's focus is taken.
    phone.evaluate("() => document.activeElement.blur()")
    phone.evaluate(focus_first, first.inner_text())
    expect(first).to_be_focused()

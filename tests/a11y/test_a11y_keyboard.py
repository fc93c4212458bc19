"""Keyboard only, at 375 × 667: join by typing the code, answer every kind of activity with Tab,
arrow keys, Space and typing, and submit with Enter; then run the facilitator's console by
keyboard. Nothing here clicks: the mouse is never used on a page."""

from __future__ import annotations

from collections import Counter

import pytest
from a11y_support import (
    ANSWERS,
    BAD_CODE,
    KINDS,
    MULTIPLE,
    OPEN_TEXT,
    SAVED,
    SCALE,
    SHORT_TEXT,
    WAITING,
    axe_scan,
    expect_console_at,
    expect_open,
    expect_ready,
    focused,
    go_on,
    joined,
    kernel_caught_up,
    open_console,
    submit,
    tab_to,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

RADIOS = {pos for pos in ANSWERS if pos not in (MULTIPLE, SHORT_TEXT, OPEN_TEXT)}


@pytest.fixture(scope="module")
def phone(module_pages):
    return module_pages(375, 667)


@pytest.fixture(scope="module")
def console(module_pages, live):
    page = module_pages(1280, 900)
    open_console(page, live)
    return page


def test_join_by_keyboard(phone, live):
    phone.goto(live.server.participant_base + "/")
    box = phone.get_by_role("textbox", name="Join code")
    expect_ready(phone, box)
    presses = tab_to(phone, box)
    assert presses <= 3, f"the join code box is Tab number {presses}: it should come first"

    # A wrong code, then Tab to "Join" and Enter: the error is said in the status region.
    phone.keyboard.type("ZZZZZZ")
    tab_to(phone, phone.get_by_role("button", name="Join"), limit=1)
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("status")).to_have_text(BAD_CODE)

    # Back to the box, the right code, Enter.
    tab_to(phone, box, limit=1, key="Shift+Tab")
    phone.keyboard.press("ControlOrMeta+a")
    phone.keyboard.type(live.server.code.lower())  # as typed on a phone: lower case is fine
    phone.keyboard.press("Enter")
    go_on(phone, joined(phone), keyboard=True)
    expect(phone.get_by_role("status")).to_have_text(WAITING)
    assert live.service.view(live.session_id).participants == 1


def test_console_by_keyboard(console, phone, live):
    """Open poll, Close poll and Next activity pressed with Enter or Space: Open poll and Next
    activity reached with Tab, Close poll where the console puts focus once the poll is open."""
    expect_console_at(console, 0, "Not opened")
    tab_to(console, console.get_by_role("button", name="Open poll"))
    console.keyboard.press("Enter")
    expect_console_at(console, 0, "Open")
    assert live.state() == (0, "open")
    expect_open(phone, SCALE)  # the participant's page follows

    # A pressed button that disables itself has the console move focus on, a moment after the new
    # state shows: "Open poll" to "Close poll", "Close poll" to "Reveal results". A Tab pressed
    # before that move lands would race it.
    expect(console.get_by_role("button", name="Close poll")).to_be_focused()
    console.keyboard.press("Enter")
    expect_console_at(console, 0, "Closed")
    expect(console.get_by_role("button", name="Reveal results")).to_be_focused()

    tab_to(console, console.get_by_role("button", name="Next activity"))
    console.keyboard.press("Space")
    expect_console_at(console, 1, "Not opened")
    assert live.state() == (1, "draft")
    expect(phone.get_by_text("Activity 2 of 6", exact=True)).to_be_visible()
    assert console.errors == []


def test_console_keeps_focus_after_an_action(console, live):
    """At activity 2, not opened yet: Open poll by keyboard; focus must stay on a control."""
    button = console.get_by_role("button", name="Open poll")
    tab_to(console, button)
    console.keyboard.press("Enter")
    expect_console_at(console, 1, "Open")
    expect(button).to_be_disabled()
    try:  # the app may move focus a moment later: give it 2 s to land on a control that works
        console.wait_for_function(
            "() => { const e = document.activeElement;"
            " return e && e !== document.body && !e.disabled && e.getClientRects().length > 0; }",
            timeout=2_000,
        )
    except PlaywrightTimeoutError:
        raise AssertionError(f"focus fell to {focused(console)} after Open poll disabled itself") from None


@pytest.mark.parametrize("position", list(ANSWERS), ids=KINDS.get)
def test_answer_by_keyboard(phone, live, position):
    chosen, stored = ANSWERS[position]
    live.at(position, "open")
    expect_open(phone, position)

    if position in RADIOS:
        # Tab into the group, Space picks the first choice, the arrow keys move on to ours.
        radios = phone.get_by_role("radio")
        labels = radios.evaluate_all("(all) => all.map(e => e.labels[0].innerText.trim())")
        tab_to(phone, radios.first)
        phone.keyboard.press("Space")
        expect(radios.first).to_be_checked()
        for _ in range(labels.index(chosen[0])):
            phone.keyboard.press("ArrowDown")
        expect(phone.get_by_role("radio", name=chosen[0], exact=True)).to_be_checked()
        expect(phone.get_by_role("radio", checked=True)).to_have_count(1)
    elif position == MULTIPLE:
        for label in chosen:
            box = phone.get_by_role("checkbox", name=label, exact=True)
            tab_to(phone, box)
            phone.keyboard.press("Space")
            expect(box).to_be_checked()
    else:
        tab_to(phone, phone.get_by_role("textbox", name="Your answer"))
        phone.keyboard.type(chosen[0])

    tab_to(phone, phone.get_by_role("button", name="Submit answer"))
    submit(phone, keyboard=True)
    assert live.answers(position) == [stored]
    assert focused(phone).startswith("button"), f"focus moved to {focused(phone)} after submitting"
    assert phone.errors == []


def test_quick_change_then_submit_saves_what_is_shown(module_pages, live):
    """Two changes and a submit in one go, as fast arrow keys and Enter can be. ipywidgets would hold
    the second change back until the kernel answered the first, and the click would overtake it; the
    choices send each change as a custom message instead, which goes out at once, before the click."""
    page = module_pages(375, 667)
    page.goto(live.server.join_url)
    go_on(page, joined(page))
    live.at(SCALE, "open")
    expect_open(page, SCALE)
    before = live.answers(SCALE)
    kernel_caught_up(page)
    page.evaluate(
        """() => { const radios = document.querySelectorAll('input[type=radio]');
          radios[1].click(); radios[2].click();
          [...document.querySelectorAll('button')].find(b => b.innerText.trim() === 'Submit answer').click(); }"""
    )
    expect(page.get_by_role("radio", name="3", exact=True)).to_be_checked()
    expect(page.get_by_role("status")).to_have_text(SAVED)
    added = list((Counter(map(str, live.answers(SCALE))) - Counter(map(str, before))).elements())
    assert added == ["3"], f"the page shows 3 and says 'Answer saved', but the store got {added}"


def test_case_bank_by_keyboard(console, live):
    """The console's case bank: Tab to a case, Space ticks it, Tab to "Use these cases", Enter; the
    session and the run sheet follow, focus stays on the button, and axe finds nothing. Last in
    this module: the session has seven activities after it."""
    bank = console.get_by_role("group", name="Case bank")
    box = bank.get_by_role("checkbox").first
    tab_to(console, box, limit=80)
    console.keyboard.press("Space")
    expect(box).to_be_checked()
    use = console.get_by_role("button", name="Use these cases")
    tab_to(console, use, limit=12)
    console.keyboard.press("Enter")
    expect(console.get_by_role("status").filter(has_text="The session now runs 1 case")).to_be_visible()
    cases = [a.activity for a in live.service.view(live.session_id).activities if a.activity.kind == "scenario"]
    assert len(cases) == 1
    expect(console.get_by_role("table", name="Run sheet")).to_contain_text(cases[0].title)
    expect(use).to_be_focused()
    assert axe_scan(console, "console: case bank used") == []
    assert console.errors == []

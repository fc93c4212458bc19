"""Moderation and questions from the room, by keyboard, at 375 px, through axe-core: the console's
list of answers to approve, its list of questions, the participant's question panel, and the
question on the projector."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from a11y_support import (
    OPEN_TEXT,
    axe_scan,
    expect_ready,
    focus_problems,
    focus_walk,
    go_on,
    joined,
    overflowing,
    resize,
    small_targets,
    tab_to,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PHONE = (375, 667)
LOAD_MS = 60_000  # a first load runs the notebook in a new kernel: slow on a busy machine
ANSWER, QUESTION = "Speak to the safeguarding lead the same day", "Who do I call when the DSL is away?"


def join(page: Page, live) -> Page:
    page.goto(live.server.join_url, timeout=LOAD_MS)
    go_on(page, joined(page))
    return page


@pytest.fixture(scope="module")
def phone(module_pages, live):
    return join(module_pages(*PHONE, is_mobile=True, has_touch=True), live)


@pytest.fixture(scope="module")
def console(module_pages, live):
    page = module_pages(1280, 900)
    page.goto(live.server.staff_url, timeout=LOAD_MS)
    expect_ready(page, page.get_by_text(re.compile(r"^Activity \d of 6 · ")))
    return page


def layout(page: Page, where: str) -> list[str]:
    """Sideways scrolling, small targets and focus, at a phone's width."""
    own = page.viewport_size
    resize(page, *PHONE)
    try:
        out = [f"{where}: horizontal scrolling in {o}" for o in overflowing(page)]
        out += [f"{where}: target smaller than 24 × 24: {t}" for t in small_targets(page)]
        out += [f"{where}: {p}" for p in focus_problems(focus_walk(page))]
    finally:
        resize(page, own["width"], own["height"])
    return out


def press(page: Page, locator) -> None:
    tab_to(page, locator, limit=80)
    page.keyboard.press("Enter")


def test_answers_moderated_by_keyboard(phone, console, live):
    live.at(OPEN_TEXT, "open")
    phone.get_by_role("textbox", name="Your answer").fill(ANSWER)
    phone.get_by_role("button", name="Submit answer").click()
    row = console.locator(".pw-mod-row").filter(has_text=ANSWER)
    expect(row.get_by_text("Waiting", exact=True)).to_be_visible()
    failures = axe_scan(console, "console: an answer waiting") + layout(console, "console: an answer waiting")
    press(console, row.get_by_role("button", name="Hide"))
    expect(row.get_by_text("Hidden", exact=True)).to_be_visible()
    failures += axe_scan(console, "console: an answer hidden")
    press(console, console.get_by_role("button", name="Approve all"))
    expect(console.get_by_role("status").filter(has_text="No answers are waiting.")).to_be_visible()
    press(console, row.get_by_role("button", name="Approve"))
    expect(row.get_by_text("Approved", exact=True)).to_be_visible()
    failures += axe_scan(console, "console: an answer approved")
    live.at(OPEN_TEXT, "revealed")
    expect(phone.locator(".pw-texts").get_by_text(ANSWER)).to_be_visible()
    failures += axe_scan(phone, "participant: approved answers revealed")
    assert failures == [], "\n".join(failures)


def test_a_question_asked_approved_and_upvoted_by_keyboard(phone, console, module_pages, live):
    press(phone, phone.get_by_role("button", name="Ask or see questions"))
    box = phone.get_by_role("textbox", name="Your question")
    expect(box).to_be_visible()
    failures = axe_scan(phone, "participant: question panel open") + layout(phone, "participant: question panel")
    tab_to(phone, box)
    phone.keyboard.type(QUESTION)
    press(phone, phone.get_by_role("button", name="Send question"))
    expect(phone.get_by_role("status").filter(has_text="Question sent.")).to_be_visible()
    failures += axe_scan(phone, "participant: question sent")

    row = console.locator(".pw-q-row").filter(has_text=QUESTION)
    expect(row.get_by_text("Waiting for approval", exact=False)).to_be_visible()
    press(console, row.get_by_role("button", name="Approve"))
    expect(row.get_by_text("Approved", exact=False)).to_be_visible()
    press(console, row.get_by_role("button", name="Show on screen"))
    expect(row.get_by_role("button", name="Take off screen")).to_be_focused()  # focus stays on the button
    failures += axe_scan(console, "console: a question on screen") + layout(console, "console: questions")

    other = module_pages(*PHONE, is_mobile=True, has_touch=True)
    join(other, live)
    press(other, other.get_by_role("button", name="Ask or see questions"))
    theirs = other.locator(".pw-q-row").filter(has_text=QUESTION)
    press(other, theirs.get_by_role("button", name="Upvote"))
    expect(theirs.get_by_role("button", name="Upvoted")).to_be_focused()
    expect(row.get_by_text("1 vote", exact=False)).to_be_visible()
    failures += axe_scan(other, "participant: question upvoted") + layout(other, "participant: question upvoted")

    screen = module_pages(1280, 720)
    staff = urlsplit(live.server.staff_url)
    screen.goto(f"{live.server.staff_base}/voila/render/screen.ipynb?{staff.query}", timeout=LOAD_MS)
    expect_ready(screen, screen.get_by_text(re.compile(r"^Activity \d of 6$")))
    expect(screen.locator(".pw-screen-question").get_by_text(QUESTION)).to_be_visible()
    failures += axe_scan(screen, "screen: a question from the room")
    assert failures == [], "\n".join(failures)
    assert not any(p.errors for p in (phone, other, console, screen))

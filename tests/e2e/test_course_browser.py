"""The self-paced course in a real browser on a phone-sized screen, against the real `workshop course`:
the course home by keyboard alone (home → module 1 → back home shows progress → Continue), the file
tree and the notebooks by file name refused, module 3's sorting exercise done by keyboard alone, its
case played to an end by tapping, and a reload that keeps both (the learner's progress is stored by
the random id in their browser)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from testkit.harness import RunningCourse, start_course
from tests.http_kit import request
from widgets.settings import Settings

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
MODULE_3 = "module/3"
MODULE_1 = "Module 1: Prevent in context"
# Voilà's file tree and the notebooks by file name, as a served folder would have them: all refused.
OLD_WAYS = [
    "/voila/tree", "/voila/tree/", "/voila/render/home.ipynb", "/voila/render/01-prevent-in-context.ipynb",
    "/voila/api/contents", "/voila/files/01-prevent-in-context.ipynb", "/01-prevent-in-context.ipynb",
]  # fmt: skip
START_SECONDS = 60
STOP_SECONDS = 30

# Statement (in the plan's order) → the category to choose. All right but one, so both kinds of
# feedback are seen; the labels are the radio buttons' names.
SORT = [
    ("He has started wearing religious dress", "Assumption"),
    ("everyone on the estate knows", "Assertion"),
    ("His history class is studying them", "Alternative explanation"),
    ("Her dad died last month", "Alternative explanation"),
    ("I just know it", "Assertion"),
    ("Lads who spend all night gaming", "Assumption"),
    ("His angry posts began the week of a big news story", "Assumption"),  # wrong: an alternative
    ("She's from that part of town", "Assumption"),
]
WRONG = {6: "Not quite: this is alternative explanation."}
SAVED = "Answer saved. You can come back and change it."
THROTTLED = "Please wait a moment before answering again."
# A page refuses a second save within this many seconds of the last (against floods of taps); the
# server runs with the default, so a test that decides twice in a row waits that long, no longer.
ANSWER_INTERVAL = Settings.model_fields["answer_interval"].default

CASE = [  # the best route through the housing case: (button to tap, text that follows, saves a decision?)
    ("Thank Mrs Greaves, then check your records and speak to your safeguarding lead", "Good. Take every", True),
    ("Continue", "You find out:", False),
    ("Continue", "Your safeguarding lead asks what you think should happen now.", False),
    ("No referral. Record what you checked and why, and deal with the parking row", "Yes. The", True),
    ("Continue", "Where this leads:", False),
]
DEBRIEF = "Faith, dress or a beard are never signs of radicalisation on their own."


@pytest.fixture(scope="module")
def workshop(tmp_path_factory) -> Iterator[RunningCourse]:
    """`workshop course` on a free port with a throwaway store; stopped with Ctrl-C (SIGINT). Named
    `workshop`, as the e2e failure hook looks for it, so a failure shows screenshots and logs."""
    try:
        course = start_course(tmp_path_factory.mktemp("course-e2e"), start_seconds=START_SECONDS)
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    yield course
    code = course.stop(STOP_SECONDS)
    if code != 0:
        pytest.fail(f"`workshop course` did not stop cleanly on SIGINT (exit {code})\n{course.logs()}", pytrace=False)


def press_on(page: Page, target: Locator, limit: int = 60) -> None:
    """Tab until `target` has focus, then Enter: a keyboard user following a link or pressing a button."""
    handle = target.element_handle()
    for _ in range(limit):
        if page.evaluate("(e) => document.activeElement === e", handle):
            page.keyboard.press("Enter")
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}; focus is on {focused(page)}")


def addresses(page: Page) -> list[str]:
    """Every address a learner sees: the page's own and every link's."""
    return [page.url, *page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")]


def test_course_home_by_keyboard(new_page, workshop):
    page = new_page(375, 667, is_mobile=True)
    page.goto(workshop.url, wait_until="commit")  # Voilà sends the page as its cells run: wait for what counts
    expect(page.get_by_role("heading", name="Prevent Referrals", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="What you will learn")).to_be_visible()
    expect(page.get_by_role("heading", name="Have you done Prevent awareness training?")).to_be_visible()
    modules = page.locator(".pw-module")
    expect(modules).to_have_count(7)
    expect(modules.nth(1)).to_contain_text(f"{MODULE_1}4 minutes · Not started")
    expect(page.get_by_role("link", name="Start the course")).to_be_visible()
    assert page.title() == "Prevent Referrals: self-paced course"
    assert not [a for a in addresses(page) if ".ipynb" in a or "/voila/" in a]

    # Module 1, one of its two quizzes answered, back home by its link: the keyboard all the way.
    press_on(page, page.get_by_role("link", name=MODULE_1, exact=True))
    expect(page.get_by_role("heading", name=MODULE_1)).to_be_visible(timeout=30_000)
    assert page.url == f"{workshop.url}module/1" and page.title() == MODULE_1
    first = page.locator(".pw-course-activity").first
    press_on(page, first.get_by_role("radio").first)  # Enter on a radio does nothing; Space chooses
    page.keyboard.press("Space")
    press_on(page, first.get_by_role("button", name="Submit answer"), limit=3)
    expect(first.get_by_role("status")).to_have_text(SAVED)
    assert not [a for a in addresses(page) if ".ipynb" in a or "/voila/" in a]
    press_on(page, page.get_by_role("link", name="Back to the course home"), limit=120)

    expect(modules.nth(1)).to_contain_text("In progress: 1 of 2 activities done", timeout=30_000)
    expect(modules.nth(0)).to_contain_text("Not started")
    assert page.url == workshop.url
    expect(page.locator(".pw-next")).to_have_text(f"Next: {MODULE_1}")
    press_on(page, page.get_by_role("link", name="Continue", exact=True))
    expect(page.get_by_role("heading", name=MODULE_1)).to_be_visible(timeout=30_000)
    assert page.url == f"{workshop.url}module/1"
    expect(first.get_by_role("radio").first).to_be_checked()  # the same learner: their answer is back
    assert page.errors == [], f"uncaught errors in {page.url}: {page.errors}"


def test_no_file_tree_and_no_notebook_by_file_name(workshop):
    port = int(workshop.url.rstrip("/").rsplit(":", 1)[1])
    status, _, body = request(port, "GET", "/")
    assert status == 200 and "Select items to open" not in body
    refused = {path: request(port, "GET", path)[0] for path in OLD_WAYS}
    assert all(code in (403, 404) for code in refused.values()), refused


def statement(page: Page, i: int) -> Locator:
    return page.locator(".pw-statement").nth(i)


def focused(page: Page) -> tuple[int, str]:
    """Which statement (index, or -1) and which option (radio name, or the element's text) has focus."""
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          const row = e.closest('.pw-statement');
          const i = row ? [...document.querySelectorAll('.pw-statement')].indexOf(row) : -1;
          return [i, (e.type === 'radio' ? e.parentElement.textContent : e.textContent || '').trim()];
        }"""
    )


def tab_to(page: Page, want, limit: int = 60) -> None:
    """Press Tab until `want(focused)` holds."""
    for _ in range(limit):
        if want(focused(page)):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached the element wanted; focus is on {focused(page)}")


def choose_by_keyboard(page: Page, i: int, label: str) -> None:
    """Move focus to statement `i` and select `label` with the keyboard: Tab into the statement's
    radio group (one Tab stop), the arrow keys to the option (they select as they go), Space."""
    tab_to(page, lambda f: f[0] == i)
    for _ in range(5):
        if focused(page) == [i, label]:
            break
        page.keyboard.press("ArrowDown")
    assert focused(page) == [i, label], f"statement {i + 1}: focus on {focused(page)}, not {label!r}"
    page.keyboard.press("Space")
    expect(statement(page, i).get_by_role("radio", name=label, exact=True)).to_be_checked()
    expect(statement(page, i).get_by_role("radio", checked=True)).to_have_count(1)


def play_case(page: Page) -> None:
    """Tap through the case, waiting for what each tap shows. Each decision is saved as it is made;
    the next one waits out the throttle, counted from when the page showed the last one saved (so
    after the kernel's own clock started it)."""
    saved_at = -float("inf")
    for name, then, decision in CASE:
        if decision and (left := saved_at + ANSWER_INTERVAL - time.monotonic()) > 0:
            time.sleep(left)
        page.get_by_role("button", name=name, exact=True).click()
        expect(page.get_by_text(then)).to_be_visible()
        if decision:
            saved_at = time.monotonic()
    expect(page.get_by_text(THROTTLED)).to_have_count(0)


def expect_sorted(page: Page) -> None:
    """Every statement shows the chosen category and its own feedback."""
    for i, (_, label) in enumerate(SORT):
        row = statement(page, i)
        expect(row.get_by_role("radio", name=label, exact=True)).to_be_checked()
        verdict = WRONG.get(i, "✓ Right.")
        expect(row.locator(".pw-feedback")).to_contain_text(verdict)


def test_course_module_3_by_keyboard_and_touch(new_page, workshop):
    page = new_page(375, 667, is_mobile=True, has_touch=True)
    page.goto(f"{workshop.url}{MODULE_3}", wait_until="commit")  # Voilà streams the page as cells run
    expect(page.get_by_role("heading", name="Module 3: Assumption, assertion or alternative?")).to_be_visible(
        timeout=30_000
    )
    rows = page.locator(".pw-statement")
    expect(rows).to_have_count(len(SORT))
    for i, (text, _) in enumerate(SORT):
        expect(statement(page, i)).to_contain_text(text)

    # Sorting by keyboard alone: Tab from the top of the page, arrows to the option, Space. Each
    # statement is one group of radios named by the statement, so one Tab goes from one to the next.
    for i, (text, label) in enumerate(SORT):
        expect(page.get_by_role("group", name=re.compile(f"^{i + 1}\\. .*{re.escape(text)}"))).to_have_count(1)
        choose_by_keyboard(page, i, label)
        if i + 1 < len(SORT):
            page.keyboard.press("Tab")
            assert focused(page)[0] == i + 1, f"Tab from statement {i + 1} went to {focused(page)}"
    submit = page.get_by_role("button", name="Submit answer").first
    tab_to(page, lambda f: f == [-1, "Submit answer"])
    page.keyboard.press("Enter")
    expect(page.get_by_text(SAVED)).to_be_visible()
    expect_sorted(page)
    expect(statement(page, 6).locator(".pw-feedback")).to_contain_text("a reaction to a news event")
    expect(statement(page, 0).locator(".pw-feedback")).to_contain_text("never signs of radicalisation")
    expect(submit).to_be_visible()

    # The case, tapped through to its end at 375 px.
    play_case(page)
    expect(page.get_by_text("Where this leads: No referral", exact=True)).to_be_visible()
    expect(page.get_by_text(DEBRIEF)).to_be_visible()
    expect(page.get_by_role("button", name="Play again")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways at 375 px"

    # A reload is the same learner: the sorting answers and their feedback are back, the case is at its end.
    page.reload()
    expect(rows).to_have_count(len(SORT), timeout=30_000)
    expect_sorted(page)
    expect(page.get_by_text("Where this leads: No referral", exact=True)).to_be_visible()
    expect(page.get_by_text(DEBRIEF)).to_be_visible()
    expect(page.get_by_role("button", name="Play again")).to_be_visible()
    assert page.errors == [], f"uncaught errors in {page.url}: {page.errors}"

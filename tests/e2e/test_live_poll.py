"""A whole live poll in real browsers: one facilitator, three participants (one on a phone-sized
screen), against the real `workshop serve`. Also: the participant server never serves the console,
the staff server wants its token, and a mistyped join code gets a friendly message."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.http_kit import request, to_login

pytestmark = pytest.mark.e2e

IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
SCALE = ["1 – Not confident", "2", "3", "4", "5 – Very confident"]
SAVED = "Answer saved. You can change it while the poll is open."
WAITING = "Waiting for the facilitator…"
Q2 = "Which statement best describes a Prevent referral?"
COUNT = re.compile(r"^\d+ responses?$")
MARK = "window.__e2eNoReload"  # set once a page is up; still there later = it was never reloaded


def results_table(page: Page):
    """The results table, named by its caption ("3 responses")."""
    return page.get_by_role("table", name=COUNT)


def expect_row(page: Page, label: str, count: int) -> None:
    row = results_table(page).get_by_role("row").filter(has=page.get_by_role("rowheader", name=label, exact=True))
    expect(row.locator("td").last).to_have_text(re.compile(rf"^{count} \(\d+%\)$"))


def mark(page: Page) -> None:
    page.evaluate(f"{MARK} = true")


def expect_not_reloaded(page: Page) -> None:
    assert page.evaluate(f"{MARK} === true"), "the page was reloaded"


SCROLLERS = """() => [document.scrollingElement, ...document.querySelectorAll('.lm-Widget')]
  .filter(e => e === document.scrollingElement || ['auto', 'scroll'].includes(getComputedStyle(e).overflowY))"""


def screenshot(page: Page, path: Path) -> None:
    """A full-page screenshot. Voilà's lab template scrolls an inner panel, not the document, so
    `full_page` alone stops at the viewport: grow the viewport to the content for the shot."""
    size = page.viewport_size
    tall = page.evaluate(f"() => Math.max(...({SCROLLERS})().map(e => e.scrollHeight))")
    if tall > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": tall})
        page.wait_for_function(f"() => ({SCROLLERS})().every(e => e.scrollHeight <= e.clientHeight + 1)")
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(size)


def vote(page: Page, label: str) -> float:
    """Choose `label` and submit; returns when the click was sent (perf_counter)."""
    page.get_by_role("radio", name=label, exact=True).check()
    page.get_by_role("button", name="Submit answer").click()
    return time.perf_counter()


def test_live_poll(new_page, workshop, record_property):
    timings: dict[str, float] = {}

    # The facilitator console, 1280 wide.
    fac = new_page(1280, 900)
    fac.goto(workshop.staff_url)
    expect(fac.get_by_text("Activity 1 of 6 · Not opened")).to_be_visible(timeout=20_000)
    expect(fac.get_by_text("0 joined", exact=True)).to_be_visible()
    expect(fac.get_by_role("table", name="Run sheet")).to_be_visible()
    mark(fac)

    # Three participants, each in its own context (own localStorage), one phone-sized.
    phone = new_page(375, 667, is_mobile=True, has_touch=True)
    laptop = new_page(1024, 768)
    tablet = new_page(1024, 768)
    people = [phone, laptop, tablet]
    for i, page in enumerate(people):
        start = time.perf_counter()
        page.goto(workshop.join_url)
        expect(page.get_by_text("Activity 1 of 6", exact=True)).to_be_visible(timeout=20_000)
        timings[f"participant {i + 1}: goto → 'Activity 1 of 6'"] = time.perf_counter() - start
        expect(page.get_by_text(WAITING)).to_be_visible()
        expect(page.get_by_role("button", name="Submit answer")).to_have_count(0)
        mark(page)
    expect(fac.get_by_text("3 joined", exact=True)).to_be_visible()

    # Open the poll: every participant gets the radio buttons without reloading.
    fac.get_by_role("button", name="Open poll").click()
    expect(fac.get_by_text("Activity 1 of 6 · Open")).to_be_visible()
    for page in people:
        for label in SCALE:
            expect(page.get_by_role("radio", name=label, exact=True)).to_be_visible()
        expect(page.get_by_text(WAITING)).to_be_hidden()

    # Three different votes; the console's count and rows follow each one live.
    for n, (page, label) in enumerate([(phone, "4"), (laptop, "2"), (tablet, "5 – Very confident")], 1):
        clicked = vote(page, label)
        expect(results_table(fac)).to_have_accessible_name(f"{n} response{'s' * (n != 1)}")
        timings[f"vote {n}: submit click → console count"] = time.perf_counter() - clicked
        expect(page.get_by_text(SAVED)).to_be_visible()
        expect_row(fac, label, 1)
    expect_row(fac, "1 – Not confident", 0)
    expect_row(fac, "3", 0)
    expect(fac.get_by_text("Average: 3.7")).to_be_visible()
    screenshot(phone, IMG / "participant-375.png")

    # The laptop changes 2 → 3: still counted once.
    vote(laptop, "3")
    expect_row(fac, "3", 1)
    expect_row(fac, "2", 0)
    expect(results_table(fac)).to_have_accessible_name("3 responses")
    expect(fac.get_by_text("Average: 4.0")).to_be_visible()
    expect(laptop.get_by_text(SAVED)).to_be_visible()

    # A reload is the same person: the saved answer comes back and nobody new joins.
    tablet.reload()
    expect(tablet.get_by_text("Activity 1 of 6", exact=True)).to_be_visible(timeout=20_000)
    expect(tablet.get_by_role("radio", name="5 – Very confident", exact=True)).to_be_checked()
    expect(tablet.get_by_text(SAVED)).to_be_visible()
    mark(tablet)
    expect(fac.get_by_text("3 joined", exact=True)).to_be_visible()

    # Reveal: participants see the results and their own answer.
    fac.get_by_role("button", name="Reveal results").click()
    expect(fac.get_by_text("Activity 1 of 6 · Results shown")).to_be_visible()
    # The click redraws the console from the store after the reload's rejoin: still three people.
    expect(fac.get_by_text("3 joined", exact=True)).to_be_visible()
    expect(results_table(fac)).to_have_accessible_name("3 responses")
    for page, mine in [(phone, "4"), (laptop, "3"), (tablet, "5")]:
        expect(results_table(page)).to_have_accessible_name("3 responses")
        expect(page.get_by_text(f"Your answer: {mine}", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Submit answer")).to_have_count(0)
        expect_row(page, "4", 1)
    screenshot(fac, IMG / "facilitator.png")

    # Next activity: every participant moves on by itself within a few seconds.
    fac.get_by_role("button", name="Next activity").click()
    expect(fac.get_by_text("Activity 2 of 6 · Not opened")).to_be_visible()
    for page in people:
        expect(page.get_by_text("Activity 2 of 6", exact=True)).to_be_visible(timeout=5_000)
        expect(page.get_by_role("heading", name=Q2)).to_be_visible()
        expect(page.get_by_text(WAITING)).to_be_visible()

    # The second poll: the page asks it with the same choice widget (participant.py `_input_for`);
    # each person sees only the new choices, none chosen, and the answer goes to the new question.
    fac.get_by_role("button", name="Open poll").click()
    support = "A way to get early support for someone who may be susceptible to radicalisation"
    for page in people:
        expect(page.get_by_role("radio", name=support, exact=True)).not_to_be_checked()
        expect(page.get_by_role("radio")).to_have_count(3)
        expect(page.get_by_role("group", name=Q2)).to_be_visible()
    vote(phone, support)
    expect(phone.get_by_text(SAVED)).to_be_visible()
    expect(results_table(fac)).to_have_accessible_name("1 response")
    expect(results_table(fac).get_by_role("row").filter(has_text=support)).to_contain_text("1 (100%)")

    for page in [fac, *people]:
        expect_not_reloaded(page)
        assert page.errors == [], f"uncaught errors in {page.url}: {page.errors}"

    for name, seconds in timings.items():
        print(f"timing  {name}: {seconds:.2f} s")
        record_property(name, round(seconds, 3))


def _get(url: str) -> tuple[int, str]:
    """Status and body after redirects; HTTP errors are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=20) as r:
            return r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")


@pytest.mark.parametrize(
    "path",
    ["/voila/render/facilitator.ipynb", "/voila/files/facilitator.ipynb", "/voila/tree", "/facilitator.ipynb"],
)
def test_participant_server_refuses_the_console(workshop, path):
    status, body = _get(workshop.participant_base + path)
    assert status != 200 or "facilitator_console" not in body, f"{path} served the facilitator console"


@pytest.mark.parametrize(
    "path", ["/voila/render/facilitator.ipynb", "/", "/voila/render/facilitator.ipynb?token=wrong"]
)
def test_staff_server_wants_the_token(workshop, path):
    status, headers, body = request(workshop.staff_port, "GET", path)
    assert status == 403 or to_login(status, headers), f"GET {path} without the token: {status} {headers}"
    assert "facilitator_console" not in body


def test_mistyped_join_code(new_page, workshop):
    page = new_page(375, 667, is_mobile=True, has_touch=True)
    page.goto(f"{workshop.participant_base}/?join=ZZZZZZ")
    expect(page.get_by_text("No workshop has that code")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("button", name="Join")).to_be_visible()  # and a way to try again
    assert "Traceback" not in page.locator("body").inner_text()
    assert page.errors == []

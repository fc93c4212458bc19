"""The room's view in a real browser: the projector screen follows the console, never shows
results before they are revealed, and a show of hands entered on the console merges in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e
SUPPORT = "A way to get early support for someone who may be susceptible to radicalisation"


def test_screen_follows_the_console_and_hides_results_until_revealed(own_workshop, browser):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900})
    console = laptop.new_page()
    console.goto(own_workshop.staff_url)  # the token link: after it, the staff pages need no token in the URL
    expect(console.get_by_role("button", name="Open poll")).to_be_visible(timeout=60_000)
    with laptop.expect_page() as opened:
        console.get_by_role("link", name="Open the projector screen").click()
    screen = opened.value
    expect(screen.get_by_text("Activity 1 of 6")).to_be_visible(timeout=60_000)
    expect(screen.get_by_text(" ".join([own_workshop.code[:3], own_workshop.code[3:]]))).to_be_visible()
    assert screen.get_by_role("button").count() == 0  # no controls on the projector

    console.get_by_role("button", name="Next activity").click()
    expect(screen.get_by_text("Activity 2 of 6")).to_be_visible()
    console.get_by_role("button", name="Open poll").click()

    phone = browser.new_context(viewport={"width": 375, "height": 667}).new_page()
    phone.goto(own_workshop.join_url)
    phone.get_by_role("radio", name=SUPPORT).check(timeout=60_000)
    phone.get_by_role("button", name="Submit answer").click()
    expect(screen.get_by_text("1 answer so far")).to_be_visible()

    console.get_by_label("Reporting someone to the police because you suspect they may be planning a crime").fill("4")
    console.get_by_role("button", name="Save hand counts").click()
    expect(screen.get_by_text("5 answers so far")).to_be_visible()
    assert screen.get_by_role("table").count() == 0 and screen.get_by_text("Correct answer").count() == 0

    console.get_by_role("button", name="Reveal results").click()
    expect(screen.get_by_role("table", name="5 responses")).to_be_visible()
    expect(screen.get_by_text("Includes 4 by a show of hands.")).to_be_visible()
    expect(screen.get_by_text("✓ Correct answer")).to_be_visible()
    expect(phone.get_by_role("table", name="5 responses")).to_be_visible()
    laptop.close()
    phone.context.close()

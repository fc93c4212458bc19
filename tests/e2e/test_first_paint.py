"""The participant page before and without JavaScript (issue 12's server-side first paint): the
join form works as a plain form, the question is in the HTML the server sends, a browser without
JavaScript is told plainly what it needs, and the live app replaces the first paint once drawn."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from widgets.live import LiveService
from widgets.store import Store

pytestmark = pytest.mark.e2e

NO_SCRIPT = "This page needs JavaScript to answer."


@pytest.fixture(scope="module")
def workshop(own_workshop):
    """A workshop of this module's own: these tests join it, and later modules count on an empty room."""
    return own_workshop


def current_prompt(workshop) -> str:
    with Store(workshop.db_url) as store:
        service = LiveService(store)
        view = service.view(service.find_session(workshop.code)["id"])
        return view.current_activity.activity.prompt


def test_without_javascript_the_form_joins_and_the_question_shows(new_page, workshop):
    page = new_page(375, 667, java_script_enabled=False)
    page.goto(workshop.participant_base + "/")
    page.get_by_role("textbox", name="Join code").fill(workshop.code.lower())
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(r"\?join="))
    expect(page.get_by_role("heading", level=2, name=current_prompt(workshop))).to_be_visible()
    expect(page.locator("#loading")).to_be_hidden()  # no spinner that would never stop
    # Chromium, with scripts switched off from Playwright, still parses <noscript> as if they ran:
    # what it holds is read from the HTML the server sent.
    html = page.evaluate("() => document.documentElement.outerHTML")
    assert re.search(r"<noscript>\s*<p class=\"pw-noscript\">" + re.escape(NO_SCRIPT), html)


def test_a_wrong_code_without_javascript_says_why_and_keeps_the_form(new_page, workshop):
    page = new_page(375, 667, java_script_enabled=False)
    page.goto(workshop.participant_base + "/?join=ZZZZZZ")
    expect(page.get_by_role("status")).to_have_text(re.compile("No workshop has that code"))
    expect(page.get_by_role("textbox", name="Join code")).to_have_value("ZZZZZZ")
    expect(page.get_by_role("button", name="Join")).to_be_focused()


def test_the_live_app_replaces_the_first_paint(new_page, workshop):
    page = new_page(375, 667)
    page.goto(workshop.join_url)
    expect(page.get_by_text(re.compile(r"^Activity \d of 6$"))).to_be_visible(timeout=30_000)
    expect(page.locator(".pw-first-paint")).to_have_count(0)
    expect(page.get_by_text(current_prompt(workshop), exact=True)).to_have_count(1)
    assert page.errors == []


def test_join_pressed_with_an_empty_box_says_what_a_code_looks_like(new_page, workshop):
    page = new_page(375, 667)
    page.goto(workshop.participant_base + "/")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("It has 6 letters, like BCD FGH"))

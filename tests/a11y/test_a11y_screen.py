"""The projector screen (notebooks/screen.ipynb) in each state of an activity: axe-core, reflow at a
projector's 1280 × 720 and at 200% zoom, and keyboard use. The screen has no controls; what a
keyboard needs there is to scroll a long page of results and never to be trapped."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from a11y_support import (
    SINGLE,
    axe_scan,
    expect_ready,
    focus_problems,
    focus_walk,
    overflowing,
    resize,
    small_targets,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PROJECTOR = (1280, 720)
ZOOMED = (640, 450)  # the projector's window at 200%
SHORT = (1280, 480)  # a projector's window with the browser's bars and a taskbar


@pytest.fixture(scope="module")
def screen(module_pages, live) -> Page:
    page = module_pages(*PROJECTOR)
    staff = urlsplit(live.server.staff_url)  # the token link, as the console's "Open the projector screen" sends
    page.goto(f"{live.server.staff_base}/voila/render/screen.ipynb?{staff.query}")
    expect_ready(page, page.get_by_text(re.compile(r"^Activity \d of 6$")))
    return page


def problems(page: Page, where: str, size: tuple[int, int] = PROJECTOR) -> list[str]:
    """axe-core, then sideways scrolling, target sizes and focus at `size`."""
    out = axe_scan(page, where)
    resize(page, *size)
    try:
        out += [f"{where} at {size[0]} px: horizontal scrolling in {o}" for o in overflowing(page)]
        out += [f"{where} at {size[0]} px: small target {t}" for t in small_targets(page)]
        out += [f"{where} at {size[0]} px: {p}" for p in focus_problems(focus_walk(page))]
    finally:
        resize(page, *PROJECTOR)
    return out


def test_screen_in_every_state(screen, live):
    live.at(SINGLE, "draft")
    expect(screen.get_by_text("Activity 2 of 6", exact=True)).to_be_visible()
    expect(screen.get_by_role("heading", level=1)).to_contain_text("Which statement best describes")
    failures = problems(screen, "screen: not opened")

    live.at(SINGLE, "open")
    who = live.service.join(live.server.code, "s" * 24)
    live.service.submit(who, live.service.view(live.session_id).current_activity.id, "support")
    expect(screen.get_by_text("1 answer so far", exact=True)).to_be_visible()
    failures += problems(screen, "screen: open")

    live.at(SINGLE, "closed")
    expect(screen.get_by_text("Voting has closed.", exact=True)).to_be_visible()
    failures += problems(screen, "screen: closed")

    live.at(SINGLE, "revealed")
    expect(screen.get_by_role("table", name="1 response")).to_be_visible()
    failures += problems(screen, "screen: revealed")
    assert failures == [], "\n".join(failures)
    assert screen.get_by_role("button").count() == 0  # nothing to press on the projector


SCROLLED = "document.scrollingElement.scrollTop"


def scroll(page: Page, key: str) -> None:
    """Press `key` and wait until the page has finished scrolling (keyboard scrolling is smooth, and a
    key pressed while it is still under way may be dropped)."""
    page.evaluate(
        "() => { window.__scrollEnded = false;"
        " document.addEventListener('scrollend', () => { window.__scrollEnded = true; }, {once: true}); }"
    )
    page.keyboard.press(key)
    page.wait_for_function("() => window.__scrollEnded")


def test_a_long_screen_scrolls_by_keyboard(screen, live):
    """Results and their explanation are taller than a short window: End and Home scroll the page
    itself (no inner panel that only a mouse can scroll), and Tab goes nowhere it cannot leave."""
    live.at(SINGLE, "revealed")
    expect(screen.get_by_role("table")).to_be_visible()
    resize(screen, *SHORT)
    try:
        tall = screen.evaluate("() => document.scrollingElement.scrollHeight - innerHeight")
        assert tall > 0, "the revealed screen fits the zoomed window: nothing to scroll"
        screen.reload()  # as the presenter opens it: the page itself has the keyboard
        expect(screen.get_by_role("table")).to_be_visible(timeout=30_000)
        scroll(screen, "End")
        assert screen.evaluate(f"() => {SCROLLED} + innerHeight >= document.scrollingElement.scrollHeight - 1")
        scroll(screen, "Home")
        assert screen.evaluate(f"() => {SCROLLED}") == 0
        walk = focus_walk(screen)
        assert len(walk) <= 5, f"the projector screen has {len(walk)} Tab stops: {[f['what'] for f in walk]}"
    finally:
        resize(screen, *PROJECTOR)
    assert screen.errors == []


def test_screen_reflows_at_200_percent(screen, live):
    live.at(SINGLE, "revealed")
    expect(screen.get_by_role("table", name="1 response")).to_be_visible()
    failures = problems(screen, "screen: revealed, zoomed", ZOOMED)
    assert failures == [], "\n".join(failures)

"""Reflow, target size and focus, measured in chromium on every state of both pages:

- 375 px wide (a phone), 320 px (WCAG 1.4.10: 1280 px at 400%) and 640 × 450 at device scale 2
  (a 1280 × 900 window zoomed to 200%): no horizontal scrolling, of the document or of any panel;
- every interactive target at least 24 × 24 CSS px (WCAG 2.5.8), a radio or checkbox with its label;
- Tab through the page: every control that takes focus shows the kit's focus ring (3 px #ffdd00
  with a dark inner line; WCAG 2.4.7) and is in view, not covered (WCAG 2.4.11).
"""

from __future__ import annotations

import pytest
from a11y_support import (
    ANSWERS,
    KINDS,
    OPEN_TEXT,
    SINGLE,
    expect_console_at,
    expect_open,
    expect_ready,
    focus_problems,
    focus_walk,
    go_on,
    joined,
    open_console,
    overflowing,
    resize,
    small_targets,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PHONE = (375, 667)
REFLOW = (320, 568)
ZOOMED = (640, 450)  # 1280 × 900 at 200%


@pytest.fixture(scope="module")
def phone(module_pages):
    return module_pages(*PHONE, is_mobile=True, has_touch=True)


@pytest.fixture(scope="module")
def zoomed(module_pages):
    return module_pages(*ZOOMED, device_scale_factor=2)


@pytest.fixture(scope="module")
def console(module_pages, live):
    page = module_pages(*ZOOMED, device_scale_factor=2)
    open_console(page, live)
    return page


def problems(page: Page, where: str, *, walk: bool = True) -> list[str]:
    out = [f"{where}: horizontal scrolling in {o}" for o in overflowing(page)]
    out += [f"{where}: target smaller than 24 × 24: {t}" for t in small_targets(page)]
    if walk:
        out += [f"{where}: {p}" for p in focus_problems(focus_walk(page))]
    return out


def check(page: Page, where: str, sizes: list[tuple[int, int]]) -> list[str]:
    """Every check at each window size, back to the page's own size at the end."""
    own = page.viewport_size
    out = []
    for width, height in sizes:
        resize(page, width, height)
        out += problems(page, f"{where} at {width} px")
    resize(page, own["width"], own["height"])
    return out


def test_join_form(phone, zoomed, live):
    for page in (phone, zoomed):
        page.goto(live.server.participant_base + "/")
    failures = []
    for page, sizes in ((phone, [PHONE, REFLOW]), (zoomed, [ZOOMED])):
        expect_ready(page, page.get_by_role("button", name="Join"))
        failures += check(page, "join form", sizes)
    assert failures == [], "\n".join(failures)


def test_joined(phone, zoomed, live):
    failures = []
    for page in (phone, zoomed):
        page.get_by_role("textbox", name="Join code").fill(live.server.code)
        page.get_by_role("button", name="Join").click()
    for page, sizes in ((phone, [PHONE, REFLOW]), (zoomed, [ZOOMED])):
        checkin = joined(page)
        if checkin is not None:
            failures += check(page, "question on joining", sizes)
        go_on(page, checkin)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("position", list(ANSWERS), ids=KINDS.get)
def test_open_poll(phone, zoomed, console, live, position):
    live.at(position, "open")
    failures = []
    for page, sizes in ((phone, [PHONE, REFLOW]), (zoomed, [ZOOMED])):
        expect_open(page, position)
        failures += check(page, f"participant, {KINDS[position]} open", sizes)
    expect_console_at(console, position, "Open")
    failures += check(console, f"console, {KINDS[position]} open", [ZOOMED, PHONE, REFLOW])
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("position", [SINGLE, OPEN_TEXT], ids=["table", "texts"])
def test_revealed(phone, zoomed, console, live, position):
    """Results: a table of bars for a choice poll, a list for open text; long words must wrap."""
    live.at(position, "open")
    for page in (phone, zoomed):
        expect_open(page, position)
    live.at(position, "revealed")
    failures = []
    for page, sizes in ((phone, [PHONE, REFLOW]), (zoomed, [ZOOMED])):
        expect(page.locator(".pw-results")).to_be_visible()
        failures += check(page, f"participant, {KINDS[position]} revealed", sizes)
    expect_console_at(console, position, "Results shown")
    failures += check(console, f"console, {KINDS[position]} revealed", [ZOOMED, PHONE, REFLOW])
    assert failures == [], "\n".join(failures)

"""Accessibility of the analyst's page and of the course evaluation form.

The analyst's page (over a store of three finished workshops): axe-core finds nothing serious, the
filters are reached with Tab and used with the keys, and at 375 px nothing scrolls sideways (the
charts follow the window). The evaluation form, on a phone-sized screen: axe-core again, and a
participant fills every scale with the arrow keys and Space, types, submits with Enter, and the
store holds exactly what was chosen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from a11y_support import (
    OVERFLOW_JS,
    SAVED,
    Live,
    axe_scan,
    blur,
    expect_ready,
    focused,
    overflowing,
    resize,
    submit,
    tab_to,
)
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from testkit.harness import start_workshop
from tests.analysis.conftest import run_workshop
from widgets.content.evaluation import LEARNING_OUTCOMES
from widgets.live import LiveService
from widgets.store import Store

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
EVALUATION_PLAN = ROOT / "tests" / "data" / "evaluation-plan.yaml"
START_SECONDS = 90
STOP_SECONDS = 30
DRAWN = 240_000  # ms: the first load runs the whole analysis in a fresh kernel, then draws ~30 charts
REDRAWN = 120_000  # ms: a filter change recomputes and redraws
ALL_DRAWN_JS = """() => { const outs = [...document.querySelectorAll('.widget-output')];
  return outs.length > 0 && outs.every(o => o.querySelector('.js-plotly-plot .main-svg')); }"""

# What the participant chooses: confidence before and now per outcome, a rating, and a sentence.
BEFORE = {"referral": 1, "distinguish": 2, "gather": 3, "suitable": 2}
NOW = {"referral": 4, "distinguish": 5, "gather": 3, "suitable": 5}
RATING = 4
INTENTIONS = "Check what I know first, then talk to our safeguarding lead."
RATING_LEGEND = "Overall, how would you rate this session? (optional)"
INTENTIONS_LABEL = "What will you do differently after today?"


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Live]:
    """`workshop serve` over a store of three finished workshops (12, 10 and 4 people), running a
    session whose one activity is the evaluation. (Named like the conftest's `live`, so a failure
    shows the servers' logs and the pages.)"""
    folder = tmp_path_factory.mktemp("analyst-a11y").resolve()
    url = f"sqlite:///{folder / 'workshop.db'}"  # the store start_workshop serves
    with Store(url) as store:
        service = LiveService(store)
        for seed, (label, people) in enumerate([("Taunton team", 12), ("Yeovil hub", 10), ("Small group", 4)]):
            run_workshop(service, people, label, seed=seed)
    try:
        server = start_workshop(folder, EVALUATION_PLAN, start_seconds=START_SECONDS)
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    store = Store(server.db_url)
    service = LiveService(store)
    yield Live(server, service, service.staff_session()["id"])
    store.close()
    server.stop(STOP_SECONDS)


@pytest.fixture(scope="module")
def analyst(live, module_pages) -> Page:
    """The analyst's page on a laptop, loaded once for the module (a load runs the whole analysis)."""
    page = module_pages(1280, 900)
    page.goto(f"{live.server.staff_base}/voila/render/analyst.ipynb?token={live.server.token}", wait_until="commit")
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=DRAWN)
    expect_ready(page, page.get_by_role("heading", name="Workshop results"))
    page.wait_for_function(ALL_DRAWN_JS, timeout=DRAWN)
    return page


@pytest.fixture(scope="module")
def phone(module_pages) -> Page:
    return module_pages(375, 740)


def status(page: Page):
    return page.get_by_role("status")


def test_analyst_page_axe(analyst):
    expect(status(analyst)).to_have_text("4 sessions chosen.")
    assert axe_scan(analyst, "analyst") == []


def test_analyst_filters_by_keyboard(analyst):
    page = analyst
    start, end = page.get_by_label("From", exact=True), page.get_by_label("To", exact=True)
    plans, labels = page.get_by_label("Plan", exact=True), page.get_by_label("Facilitator label", exact=True)
    areas = page.get_by_label("Local area", exact=True)
    blur(page)
    tab_to(page, start)
    # In reading order (a date input has a Tab stop for each of its month, day and year fields).
    tab_to(page, end, limit=4)

    # A date, typed into its month, day and year fields: sessions up to 1 January 2000 are none.
    page.keyboard.type("01012000")
    expect(end).to_have_value("2000-01-01")
    expect(status(page)).to_have_text("0 sessions chosen (too few people to show results).", timeout=REDRAWN)
    expect(page.get_by_role("heading", name="Course evaluation")).to_have_count(0, timeout=REDRAWN)
    # Clearing the year leaves an incomplete date, which counts as none once focus moves on.
    page.keyboard.press("Backspace")
    tab_to(page, plans, limit=4)
    expect(end).to_have_value("")
    expect(status(page)).to_have_text("4 sessions chosen.", timeout=REDRAWN)

    for control in (labels, areas):
        assert tab_to(page, control) == 1, f"Tab went elsewhere first: focus on {focused(page)}"

    # Back to the labels; the arrow keys choose (Small group, then Taunton team), Shift adds the next.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("(e) => document.activeElement === e", labels.element_handle())
    page.keyboard.press("ArrowDown")
    expect(status(page)).to_have_text("1 session chosen (too few people to show results).", timeout=REDRAWN)
    page.keyboard.press("ArrowDown")
    expect(status(page)).to_have_text("1 session chosen.", timeout=REDRAWN)
    expect(page.get_by_role("heading", name="Course evaluation")).to_be_visible(timeout=REDRAWN)
    page.keyboard.press("Shift+ArrowDown")
    expect(status(page)).to_have_text("2 sessions chosen.", timeout=REDRAWN)
    expect(labels).to_have_values(["Taunton team", "Yeovil hub"])
    # Ctrl+Space takes an option out again (Ctrl+arrow moves without choosing).
    page.keyboard.press("Control+Space")
    page.keyboard.press("Control+ArrowUp")
    page.keyboard.press("Control+Space")
    expect(labels).to_have_values([])
    expect(status(page)).to_have_text("4 sessions chosen.", timeout=REDRAWN)
    page.wait_for_function(ALL_DRAWN_JS, timeout=REDRAWN)


def test_analyst_page_fits_375(analyst):
    """Narrowed to a phone's width, the page does not scroll sideways: the charts were drawn at the
    laptop's width and must follow the window."""
    expect(status(analyst)).to_have_text("4 sessions chosen.")
    resize(analyst, 375, 740)
    with contextlib.suppress(PlaywrightTimeoutError):  # if it never settles, the list below says what scrolls
        # Plotly redraws 31 charts on resize, one after another: slow on a loaded machine.
        analyst.wait_for_function(
            f"() => ({OVERFLOW_JS})().length === 0 && [...document.querySelectorAll('.main-svg')]"
            ".every(s => s.getBoundingClientRect().right <= 375)",
            timeout=90_000,
        )
    assert overflowing(analyst) == []
    widths = analyst.evaluate(
        "() => [...document.querySelectorAll('.main-svg')].map(s => s.getBoundingClientRect().right)"
    )
    assert max(widths) <= 375, f"a chart reaches {max(widths)} px in a 375 px window"
    resize(analyst, 1280, 900)


def test_evaluation_form_axe_at_375(live, phone):
    live.at(0, "draft")
    phone.goto(live.server.join_url)
    expect_ready(phone, phone.get_by_text("Activity 1 of 1", exact=True))
    live.at(0, "open")  # the facilitator opens the evaluation: the form appears without a reload
    expect(phone.get_by_role("group")).to_have_count(2 * len(LEARNING_OUTCOMES) + 1)
    expect(phone.get_by_role("button", name="Submit answer")).to_be_visible()
    assert axe_scan(phone, "evaluation form") == []
    assert overflowing(phone) == []


def group(page: Page, legend: str):
    return page.get_by_role("group", name=legend, exact=True)


def choose(page: Page, legend: str, value: int, *, first: bool) -> None:
    """Tab into a 1-5 scale (one Tab stop), Space chooses 1, each → moves on and chooses."""
    radios = group(page, legend).get_by_role("radio")
    presses = tab_to(page, radios.first)
    assert first or presses == 1, f"{presses} Tabs to reach {legend!r}"
    page.keyboard.press("Space")
    for _ in range(value - 1):
        page.keyboard.press("ArrowRight")
    expect(radios.nth(value - 1)).to_be_checked()
    expect(radios.nth(value - 1)).to_be_focused()


def test_evaluation_by_keyboard_at_375(live, phone):
    page = phone
    expect(page.get_by_role("button", name="Submit answer")).to_be_visible()
    blur(page)
    for n, outcome in enumerate(LEARNING_OUTCOMES):
        choose(page, f"Before the course: {outcome.text}", BEFORE[outcome.id], first=n == 0)
        choose(page, f"Now: {outcome.text}", NOW[outcome.id], first=False)
    choose(page, RATING_LEGEND, RATING, first=False)
    assert tab_to(page, page.get_by_label(INTENTIONS_LABEL)) == 1
    page.keyboard.type(INTENTIONS)
    assert tab_to(page, page.get_by_role("button", name="Submit answer")) == 1
    submit(page, keyboard=True)
    expect(page.get_by_role("status")).to_have_text(SAVED)

    # Every choice reached the store as chosen: what the page showed is what was saved.
    for outcome in LEARNING_OUTCOMES:
        for legend, chosen in ((f"Before the course: {outcome.text}", BEFORE), (f"Now: {outcome.text}", NOW)):
            expect(group(page, legend).get_by_role("radio").nth(chosen[outcome.id] - 1)).to_be_checked()
    assert live.answers(0) == [{"before": BEFORE, "after": NOW, "rating": RATING, "intentions": INTENTIONS}]
    assert overflowing(page) == []

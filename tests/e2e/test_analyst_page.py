"""The analyst's page in a real browser, over a store holding three finished workshops (12, 10 and 4
people, with personal details planted in their free text): the plotly charts draw (from the staff
server's own copy of plotly, nothing from the internet), each with its table, the filters change
what is shown, no planted detail reaches the page, and the page wants the staff token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from testkit.harness import RunningWorkshop, start_workshop
from tests.analysis.conftest import PII, run_workshop
from tests.http_kit import request, to_login
from widgets.live import LiveService
from widgets.store import Store

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
DEMO_PLAN = ROOT / "scenarios" / "plans" / "demo.yaml"
IMG = ROOT / "docs" / "img"
START_SECONDS = 90
STOP_SECONDS = 30
DRAWN = 240_000  # ms: the first page load runs the whole analysis in a fresh kernel, then draws ~30 charts
REDRAWN = 120_000  # ms: a filter change recomputes and redraws
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
PAGE_SCHEMES = {"data", "blob", "about"}  # made in the page, not fetched
# (workshop, people): the last is too small to show on its own (fewer than the minimum group).
WORKSHOPS = [("Taunton team", 12), ("Yeovil hub", 10), ("Small group", 4)]

# Every chart (the figures' Output widgets) has been drawn by plotly.
ALL_DRAWN_JS = """() => { const outs = [...document.querySelectorAll('.widget-output')];
  return outs.length > 0 && outs.every(o => o.querySelector('.js-plotly-plot .main-svg')); }"""
# Each chart's title, and whether the widget right after it holds a table (its text alternative).
CHARTS_JS = """() => [...document.querySelectorAll('.widget-output')].map(o => {
  const next = o.nextElementSibling;
  const title = o.querySelector('.gtitle');
  return {title: title ? title.textContent : '', table: !!(next && next.querySelector('table'))}; })"""


def fill_store(db_url: str) -> None:
    """Three finished workshop-60 sessions, answered through the live service."""
    with Store(db_url) as store:
        service = LiveService(store)
        for seed, (label, people) in enumerate(WORKSHOPS):
            run_workshop(service, people, label, seed=seed)


@pytest.fixture(scope="module")
def workshop(tmp_path_factory) -> Iterator[RunningWorkshop]:
    """`workshop serve` over the filled store (named like the e2e conftest's, so a failure shows the
    servers' logs and the pages); the demo session it creates has nobody in it."""
    folder = tmp_path_factory.mktemp("analyst").resolve()
    fill_store(f"sqlite:///{folder / 'workshop.db'}")  # the store start_workshop serves
    try:
        server = start_workshop(folder, DEMO_PLAN, start_seconds=START_SECONDS)
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    yield server
    server.stop(STOP_SECONDS)


def analyst_url(server: RunningWorkshop, token: str | None = None) -> str:
    return f"{server.staff_base}/voila/render/analyst.ipynb" + (f"?token={token}" if token else "")


def open_analyst(page: Page, server: RunningWorkshop) -> None:
    page.goto(analyst_url(server, server.token), wait_until="commit")
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=DRAWN)
    expect(page.locator("#loading")).to_have_count(0)
    page.wait_for_function(ALL_DRAWN_JS, timeout=DRAWN)


def status(page: Page):
    return page.get_by_role("status")


def expect_evaluation(page: Page, people: int) -> None:
    """The evaluation section shows `people` (rounded), and only that one (the previous is gone)."""
    expect(page.get_by_text(f"About {people} people answered the evaluation.", exact=True).first).to_be_visible(
        timeout=REDRAWN
    )
    expect(page.get_by_text("people answered the evaluation.")).to_have_count(1, timeout=REDRAWN)


def leaks(text: str) -> list[str]:
    return [f"{kind}: {value!r}" for kind, value in PII.items() if value.lower() in text.lower()]


def test_analyst_page_draws_charts_and_tables_filters_and_stays_local(workshop, new_page):
    page = new_page(1280, 1500)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.on("websocket", lambda ws: asked.append(ws.url))
    open_analyst(page, workshop)

    # All four sessions (the three workshops and the empty demo session).
    expect(status(page)).to_have_text("4 sessions chosen.")
    expect(page.get_by_role("heading", name="Course evaluation")).to_be_visible()
    expect_evaluation(page, 25)  # 26 people, rounded to 5
    expect(
        page.get_by_role("table", name="Average confidence, 1 (not confident) to 5 (very confident)")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Overall rating of the session")).to_be_visible()
    expect(page.get_by_role("heading", name="Activities")).to_be_visible()

    charts = page.evaluate(CHARTS_JS)
    assert len(charts) >= 15, f"only {len(charts)} charts: {charts}"
    assert {"Confidence before the course and now", "Whose confidence changed"} <= {c["title"] for c in charts}
    assert page.get_by_role("table").count() >= 15
    # A chart's numbers are also in a table right beneath it; only the word counts have none (the
    # answers themselves are listed instead).
    alone = [c["title"] for c in charts if not c["table"] and "words used most" not in c["title"].lower()]
    assert alone == [], f"charts without a table beneath: {alone}"
    for c in charts:
        assert "<br>" not in c["title"]
    assert "<br>" not in page.locator("body").inner_text(), "a chart label shows its line break as text"

    text, html = page.locator("body").inner_text(), page.content()
    assert leaks(text) == [] and leaks(html) == [], f"personal details on the analyst page: {leaks(html)}"
    assert "[email]" in text or "[phone]" in text, "the scrubbed free text should still be listed"

    # A filter: one workshop too small to show on its own shows nothing but the count …
    labels = page.get_by_label("Facilitator label")
    labels.select_option(["Small group"])
    expect(status(page)).to_have_text("1 session chosen (too few people to show results).", timeout=REDRAWN)
    expect(page.get_by_role("heading", name="Course evaluation")).to_have_count(0, timeout=REDRAWN)
    expect(page.locator(".js-plotly-plot")).to_have_count(0)
    expect(page.get_by_role("table")).to_have_count(0)

    # … one of 10 shows its own results, redrawn …
    labels.select_option(["Yeovil hub"])
    expect(status(page)).to_have_text("1 session chosen.", timeout=REDRAWN)
    expect_evaluation(page, 10)
    page.wait_for_function(ALL_DRAWN_JS, timeout=REDRAWN)
    assert len(page.evaluate(CHARTS_JS)) >= 15

    # … and two together are counted together; none chosen is everything again.
    labels.select_option(["Taunton team", "Yeovil hub"])
    expect(status(page)).to_have_text("2 sessions chosen.", timeout=REDRAWN)
    expect_evaluation(page, 20)
    labels.select_option([])
    expect(status(page)).to_have_text("4 sessions chosen.", timeout=REDRAWN)
    expect_evaluation(page, 25)
    page.wait_for_function(ALL_DRAWN_JS, timeout=REDRAWN)

    text, html = page.locator("body").inner_text(), page.content()
    assert leaks(text) == [] and leaks(html) == [], f"personal details on the analyst page: {leaks(html)}"
    elsewhere = sorted(
        {u for u in asked if urlsplit(u).scheme not in PAGE_SCHEMES and urlsplit(u).hostname not in LOCAL_HOSTS}
    )
    assert elsewhere == [], f"the analyst page asked other hosts: {elsewhere}"
    assert any("jupyterlab-plotly" in u for u in asked), "plotly should come from the staff server's extension"
    assert page.errors == []


@pytest.mark.parametrize("token", [None, "wrong"], ids=["no-token", "wrong-token"])
def test_analyst_page_wants_the_token(workshop, token):
    url = urlsplit(analyst_url(workshop, token))
    status, headers, body = request(workshop.staff_port, "GET", url.path + (f"?{url.query}" if url.query else ""))
    assert status == 403 or to_login(status, headers), f"GET {url.path} with token={token}: {status} {headers}"
    assert "analyst_view" not in body and "Workshop results" not in body


def test_analyst_page_in_a_browser_without_the_token(workshop, new_page):
    """A browser that never had the staff link gets no analyst page (nor a kernel behind it)."""
    page = new_page()
    response = page.goto(analyst_url(workshop))
    assert response.status == 403 or "/login" in page.url, f"{response.status} at {page.url}"
    expect(page.get_by_role("heading", name="Workshop results")).to_have_count(0)
    expect(page.locator(".js-plotly-plot")).to_have_count(0)

"""The evaluation report opened from disk in a real browser with the network cut off: it is one
self-contained file (plotly inlined), so every chart draws, nothing is fetched, nothing fails, and
none of the personal details planted in the answers is in it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.analysis.conftest import PII, run_workshop
from widgets.cli import main
from widgets.live import LiveService
from widgets.store import Store

pytestmark = pytest.mark.e2e

# Every chart of the report has been drawn by plotly.
ALL_DRAWN_JS = """() => { const charts = [...document.querySelectorAll('.plotly-graph-div')];
  return charts.length > 0 && charts.every(c => c.querySelector('.main-svg')); }"""


def leaks(text: str) -> list[str]:
    return [f"{kind}: {value!r}" for kind, value in PII.items() if value.lower() in text.lower()]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """`workshop report --all` over a store of three finished workshops (12, 10 and 4 people)."""
    folder = tmp_path_factory.mktemp("report")
    url = f"sqlite:///{folder / 'w.db'}"
    with Store(url) as store:
        service = LiveService(store)
        for seed, (label, people) in enumerate([("Taunton team", 12), ("Yeovil hub", 10), ("Small group", 4)]):
            run_workshop(service, people, label, seed=seed)
    out = folder / "evaluation-report.html"
    assert main(["--db", url, "report", "--all", "--output", str(out)]) == 0
    return out


def test_report_opens_offline_with_every_chart_drawn(report, browser):
    html = report.read_text(encoding="utf-8")
    assert leaks(html) == [], f"personal details in the report file: {leaks(html)}"
    charts = html.count('class="plotly-graph-div"')
    assert charts >= 15, f"only {charts} charts in the report"

    context = browser.new_context(viewport={"width": 1024, "height": 768}, service_workers="block")
    fetched, cut_off, problems = [], [], []

    def only_files(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            cut_off.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    try:
        page = context.new_page()
        page.on("request", lambda r: fetched.append(r.url))
        page.on("websocket", lambda ws: fetched.append(ws.url))
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
        page.goto(report.as_uri())
        expect(page.get_by_role("heading", name="Prevent Referrals: evaluation report", level=1)).to_be_visible()
        page.wait_for_function(ALL_DRAWN_JS)
        assert page.locator(".plotly-graph-div .main-svg").count() >= charts
        titles = page.locator(".plotly-graph-div .gtitle").all_text_contents()
        assert "Confidence before the course and now" in titles and "Whose confidence changed" in titles
        expect(page.get_by_role("heading", name="Course evaluation", level=2)).to_be_visible()
        expect(page.get_by_role("table", name="Overall rating of the session")).to_be_visible()
        assert "<br>" not in page.locator("body").inner_text(), "a chart label shows its line break as text"
        page.wait_for_load_state("networkidle")  # anything a chart or font would fetch late

        text = page.locator("body").inner_text()
        assert leaks(text) == [] and leaks(page.content()) == [], "personal details in the opened report"
        assert "[email]" in text or "[phone]" in text, "the scrubbed free text should still be listed"
        assert cut_off == [], f"the report tried the network: {cut_off}"
        assert [u for u in fetched if not u.startswith("file:")] == []
        assert problems == []
    finally:
        context.close()

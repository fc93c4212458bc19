"""The README's analyst screenshot (docs/img/analyst.png), taken from `workshop demo`'s seeded
history as a training lead would first see it, by the same browser as every e2e test. The page
must show what makes the demo believable: outcomes that moved by different amounts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from testkit.harness import RunningWorkshop, start_workshop
from tests.e2e.test_analyst_page import DEMO_PLAN, IMG, START_SECONDS, STOP_SECONDS, open_analyst
from widgets.cli import main

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
MEANS = "Average confidence, 1 (not confident) to 5 (very confident)"


@pytest.fixture(scope="module")
def workshop(tmp_path_factory) -> Iterator[RunningWorkshop]:
    """`workshop demo` with its defaults, then `workshop serve` over that store."""
    folder: Path = tmp_path_factory.mktemp("analyst-demo").resolve()
    assert main(["--db", f"sqlite:///{folder / 'workshop.db'}", "demo"]) == 0
    try:
        server = start_workshop(folder, DEMO_PLAN, start_seconds=START_SECONDS)
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    yield server
    server.stop(STOP_SECONDS)


def test_readme_screenshot_of_the_demo(workshop, new_page):
    page = new_page(1280, 1500)
    open_analyst(page, workshop)
    changes = page.get_by_role("table", name=MEANS).locator("tbody tr td:last-child").all_inner_texts()
    assert len(changes) == 4 and len(set(changes)) == 4, f"every outcome moved alike: {changes}"
    hosts = page.get_by_label("Facilitator label").locator("option").all_inner_texts()
    assert len({h.rsplit(" – ", 1)[-1] for h in hosts}) >= 3, f"sessions should differ by who ran them: {hosts}"
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    IMG.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=IMG / "analyst.png")  # the top of the page: filters and the evaluation
    assert page.errors == []

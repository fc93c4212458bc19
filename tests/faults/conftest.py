"""Fault-test fixtures: the real `workshop serve` (shared by the tests that do not stop it),
Debian's chromium through Playwright, a fresh session per test, and, when a test fails, screenshots
of its pages and the logs of every server it used.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultkit import Counts

from testkit.harness import RunningWorkshop, start_workshop
from tests.browser_kit import open_page, screenshots
from widgets.content import load_plan
from widgets.live import LiveService
from widgets.store import Store

ROOT = Path(__file__).resolve().parents[2]
DEMO_PLAN = ROOT / "scenarios" / "plans" / "demo.yaml"
START_SECONDS = 90  # both Voilà servers; usually 5-10 s
STOP_SECONDS = 30


class Evidence:
    """What to show when a test fails: the servers it used and its browser contexts."""

    def __init__(self):
        self.servers: list[RunningWorkshop] = []
        self.contexts: list = []


@pytest.fixture
def evidence() -> Evidence:
    return Evidence()


class Shared:
    """The one `workshop serve` these tests share (starting one costs 5-20 s). Each test makes its
    own session in it; the restart test replaces `server` with the restarted one."""

    server: RunningWorkshop


@pytest.fixture(scope="session")
def shared(tmp_path_factory) -> Iterator[Shared]:
    holder = Shared()
    try:
        holder.server = start_workshop(
            tmp_path_factory.mktemp("workshop-faults"), DEMO_PLAN, start_seconds=START_SECONDS
        )
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    yield holder
    holder.server.stop(STOP_SECONDS)


@pytest.fixture
def served(shared, evidence) -> RunningWorkshop:
    """The shared server as it is now."""
    evidence.servers.append(shared.server)
    return shared.server


@pytest.fixture
def plan():
    return load_plan(DEMO_PLAN)


@pytest.fixture
def live(served) -> Iterator[tuple[LiveService, Counts]]:
    """The kit's own service (what the console calls) and a direct count of the tables."""
    store = Store(served.db_url)
    counts = Counts(served.db_url)
    yield LiveService(store), counts
    counts.close()
    store.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a test fails, show what each of its pages looked like and the servers' logs."""
    report = yield
    ev = getattr(item, "funcargs", {}).get("evidence")
    if report.failed and report.when == "call" and ev is not None:
        folder = Path(ev.servers[0].folder if ev.servers else item.path.parent)
        notes = screenshots(ev.contexts, folder, item.name)
        if notes:
            report.sections.append(("screenshots at the failure", "\n".join(notes)))
        for n, server in enumerate(ev.servers):
            report.sections.append((f"workshop server logs ({n + 1})", server.logs()))
    return report


@pytest.fixture
def new_page(browser, evidence):
    """Opens a page in its own browser context (own localStorage = own participant); closes all
    at the end of the test. Uncaught page errors are collected on `page.errors`."""
    contexts = evidence.contexts

    def make(width: int = 1024, height: int = 768, **options):
        return open_page(browser, contexts, width, height, **options)

    yield make
    for context in contexts:
        with contextlib.suppress(Exception):  # already closed by the test (the facilitator's "crash")
            context.close()

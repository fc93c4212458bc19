"""End-to-end fixtures: the real `workshop serve` on free ports with a throwaway store, and
Debian's chromium driven by Playwright's sync API.

The server runs once per test session and is stopped with SIGINT (Ctrl-C), as a facilitator would;
if it does not start, or does not stop, the failure message carries the Voilà servers' logs.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from testkit.harness import RunningWorkshop, start_workshop
from tests.browser_kit import open_page, screenshots

ROOT = Path(__file__).resolve().parents[2]
DEMO_PLAN = ROOT / "scenarios" / "plans" / "demo.yaml"
START_SECONDS = 90  # both Voilà servers; usually 5-10 s
STOP_SECONDS = 30  # the CLI stops both Voilà servers (SIGTERM, then SIGKILL after 15 s)


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def workshop(tmp_path_factory) -> Iterator[RunningWorkshop]:
    try:
        server = start_workshop(tmp_path_factory.mktemp("workshop-e2e"), DEMO_PLAN, start_seconds=START_SECONDS)
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    yield server

    code = server.stop(STOP_SECONDS)
    still_open = [p for p in (server.participant_port, server.staff_port) if port_open(p)]
    if code is None or still_open:
        pytest.fail(
            f"`workshop serve` did not stop cleanly on SIGINT (exit {code}, ports still open: {still_open})\n"
            f"{server.logs()}",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def own_workshop(request, tmp_path_factory) -> Iterator[RunningWorkshop]:
    """A workshop for one test module alone, for tests that end the session or change its course."""
    try:
        server = start_workshop(
            tmp_path_factory.mktemp(request.module.__name__), DEMO_PLAN, start_seconds=START_SECONDS
        )
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    yield server
    server.stop(STOP_SECONDS)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a test fails, show what each of its pages looked like and the servers' logs."""
    report = yield
    if report.failed and report.when == "call":
        args = getattr(item, "funcargs", {})
        server, make = args.get("workshop") or args.get("own_workshop"), args.get("new_page")
        notes = []
        if make is not None and server is not None:
            notes = screenshots(make.contexts, server.log_dir.parent, item.name)
        if notes:
            report.sections.append(("screenshots at the failure", "\n".join(notes)))
        if server is not None:
            report.sections.append(("workshop server logs", server.logs()))
    return report


@pytest.fixture
def new_page(browser):
    """Opens a page in its own browser context (own localStorage = own participant); closes all
    at the end of the test. Uncaught page errors are collected on `page.errors`."""
    contexts = []

    def make(width: int = 1024, height: int = 768, **options):
        return open_page(browser, contexts, width, height, **options)

    make.contexts = contexts
    yield make
    for context in contexts:
        context.close()

"""Security fixtures: one real `workshop serve` per test file, the store behind it, and participants
driven over the kernel websocket (testkit.kernel_client) so tests can send what no browser would.

Every hostile input a test sends is counted (`hostile.tried`/`hostile.refused`); the totals are
printed at the end of the run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from security_kit import DEMO_PLAN, hostile, port_open

from testkit.harness import RunningWorkshop, start_workshop
from widgets.content import load_plan
from widgets.live import LiveService
from widgets.store import Store

START_SECONDS = 90
STOP_SECONDS = 30


@pytest.fixture(scope="module")
def workshop(tmp_path_factory, request) -> Iterator[RunningWorkshop]:
    """The real `workshop serve --plan demo.yaml` on free ports, once per test file; stopped with Ctrl-C."""
    try:
        server = start_workshop(tmp_path_factory.mktemp(f"security-{request.module.__name__}"), DEMO_PLAN,
                                start_seconds=START_SECONDS)  # fmt: skip
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    yield server
    code = server.stop(STOP_SECONDS)
    still_open = [p for p in (server.participant_port, server.staff_port) if port_open(p)]
    if code is None or still_open:
        pytest.fail(f"`workshop serve` did not stop cleanly (exit {code}, open ports {still_open})\n{server.logs()}",
                    pytrace=False)  # fmt: skip


@pytest.fixture(scope="module")
def store(workshop) -> Iterator[Store]:
    with Store(workshop.db_url) as s:
        yield s


@pytest.fixture(scope="module")
def service(store) -> LiveService:
    """The facilitator's verbs, called directly (faster than driving the console)."""
    return LiveService(store)


@pytest.fixture(scope="module")
def plan():
    return load_plan(DEMO_PLAN)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test shows the Voilà servers' logs (kernel tracebacks land there)."""
    report = yield
    args = getattr(item, "funcargs", {})
    server = args.get("workshop") or args.get("flooded")
    if report.failed and report.when == "call" and server is not None:
        report.sections.append(("workshop server logs", server.logs()))
    return report


def pytest_terminal_summary(terminalreporter):
    if hostile["tried"]:
        terminalreporter.write_line(
            f"security: {hostile['tried']} hostile inputs tried, {hostile['refused']} refused or without effect"
        )

"""Accessibility fixtures: the real `workshop serve` (one per test module, so each file starts from
a fresh session; started ahead and stopped in the background to save time), Debian's chromium
driven by Playwright, and the session driven from Python.

The patterns are those of tests/e2e/conftest.py; axe-core comes from axe-playwright-python, which
bundles it (nothing is fetched from a CDN).
"""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from a11y_support import FINDINGS, Live

from testkit.harness import RunningWorkshop, start_workshop
from tests.browser_kit import open_page, screenshots
from widgets.live import LiveService
from widgets.store import Store

ROOT = Path(__file__).resolve().parents[2]
DEMO_PLAN = ROOT / "scenarios" / "plans" / "demo.yaml"
START_SECONDS = 90
STOP_SECONDS = 30


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def stop_cleanly(server: RunningWorkshop) -> str:
    """Ctrl-C, as at the end of a workshop; returns what went wrong, or ""."""
    code = server.stop(STOP_SECONDS)
    still_open = [p for p in (server.participant_port, server.staff_port) if port_open(p)]
    if code is None or still_open:
        return f"`workshop serve` did not stop cleanly (exit {code}, ports still open: {still_open})\n{server.logs()}"
    return ""


class Servers:
    """One `workshop serve` per test module, started ahead: the next module's server starts in the
    background (one at a time) while the current module runs, and a finished module's server stops
    in the background. Each module still gets a fresh server and session of its own."""

    def __init__(self, folder: Path, modules: list[str]):
        self.folder = folder
        self.starting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="a11y-start")
        self.stopping = ThreadPoolExecutor(max_workers=4, thread_name_prefix="a11y-stop")
        self.started: dict[str, Future] = {m: self._start(m) for m in modules}
        self.stops: list[Future] = []
        self.released: set[int] = set()

    def _start(self, module: str) -> Future:
        folder = self.folder / module.replace("/", "_").replace(".", "_")
        folder.mkdir(parents=True, exist_ok=True)
        return self.starting.submit(start_workshop, folder, DEMO_PLAN, start_seconds=START_SECONDS)

    def take(self, module: str) -> RunningWorkshop:
        if module not in self.started:
            self.started[module] = self._start(module)
        return self.started[module].result()  # RuntimeError, with the logs, if it did not start

    def release(self, server: RunningWorkshop) -> None:
        self.released.add(id(server))
        self.stops.append(self.stopping.submit(stop_cleanly, server))

    def close(self) -> list[str]:
        """Stop everything; returns the problems."""
        for future in self.started.values():
            if not future.cancel() and future.exception() is None and id(future.result()) not in self.released:
                self.release(future.result())  # started ahead for a module that never ran
        problems = [p for p in (f.result() for f in self.stops) if p]
        self.starting.shutdown()
        self.stopping.shutdown()
        return problems


@pytest.fixture(scope="session")
def servers(request, tmp_path_factory) -> Iterator[Servers]:
    files = [item.nodeid.split("::")[0] for item in request.session.items if "workshop" in item.fixturenames]
    modules = list(dict.fromkeys(files))  # in the order they run
    pool = Servers(tmp_path_factory.mktemp("workshop-a11y"), modules)
    yield pool
    problems = pool.close()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture(scope="module")
def workshop(servers, request) -> Iterator[RunningWorkshop]:
    try:
        server = servers.take(request.node.nodeid.split("::")[0])
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    yield server
    servers.release(server)


@pytest.fixture(scope="module")
def live(workshop) -> Iterator[Live]:
    store = Store(workshop.db_url)
    service = LiveService(store)
    yield Live(workshop, service, service.staff_session()["id"])
    store.close()


class Pages:
    """Opens pages, each in its own browser context (own localStorage = own participant)."""

    def __init__(self, browser):
        self.browser = browser
        self.contexts = []

    def __call__(self, width: int = 1024, height: int = 768, **options):
        return open_page(self.browser, self.contexts, width, height, **options)

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture(scope="module")
def module_pages(browser) -> Iterator[Pages]:
    """Pages that live for the whole module: a module's tests walk one session through its states."""
    pages = Pages(browser)
    yield pages
    pages.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a test fails, keep a screenshot of each open page and add the servers' logs."""
    report = yield
    if report.failed and report.when == "call":
        args = getattr(item, "funcargs", {})
        server = args.get("workshop") or getattr(args.get("live"), "server", None)
        pages = args.get("module_pages")
        notes = []
        if pages is not None and server is not None:
            notes = screenshots(pages.contexts, server.log_dir.parent, item.name)
        if notes:
            report.sections.append(("screenshots at the failure", "\n".join(notes)))
        if server is not None:
            report.sections.append(("workshop server logs", server.logs()))
    return report


def pytest_terminal_summary(terminalreporter):
    if not FINDINGS:
        return
    terminalreporter.section("axe-core: moderate and minor findings (reported, not failed)")
    for (impact, rule, help_text), where in sorted(FINDINGS.items()):
        pages = Counter(w.split(":")[0] for w in where)
        seen = ", ".join(f"{page} ({n} state{'s' * (n != 1)})" for page, n in sorted(pages.items()))
        terminalreporter.write_line(f"{impact:8} {rule}: {help_text} — {seen}")

"""Helpers for the fault tests: find and kill the processes behind a page, wait on conditions,
read the store's counts directly, and the worker processes of the concurrency test.

Processes are found through /proc (Linux only, like the rest of the e2e suite): a Voilà kernel is
a process started with `-f …/kernel-<id>.json` (testkit.is_kernel_argv), a child of the Voilà server,
itself a child of the `workshop serve` CLI.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, func, select

from testkit import is_kernel_argv
from widgets.store.schema import participants, responses, sessions

BARRIER_SECONDS = 120  # workers wait this long for each other to start
KEY = "prevent-workshop-participant"  # identity.js keeps the participant's key under this name


# -- waiting ------------------------------------------------------------------------------------
def wait_until(condition: Callable[[], object], seconds: float, what: str, step: float = 0.1):
    """Poll `condition` until it returns something truthy (returned) or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(step)


# -- processes ----------------------------------------------------------------------------------
def _argv(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a]


def _stat(pid: int) -> tuple[str, int] | None:
    """(state letter, parent pid), or None if the process is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # the command name may contain spaces and ')'
    return fields[0], int(fields[1])


def alive(pid: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] not in {"Z", "X"}


def all_pids() -> list[int]:
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]


def process_tree() -> dict[int, int]:
    """pid → parent pid of every live process, read once (to look below several roots)."""
    parent = {}
    for pid in all_pids():
        st = _stat(pid)
        if st and st[0] not in {"Z", "X"}:
            parent[pid] = st[1]
    return parent


def descendants(root: int, tree: dict[int, int] | None = None) -> set[int]:
    """Every live process below `root` (children, grandchildren …)."""
    parent = process_tree() if tree is None else tree
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, ppid in parent.items() if ppid in frontier} - found
        found |= frontier
    return found


def kernel_pids(kernel_id: str) -> list[int]:
    """The live kernel processes started with this kernel id's connection file."""
    needle = f"kernel-{kernel_id}.json"
    return [
        pid
        for pid in all_pids()
        if alive(pid) and (argv := _argv(pid)) and is_kernel_argv(argv) and needle in " ".join(argv)
    ]


def kernels_under(root: int) -> set[int]:
    """The kernel processes below a `workshop serve` process."""
    return {pid for pid in descendants(root) if is_kernel_argv(_argv(pid))}


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


# -- pages --------------------------------------------------------------------------------------
def kernel_id(page) -> str:
    """The id of the kernel behind a Voilà page, from the config Voilà writes into it."""
    config = page.evaluate("() => document.getElementById('jupyter-config-data').textContent")
    return json.loads(config)["kernelId"]


def participant_key(page) -> str | None:
    return page.evaluate(f"() => localStorage.getItem({json.dumps(KEY)})")


# -- the store, read directly (what a facilitator would count by hand) ---------------------------
class Counts:
    """Sessions, participants and responses as the database holds them, bypassing the kit."""

    def __init__(self, db_url: str):
        self.engine = create_engine(db_url)

    def close(self) -> None:
        self.engine.dispose()

    def sessions(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(sessions)).scalar_one()

    def participants(self, session_id: int) -> int:
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(participants).where(participants.c.session_id == session_id)
            ).scalar_one()

    def answers(self, activity_id: int) -> dict[int, object]:
        """participant id → stored answer for one activity."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(responses.c.participant_id, responses.c.value).where(responses.c.activity_id == activity_id)
            ).all()
        return dict(rows)


# -- worker processes for the concurrency test (importable by spawned children) ------------------
def _describe(err: BaseException) -> str:
    return f"{type(err).__module__}.{type(err).__name__}: {err}"


def voter(url: str, code: str, writer: int, people: int, tries: int, barrier, results) -> None:
    """One participant kernel's worth of traffic, `people` times over: join, then vote `tries`
    times. Every outcome is reported: ("stored"|"refused"|"error", …)."""
    from widgets.live import AnswerRefused, LiveService
    from widgets.store import Conflict, Store

    out: list[tuple] = []
    try:
        with Store(url) as store:
            service = LiveService(store)
            activity_id = service.view(service.find_session(code)["id"]).current_activity.id
            barrier.wait(BARRIER_SECONDS)
            for i in range(people):
                key = f"writer{writer:02d}person{i:03d}xx"
                try:
                    who = service.join(code, key)
                except Exception as err:
                    out.append(("error", key, None, f"join: {_describe(err)}"))
                    continue
                for t in range(tries):
                    value = (writer + i + t) % 5 + 1
                    try:
                        service.submit(who, activity_id, value)
                    except (AnswerRefused, Conflict) as err:
                        out.append(("refused", who.participant_id, value, str(err)))
                    except Exception as err:
                        out.append(("error", who.participant_id, value, _describe(err)))
                    else:
                        out.append(("stored", who.participant_id, value, ""))
    except Exception as err:
        out.append(("error", None, None, f"setup: {_describe(err)}"))
    results.put(("voter", writer, out))


def toggler(url: str, code: str, barrier, done, results) -> None:
    """The facilitator hammering Open poll / Close poll until every voter has finished."""
    from widgets.live import LiveService
    from widgets.store import Store

    toggles, errors = 0, []
    try:
        with Store(url) as store:
            service = LiveService(store)
            session_id = service.find_session(code)["id"]
            barrier.wait(BARRIER_SECONDS)
            while not done.is_set():
                try:
                    if service.view(session_id).current_activity.state == "open":
                        service.close_poll(session_id)
                    else:
                        service.open_poll(session_id)
                    toggles += 1
                except Exception as err:
                    errors.append(_describe(err))
    except Exception as err:
        errors.append(f"setup: {_describe(err)}")
    results.put(("toggler", toggles, errors))


def open_stores(urls: list[str], barrier, results) -> None:
    """Open each store (creating its tables if need be) at the same moment as the other workers."""
    from widgets.store import Store

    out = []
    for url in urls:
        barrier.wait(BARRIER_SECONDS)
        try:
            with Store(url) as store:
                store.latest_running_session()
        except Exception as err:
            out.append(_describe(err))
        else:
            out.append("ok")
    results.put(out)

"""The staff token and the store stay private: a long random token, new at every start; printed once
(the staff link) and nowhere else, not in logs, not in any process's argv, not in kernels' environment;
the SQLite store readable by its owner only."""

from __future__ import annotations

import os
import queue
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest
from security_kit import DEMO_PLAN, kernel_ids, port_open, request

from testkit import is_kernel_argv
from testkit.harness import STAFF_LINE, free_ports

URLSAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def serve_without_a_token(folder: Path) -> tuple[subprocess.Popen, list[str], queue.Queue]:
    """`workshop serve` as a facilitator runs it: no WORKSHOP_STAFF_TOKEN, so it makes its own token."""
    participant, staff = free_ports(2)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")} | {"PYTHONUNBUFFERED": "1"}
    argv = [sys.executable, "-m", "widgets.cli", "--db", f"sqlite:///{folder / 'workshop.db'}", "serve",
            "--plan", str(DEMO_PLAN), "--participant-port", str(participant), "--staff-port", str(staff),
            "--public-host", "localhost", "--log-dir", str(folder / "logs")]  # fmt: skip
    proc = subprocess.Popen(argv, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)  # fmt: skip
    output: list[str] = []
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in proc.stdout:
            output.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return proc, output, lines


def wait_for_staff_link(lines: queue.Queue, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while (line := lines.get(timeout=max(0.1, deadline - time.monotonic()))) is not None:
        if found := STAFF_LINE.search(line):
            return found["url"]
    raise AssertionError("`workshop serve` exited without printing the staff link")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def token_of(url: str) -> str:
    return dict(p.split("=", 1) for p in urlsplit(url).query.split("&"))["token"]


def mentions(folder: Path, output: list[str], token: str) -> list[str]:
    """Every place the token appears: log lines and CLI output lines."""
    found = [f"{f.name}: {line}" for f in folder.rglob("*.log") for line in f.read_text(errors="replace").splitlines()
             if token in line]  # fmt: skip
    return found + [f"output: {line.rstrip()}" for line in output if token in line]


def test_each_start_makes_a_new_long_random_token_and_prints_it_once(tmp_path, workshop):
    folders = [tmp_path / "first", tmp_path / "second"]
    runs = []
    try:
        for folder in folders:  # both start side by side
            folder.mkdir()
            runs.append(serve_without_a_token(folder))
        links = [wait_for_staff_link(lines) for _, _, lines in runs]
        for link in links:  # each server wants its own token
            assert request(urlsplit(link).port, "GET", urlsplit(link).path)[0] in {302, 403}
    finally:
        for proc, _, _ in runs:
            stop(proc)
    tokens = [token_of(link) for link in links]
    assert all(len(t) >= 32 and URLSAFE.match(t) for t in tokens), tokens
    assert len({*tokens, workshop.token}) == 3, "a token was reused"
    for folder, (_, output, _), token in zip(folders, runs, tokens, strict=True):
        places = mentions(folder, output, token)
        assert len(places) == 1 and STAFF_LINE.search(places[0]), places


@pytest.fixture(scope="module")
def pages(workshop) -> None:
    """What a workshop does: a participant page, the console and the projector screen (each starts a kernel)."""
    assert request(workshop.participant_port, "GET", f"/?join={workshop.code}")[0] == 200
    staff = urlsplit(workshop.staff_url)
    for path in (staff.path, "/voila/render/screen.ipynb"):
        status, _, body = request(workshop.staff_port, "GET", f"{path}?{staff.query}")
        assert status == 200 and kernel_ids(body)


def test_the_token_is_printed_once_and_logged_nowhere_in_normal_use(workshop, pages):
    places = mentions(workshop.log_dir, workshop.output, workshop.token)
    assert len(places) == 1 and STAFF_LINE.search(places[0]), places


def test_the_token_is_not_logged_when_a_staff_link_fails(workshop):
    """A mistyped or stale staff link carrying the token (a 403/404) must not write the token to the logs."""
    for path in ("/voila/files/facilitator.ipynb", "/voila/render/analysis.ipynb"):
        request(workshop.staff_port, "GET", f"{path}?token={workshop.token}")
    log = workshop.log_dir / "staff.log"
    deadline = time.monotonic() + 20
    while "analysis.ipynb" not in log.read_text(errors="replace"):  # the server has written its line
        if time.monotonic() > deadline:
            raise TimeoutError("the staff server never logged the failed request")
        time.sleep(0.1)
    assert mentions(workshop.log_dir, [], workshop.token) == []


def tree(workshop) -> dict[str, list[psutil.Process]]:
    """The CLI's processes: the two Voilà servers and their kernels."""
    cli = psutil.Process(workshop.proc.pid)
    servers = cli.children()
    role = {p.pid: ("participant" if "participant.ipynb" in " ".join(p.cmdline()) else "staff") for p in servers}
    out: dict[str, list[psutil.Process]] = {"cli": [cli], "participant": [], "staff": [],
                                            "participant kernels": [], "staff kernels": []}  # fmt: skip
    for server in servers:
        out[role[server.pid]].append(server)
        out[f"{role[server.pid]} kernels"] += [k for k in server.children(recursive=True)
                                               if is_kernel_argv(k.cmdline())]  # fmt: skip
    return out


def environ(p: psutil.Process) -> bytes:
    return Path(f"/proc/{p.pid}/environ").read_bytes()


def test_the_token_is_in_no_argv_and_not_in_the_participant_side_environment(workshop, pages):
    procs = tree(workshop)
    assert all(procs.values()), {k: len(v) for k, v in procs.items()}
    token = workshop.token
    for name, group in procs.items():
        for p in group:
            assert token not in " ".join(p.cmdline()), f"{name} {p.pid} has the token in its argv"
    for name in ("participant", "participant kernels"):
        for p in procs[name]:
            assert token.encode() not in environ(p), f"{name} {p.pid} has the token in its environment"
    assert port_open(workshop.participant_port)  # the servers survived the probing


def test_the_token_is_not_in_staff_kernels_environment(workshop, pages):
    kernels = tree(workshop)["staff kernels"]
    assert kernels
    leaks = [p.pid for p in kernels if workshop.token.encode() in environ(p)]
    assert leaks == [], f"staff kernels {leaks} have the token in their environment"


def test_the_store_and_logs_are_private(workshop):
    database = Path(urlsplit(workshop.db_url.replace("sqlite:///", "file:///")).path)
    files = [database] + [f for f in (database.with_name(database.name + s) for s in ("-wal", "-shm")) if f.exists()]
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f"{f.name} is {oct(stat.S_IMODE(f.stat().st_mode))}"
    assert stat.S_IMODE(workshop.log_dir.stat().st_mode) == 0o700

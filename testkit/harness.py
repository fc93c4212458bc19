"""Start the real `workshop serve` from a script (the e2e tests, the page-load benchmark) and stop it.

One throwaway folder per run holds the store and the Voilà logs; nothing of the caller's own
workshop settings reaches the servers, so a test can never touch a real workshop's data.
`start_workshop(folder)` without a plan, or `RunningWorkshop.restart()`, serves that folder's store
again (the newest running session), as a facilitator does after a crash or a reboot.
`expected` is `WORKSHOP_EXPECTED`: how many participant kernels are made ready ahead (small by
default, so tests take the preheated path without paying for a room's worth of kernels).
"""

from __future__ import annotations

import os
import queue
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from widgets.settings import CHROMIUM_ARGS as CHROMIUM_ARGS  # re-exported: the browser's flags
from widgets.settings import STAFF_TOKEN_VARIABLE as TOKEN_VARIABLE
from widgets.settings import Settings

# The chromium the handout prints with (WORKSHOP_CHROMIUM, Debian's by default), so tests and
# benchmarks drive the same one: Playwright launches it, we never `playwright install`.
CHROMIUM = Settings().chromium

TEST_EXPECTED = 2  # ready participant kernels in a test run (`workshop serve` defaults to 20)
# Tests and benchmarks open every page from this one address, faster than any room would, over a
# server kept for a whole module: the participant server's rate and cap (gate.py) are raised unless
# a test sets its own (tests/security/test_flood.py does).
TEST_LIMITS = {"WORKSHOP_PAGE_LOADS_PER_MINUTE": "100000", "WORKSHOP_MAX_KERNELS": "400"}
JOIN_LINE = re.compile(r"Participants join at: (?P<url>http://\S+/\?join=(?P<code>[A-Z0-9]+))")
STAFF_LINE = re.compile(r"Facilitator console \(keep this link private\): (?P<url>http://\S+)")


def free_ports(n: int) -> list[int]:
    """n distinct ports nobody is listening on (held open together so they differ)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def ports_free(*ports: int) -> bool:
    """True if nothing listens on any of `ports` and each could be bound again right now (with
    SO_REUSEADDR, as Tornado binds: a just-stopped server's TIME_WAIT connections do not count)."""
    for port in ports:
        with socket.socket() as s:
            s.settimeout(1)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return False
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("", port))
            except OSError:
                return False
    return True


def read_logs(log_dir: Path, chars: int = 6000) -> str:
    """The last `chars` of every server log, for a failure message."""
    parts = [f"----- {f.name} -----\n{f.read_text(errors='replace')[-chars:]}" for f in sorted(log_dir.glob("*.log"))]
    return "\n".join(parts) or "(no server logs were written)"


@dataclass
class RunningWorkshop:
    """A running `workshop serve`: where to join, where the console is, and what it has said."""

    proc: subprocess.Popen
    join_url: str
    code: str
    staff_url: str
    token: str
    participant_port: int
    staff_port: int
    log_dir: Path
    db_url: str
    output: list[str] = field(default_factory=list)  # the CLI's stdout and stderr, line by line
    expected: int = TEST_EXPECTED
    env: dict[str, str] = field(default_factory=dict)  # extra WORKSHOP_* settings it was started with

    @property
    def folder(self) -> Path:
        """The throwaway folder: store, logs, and the CLI's working directory."""
        return self.log_dir.parent

    @property
    def participant_base(self) -> str:
        return f"http://localhost:{self.participant_port}"

    @property
    def staff_base(self) -> str:
        return f"http://localhost:{self.staff_port}"

    def logs(self) -> str:
        return f"----- workshop serve output -----\n{''.join(self.output)}\n{read_logs(self.log_dir)}"

    def stop(self, seconds: float = 30) -> int | None:
        """Ctrl-C, as at the end of a workshop: the CLI stops both Voilà servers, which shut their
        kernels down. Returns the exit code, or None if it hung (it is then killed)."""
        return _stop(self.proc, seconds)

    def restart(self, *, stop_seconds: float = 30, start_seconds: float = 90) -> RunningWorkshop:
        """Stop (if still running) and serve the same store again without a plan: the same session,
        the same staff token and, when they are still free, the same ports (so pages can reload
        their own URLs); otherwise fresh ports: compare `participant_port` to know."""
        self.stop(stop_seconds)
        return start_workshop(
            self.folder,
            None,
            start_seconds=start_seconds,
            ports=(self.participant_port, self.staff_port),
            token=self.token,
            expected=self.expected,
            env=self.env,
        )


def _stop(proc: subprocess.Popen, seconds: float) -> int | None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


def _default_sigint() -> None:
    # Shells start background jobs with SIGINT ignored and exec keeps that; the CLI must see Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _pump(stream, lines: queue.Queue, sink: list[str]) -> None:
    for line in stream:
        sink.append(line)
        lines.put(line)
    lines.put(None)


BUSY_PORT = "is already in use"  # the CLI's words when it refuses a busy port (servers.check_ports_free)


def start_workshop(
    folder: Path,
    plan: Path | None = None,
    *,
    start_seconds: float = 90,
    ports: tuple[int, int] | None = None,
    token: str | None = None,
    expected: int = TEST_EXPECTED,
    env: dict[str, str] | None = None,
) -> RunningWorkshop:
    """`workshop serve --plan PLAN` with its store and logs in `folder`; returns once both servers
    are up (the CLI prints its links only then). Without a plan, no new session is created: the CLI
    serves the newest running session already in `folder`'s store (a restart).

    `ports` (participant, staff) are used when free, else fresh ones are chosen, also when the CLI
    finds them taken after all; `token` keeps a previous run's staff link valid. `expected` is the
    ready-kernel pool (WORKSHOP_EXPECTED); `env` adds other WORKSHOP_* settings, e.g.
    {"WORKSHOP_IDLE_MINUTES": "0.5"}. Raises RuntimeError, with the CLI's output and the servers'
    logs, if it exits or stays silent for `start_seconds`."""
    token = token or secrets.token_urlsafe(24)
    settings = {**TEST_LIMITS, **(env or {}), "WORKSHOP_EXPECTED": str(expected)}
    if ports and ports_free(*ports):
        try:
            return _start(folder, plan, ports, token, start_seconds, settings)
        except RuntimeError as err:
            if BUSY_PORT not in str(err):
                raise
            # Someone took a port between our check and the CLI's: fall through to fresh ports.
    return _start(folder, plan, tuple(free_ports(2)), token, start_seconds, settings)


def _start(
    folder: Path,
    plan: Path | None,
    ports: tuple[int, int],
    token: str,
    start_seconds: float,
    settings: dict[str, str],
) -> RunningWorkshop:
    folder = Path(folder).resolve()  # the CLI runs in `folder`
    log_dir = folder / "logs"
    db_url = f"sqlite:///{folder / 'workshop.db'}"
    participant_port, staff_port = ports
    # Nothing from the caller's WORKSHOP_* settings (WORKSHOP_DB, WORKSHOP_SESSION …) may reach the servers.
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    env.update({**settings, TOKEN_VARIABLE: token, "PYTHONUNBUFFERED": "1"})
    argv = [
        sys.executable,
        "-m",
        "widgets.cli",
        "--db",
        db_url,
        "serve",
        *(["--plan", str(Path(plan).resolve())] if plan is not None else []),
        "--participant-port",
        str(participant_port),
        "--staff-port",
        str(staff_port),
        "--public-host",
        "localhost",
        "--log-dir",
        str(log_dir),
    ]
    proc, output, (join, staff) = _run_until(argv, folder, env, [JOIN_LINE, STAFF_LINE], start_seconds, log_dir)
    expected = int(settings["WORKSHOP_EXPECTED"])
    extra = {k: v for k, v in settings.items() if k != "WORKSHOP_EXPECTED"}
    return RunningWorkshop(
        proc, join["url"], join["code"], staff["url"], token, participant_port, staff_port, log_dir, db_url, output,
        expected, extra,
    )  # fmt: skip


def _run_until(
    argv: list[str], folder: Path, env: dict[str, str], wanted: list[re.Pattern], start_seconds: float, log_dir: Path
) -> tuple[subprocess.Popen, list[str], list[re.Match]]:
    """Start the CLI and read its output until every pattern has matched a line; returns the
    process, its output so far (still growing) and the matches. Raises RuntimeError, with the
    output and the servers' logs, if it exits first or stays silent for `start_seconds`."""
    # Own session: a Ctrl-C in the caller's terminal reaches the CLI once, from stop(), not twice.
    proc = subprocess.Popen(
        argv,
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        start_new_session=True,
        preexec_fn=_default_sigint,
    )
    lines: queue.Queue = queue.Queue()
    output: list[str] = []
    reader = threading.Thread(target=_pump, args=(proc.stdout, lines, output), daemon=True)
    reader.start()
    verb = f"`workshop {argv[argv.index('--db') + 2]}`"  # the CLI verb: serve or course
    found: list[re.Match | None] = [None] * len(wanted)
    deadline = time.monotonic() + start_seconds
    why = ""
    while not all(found):
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            why = f"{verb} did not say where it serves within {start_seconds:.0f} s"
            break
        if line is None:
            why = f"{verb} exited before it was ready"
            break
        found = [m or p.search(line) for m, p in zip(found, wanted, strict=True)]
    if why:
        code = _stop(proc, 30)
        reader.join(5)  # the CLI's last words, e.g. why it refused to start
        said = "".join(output)
        raise RuntimeError(f"{why} (CLI exit code {code})\n----- {verb} output -----\n{said}\n{read_logs(log_dir)}")
    return proc, output, found


COURSE_LINE = re.compile(r"The self-paced course is at: (?P<url>http://\S+)")


@dataclass
class RunningCourse:
    """A running `workshop course`. `logs()` and `log_dir` are what the browser suites' failure
    hooks read, as on a RunningWorkshop."""

    proc: subprocess.Popen
    url: str
    log_dir: Path
    output: list[str] = field(default_factory=list)

    def logs(self) -> str:
        return f"----- workshop course output -----\n{''.join(self.output)}\n{read_logs(self.log_dir)}"

    def stop(self, seconds: float = 30) -> int | None:
        """Ctrl-C; the exit code, or None if it hung (it is then killed)."""
        return _stop(self.proc, seconds)


def start_course(folder: Path, *, start_seconds: float = 60) -> RunningCourse:
    """`workshop course` on a free port with its store and logs in `folder`; returns once it has
    printed its URL. Nothing from the caller's WORKSHOP_* settings reaches it."""
    folder = Path(folder).resolve()
    log_dir = folder / "logs"
    (port,) = free_ports(1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")} | {"PYTHONUNBUFFERED": "1"}
    argv = [sys.executable, "-m", "widgets.cli", "--db", f"sqlite:///{folder / 'workshop.db'}", "course",
            "--port", str(port), "--public-host", "localhost", "--log-dir", str(log_dir)]  # fmt: skip
    proc, output, (ready,) = _run_until(argv, folder, env, [COURSE_LINE], start_seconds, log_dir)
    return RunningCourse(proc, ready["url"], log_dir, output)

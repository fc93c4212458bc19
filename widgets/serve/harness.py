"""Start the real `workshop serve` from a script (the e2e tests, the page-load benchmark) and stop it.

One throwaway folder per run holds the store and the Voilà logs; nothing of the caller's own
workshop settings reaches the servers, so a test can never touch a real workshop's data.
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

from widgets.serve.app import TOKEN_VARIABLE

CHROMIUM = "/usr/bin/chromium"  # Debian's: Playwright drives it, we never `playwright install`
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

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

    @property
    def participant_base(self) -> str:
        return f"http://localhost:{self.participant_port}"

    @property
    def staff_base(self) -> str:
        return f"http://localhost:{self.staff_port}"

    def logs(self) -> str:
        return read_logs(self.log_dir)

    def stop(self, seconds: float = 30) -> int | None:
        """Ctrl-C, as at the end of a workshop: the CLI stops both Voilà servers, which shut their
        kernels down. Returns the exit code, or None if it hung (it is then killed)."""
        return _stop(self.proc, seconds)


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


def start_workshop(folder: Path, plan: Path, *, start_seconds: float = 90) -> RunningWorkshop:
    """`workshop serve --plan PLAN` on free ports, with its store and logs in `folder`; returns once
    both servers are up (the CLI prints its links only then). Raises RuntimeError, with the CLI's
    output and the servers' logs, if it exits or stays silent for `start_seconds`."""
    folder, plan = Path(folder).resolve(), Path(plan).resolve()  # the CLI runs in `folder`
    log_dir = folder / "logs"
    db_url = f"sqlite:///{folder / 'workshop.db'}"
    participant_port, staff_port = free_ports(2)
    token = secrets.token_urlsafe(24)
    # Nothing from the caller's WORKSHOP_* settings (WORKSHOP_DB, WORKSHOP_SESSION …) may reach the servers.
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    env.update({TOKEN_VARIABLE: token, "PYTHONUNBUFFERED": "1"})
    argv = [
        sys.executable,
        "-m",
        "widgets.cli",
        "--db",
        db_url,
        "serve",
        "--plan",
        str(plan),
        "--participant-port",
        str(participant_port),
        "--staff-port",
        str(staff_port),
        "--public-host",
        "localhost",
        "--log-dir",
        str(log_dir),
    ]
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

    join = staff = None
    deadline = time.monotonic() + start_seconds
    why = ""
    while not (join and staff):
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            why = f"`workshop serve` printed no console link within {start_seconds:.0f} s"
            break
        if line is None:
            why = "`workshop serve` exited before both servers were ready"
            break
        join = join or JOIN_LINE.search(line)
        staff = staff or STAFF_LINE.search(line)
    if why:
        code = _stop(proc, 30)
        reader.join(5)  # the CLI's last words, e.g. why it refused to start
        raise RuntimeError(
            f"{why} (CLI exit code {code})\n----- workshop serve output -----\n{''.join(output)}\n{read_logs(log_dir)}"
        )
    return RunningWorkshop(
        proc, join["url"], join["code"], staff["url"], token, participant_port, staff_port, log_dir, db_url, output
    )

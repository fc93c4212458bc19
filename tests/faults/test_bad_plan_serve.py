"""`workshop serve --plan BAD` end to end: the real CLI, in its own process, on a store that already
has a running session. A bad plan must stop it with exit 1 and a `file:line: where: message` line,
before any server starts (its ports never open, no Voilà process, no log folder) and before any
session is created; it must not fall back to serving the session already in the store.

The loader's own cases are in tests/content/test_loader.py and tests/test_cli.py. Here: one run of
the whole command per kind of bad file (in parallel: each run is mostly interpreter start-up), then
hostile files that the loader does not turn into a line, and a plan too big to check quickly."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from faultkit import Counts, descendants, process_tree

from testkit.harness import free_ports
from widgets.cli import main
from widgets.content import load_plan
from widgets.live import LiveService
from widgets.store import Store

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "plans" / "demo.yaml"
EXIT_SECONDS = 60
HEAD = "schema_version: 1\nid: bad\ntitle: Bad plan\n"
ACTIVITY = "  - id: q{i}\n    kind: scale\n    title: T\n    prompt: P\n    min_label: lo\n    max_label: hi\n"

# name: (file content, the `where` the line must name)
BAD = {
    "yaml-syntax": (HEAD + "activities: [unclosed\n", r"\(yaml\)"),
    "empty": ("", r"\(file\)"),
    "huge": (HEAD + "activities:\n" + "".join(ACTIVITY.format(i=i) for i in range(12_000)), r"\(file\)"),  # 1.1 MB
    "wrong-kind": (HEAD + "activities:\n  - id: q\n    kind: poll\n", r"activities\[0\]\.kind"),
}
# name: (file content, why the loader fails on it today)
HOSTILE = {
    "deep-nesting": (
        HEAD + "activities: " + "[" * 5000 + "]" * 5000 + "\n",
        "RecursionError from PyYAML's recursive composer escapes loader._read: a traceback, no line",
    ),
    "nul-character": (
        HEAD.encode() + b"organisation: A\x00B\n",
        "yaml.reader.ReaderError is a YAMLError, not a MarkedYAMLError: loader._read lets it through",
    ),
    "huge-integer": (
        HEAD + "activities:\n  - id: q\n    kind: scale\n    min: " + "9" * 5000 + "\n",
        "ValueError (int() past Python's 4300-digit limit) from yaml.safe_load escapes loader._read",
    ),
}


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@dataclass
class Run:
    """One `workshop serve --plan BAD` and everything it did while it ran."""

    name: str
    folder: Path
    bad: Path
    db: str
    ports: list[int]
    proc: subprocess.Popen | None = None
    opened: set[int] = field(default_factory=set)
    servers: set[int] = field(default_factory=set)
    sessions_before: int = 0

    @property
    def log_dir(self) -> Path:
        return self.folder / "logs"

    def start(self) -> None:
        with Store(self.db) as store:
            LiveService(store).create_session(load_plan(DEMO))  # a running session it must not fall back to
        counts = Counts(self.db)
        self.sessions_before = counts.sessions()
        counts.close()
        env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
        argv = [
            sys.executable, "-m", "widgets.cli", "--db", self.db, "serve", "--plan", str(self.bad),
            "--participant-port", str(self.ports[0]), "--staff-port", str(self.ports[1]),
            "--public-host", "localhost", "--log-dir", str(self.log_dir),
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            argv, cwd=self.folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def watch(self, tree: dict[int, int]) -> bool:
        """Look at its ports and children once; False when it has exited."""
        if self.proc.poll() is not None:
            return False
        self.opened |= {p for p in self.ports if port_open(p)}
        self.servers |= {pid for pid in descendants(self.proc.pid, tree) if "widgets.serve.app" in _cmdline(pid)}
        return True


def test_serve_refuses_bad_plans_before_starting_anything(tmp_path):
    ports = iter(free_ports(2 * len(BAD)))
    runs = []
    for name, (content, _) in BAD.items():
        folder = tmp_path / name
        folder.mkdir()
        db = f"sqlite:///{folder / 'workshop.db'}"
        runs.append(Run(name, folder, write(folder / "bad.yaml", content), db, [next(ports), next(ports)]))
    for run in runs:
        run.start()
    deadline = time.monotonic() + EXIT_SECONDS
    try:
        while time.monotonic() < deadline:
            tree = process_tree()
            if not [run for run in runs if run.watch(tree)]:
                break
            time.sleep(0.1)
    finally:
        for run in runs:
            if run.proc.poll() is None:
                run.proc.kill()

    for run in runs:
        out, err = run.proc.communicate(timeout=30)
        what = f"{run.name}: exit {run.proc.returncode}\n--- stdout\n{out[-1500:]}\n--- stderr\n{err[-1500:]}"
        assert run.proc.returncode == 1, what
        where = BAD[run.name][1]
        line = re.compile(rf"^{re.escape(str(run.bad))}:(\d+): ({where}): (.+)$", re.M)
        assert line.search(err), f"no `file:line: where: message` line naming {where}\n{what}"
        assert "Traceback" not in err, what
        assert not run.opened, f"{run.name}: ports {sorted(run.opened)} opened for a bad plan"
        assert not run.servers, f"{run.name}: a Voilà server was started for a bad plan"
        assert not any(port_open(p) for p in run.ports), run.name
        assert not run.log_dir.exists(), f"{run.name}: the servers' log folder was made: serving had begun"
        assert "Starting the servers" not in out, what
        counts = Counts(run.db)
        assert counts.sessions() == run.sessions_before, f"{run.name}: a session was created from a bad plan"
        counts.close()


@pytest.mark.parametrize("case", list(HOSTILE))
def test_serve_refuses_a_hostile_plan_with_a_line(tmp_path, capsys, case):
    """The same command, in this process (cheaper; what it prints is the same): exit 1 with a line.
    (These once ended in a traceback: unmarked YAML errors, deep nesting, huge integers.)"""
    bad = write(tmp_path / "bad.yaml", HOSTILE[case][0])
    db = f"sqlite:///{tmp_path / 'workshop.db'}"
    ports = [str(p) for p in free_ports(2)]
    argv = ["--db", db, "serve", "--plan", str(bad), "--participant-port", ports[0], "--staff-port", ports[1]]
    assert main([*argv, "--log-dir", str(tmp_path / "logs")]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"^{re.escape(str(bad))}:\d+: [^:]+: .+$", err, re.M), err
    assert not (tmp_path / "logs").exists()


def test_a_big_plan_is_checked_in_linear_time():
    """Validating a plan of N activities must cost about what validating the N activities does:
    compared with the same work without the plan's checks, in CPU time, so neither a slow nor a
    busy machine makes it flaky. (The 1 MB file limit allows ~300,000 aliased activities.)"""
    from pydantic import TypeAdapter

    from widgets.content.models import Activity, Plan

    n = 70_000
    activity = {"id": "a", "kind": "scale", "title": "T", "prompt": "P", "min_label": "lo", "max_label": "hi"}
    items = [activity] * n
    start = time.process_time()
    TypeAdapter(list[Activity]).validate_python(items)
    baseline = time.process_time() - start
    start = time.process_time()
    with pytest.raises(ValueError, match="duplicate activity ids: a"):
        Plan.model_validate({"schema_version": 1, "id": "big", "title": "T", "activities": items})
    spent = time.process_time() - start
    assert spent < 3 * baseline + 0.2, f"{n:,} activities: {spent:.2f} CPU s as a plan, {baseline:.2f} s alone"

"""Build and run the two Voilà processes; the arguments live here so tests can read them."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

SHARE = Path(__file__).with_name("share")
# Only what the pages use: both widget managers must stay or every widget renders as text.
EXTENSIONS = ["@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager", "anywidget"]


@dataclass
class ServePlan:
    """Everything needed to start both servers and to tell people where they are."""

    notebooks: Path
    participant_port: int
    staff_port: int
    public_host: str
    token: str
    env: dict[str, str] = field(default_factory=dict)

    @property
    def participant_url(self) -> str:
        return f"http://{self.public_host}:{self.participant_port}"

    @property
    def staff_url(self) -> str:
        return f"http://localhost:{self.staff_port}/voila/render/facilitator.ipynb?token={self.token}"

    def common_args(self, port: int) -> list[str]:
        return [
            f"--port={port}",
            "--no-browser",
            "--template=workshop",
            "--theme=light",
            "--show_tracebacks=False",
            "--VoilaConfiguration.allow_template_override=NO",
            "--VoilaConfiguration.allow_theme_override=NO",
            *(f"--VoilaConfiguration.extension_allowlist={name}" for name in EXTENSIONS),
            # Closed tabs: the beacon frees most kernels, culling the rest (crashed tabs, lost phones).
            f"--MappingKernelManager.cull_idle_timeout={int(float(self.env['WORKSHOP_IDLE_MINUTES']) * 60)}",
            "--MappingKernelManager.cull_interval=60",
        ]

    def participant_argv(self) -> list[str]:
        # One notebook only: no tree, no other files. The beacon that frees a closed tab's kernel
        # needs XSRF checks off; that is safe here because this server sets no cookies at all.
        return [
            sys.executable,
            "-m",
            "widgets.serve.app",
            str(self.notebooks / "participant.ipynb"),
            *self.common_args(self.participant_port),
            "--Voila.ip=0.0.0.0",
            "--VoilaConfiguration.file_allowlist=[]",
            "--Voila.tornado_settings={'disable_check_xsrf': True}",
        ]

    def staff_argv(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "widgets.serve.app",
            str(self.notebooks),
            *self.common_args(self.staff_port),
            "--Voila.ip=127.0.0.1",
            f"--token={self.token}",
        ]


def lan_address() -> str:
    """The address phones in the room can reach, from this machine's own name; no packet is sent."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return "localhost"
    addrs = [i[4][0] for i in infos if not i[4][0].startswith("127.")]
    return addrs[0] if addrs else "localhost"


def build_plan(
    notebooks: Path,
    db: str,
    participant_port: int,
    staff_port: int,
    public_host: str = "",
    token: str = "",
    idle_minutes: float = 10,
) -> ServePlan:
    plan = ServePlan(
        notebooks, participant_port, staff_port, public_host or lan_address(), token or secrets.token_urlsafe(24)
    )
    plan.env = {
        "WORKSHOP_DB": db,
        "WORKSHOP_PARTICIPANT_URL": plan.participant_url,
        "WORKSHOP_IDLE_MINUTES": str(idle_minutes),
        "JUPYTER_PATH": os.pathsep.join(filter(None, [str(SHARE), os.environ.get("JUPYTER_PATH")])),
    }
    return plan


def wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped while starting (exit {proc.returncode})")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not start within {seconds:.0f} s")


def start_servers(plan: ServePlan, log_dir: Path | None = None) -> list[subprocess.Popen]:
    """Start both servers in their own process groups, so Ctrl-C reaches only us and we stop them."""
    env = {**os.environ, **plan.env}
    procs = []
    for name, argv in [("participant", plan.participant_argv()), ("staff", plan.staff_argv())]:
        out = open(log_dir / f"{name}.log", "ab") if log_dir else subprocess.DEVNULL  # noqa: SIM115
        procs.append(subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
    try:
        wait_for_port(plan.participant_port, procs[0])
        wait_for_port(plan.staff_port, procs[1])
    except RuntimeError:
        stop_servers(procs)
        raise
    return procs


def stop_servers(procs: list[subprocess.Popen], seconds: float = 10) -> None:
    """SIGTERM lets Voilà shut its kernels down; anything still alive after that is killed."""
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def run_servers(plan: ServePlan, log_dir: Path | None = None, on_ready=None) -> int:
    """Serve until Ctrl-C or until either server dies; always stop both."""
    procs = start_servers(plan, log_dir)
    try:
        if on_ready:
            on_ready()
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop_servers(procs)

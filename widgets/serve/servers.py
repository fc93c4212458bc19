"""Build and run the two Voilà processes; the arguments live here so tests can read them."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from widgets.settings import STAFF_TOKEN_VARIABLE as TOKEN_VARIABLE
from widgets.settings import Settings, kernel_cap

SHARE = Path(__file__).with_name("share")
VOILA = [sys.executable, "-m", "widgets.serve.app"]
# Only what the pages use: both widget managers must stay or every widget renders as text.
EXTENSIONS = ["@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager", "anywidget"]
CHARTS = "jupyterlab-plotly"  # staff pages only: 1.4 MB that phones never load
# The participant page's template: "workshop-phone" (a small widget manager of our own, ~20 kB) or
# "workshop" (Voilà's whole JupyterLab front end, ~1.4 MB). See benchmarks/RESULTS.md.
PARTICIPANT_TEMPLATE = "workshop-phone"
BENCH_WITHOUT = "WORKSHOP_BENCH_WITHOUT"  # "lean-page": Voilà's full front end, to measure (page_load.py)


class ServeError(RuntimeError):
    """The servers could not start; the message says what to do."""


@dataclass
class ServePlan:
    """Everything needed to start both servers and to tell people where they are."""

    notebooks: Path
    participant_port: int
    staff_port: int
    public_host: str
    token: str
    env: dict[str, str] = field(default_factory=dict)
    expected: int = 0  # participants expected: that many kernels are made ready ahead (0 = none)
    staff_poll_interval: float = 0  # the staff pages' WORKSHOP_POLL_INTERVAL (0 = the same as phones')
    max_kernels: int = 50  # participant pages open at once (WORKSHOP_MAX_KERNELS, or from `expected`)
    page_loads_per_minute: int = 60  # per address (WORKSHOP_PAGE_LOADS_PER_MINUTE)
    trusted_proxies: list[str] = field(default_factory=list)  # whose X-Forwarded-For is believed

    @property
    def participant_url(self) -> str:
        """What phones open: this server, or a whole URL given as the host (nginx in front of several)."""
        if "://" in self.public_host:
            return self.public_host.rstrip("/")
        return f"http://{self.public_host}:{self.participant_port}"

    @property
    def staff_url(self) -> str:
        return f"http://localhost:{self.staff_port}/voila/render/facilitator.ipynb?token={self.token}"

    def common_args(self, port: int, template: str = "workshop", override: str = "NO") -> list[str]:
        return [
            f"--port={port}",
            "--no-browser",
            f"--template={template}",
            "--theme=light",
            "--show_tracebacks=False",
            # Kernels talk over Unix sockets beside their connection files: with TCP, kernels started at
            # once by two servers can pick the same free port, and a ready kernel dies at birth.
            "--KernelManager.transport=ipc",
            "--Voila.port_retries=0",  # fail on a busy port rather than quietly move to another
            f"--VoilaConfiguration.allow_template_override={override}",
            "--VoilaConfiguration.allow_theme_override=NO",
            *(f"--VoilaConfiguration.extension_allowlist={name}" for name in EXTENSIONS),
            # Closed tabs: the beacon frees most kernels, culling the rest (crashed tabs, lost phones).
            *self.cull_args(),
        ]

    def cull_args(self) -> list[str]:
        """Idle kernels go within WORKSHOP_IDLE_MINUTES: the culler looks every tenth of it (at most
        every minute) for kernels idle longer than the rest, so one is gone at the latest when the
        idle time is up. Kernels with a page connected are never culled (cull_connected stays off)."""
        idle = max(2, round(float(self.env["WORKSHOP_IDLE_MINUTES"]) * 60))
        every = min(60, max(1, idle // 10))
        return [
            f"--MappingKernelManager.cull_idle_timeout={idle - every}",
            f"--MappingKernelManager.cull_interval={every}",
            # A page that never connected to its kernel (a reload loop, a script) frees it within a minute.
            f"--PromptCulling.abandon_seconds={min(60, idle - every)}",
        ]

    def public_args(self) -> list[str]:
        # Reachable from the room, with no login. The beacon that frees a closed tab's kernel needs
        # XSRF checks off: acceptable here, as the only cookie is an anonymous user name that
        # authorises nothing a forged request could abuse.
        return [
            "--Voila.ip=0.0.0.0",
            "--Voila.tornado_settings={'disable_check_xsrf': True}",
            # Phones' kernels start without the debugger (phone_kernel.py): one kernel per phone.
            "--VoilaConfiguration.kernel_spec_manager_class=widgets.serve.kernels.PhoneKernelSpecs",
        ]

    def participant_argv(self) -> list[str]:
        """One notebook only: no tree, no other notebooks, no files."""
        return [
            *VOILA,
            str(self.notebooks / "participant.ipynb"),
            *self.common_args(self.participant_port, participant_template()),
            *self.public_args(),
            "--VoilaConfiguration.file_allowlist=[]",
            "--WorkshopVoila.strict_csp=True",  # headers.py
            *self.preheat_args(),
            *self.gate_args(),
        ]

    def gate_args(self) -> list[str]:
        """No kernel without a valid join code, a cap on kernels, a rate per address (gate.py)."""
        return [
            "--JoinGate.enabled=True",
            f"--JoinGate.max_kernels={self.max_kernels}",
            f"--JoinGate.page_loads_per_minute={self.page_loads_per_minute}",
            *(f"--JoinGate.trusted_proxies={address}" for address in self.trusted_proxies),
        ]

    def preheat_args(self) -> list[str]:
        """Kernels that have already run participant.ipynb, one per expected participant (kernels.py).

        Safe because the notebook reads nothing from the request: the ?join= code reaches the kernel
        from the browser, through the BrowserIdentity widget. Preheat rules out progressive rendering.
        """
        if self.expected <= 0:
            return []
        return [
            "--preheat_kernel=True",
            f"--pool_size={self.expected}",
            f"--RoomSizedPool.expected={self.expected}",
            "--VoilaConfiguration.progressive_rendering=False",
        ]

    def staff_argv(self) -> list[str]:
        return [
            *VOILA,
            str(self.notebooks),
            # A staff notebook may name its template in its metadata (screen.ipynb: the lean page); a URL may not.
            *self.common_args(self.staff_port, override="NOTEBOOK"),
            f"--VoilaConfiguration.extension_allowlist={CHARTS}",  # the analyst page draws plotly charts
            "--Voila.ip=127.0.0.1",  # the token arrives in the environment: see app.py
        ]

    def course_argv(self, port: int) -> list[str]:
        """The self-paced course: its home and modules at their own routes (course_routes.py), and their
        images; no file tree, no notebook by its file name."""
        return [
            *VOILA,
            str(self.notebooks / "course"),
            "--WorkshopVoila.course=True",
            *self.common_args(port),
            *self.public_args(),
        ]

    def staff_env(self) -> dict[str, str]:
        """The console and the projector screen check for changes more often than phones do: there
        are only a few of them, and a vote should reach the console at once."""
        return {"WORKSHOP_POLL_INTERVAL": f"{self.staff_poll_interval:g}"} if self.staff_poll_interval else {}

    def live_servers(self, only: str = "") -> list[Server]:
        """Both servers, or `only` one of them (several participant servers behind nginx: deploy/)."""
        servers = [
            Server("participant", self.participant_port, self.participant_argv(), {}),
            Server("staff", self.staff_port, self.staff_argv(), {TOKEN_VARIABLE: self.token, **self.staff_env()}),
        ]
        return [s for s in servers if only in ("", s.name)]


@dataclass(frozen=True)
class Server:
    name: str
    port: int
    argv: list[str]
    env: dict[str, str]


def participant_template() -> str:
    """PARTICIPANT_TEMPLATE, or the staff pages' template when a benchmark compares the two."""
    return "workshop" if "lean-page" in os.environ.get(BENCH_WITHOUT, "").split(",") else PARTICIPANT_TEMPLATE


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
    expected: int | None = None,
) -> ServePlan:
    """`expected` None reads the `WORKSHOP_EXPECTED` setting."""
    plan = ServePlan(
        notebooks, participant_port, staff_port, public_host or lan_address(), token or secrets.token_urlsafe(24)
    )
    settings = Settings()
    plan.expected = settings.expected if expected is None else expected
    plan.staff_poll_interval = settings.staff_poll_interval
    plan.max_kernels = kernel_cap(plan.expected, settings.max_kernels)
    plan.page_loads_per_minute = settings.page_loads_per_minute
    plan.trusted_proxies = [a.strip() for a in settings.trusted_proxies.split(",") if a.strip()]
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
            raise ServeError(f"the server on port {port} stopped while starting (exit {proc.returncode})")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise ServeError(f"the server on port {port} did not start within {seconds:.0f} s")


def check_ports_free(*ports: int) -> None:
    for port in ports:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                raise ServeError(
                    f"port {port} is already in use: is another workshop still running? "
                    "Stop it, or choose other ports with --participant-port and --staff-port."
                )


def start_servers(
    servers: list[Server], env: dict[str, str], procs: list[subprocess.Popen], log_dir: Path | None = None
) -> None:
    """Start each server in its own process group (appending to `procs` as they start, so a
    caller can always stop what did start), then wait until all accept connections."""
    base = {k: v for k, v in os.environ.items() if k != TOKEN_VARIABLE} | env
    for server in servers:
        out = open(log_dir / f"{server.name}.log", "ab") if log_dir else subprocess.DEVNULL  # noqa: SIM115
        procs.append(
            subprocess.Popen(
                server.argv, env=base | server.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        )
    for server, proc in zip(servers, procs, strict=True):
        wait_for_port(server.port, proc)


STOP_SECONDS = 15.0  # SIGTERM's grace before SIGKILL


def stop_servers(procs: list[subprocess.Popen]) -> None:
    """SIGTERM makes Voilà shut its kernels down; anything still alive after that is killed."""
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.wait(5)  # never wait for ever: the facilitator's Ctrl-C always ends


def run_servers(servers: list[Server], env: dict[str, str], log_dir: Path | None = None, on_ready=None) -> int:
    """Serve until Ctrl-C, SIGTERM or a closed terminal, or until any server dies; always stop all.

    The servers run in their own sessions, so only we see the signal and stop them in order. While
    starting, a signal stops at once (KeyboardInterrupt). Once serving, it only asks the loop to stop:
    an exception raised in the middle of `Popen.poll` could leave its lock held, and a second Ctrl-C
    while stopping would leave the servers running.
    """
    asked: list[int] = []  # the signals received once serving

    def on_signal(signum, _frame) -> None:
        if not serving:
            raise KeyboardInterrupt
        asked.append(signum)

    serving = False
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    check_ports_free(*(s.port for s in servers))
    procs: list[subprocess.Popen] = []
    try:
        start_servers(servers, env, procs, log_dir)
        if on_ready:
            on_ready()
        serving = True
        while not asked and all(p.poll() is None for p in procs):
            time.sleep(0.5)
        if not asked:
            print("A server stopped unexpectedly; stopping the others.", file=sys.stderr)
            return 1
        print("Stopping…", file=sys.stderr)
        return 0
    except KeyboardInterrupt:
        print("Stopping…", file=sys.stderr)
        return 0
    finally:
        serving = True  # from here a signal only adds to `asked`: stopping is not cut short
        stop_servers(procs)

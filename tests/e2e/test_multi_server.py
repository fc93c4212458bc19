"""Beyond one machine: deploy/multi-server.sh starts PostgreSQL, two participant servers, the staff
server and nginx. Phones join through nginx; each page's websocket must reach the server that made
its kernel (sticky routing); the facilitator's console, on its own server, opens the poll and every
phone sees it by notification; every vote reaches the store exactly once."""

from __future__ import annotations

import asyncio
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from tornado.httpclient import AsyncHTTPClient

from testkit.harness import JOIN_LINE, STAFF_LINE, free_ports, ports_free
from testkit.kernel_client import KernelClient, run_apart
from widgets.settings import Settings
from widgets.store import Store
from widgets.store.notify import CHANNEL, listen_dsn
from widgets.store.schema import activities, participants, responses, sessions

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "multi-server.sh"
SERVERS = 2
FIRST_PHONES, MAX_PHONES = 6, 16  # join more until each server has two of them (routes are random)
START_SECONDS = 240
SAVED = "Answer saved. You can change it while the poll is open."
ANSWER_INTERVAL = Settings.model_fields["answer_interval"].default
STORE_LINE = re.compile(r"^Store: (?P<url>\S+)")
LOGS_LINE = re.compile(r"^Logs: (?P<dir>\S+)")
ACCESS_LINE = re.compile(r"access log (?P<path>\S+)\)")


def can_run() -> str:
    """Why the deployment cannot be started here, or '' if it can (the script installs what is missing)."""
    root = os.geteuid() == 0 and shutil.which("apt-get")
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists() or root):
        return "nginx is not installed and cannot be (needs root and apt-get): apt-get install nginx"
    if not (list(Path("/usr/lib/postgresql").glob("*/bin")) or root):
        return "PostgreSQL is not installed and cannot be (needs root and apt-get): apt-get install postgresql"
    return ""


def consecutive_free_ports(n: int) -> int:
    for _ in range(50):
        (first,) = free_ports(1)
        if first + n < 65536 and ports_free(*range(first, first + n)):
            return first
    raise RuntimeError(f"no {n} consecutive free ports")


class Deployment:
    """The running script: what it printed, and how to stop it as Ctrl-C does."""

    def __init__(self, proc: subprocess.Popen, lines: list[str], first_port: int):
        self.proc, self.lines, self.first_port = proc, lines, first_port
        text = "".join(lines)
        self.join_url = JOIN_LINE.search(text)["url"]
        self.code = JOIN_LINE.search(text)["code"]
        self.staff_url = STAFF_LINE.search(text)["url"]
        self.db_url = next(m["url"] for line in lines if (m := STORE_LINE.match(line)))
        self.log_dir = Path(next(m["dir"] for line in lines if (m := LOGS_LINE.match(line))))
        self.access_log = Path(ACCESS_LINE.search(text)["path"])

    def server_port(self, server: int) -> int:
        return self.first_port + server - 1

    def server_of(self, kernel_id: str) -> int:
        """Which participant server (1, 2, …) started this kernel, from its own log."""
        found = [
            i
            for i in range(1, SERVERS + 1)
            if f"Kernel started: {kernel_id}" in (self.log_dir / f"participant-{i}" / "participant.log").read_text()
        ]
        assert len(found) == 1, f"kernel {kernel_id} started on servers {found}"
        return found[0]

    def logs(self) -> str:
        parts = [f"----- {f} -----\n{f.read_text(errors='replace')[-4000:]}" for f in sorted(self.log_dir.rglob("*.*"))]
        return "".join(self.lines) + "\n".join(parts)


def start(first_port: int, nginx_port: int, staff_port: int) -> Deployment:
    argv = [str(SCRIPT), "--servers", str(SERVERS), "--first-port", str(first_port), "--port", str(nginx_port)]
    argv += ["--staff-port", str(staff_port), "--public-host", "localhost", "--expected", "6"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    lines: list[str] = []
    seen: queue.Queue = queue.Queue()

    def pump():
        for line in proc.stdout:
            lines.append(line)
            seen.put(line)
        seen.put(None)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            line = seen.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            line = None
        if line is None:
            stop(proc)
            output = "".join(lines)
            if "Could not install" in output:
                pytest.skip(output.strip().splitlines()[-1])
            pytest.fail(f"deploy/multi-server.sh did not get ready:\n{output}", pytrace=False)
        if line.startswith("Press Ctrl-C"):
            return Deployment(proc, lines, first_port)


def stop(proc: subprocess.Popen, seconds: float = 60) -> int | None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return None


@pytest.fixture(scope="module")
def deployment():
    if why := can_run():
        pytest.skip(why)
    first = consecutive_free_ports(SERVERS)
    nginx_port, staff_port = [p for p in free_ports(SERVERS + 2) if not first <= p < first + SERVERS][:2]
    running = start(first, nginx_port, staff_port)
    yield running
    code = stop(running.proc)
    ports = [*range(first, first + SERVERS), nginx_port, staff_port]
    assert code == 0, f"the script did not stop cleanly on Ctrl-C (exit {code})\n{''.join(running.lines)}"
    assert ports_free(*ports), f"something still listens on {ports} after Ctrl-C"
    assert not running.log_dir.parent.exists(), "the throwaway folder was left behind"


async def phone_joins(url: str, code: str) -> KernelClient:
    page = await KernelClient.open(url, timeout=180)
    await page.join(code)
    await page.wait_for(lambda: page.find(text="Activity 1 of"), 120, "the first activity")
    return page


async def vote(page: KernelClient, value: int) -> None:
    """As choice.js: the answer posted through nginx, which must send it to the page's own server."""
    reply = await page.answer(str(value))
    assert reply == {"saved": True, "message": SAVED}, reply


def listening_connections(db_url: str) -> int:
    with psycopg.connect(listen_dsn(db_url), autocommit=True) as conn:
        query = "SELECT count(*) FROM pg_stat_activity WHERE query = %s"
        return conn.execute(query, (f"LISTEN {CHANNEL}",)).fetchone()[0]


def test_phones_spread_over_servers_stick_to_them_and_every_vote_lands_once(deployment):
    d = deployment

    async def scenario():
        phones = list(await asyncio.gather(*(phone_joins(d.join_url, d.code) for _ in range(FIRST_PHONES))))
        while min(sum(d.server_of(p.kernel_id) == i for p in phones) for i in (1, 2)) < 2:
            assert len(phones) < MAX_PHONES, "nginx sent nearly every phone to one server"
            phones.append(await phone_joins(d.join_url, d.code))
        # The console runs on the staff server, another process: its click reaches the phones by NOTIFY.
        console = await KernelClient.open(d.staff_url, timeout=180)
        await console.wait_for(lambda: console.find("ButtonModel", description="Open poll"), 60, "the console")
        await console.click(console.find("ButtonModel", description="Open poll")[0].model_id)
        opened = time.monotonic()
        for page in phones:
            await page.wait_for(page.form, 30, "the poll")
        seen_after = time.monotonic() - opened
        listening = await asyncio.to_thread(listening_connections, d.db_url)
        await asyncio.gather(*(vote(page, 1 + i % 5) for i, page in enumerate(phones)))
        await asyncio.sleep(ANSWER_INTERVAL)  # a person cannot answer again sooner
        await asyncio.gather(*(vote(page, 5) for page in phones[:2]))  # two change their minds
        kernels = [(p.kernel_id, d.server_of(p.kernel_id)) for p in phones]
        for page in [*phones, console]:
            await page.close()
        await asyncio.gather(*(p.shutdown() for p in phones))
        AsyncHTTPClient().close()
        return kernels, seen_after, listening

    try:
        kernels, seen_after, listening = run_apart(scenario())
    except Exception as err:
        raise AssertionError(f"{err}\n{d.logs()}") from err

    by_server = {i: sum(s == i for _, s in kernels) for i in (1, 2)}
    print(f"{len(kernels)} phones: {by_server} per server; the open poll reached all in {seen_after:.2f} s")
    assert min(by_server.values()) >= 2
    assert seen_after < 5, "phones saw the poll open only after the fallback poll"
    # Phones' kernels use their server's store: each participant server listens once for all of its
    # phones (the poll reached them in time, so both did), and the console's kernel for itself.
    assert len(kernels) >= FIRST_PHONES and listening <= 3, f"{listening} LISTEN connections for {len(kernels)} phones"

    # Sticky: every kernel's websocket went to the server that started the kernel.
    log = d.access_log.read_text()
    for kernel_id, server in kernels:
        upstreams = re.findall(rf"/api/kernels/{kernel_id}/channels\S* HTTP/1.1\" 101 .* upstream=(\S+)", log)
        assert upstreams, f"no websocket for {kernel_id} in the nginx log"
        assert all(u.endswith(f":{d.server_port(server)}") for u in upstreams), (kernel_id, server, upstreams)

    # Exactly one response per phone, each its last answer.
    with Store(d.db_url) as store, store.engine.connect() as conn:
        sid = conn.execute(select(sessions.c.id).where(sessions.c.code == d.code)).scalar_one()
        first = conn.execute(
            select(activities.c.id).where(activities.c.session_id == sid, activities.c.position == 0)
        ).scalar_one()
        people = conn.execute(select(func.count()).where(participants.c.session_id == sid)).scalar_one()
        values = sorted(conn.execute(select(responses.c.value).where(responses.c.activity_id == first)).scalars())
    expected = sorted([5, 5, *(1 + i % 5 for i in range(2, len(kernels)))])
    assert people == len(kernels)
    assert values == expected

"""Issue 16's first finding, measured: 60 GETs of the participant page without a join code, all at
once, each given up after 5 s as a reload loop would. Kernels started, with the participant
server's gate off (as before it existed) and on.

    .venv/bin/python benchmarks/gate_probe.py
"""

import asyncio
import os
import subprocess
import tempfile
import time
from pathlib import Path

import psutil
import repo_path  # noqa: F401 - the repository root on sys.path, for testkit (not installed)
from tornado.httpclient import HTTPRequest
from tornado.simple_httpclient import SimpleAsyncHTTPClient

from testkit import is_kernel_argv
from testkit.harness import free_ports
from widgets.serve.servers import build_plan, wait_for_port

ROOT = Path.cwd()


def kernels(pid):
    return [k for k in psutil.Process(pid).children() if is_kernel_argv(k.cmdline())]


async def sixty(port):
    c = SimpleAsyncHTTPClient(force_instance=True, max_clients=60)
    t = time.monotonic()

    async def one():
        try:
            r = await c.fetch(
                HTTPRequest(f"http://127.0.0.1:{port}/", connect_timeout=5, request_timeout=5), raise_error=False
            )
            return r.code
        except Exception:
            return 599

    out = await asyncio.gather(*(one() for _ in range(60)))
    return time.monotonic() - t, out


for gated in (False, True):
    with tempfile.TemporaryDirectory() as tmp:
        port, staff = free_ports(2)
        plan = build_plan(ROOT / "notebooks", f"sqlite:///{tmp}/w.db", port, staff, public_host="localhost", expected=2)
        argv = [a for a in plan.participant_argv() if gated or "JoinGate" not in a]
        env = {**os.environ, **plan.env}
        p = subprocess.Popen(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            wait_for_port(port, p, 120)
            deadline = time.monotonic() + 120
            while len(kernels(p.pid)) < 2 and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(2)
            before = len(kernels(p.pid))
            took, codes = asyncio.run(sixty(port))  # each gives up after 5 s, as a reload loop would
            time.sleep(10)
            print(
                f"gate {'on ' if gated else 'off'}: 60 code-less GETs in {took:.1f} s,"
                f" statuses {sorted(set(codes))}; kernels {before} → {len(kernels(p.pid))}",
                flush=True,
            )
        finally:
            os.killpg(p.pid, 15)
            p.wait(30)

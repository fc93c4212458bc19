"""Measure the multi-server deployment: deploy/multi-server.sh, then a room of phones through nginx.

    .venv/bin/python deploy/measure.py [--servers 2] [--participants 60] [--rounds 2] [--arrival 30]

The phones and the console (deploy/phones.py) send what a browser sends: the page, its static
files, the kernel websocket and widget messages, all through nginx; the console runs on the staff
server, driven from a process of its own. Each round the console opens a poll, every
phone votes at once, a fifth change their answer, the console moves on and every phone follows.

Reports: how the phones spread over the servers, join and vote times, how fast an open poll and an
advance reach every phone (by NOTIFY), PostgreSQL's connections and transactions per second while the
room waits (what polling would cost instead), CPU and memory. Exits 1 when a phone failed or a vote
was lost or doubled; timings never fail it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psutil
import psycopg
import repo_path  # noqa: F401 - the repository root on sys.path, for testkit (not installed)
from phones import Phone, console_process, cpu_seconds, memory
from tornado.httpclient import AsyncHTTPClient

from testkit import is_kernel_argv
from testkit.harness import JOIN_LINE, STAFF_LINE, free_ports, ports_free
from widgets.live.codes import hash_key
from widgets.store.notify import CHANNEL, listen_dsn

ROOT = Path(__file__).resolve().parent.parent

TIMEOUT = 600
IDLE_SECONDS = 15
ANSWER_INTERVAL = 0.5


def start(servers: int, participants: int) -> tuple[subprocess.Popen, dict]:
    """Run deploy/multi-server.sh on free ports; what it printed, parsed."""
    for _ in range(50):
        (first,) = free_ports(1)
        if ports_free(*range(first, first + servers)):
            break
    nginx_port, staff_port = [p for p in free_ports(servers + 2) if not first <= p < first + servers][:2]
    argv = [str(ROOT / "deploy" / "multi-server.sh"), "--servers", str(servers), "--first-port", str(first)]
    argv += ["--port", str(nginx_port), "--staff-port", str(staff_port), "--public-host", "localhost"]
    argv += ["--expected", str(participants), "--keep"]  # deleted by main() unless something failed
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    out = ""
    for line in proc.stdout:
        out += line
        if line.startswith("Press Ctrl-C"):
            break
    else:
        raise RuntimeError(f"deploy/multi-server.sh did not get ready:\n{out}")
    logs = Path(re.search(r"^Logs: (\S+)", out, re.M)[1])
    return proc, {
        "join": JOIN_LINE.search(out)["url"],
        "code": JOIN_LINE.search(out)["code"],
        "staff": STAFF_LINE.search(out)["url"],
        "db": re.search(r"^Store: (\S+)", out, re.M)[1],
        "logs": logs,
        "ports": [first + i for i in range(servers)],
    }


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(90)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def server_of(logs: Path, kernel_id: str, servers: int) -> int | None:
    for i in range(1, servers + 1):
        if f"Kernel started: {kernel_id}" in (logs / f"participant-{i}" / "participant.log").read_text():
            return i
    return None


def wait_pools(logs: Path, servers: int, share: int, seconds: float = 600) -> float:
    """Wait until every participant server has `share` ready kernels (the phones arrive after the
    facilitator has set up, as in a real room); seconds it took."""
    started = time.monotonic()
    ready = re.compile(r"Ready kernels in the pool: (\d+)")
    while time.monotonic() - started < seconds:
        counts = [
            max(map(int, ready.findall(f.read_text(errors="replace"))), default=0) if f.exists() else 0
            for f in (logs / f"participant-{i}" / "participant.log" for i in range(1, servers + 1))
        ]
        if min(counts) >= share:
            return time.monotonic() - started
        time.sleep(1)
    raise RuntimeError(f"the pools did not reach {share} ready kernels each within {seconds:.0f} s")


def pg_numbers(db: str) -> tuple[int, int, int]:
    """(client connections, of which LISTEN, reads of the sessions table so far: each page's check
    for changes is one)."""
    with psycopg.connect(listen_dsn(db), autocommit=True) as conn:
        rows = conn.execute("SELECT query FROM pg_stat_activity WHERE backend_type = 'client backend'").fetchall()
        scans = conn.execute(
            "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'sessions'"
        ).fetchone()[0]
    return len(rows) - 1, sum(q == f"LISTEN {CHANNEL}" for (q,) in rows), int(scans)


def postgres_pids(data_dir: Path) -> list[int]:
    """The PostgreSQL server of this deployment and its backends (pg_ctl detached them from the script)."""
    for p in psutil.process_iter(["cmdline"]):
        if str(data_dir) in " ".join(p.info["cmdline"] or []):
            with contextlib.suppress(psutil.Error):
                return [p.pid, *(c.pid for c in p.children())]
    return []


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def summary(name: str, values: list[float]) -> str:
    return f"| {name} | {statistics.median(values):.2f} | {pct(values, 0.95):.2f} | {max(values):.2f} |"


class Console:
    def __init__(self, staff_url: str):
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=console_process, args=(child, staff_url, TIMEOUT), daemon=True)
        self.proc.start()
        self.call(None)

    def call(self, command):
        if command is not None:
            self.conn.send(command)
        if not self.conn.poll(TIMEOUT):
            raise RuntimeError(f"the console did not answer {command}")
        return self.conn.recv()[1]

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.call(("stop",))
        self.proc.join(10)


async def room(args, d: dict, root: psutil.Process) -> dict:
    AsyncHTTPClient.configure(None, max_clients=args.participants + 10)
    out: dict = {"rounds": []}
    console = await asyncio.to_thread(Console, d["staff"])
    people = [Phone(i) for i in range(args.participants)]

    async def arrive(i: int, p: Phone) -> None:
        await asyncio.sleep(args.arrival * i / len(people))
        try:
            await p.arrive(d["join"], d["code"], TIMEOUT)
        except Exception as err:
            p.error = f"{type(err).__name__}: {err}"[:300]

    try:
        await asyncio.gather(*(arrive(i, p) for i, p in enumerate(people)))
        here = [p for p in people if not p.error]
        out["errors"] = [p.error for p in people if p.error]
        out["join"] = [p.joined for p in here]
        out["servers"] = Counter(server_of(d["logs"], p.page.kernel_id, args.servers) for p in here)

        cpu0, (_, _, x0) = cpu_seconds(root), pg_numbers(d["db"])
        await asyncio.sleep(IDLE_SECONDS)
        connections, listening, x1 = pg_numbers(d["db"])
        out["idle_cpu"] = (cpu_seconds(root) - cpu0) / IDLE_SECONDS
        out["idle_reads"] = (x1 - x0) / IDLE_SECONDS
        out["connections"], out["listening"] = connections, listening
        kernels = [k for k in root.children(recursive=True) if is_kernel_argv(k.cmdline())]
        out["pg_memory"] = memory(postgres_pids(d["logs"].parent / "pg"))
        voila = [k for k in root.children(recursive=True) if "widgets.serve.app" in " ".join(k.cmdline())]
        out["server_memory"] = memory([k.pid for k in voila])
        out["kernel_memory"] = memory([k.pid for k in kernels])
        out["kernels"] = len(kernels)

        for position in range(args.rounds):
            clicked = await asyncio.to_thread(console.call, ("click", "Open poll"))
            seen = await asyncio.gather(*(p.wait_open(TIMEOUT) for p in here))
            opened = [s - clicked for s in seen]
            await asyncio.gather(*(p.vote(position, p.index, TIMEOUT) for p in here))
            await asyncio.sleep(ANSWER_INTERVAL + 0.2)
            await asyncio.gather(*(p.vote(position, p.index + 1, TIMEOUT) for p in here[: len(here) // 5]))
            clicked = await asyncio.to_thread(console.call, ("click", "Next activity"))
            seen = await asyncio.gather(*(p.wait_title(position + 1, TIMEOUT) for p in here))
            votes = [saved - sent for p in here for (pos, _, sent, saved) in p.votes if pos == position]
            out["rounds"].append({"open": opened, "advance": [s - clicked for s in seen], "votes": votes})
            print(f"  round {position + 1}: {len(votes)} votes", flush=True)
        out["people"] = here
    finally:
        for p in people:
            if p.page is not None:
                await p.page.close()
        console.stop()
    return out


def check_store(db: str, code: str, people: list[Phone], rounds: int) -> dict:
    """Each phone's last saved answer per round, against the store: lost, doubled, wrong."""
    with psycopg.connect(listen_dsn(db)) as conn:
        rows = conn.execute(
            "SELECT a.position, p.key_hash, r.value FROM responses r JOIN activities a ON a.id = r.activity_id "
            "JOIN participants p ON p.id = r.participant_id JOIN sessions s ON s.id = a.session_id "
            "WHERE s.code = %s",
            (code,),
        ).fetchall()
    stored = Counter((pos, key) for pos, key, _ in rows)
    values = {(pos, key): value for pos, key, value in rows}
    result = {"doubled": [k for k, n in stored.items() if n > 1], "lost": [], "wrong": [], "stored": len(rows)}
    for p in people:
        for position in range(rounds):
            mine = [v for pos, v, _, _ in p.votes if pos == position]
            got = values.get((position, hash_key(p.key)))
            if got is None:
                result["lost"].append((position, p.index))
            elif str(got) != str(mine[-1]):
                result["wrong"].append((position, p.index, got, mine[-1]))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", type=int, default=2, help="participant servers behind nginx (default 2)")
    parser.add_argument("--participants", type=int, default=60, help="phones in the room (default 60)")
    parser.add_argument("--rounds", type=int, default=2, help="polls voted on (default 2)")
    parser.add_argument("--arrival", type=float, default=30, help="seconds over which phones arrive (default 30)")
    args = parser.parse_args()

    print(f"Starting {args.servers} participant servers, the staff server, nginx and PostgreSQL…", flush=True)
    proc, d = start(args.servers, args.participants)
    failed = True
    try:
        share = -(-args.participants // args.servers)
        print(
            f"Pools ready ({share} pages per server) in {wait_pools(d['logs'], args.servers, share):.0f} s", flush=True
        )
        out = asyncio.run(room(args, d, psutil.Process(proc.pid)))
        store = check_store(d["db"], d["code"], out["people"], args.rounds)
        failed = bool(out["errors"] or store["lost"] or store["doubled"] or store["wrong"])
    finally:
        stop(proc)
        if failed:
            print(f"Logs kept in {d['logs']}", flush=True)
        else:
            shutil.rmtree(d["logs"].parent, ignore_errors=True)

    uss = [m["uss"] for m in out["kernel_memory"]]
    opened = [s for r in out["rounds"] for s in r["open"]]
    advanced = [s for r in out["rounds"] for s in r["advance"]]
    votes = [s for r in out["rounds"] for s in r["votes"]]
    n = len(out["people"])
    servers_rss = ", ".join(f"{m['rss']:.0f}" for m in out["server_memory"])
    pg_uss = sum(m["uss"] for m in out["pg_memory"])
    print(f"""
{n} of {args.participants} phones joined through nginx ({args.servers} participant servers, {os.cpu_count()} cores); \
per server: {dict(sorted(out["servers"].items()))}; errors: {len(out["errors"])}

| seconds | median | p95 | max |
| --- | --- | --- | --- |
{summary("page opened and joined", out["join"])}
{summary("vote saved (click to 'Answer saved')", votes)}
{summary("poll opened: console click to every phone", opened)}
{summary("next activity: console click to every phone", advanced)}

While the room waited ({IDLE_SECONDS} s): {out["idle_reads"]:.1f} checks for changes/s (polling every \
0.25 s would be {4 * (n + 1)}/s), {out["idle_cpu"] * 100:.0f}% CPU (all servers and kernels, of one core); \
{out["connections"]} PostgreSQL connections, {out["listening"]} of them LISTEN; {out["kernels"]} kernels, \
median {statistics.median(uss):.0f} MiB unique memory each; PostgreSQL \
{pg_uss:.0f} MiB unique memory in {len(out["pg_memory"])} processes; Voilà servers {servers_rss} MiB resident.

Store: {store["stored"]} responses; lost {len(store["lost"])}, doubled {len(store["doubled"])}, \
wrong {len(store["wrong"])}.""")
    if out["errors"]:
        print("Errors:", *out["errors"][:5], sep="\n  ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

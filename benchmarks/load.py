"""Load test over the real protocol: a room of participants against our servers, then plain Voilà.

    .venv/bin/python benchmarks/load.py [--participants 150] [--voters 100] [--rounds 2] [--arrival 30]

Ours: `workshop serve` (demo plan, fresh SQLite store, WORKSHOP_EXPECTED=participants). Once its pool
of ready kernels is full, a facilitator (own process) opens the console, `--participants` phones arrive
over `--arrival` seconds (page, static files, kernel websocket, widget states, join), stay connected,
and for each of `--rounds` polls: the facilitator opens the poll, `--voters` vote (all at the same
moment in odd rounds, spread evenly over `--spread` seconds in even ones), a fifth of them change
their answer, the facilitator clicks "Next activity" and every phone waits for the new activity.
Then half the phones close their tab (Voilà's beacon) and half just drop their connection (a
crashed tab: only culling frees those kernels). Plain: the same arrivals and one vote each on
`voila nb.ipynb` (benchmarks/plain.py), with Voilà's defaults.

Vote → facilitator latency: the store is read after the run (never written): each vote's place in
the order the store took them gives the count at which the console first shows it.

Exits 1, loudly, when a response is lost or doubled (what the store holds after the run against
what every phone was told was saved), or when a page or a vote fails. Timings never fail it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psutil
import repo_path  # noqa: F401 - the repository root on sys.path, for testkit (not installed)
from loadkit import (
    Participant,
    Sampler,
    facilitator_process,
    kernels,
    loop_lag,
    memory,
    open_page,
    wait_gone,
)
from loadreport import report
from plain import SAVED as PLAIN_SAVED
from plain import start_plain, stop_plain
from results import machine, p95
from sqlalchemy import create_engine, select
from tornado.httpclient import AsyncHTTPClient

from testkit.harness import CHROMIUM, CHROMIUM_ARGS, free_ports, start_workshop
from widgets.live.codes import hash_key
from widgets.store.schema import activities, participants, responses

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "scenarios" / "plans" / "demo.yaml"
TIMEOUT = 600  # any one step of one phone; a cold start queue for 150 plain kernels takes minutes
IDLE_SAMPLE_S = 10  # all phones connected, nothing happening: the cost of a waiting room
SETTLE_S = 20  # ... measured this long after the last phone joined: the joins' own work has ended
ANSWER_INTERVAL = 0.5  # WORKSHOP_ANSWER_INTERVAL's default: a changed answer comes after it


def record_assets(url: str, text: str) -> list[str] | None:
    """The same-origin static files a real page loads (one Chromium visit); None without Chromium."""
    if not Path(CHROMIUM).exists():
        return None
    from page_load import FIND_TEXT_JS
    from playwright.sync_api import sync_playwright  # only here: the rest needs no browser

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url, timeout=TIMEOUT * 1000)
        page.wait_for_function(FIND_TEXT_JS, arg=text, polling="raf", timeout=TIMEOUT * 1000)
        page.wait_for_timeout(1500)  # late chunks
        origin = url.split("/", 3)[:3]
        entries = page.evaluate(
            "performance.getEntriesByType('resource')"
            ".filter(e => !['fetch', 'xmlhttprequest'].includes(e.initiatorType)).map(e => e.name)"
        )
        page.goto("about:blank")  # the beacon frees this visit's kernel where it can
        browser.close()
    prefix = "/".join(origin)
    return [e[len(prefix) :] for e in entries if e.startswith(prefix + "/")]


def pool_ready(log: Path, n: int, seconds: float) -> float:
    """Wait until the participant server has logged `n` kernels made ready; seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        text = log.read_text(errors="replace") if log.exists() else ""
        if text.count("Ready kernels in the pool") >= n:
            return time.monotonic() - start
        time.sleep(0.5)
    raise RuntimeError(f"the pool did not reach {n} ready kernels within {seconds:.0f} s")


def kernel_pids(server: psutil.Process, people: list[Participant]) -> dict[int, int | None]:
    """Each phone's kernel process, found by the kernel id in its command line."""
    by_id = {}
    for k in kernels(server):
        with contextlib.suppress(psutil.Error):
            by_id.update({arg.rsplit("kernel-", 1)[-1][:36]: k.pid for arg in k.cmdline() if "kernel-" in arg})
    return {p.index: by_id.get(p.page.kernel_id) for p in people}


def servers_of(cli: psutil.Process) -> dict[str, psutil.Process]:
    return {("participant" if "participant.ipynb" in " ".join(p.cmdline()) else "staff"): p for p in cli.children()}


async def arrive_all(people: list, arrival: float, go) -> list[str]:
    """Start `go(person)` for each, spread evenly over `arrival` seconds; their error messages."""

    async def one(i, person):
        await asyncio.sleep(arrival * i / max(1, len(people)))
        try:
            await go(person)
        except Exception as err:  # one phone's failure is counted, not fatal to the run
            person.error = f"{type(err).__name__}: {err}"[:300]

    await asyncio.gather(*(one(i, p) for i, p in enumerate(people)))
    return [p.error for p in people if p.error]


class Facilitator:
    """The console, in its own process (loadkit.facilitator_process)."""

    def __init__(self, staff_url: str):
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=facilitator_process, args=(child, staff_url, TIMEOUT), daemon=True)
        self.proc.start()
        self.call(None, "ready")

    def call(self, command, expect: str, seconds: float = TIMEOUT):
        if command is not None:
            self.conn.send(command)
        if not self.conn.poll(seconds):
            raise RuntimeError(f"the facilitator gave no {expect!r} within {seconds} s")
        kind, value = self.conn.recv()
        assert kind == expect, (kind, expect)
        return value

    def click(self, label: str) -> float:
        return self.call(("click", label), "clicked")

    def counts(self) -> list[tuple[float, int]]:
        return self.call(("counts",), "counts")

    def stop(self) -> None:
        if self.proc.is_alive():
            with contextlib.suppress(Exception):  # killed below anyway
                self.call(("stop",), "stopped", 30)
        self.proc.join(10)
        if self.proc.is_alive():
            self.proc.kill()


async def ours_phase(args, ws, assets, out: dict) -> None:
    cli = psutil.Process(ws.proc.pid)
    servers = servers_of(cli)
    sampler = Sampler(cli)
    lag: list[float] = []
    stop_lag = asyncio.Event()
    lag_task = asyncio.create_task(loop_lag(lag, stop_lag))
    fac = await asyncio.to_thread(Facilitator, ws.staff_url)
    people = [Participant(i) for i in range(args.participants)]
    try:
        cpu0 = sampler.sample()
        t0 = time.time()
        out["errors"] = await arrive_all(
            people, args.arrival, lambda p: p.arrive(ws.join_url, ws.code, assets, TIMEOUT)
        )
        out["arrival_wall"] = time.time() - t0
        out["cpu_join"] = sampler.sample() - cpu0
        here = [p for p in people if not p.error]
        out["times"] = [p.times for p in here]
        print(f"  {len(here)} of {len(people)} joined in {out['arrival_wall']:.1f} s", flush=True)

        await asyncio.sleep(SETTLE_S)
        cpu0, roles0 = sampler.sample(), sampler.by_role()
        await asyncio.sleep(IDLE_SAMPLE_S)
        out["cpu_idle"] = (sampler.sample() - cpu0) / IDLE_SAMPLE_S
        out["cpu_idle_roles"] = {k: (v - roles0.get(k, 0)) / IDLE_SAMPLE_S for k, v in sampler.by_role().items()}
        # Reading /proc for ~300 processes takes seconds: in a thread, so the phones' loop keeps time.
        pids = await asyncio.to_thread(kernel_pids, servers["participant"], here)
        out["kernel_memory"] = await asyncio.to_thread(memory, [pid for pid in pids.values() if pid])
        every = [cli.pid] + [c.pid for c in cli.children(recursive=True)]
        out["total_memory"] = await asyncio.to_thread(memory, every)
        out["kernels_total"] = len(kernels(servers["participant"]))

        out["rounds"] = []
        for position in range(args.rounds):
            out["rounds"].append(await poll_round(args, fac, here, position, sampler, pids))
        out["counts"] = fac.counts()

        # Leaving: half close the tab (the beacon), half vanish (a crashed tab: culling's job).
        leavers, vanishers = here[::2], here[1::2]
        started = time.time()
        statuses = await asyncio.gather(*(p.page.shutdown() for p in leavers), return_exceptions=True)
        out["beacon_status"] = Counter(str(s) for s in statuses)
        gone = await wait_gone([pids[p.index] for p in leavers if pids.get(p.index)], started, 60)
        out["beacon_gone"] = list(gone.values())
        started = time.time()
        for p in vanishers:
            await p.page.close()
        idle_s = args.idle_minutes * 60
        gone = await wait_gone([pids[p.index] for p in vanishers if pids.get(p.index)], started, idle_s + 30)
        out["culled_gone"] = list(gone.values())
        out["idle_s"] = idle_s
    finally:
        for p in people:
            if p.page is not None and not p.page.closed:
                await p.page.close()
        fac.stop()
        stop_lag.set()
        await lag_task
        out["lag"] = lag
        out["sampler_cpu"] = sampler.stop()
        out["machine"] = sampler.share()
        out["people"] = people


async def poll_round(args, fac: Facilitator, here: list[Participant], position: int, sampler: Sampler, pids) -> dict:
    rnd: dict = {"position": position}
    await asyncio.gather(*(p.wait_title(position, TIMEOUT) for p in here))
    clicked = await asyncio.to_thread(fac.click, "Open poll")
    seen = await asyncio.gather(*(p.wait_open(TIMEOUT) for p in here), return_exceptions=True)
    rnd["open_follow"] = [s - clicked for s in seen if isinstance(s, float)]
    rnd["opened_at"] = clicked
    voters = here[: args.voters]
    roles0, per_pid0, t0 = sampler.by_role(), dict(sampler.cpu), time.monotonic()
    rnd["spread"] = spread = 0.0 if position % 2 == 0 else args.spread  # at once, then over a few seconds

    async def vote(i: int, p: Participant) -> None:
        await asyncio.sleep(spread * i / len(voters))
        await p.vote(position, p.index, TIMEOUT)

    outcome = await asyncio.gather(*(vote(i, p) for i, p in enumerate(voters)), return_exceptions=True)
    rnd["vote_errors"] = [f"{type(e).__name__}: {e}"[:300] for e in outcome if isinstance(e, BaseException)]
    await asyncio.sleep(ANSWER_INTERVAL + 0.2)  # a person changing their mind, after the kit's pause
    changers = voters[: max(1, len(voters) // 5)]
    outcome = await asyncio.gather(*(p.vote(position, p.index + 1, TIMEOUT) for p in changers), return_exceptions=True)
    rnd["vote_errors"] += [f"{type(e).__name__}: {e}"[:300] for e in outcome if isinstance(e, BaseException)]
    rnd["votes_wall"] = time.monotonic() - t0
    rnd["cpu_roles"] = {k: v - roles0.get(k, 0) for k, v in sampler.by_role().items()}
    rnd["cpu_votes"] = sum(rnd["cpu_roles"].values())

    def used(p: Participant) -> float | None:
        pid = pids.get(p.index)
        return sampler.cpu.get(pid, 0) - per_pid0.get(pid, 0) if pid else None

    # Every kernel checks for changes meanwhile; those of phones that did not vote show how much.
    rnd["voter_kernels_cpu"] = [c for p in voters if (c := used(p)) is not None]
    rnd["other_kernels_cpu"] = [c for p in here[len(voters) :] if (c := used(p)) is not None]
    rnd["votes_sent"] = len(voters) + len(changers)
    await asyncio.sleep(1.0)  # the console's last count
    clicked = rnd["advanced_at"] = await asyncio.to_thread(fac.click, "Next activity")
    seen = await asyncio.gather(*(p.wait_title(position + 1, TIMEOUT) for p in here), return_exceptions=True)
    rnd["advance_follow"] = [s - clicked for s in seen if isinstance(s, float)]
    rnd["advance_errors"] = [f"{type(e).__name__}: {e}"[:300] for e in seen if isinstance(e, BaseException)]
    follow = {what: p95(rnd[f"{what}_follow"]) * 1000 for what in ("open", "advance")}  # nan if none
    print(
        f"  round {position + 1}: {len(voters)} voted, {len(changers)} changed; "
        f"errors {len(rnd['vote_errors']) + len(rnd['advance_errors'])}; phones showed the poll open "
        f"p95 {follow['open']:,.0f} ms, the next activity p95 {follow['advance']:,.0f} ms",
        flush=True,
    )
    return rnd


def check_store(db_url: str, people: list[Participant], rounds: int) -> dict:
    """What the store holds against what each phone was told was saved: lost, doubled, unexpected."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            acts: dict[int, dict[int, int]] = {}
            for pos, aid, sid in conn.execute(select(activities.c.position, activities.c.id, activities.c.session_id)):
                acts.setdefault(sid, {})[pos] = aid
            keys = {row.key_hash: row.id for row in conn.execute(select(participants.c.key_hash, participants.c.id))}
            rows = conn.execute(
                select(responses.c.id, responses.c.activity_id, responses.c.participant_id, responses.c.value).order_by(
                    responses.c.id
                )
            ).all()
    finally:
        engine.dispose()
    [session_acts] = list(acts.values())  # one session in this store
    by_activity: dict[int, list] = {}
    for r in rows:
        by_activity.setdefault(r.activity_id, []).append(r)
    result = {"lost": [], "doubled": [], "wrong": [], "unexpected": 0, "stored": len(rows), "order": {}}
    expected_ids = set()
    for position in range(rounds):
        aid = session_acts[position]
        got = by_activity.get(aid, [])
        per_participant = Counter(r.participant_id for r in got)
        result["doubled"] += [(position, pid, n) for pid, n in per_participant.items() if n > 1]
        values = {r.participant_id: r.value for r in got}
        order = {r.participant_id: rank for rank, r in enumerate(got, 1)}
        result["order"][position] = order
        for p in people:
            mine = [v for v in p.votes if v[0] == position]
            if not mine:
                continue
            pid = keys.get(hash_key(p.key))
            expected_ids.add((aid, pid))
            if pid not in values:
                result["lost"].append((position, p.index))
            elif _norm(values[pid]) != _norm(mine[-1][1]):
                result["wrong"].append((position, p.index, values[pid], mine[-1][1]))
    result["unexpected"] = sum(1 for r in rows if (r.activity_id, r.participant_id) not in expected_ids)
    result["keys"] = keys
    return result


def _norm(value):
    return sorted(map(str, value)) if isinstance(value, list) else str(value)


async def plain_phase(args, url: str, assets, proc, out: dict) -> None:
    voila = psutil.Process(proc.pid)
    sampler = Sampler(voila)
    people = [Participant(i) for i in range(args.participants)]

    async def arrive(p: Participant) -> None:
        p.page, p.times = await open_page(url, assets, TIMEOUT)
        p.times["joined"] = p.times["widgets"]  # nothing to join: the button is there once states are in

    try:
        cpu0 = sampler.sample()
        t0 = time.time()
        out["errors"] = await arrive_all(people, args.arrival, arrive)
        out["arrival_wall"] = time.time() - t0
        out["cpu_join"] = sampler.sample() - cpu0
        here = [p for p in people if not p.error]
        out["times"] = [p.times for p in here]
        print(f"  {len(here)} of {len(people)} loaded in {out['arrival_wall']:.1f} s", flush=True)
        await asyncio.sleep(SETTLE_S)
        cpu0 = sampler.sample()
        await asyncio.sleep(IDLE_SAMPLE_S)
        out["cpu_idle"] = (sampler.sample() - cpu0) / IDLE_SAMPLE_S
        pids = await asyncio.to_thread(kernel_pids, voila, here)
        out["kernel_memory"] = await asyncio.to_thread(memory, [pid for pid in pids.values() if pid])
        every = [voila.pid] + [c.pid for c in voila.children(recursive=True)]
        out["total_memory"] = await asyncio.to_thread(memory, every)
        out["kernels_total"] = len(kernels(voila))

        async def vote(p: Participant) -> None:
            radio = p.page.find("RadioButtonsModel")[0]
            label = p.page.find("LabelModel")[0]
            sent = time.time()
            await p.page.update(radio.model_id, {"index": p.index % 5})
            click = await p.page.send_tracked(p.page.find("ButtonModel", description="Submit answer")[0].model_id,
                                        {"event": "click"})  # fmt: skip
            done = await p.page.handled(click, TIMEOUT)
            if label.state.get("value") != PLAIN_SAVED:
                raise RuntimeError(f"the page says {label.state.get('value')!r} after Submit answer")
            p.votes.append((0, str(p.index % 5 + 1), sent, done))

        cpu0, t0 = sampler.sample(), time.monotonic()
        outcome = await asyncio.gather(*(vote(p) for p in here[: args.voters]), return_exceptions=True)
        out["cpu_votes"] = sampler.sample() - cpu0
        out["votes_wall"] = time.monotonic() - t0
        out["vote_errors"] = [f"{type(e).__name__}: {e}"[:300] for e in outcome if isinstance(e, BaseException)]

        started = time.time()
        statuses = await asyncio.gather(*(p.page.shutdown() for p in here), return_exceptions=True)
        out["beacon_status"] = Counter(str(s) for s in statuses)
        gone = await wait_gone([pid for pid in pids.values() if pid], started, 10)
        out["beacon_gone"] = list(gone.values())
    finally:
        for p in people:
            if p.page is not None and not p.page.closed:
                await p.page.close()
        out["sampler_cpu"] = sampler.stop()
        out["machine"] = sampler.share()
        out["people"] = people


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=150, help="phones in the room (default 150)")
    parser.add_argument("--voters", type=int, default=100, help="phones that vote at the same moment (default 100)")
    parser.add_argument("--rounds", type=int, default=2, help="polls voted on, each followed by an advance")
    parser.add_argument("--arrival", type=float, default=30, help="seconds over which the phones arrive")
    parser.add_argument(
        "--spread", type=float, default=10, help="seconds over which the votes of every second round come (default 10)"
    )
    parser.add_argument("--idle-minutes", type=float, default=1, help="WORKSHOP_IDLE_MINUTES for ours (culling)")
    parser.add_argument(
        "--expected", type=int, default=None, help="WORKSHOP_EXPECTED for ours (default: --participants; 0: no pool)"
    )
    parser.add_argument("--no-plain", action="store_true", help="skip plain Voilà (development only)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    args.voters = min(args.voters, args.participants)
    args.expected = args.participants if args.expected is None else args.expected
    AsyncHTTPClient.configure(None, max_clients=4 * args.participants + 20)
    info = machine()
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="load-bench-"))
    ours: dict = {}
    plain: dict = {}
    failures: list[str] = []
    ws = plain_proc = None
    try:
        print(f"starting ours (a pool of {args.expected} ready kernels) …", flush=True)
        (tmp / "ours").mkdir()
        ws = start_workshop(
            tmp / "ours", PLAN, expected=args.expected, env={"WORKSHOP_IDLE_MINUTES": str(args.idle_minutes)},
            start_seconds=300,
        )  # fmt: skip
        ours["pool_s"] = pool_ready(ws.log_dir / "participant.log", args.expected, 30 * 60)
        servers = servers_of(psutil.Process(ws.proc.pid))
        ours["pool_memory"] = memory([k.pid for k in kernels(servers["participant"])])
        print(f"  pool ready after {ours['pool_s']:.0f} s", flush=True)
        ours_assets = record_assets(ws.join_url, "Activity 1 of 6")
        ours["assets"] = ours_assets
        asyncio.run(ours_phase(args, ws, ours_assets, ours))
        store = check_store(ws.db_url, ours["people"], args.rounds)
        ours["store"] = store
        ws.stop(120)
        ws = None

        if not args.no_plain:
            (tmp / "plain").mkdir()
            (port,) = free_ports(1)
            print(f"starting plain Voilà (:{port}) …", flush=True)
            plain_proc = start_plain(tmp / "plain", port, tmp / "plain.log")
            url = f"http://localhost:{port}/"
            plain_assets = record_assets(url, "Submit answer")
            plain["assets"] = plain_assets
            asyncio.run(plain_phase(args, url, plain_assets, plain_proc, plain))
            stop_plain(plain_proc, 300)
            plain_proc = None

        failures = verdict(args, ours, plain)
        text = report(args, info, ours, plain, failures, time.monotonic() - started, write=not args.no_write)
        print(text)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        if ws is not None:
            ws.stop(120)
        stop_plain(plain_proc, 300)
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        print(f"logs kept in {tmp}", file=sys.stderr)
        return 1
    if plain.get("errors") or plain.get("vote_errors"):
        print(f"plain Voilà failed some phones: its log is kept in {tmp / 'plain.log'}", file=sys.stderr)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def verdict(args, ours: dict, plain: dict) -> list[str]:
    """Everything that makes the run fail: lost, doubled or wrong responses, and failed steps."""
    out = []
    store = ours["store"]
    if store["lost"]:
        out.append(f"LOST: {len(store['lost'])} responses a phone was told were saved are not in the store")
    if store["doubled"]:
        out.append(f"DOUBLED: {len(store['doubled'])} participants have more than one response to one activity")
    if store["wrong"]:
        out.append(f"WRONG: {len(store['wrong'])} stored answers differ from the phone's last saved answer")
    if store["unexpected"]:
        out.append(f"UNEXPECTED: {store['unexpected']} responses in the store that no phone sent")
    if ours["errors"]:
        out.append(f"ours: {len(ours['errors'])} phones failed to join, e.g. {ours['errors'][0]}")
    for rnd in ours["rounds"]:
        errors = rnd["vote_errors"] + rnd["advance_errors"]
        if errors:
            out.append(f"ours round {rnd['position'] + 1}: {len(errors)} failed steps, e.g. {errors[0]}")
    return out  # plain Voilà's failures are a finding about plain Voilà, reported, not ours to fail on


if __name__ == "__main__":
    sys.exit(main())

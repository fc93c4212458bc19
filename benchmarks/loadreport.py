"""Figures and the RESULTS.md section of the load test (load.py gathers, this summarises)."""

from __future__ import annotations

import math
from collections import Counter

from results import machine_line, median, now, num, p95, ratio, save_raw, write_section
from targets import write_page_targets, write_targets

from widgets.live.codes import hash_key

HEADING = "## Load: a room of phones over the kernel protocol (load.py)"


def figures(args, side: dict) -> dict:
    """The numbers of one side (ours or plain) as plain floats."""
    if not side:
        return {}
    n = len(side["times"]) or math.nan
    tti = [(t["joined"] - t["start"]) * 1000 for t in side["times"]]
    html = [(t["html"] - t["start"]) * 1000 for t in side["times"]]
    wire = [t["asset_wire"] for t in side["times"]]
    steps = {
        "step_assets_ms": median([(t["assets"] - t["html"]) * 1000 for t in side["times"]]),
        "step_widgets_ms": median([(t["widgets"] - t["assets"]) * 1000 for t in side["times"]]),
        "step_join_ms": median([(t["joined"] - t["widgets"]) * 1000 for t in side["times"]]),
    }
    confirm = [(v[3] - v[2]) * 1000 for p in side["people"] for v in p.votes]
    kmem = side["kernel_memory"]
    total_pss = sum(m["pss"] for m in side["total_memory"])
    votes_sent = sum(r["votes_sent"] for r in side.get("rounds", [])) or len(confirm)
    cpu_votes = vote_cpu(side)
    phone_side = vote_cpu(side, "participant") if "rounds" in side else math.nan  # plain: no staff side
    beacon = side.get("beacon_gone", [])
    return {
        "phones": len(side["people"]),
        "joined": len(side["times"]),
        "errors": len(side["errors"]),
        "tti_median_ms": median(tti),
        "tti_p95_ms": p95(tti),
        "html_median_ms": median(html),
        "html_p95_ms": p95(html),
        **steps,
        "assets_kib": median(wire) / 1024 if wire else math.nan,
        "arrival_wall_s": side["arrival_wall"],
        "confirm_median_ms": median(confirm),
        "confirm_p95_ms": p95(confirm),
        "kernel_rss_median": median([m["rss"] for m in kmem]),
        "kernel_rss_max": max((m["rss"] for m in kmem), default=math.nan),
        "kernel_uss_median": median([m["uss"] for m in kmem]),
        "kernel_pss_median": median([m["pss"] for m in kmem]),
        "memory_per_phone_mib": total_pss / n,
        "memory_total_gib": total_pss / 1024,
        "kernels": side["kernels_total"],
        "cpu_join_per_phone_s": side["cpu_join"] / n,
        "cpu_idle_per_phone_pct": 100 * side["cpu_idle"] / n,
        "cpu_per_vote_ms": 1000 * cpu_votes / votes_sent if votes_sent else math.nan,
        "cpu_per_vote_phone_side_ms": 1000 * phone_side / votes_sent if votes_sent else math.nan,
        "beacon_freed": sum(g is not None for g in beacon),
        "beacon_tried": len(beacon),
        "beacon_max_s": max((g for g in beacon if g is not None), default=math.nan),
        "beacon_status": dict(side.get("beacon_status", {})),
    }


def vote_cpu(side: dict, only: str = "") -> float:
    """CPU seconds the votes cost beyond what the room uses anyway (every page checking for changes).
    Kernels: those of phones that voted against those of phones that did not, over the same seconds;
    servers and staff kernels: against their rate in the idle room. `only="participant"`: the
    participant server and its kernels alone, what phones' votes cost the server they reach (issue
    12's ≤ 3 ms), without the console redrawing on the staff side."""
    if "rounds" not in side:  # plain Voilà: an idle room costs next to nothing
        return side["cpu_votes"] - side["cpu_idle"] * side["votes_wall"]
    total = 0.0
    for r in side["rounds"]:
        roles = {k: v for k, v in r["cpu_roles"].items() if k.startswith(only)}
        wall, idle = r["votes_wall"], side["cpu_idle_roles"]
        kernels = roles.get("participant kernels")
        if kernels is not None and r["other_kernels_cpu"]:
            baseline = sum(r["other_kernels_cpu"]) / len(r["other_kernels_cpu"])
            total += sum(c - baseline for c in r["voter_kernels_cpu"])
        elif kernels is not None:
            total += kernels - idle.get("participant kernels", 0) * wall
        total += sum(v - idle.get(k, 0) * wall for k, v in roles.items() if k != "participant kernels")
    return total


def live_figures(ours: dict) -> dict:
    """Ours only: vote → facilitator, poll opened → phones, advance → phones, culling, the store."""
    at_once = vote_latencies(ours, [r for r in ours["rounds"] if not r["spread"]])
    spread = vote_latencies(ours, [r for r in ours["rounds"] if r["spread"]])
    follow = [x * 1000 for r in ours["rounds"] for x in r["advance_follow"]]
    opened = [x * 1000 for r in ours["rounds"] for x in r["open_follow"]]
    culled = ours.get("culled_gone", [])
    lag = [x * 1000 for x in ours["lag"]]
    store = ours["store"]
    return {
        **{f"{k}": v for k, v in at_once.items()},
        **{f"spread_{k}": v for k, v in spread.items()},
        "advance_median_ms": median(follow),
        "advance_p95_ms": p95(follow),
        "advance_max_ms": max(follow, default=math.nan),
        "advances_timed": len(follow),
        "open_median_ms": median(opened),
        "open_p95_ms": p95(opened),
        "culled": sum(g is not None for g in culled),
        "culled_tried": len(culled),
        "culled_max_s": max((g for g in culled if g is not None), default=math.nan),
        "idle_s": ours.get("idle_s", math.nan),
        "pool_s": ours["pool_s"],
        "pool_rss_median": median([m["rss"] for m in ours["pool_memory"]]),
        "lag_p95_ms": p95(lag),
        "lag_max_ms": max(lag, default=math.nan),
        "stored": store["stored"],
        "lost": len(store["lost"]),
        "doubled": len(store["doubled"]),
        "wrong": len(store["wrong"]),
        "unexpected": store["unexpected"],
    }


def vote_latencies(ours: dict, rounds: list[dict]) -> dict:
    """Each first vote: from its sending to the console first showing a count that includes it
    (its place in the order the store took the votes)."""
    store = ours["store"]
    vote_lat, missing = [], 0
    for rnd in rounds:
        position, order = rnd["position"], store["order"][rnd["position"]]
        counts = [(t, c) for t, c in ours["counts"] if rnd["opened_at"] <= t < rnd["advanced_at"]]
        for p in ours["people"]:
            first = next((v for v in p.votes if v[0] == position), None)
            if first is None:
                continue
            rank = order.get(store["keys"].get(hash_key(p.key)))
            shown = next((t for t, c in counts if rank is not None and c >= rank), None)
            if shown is None:
                missing += 1
            else:
                vote_lat.append((shown - first[2]) * 1000)
    return {
        "vote_to_console_median_ms": median(vote_lat),
        "vote_to_console_p95_ms": p95(vote_lat),
        "vote_to_console_max_ms": max(vote_lat, default=math.nan),
        "votes_timed": len(vote_lat),
        "votes_never_shown": missing,
    }


def machine(side: dict) -> str:
    share = (side or {}).get("machine") or {}
    return ", ".join(f"{name} {pct:.0f} %" for name, pct in share.items()) or "–"


def report(args, info: dict, ours: dict, plain: dict, failures: list[str], wall: float, write: bool) -> str:
    o, p, live = figures(args, ours), figures(args, plain), live_figures(ours)
    command = (
        f".venv/bin/python benchmarks/load.py --participants {args.participants} --voters {args.voters} "
        f"--rounds {args.rounds} --arrival {args.arrival:g} --spread {args.spread:g} "
        f"--idle-minutes {args.idle_minutes:g}"
        + (f" --expected {args.expected}" if args.expected != args.participants else "")
    )

    def row(label, key, digits=0):
        return f"| {label} | {num(o.get(key), digits)} | {num(p.get(key), digits)} | {ratio(o.get(key), p.get(key))} |"

    rows = [
        row("Phones that loaded the page and became interactive", "joined"),
        row("Phones that failed", "errors"),
        row("Page open → interactive, median (ms)", "tti_median_ms"),
        row("Page open → interactive, p95 (ms)", "tti_p95_ms"),
        row("Page open → HTML received, median (ms)", "html_median_ms"),
        row("Page open → HTML received, p95 (ms)", "html_p95_ms"),
        row("… then static files fetched, median (ms)", "step_assets_ms"),
        row("… then websocket open and every widget's state in, median (ms)", "step_widgets_ms"),
        row("… then joined: first activity on screen, median (ms)", "step_join_ms"),
        row("Static files per page, on the wire (KiB)", "assets_kib", 1),
        row("Last phone interactive after the first arrived (s)", "arrival_wall_s", 1),
        row("Vote → the phone says it was saved, median (ms)", "confirm_median_ms"),
        row("Vote → the phone says it was saved, p95 (ms)", "confirm_p95_ms"),
        row("Participant kernel RSS, median (MiB)", "kernel_rss_median", 1),
        row("Participant kernel RSS, max (MiB)", "kernel_rss_max", 1),
        row("Participant kernel USS (its own pages), median (MiB)", "kernel_uss_median", 1),
        row("Participant kernel PSS (shared pages split), median (MiB)", "kernel_pss_median", 1),
        row("Memory per phone: server(s) and kernels, PSS ÷ phones (MiB)", "memory_per_phone_mib", 1),
        row("Memory in all, PSS (GiB)", "memory_total_gib", 2),
        row("Kernels running with everyone connected", "kernels"),
        row("CPU per phone to load and join (CPU-s)", "cpu_join_per_phone_s", 2),
        row("CPU per waiting phone, all joined and settled (% of a core)", "cpu_idle_per_phone_pct", 2),
        row("CPU per vote, beyond the idle room's (CPU-ms)", "cpu_per_vote_ms", 1),
        row("… of it the participant server and its kernels (CPU-ms)", "cpu_per_vote_phone_side_ms", 1),
        row("Tabs closed normally whose kernel was freed", "beacon_freed"),
        row("… slowest freed after (s)", "beacon_max_s", 1),
    ]
    plain_note = "" if plain else "\n(Plain Voilà was skipped in this run: `--no-plain`.)\n"
    live_rows = [
        f"| Vote → facilitator's console shows it: {args.voters} vote at the same moment | "
        f"{num(live['vote_to_console_median_ms'])} | {num(live['vote_to_console_p95_ms'])} | "
        f"{num(live['vote_to_console_max_ms'])} | {live['votes_timed']} |",
        f"| Vote → facilitator's console shows it: {args.voters} votes spread over {args.spread:g} s | "
        f"{num(live['spread_vote_to_console_median_ms'])} | {num(live['spread_vote_to_console_p95_ms'])} | "
        f"{num(live['spread_vote_to_console_max_ms'])} | {live['spread_votes_timed']} |",
        f"| Facilitator opens the poll → phones show it | {num(live['open_median_ms'])} | "
        f"{num(live['open_p95_ms'])} | – | {sum(len(r['open_follow']) for r in ours['rounds'])} |",
        f"| Facilitator clicks Next activity → phones show it | {num(live['advance_median_ms'])} | "
        f"{num(live['advance_p95_ms'])} | {num(live['advance_max_ms'])} | {live['advances_timed']} |",
    ]
    votes_sent = sum(r["votes_sent"] for r in ours["rounds"])
    idle_split = ", ".join(f"{role} {100 * cpu:.1f}" for role, cpu in ours.get("cpu_idle_roles", {}).items())
    body = f"""\
Measured {now()} in {wall / 60:.1f} min. Reproduce from the repository root (or `make bench`):

```
{command}
```

{machine_line(info)}

**Ours** = `workshop serve` with the demo plan on SQLite, `WORKSHOP_EXPECTED={args.expected}`
(a pool of that many ready kernels; full {live["pool_s"]:.0f} s after the start),
`WORKSHOP_IDLE_MINUTES={args.idle_minutes:g}`. **Plain** = `voila nb.ipynb` on the minimal notebook of
benchmarks/plain.py (radio buttons, "Submit answer", a saved line), Voilà's defaults. Both get the same
{args.participants} phones, arriving evenly over {args.arrival:g} s; each GETs the page, fetches the
static files a real visit loads ({len(ours.get("assets") or [])} for ours, {len((plain or {}).get("assets") or [])}
for plain, recorded once with Chromium; six at a time, gzip accepted), opens the kernel websocket and
asks for every widget's state; ours then joins with `?join=CODE` as identity.js does. "Interactive" is
the first activity on screen (ours) or the widgets' state received (plain; nothing to join). Then
{args.voters} phones vote (ours as choice.js does: the answer POSTed to the participant server with the ballot the
page's kernel issued; plain: a choice and a click as comm messages; all at the same moment in the first round, spread
over {args.spread:g} s in the second), a fifth of them change their answer after 0.5 s, and the facilitator moves
on; {args.rounds} rounds on ours, one vote each (at the same moment) on plain.
{plain_note}
| Figure | Ours | Plain Voilà | Ours / plain |
|---|---|---|---|
{chr(10).join(rows)}

Live figures (ours only: plain Voilà has no facilitator, no shared state and no join):

| Path | median (ms) | p95 (ms) | max (ms) | samples |
|---|---|---|---|---|
{chr(10).join(live_rows)}

Store after the run: {live["stored"]} responses for {votes_sent} saves ({args.voters} first votes and their changes per
round); **lost {live["lost"]}, doubled {live["doubled"]}, wrong value {live["wrong"]}, unexpected {live["unexpected"]}**
(each phone's last saved answer against the store; the run fails on any of them). Votes the console never
showed: {live["votes_never_shown"] + live["spread_votes_never_shown"]}.

Nothing happening, {len(ours["times"])} phones connected: {idle_split} (% of one core).

Closing tabs: {o.get("beacon_freed", 0)} of {o.get("beacon_tried", 0)} tabs closed normally (Voilà's beacon,
HTTP {o.get("beacon_status")}) had their kernel shut down within {num(o.get("beacon_max_s"), 1)} s; plain Voilà:
{p.get("beacon_freed", "–")} of {p.get("beacon_tried", "–")} (HTTP {p.get("beacon_status", "–")}; with no
culling they run until the server stops). Crashed tabs (connection dropped, no beacon): {live["culled"]} of
{live["culled_tried"]} kernels culled, the last {num(live["culled_max_s"], 0)} s after the drop, with an idle time of
{live["idle_s"]:.0f} s (`WORKSHOP_IDLE_MINUTES={args.idle_minutes:g}`).

How busy the 2 cores were (% of both): ours' phase {machine(ours)}; plain's phase {machine(plain)}.
The machine is shared with other work, so "other processes" is noise that neither side asked for.

The load generator's own event loop woke up late by {num(live["lag_p95_ms"])} ms at p95 ({num(live["lag_max_ms"])} ms at
worst): that much of the phone-side timings is the generator, not the servers (all {args.participants} phones
share one Python process, on the same 2 cores as the servers). Kernel memory: RSS counts shared
libraries in full for every process; PSS splits them between the processes sharing them. A ready kernel
waiting in the pool had an RSS of {num(live["pool_rss_median"], 1)} MiB (median).
"""
    for name, side in (("ours", ours), ("plain Voilà", plain)):
        errors = [*side.get("errors", []), *side.get("vote_errors", [])] if side else []
        if errors:
            common = Counter(e.split(":")[0] for e in errors).most_common(3)
            body += (
                f"\n{name}: {len(errors)} phones failed ({', '.join(f'{n}× {kind}' for kind, n in common)}), "
                f"e.g. `{errors[0][:200]}`.\n"
            )
    if failures:
        body += "\n**This run FAILED:**\n\n" + "\n".join(f"- {f}" for f in failures) + "\n"
    if write:
        save_raw("load", {"args": vars(args), "ours": o, "plain": p, "live": live, "failures": failures, "at": now()})
        write_section(HEADING, body)
        write_targets()
        write_page_targets()
    return f"{HEADING}\n\n{body}"

"""Page-load and vote-latency benchmark: our participant server against plain Voilà.

    .venv/bin/python benchmarks/page_load.py [--runs 5]

Starts `workshop serve` (a fresh SQLite session from the demo plan) and a plain `voila nb.ipynb`
side by side on free ports, drives Debian's chromium through Playwright (375×667, a fresh browser
context per visit, so every visit has a cold cache) and rewrites its section of benchmarks/RESULTS.md.

Measured per visit, through a CDP session on the page:
  * time from navigation start (the page's performance.timeOrigin) to the first widget on screen:
    the text "Activity 1 of 6" for ours, the "Submit answer" button for plain Voilà;
  * bytes transferred (sum of Network.loadingFinished encodedDataLength, i.e. on the wire,
    headers included) and decoded body bytes (sum of Network.dataReceived dataLength),
    counted until the network has been quiet for QUIET_S after the widget appeared;
  * HTTP request count, and every request (HTTP or WebSocket) to a host other than localhost.
Then the vote path: the facilitator opens the poll, N participants (fresh contexts) each pick "4"
and press "Submit answer"; latency is from the click (Date.now() in the participant page) to the
facilitator page showing the new "k responses" count (Date.now() in a MutationObserver there).

Exits 1 if a vote never shows up on the facilitator page (or a server fails); timings never fail it.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import repo_path  # noqa: F401 - the repository root on sys.path, for testkit (not installed)
from plain import start_plain, stop_plain
from playwright.sync_api import sync_playwright
from results import machine, machine_line, median, now, p95, save_raw, write_section
from targets import write_page_targets, write_targets

from testkit.harness import CHROMIUM, CHROMIUM_ARGS, RunningWorkshop, free_ports, start_workshop

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "scenarios" / "plans" / "demo.yaml"
HEADING = "## Page load in Chromium (page_load.py)"
RTT = 40  # ms: --ablation also visits over an emulated venue network (Chrome's own network emulation)
POOL = 3  # WORKSHOP_EXPECTED for ours: visits come one at a time, so a few ready kernels suffice
# --ablation: ours with one more speed-up switched off each time (widgets/serve/app.py reads the variable).
ABLATION = [
    ("ours with static files gzipped on every request (tornado)", {"WORKSHOP_BENCH_WITHOUT": "precompress"}, POOL),
    ("ours without the pool of ready kernels", {}, 0),
    ("ours with Voilà's full front end (before issue 12)", {"WORKSHOP_BENCH_WITHOUT": "lean-page"}, POOL),
]
PHONE = {"width": 375, "height": 667}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
QUIET_S = 0.5  # network quiet this long after the widget appeared = page loaded
WIDGET_TIMEOUT_MS = 60_000
VOTE_TIMEOUT_MS = 15_000
KERNEL_FREE_S = 3  # how long to wait for a closed tab's kernel to go away
FIGURES = ("ms", "html_ms", "wire_bytes", "body_bytes", "requests", "return_wire", "return_requests")

# A visible text node whose trimmed text is exactly `text`; the page's own clock when found.
FIND_TEXT_JS = """
(text) => {
  if (!document.body) return false;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeValue.trim() !== text) continue;
    const el = n.parentElement;
    if (!el) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && el.checkVisibility({visibilityProperty: true})) return performance.now();
  }
  return false;
}
"""

# Facilitator page: note Date.now() the moment the DOM first shows `text` (a MutationObserver
# runs before the next paint). Polling from Python would add its own interval to the latency.
ARM_WATCH_JS = """
(text) => {
  const find = FIND;
  window.__benchSeen = null;
  if (window.__benchObs) window.__benchObs.disconnect();
  const check = () => {
    if (window.__benchSeen === null && find(text) !== false) {
      window.__benchSeen = Date.now();
      window.__benchObs.disconnect();
    }
  };
  window.__benchObs = new MutationObserver(check);
  window.__benchObs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  check();
}
""".replace("FIND", FIND_TEXT_JS.strip())

# Participant page: Date.now() when a "Submit answer" button is clicked (capture phase, so
# before the widget's own handler sends anything to the kernel).
ARM_CLICK_JS = """
() => {
  window.__benchClick = null;
  document.addEventListener('click', (e) => {
    const b = e.target.closest && e.target.closest('button');
    if (b && b.textContent.trim() === 'Submit answer' && window.__benchClick === null) window.__benchClick = Date.now();
  }, true);
}
"""


# -- servers -----------------------------------------------------------------------------------
def voila_pid(parent: int, marker: str) -> int:
    for c in psutil.Process(parent).children():
        if any(marker in a for a in c.cmdline()):
            return c.pid
    raise RuntimeError(f"no Voilà process with {marker!r} under pid {parent}")


def kernel_pid(voila: int, kernel_id: str) -> int | None:
    """The process of one kernel (its connection file is named after its id)."""
    with contextlib.suppress(psutil.Error):
        for p in psutil.Process(voila).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if any(kernel_id in a for a in p.cmdline()):
                    return p.pid
    return None


def wait_gone(pid: int | None, seconds: float = KERNEL_FREE_S) -> bool:
    deadline = time.monotonic() + seconds
    while pid is not None and psutil.pid_exists(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


# -- browser -----------------------------------------------------------------------------------
@dataclass
class Visit:
    ms: float
    wire_bytes: int
    body_bytes: int
    requests: int
    external: list[str]
    html_ms: float = 0.0  # the HTML document fully received (Voilà sends it once the notebook has run)
    kernel_freed: bool = True
    return_wire: int = 0  # the same page opened again in the same browser (cache warm): on the wire
    return_requests: int = 0


class NetLog:
    """Everything the page fetched, from Chrome's own network events."""

    def __init__(self, context, page):
        self.urls: dict[str, str] = {}
        self.inflight: set[str] = set()
        self.wire = self.body = 0
        self.ws: list[str] = []
        self.last_activity = time.monotonic()
        cdp = self.cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.on("Network.webSocketCreated", lambda e: self.ws.append(e["url"]))
        cdp.send("Network.enable")

    def _sent(self, e) -> None:
        url = e["request"]["url"]
        if urlsplit(url).scheme in {"http", "https"}:
            # a redirect reuses the id: each hop is its own request
            key = e["requestId"] + ("#" + str(len(self.urls)) if e["requestId"] in self.urls else "")
            self.urls[key] = url
            self.inflight.add(e["requestId"])
            self.last_activity = time.monotonic()

    def _data(self, e) -> None:
        self.body += e.get("dataLength", 0)
        self.last_activity = time.monotonic()

    def _finished(self, e) -> None:
        if e["requestId"] in self.inflight:
            self.inflight.discard(e["requestId"])
            self.wire += int(e.get("encodedDataLength", 0))
            self.last_activity = time.monotonic()

    def _failed(self, e) -> None:
        self.inflight.discard(e["requestId"])
        self.last_activity = time.monotonic()

    def settle(self, page, quiet: float = QUIET_S, seconds: float = 10) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            page.wait_for_timeout(50)  # lets Playwright deliver the CDP events
            if not self.inflight and time.monotonic() - self.last_activity >= quiet:
                return

    def external(self) -> list[str]:
        return [u for u in [*self.urls.values(), *self.ws] if (urlsplit(u).hostname or "") not in LOCAL_HOSTS]


def new_page(browser, viewport=PHONE):
    context = browser.new_context(viewport=viewport)
    return context, context.new_page()


KERNEL_ID_JS = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def leave(context, page, voila: int) -> bool:
    """Navigate away (beforeunload sends Voilà's shutdown beacon), then wait for the kernel to go."""
    pid = None
    with contextlib.suppress(Exception):
        pid = kernel_pid(voila, page.evaluate(KERNEL_ID_JS))
    with contextlib.suppress(Exception):
        page.goto("about:blank", timeout=10_000)
    freed = wait_gone(pid)
    context.close()
    return freed


def visit(browser, url: str, text: str, voila: int, rtt: float = 0, again: bool = False) -> Visit:
    """A cold visit; `again`: then the same link once more in the same browser (a return visit)."""
    context, page = new_page(browser)
    try:
        net = NetLog(context, page)
        if rtt:  # a venue's network: every request and response waits rtt/2 each way
            conditions = {"offline": False, "latency": rtt, "downloadThroughput": -1, "uploadThroughput": -1}
            net.cdp.send("Network.emulateNetworkConditions", conditions)
        page.goto(url, wait_until="commit", timeout=WIDGET_TIMEOUT_MS)
        ms = page.wait_for_function(FIND_TEXT_JS, arg=text, polling="raf", timeout=WIDGET_TIMEOUT_MS).json_value()
        net.settle(page)
        html_ms = page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd")
        result = Visit(round(ms, 1), net.wire, net.body, len(net.urls), net.external(), round(html_ms, 1))
        if again:
            wire, requests = net.wire, len(net.urls)
            page.goto(url, wait_until="commit", timeout=WIDGET_TIMEOUT_MS)
            page.wait_for_function(FIND_TEXT_JS, arg=text, polling="raf", timeout=WIDGET_TIMEOUT_MS)
            net.settle(page)
            result.return_wire, result.return_requests = net.wire - wire, len(net.urls) - requests
    except Exception:
        context.close()
        raise
    result.kernel_freed = leave(context, page, voila)
    return result


def vote_latencies(browser, ours: RunningWorkshop, voila: int, n: int) -> tuple[list[float], int, int]:
    """Facilitator opens the poll; n+1 participants (the first is a warm-up) vote "4" one by one."""
    staff_ctx, staff = new_page(browser, {"width": 1280, "height": 900})
    latencies: list[float] = []
    lost = voters = 0
    try:
        staff.goto(ours.staff_url, timeout=WIDGET_TIMEOUT_MS)
        open_poll = staff.get_by_role("button", name="Open poll")
        open_poll.wait_for(timeout=WIDGET_TIMEOUT_MS)
        staff.wait_for_function(FIND_TEXT_JS, arg="0 responses", polling="raf", timeout=WIDGET_TIMEOUT_MS)
        open_poll.click()
        for k in range(1, n + 2):
            context, page = new_page(browser)
            voters += 1
            try:
                page.goto(ours.join_url, timeout=WIDGET_TIMEOUT_MS)
                submit = page.get_by_role("button", name="Submit answer")
                submit.wait_for(timeout=WIDGET_TIMEOUT_MS)
                page.get_by_label("4", exact=True).check()
                page.evaluate(ARM_CLICK_JS)
                staff.evaluate(ARM_WATCH_JS, f"{k} response{'s' if k != 1 else ''}")
                submit.click()
                try:
                    seen = staff.wait_for_function("window.__benchSeen", timeout=VOTE_TIMEOUT_MS).json_value()
                except Exception:
                    lost += 1
                    print(f"  vote {k}: LOST (facilitator never showed {k} response(s))", file=sys.stderr)
                    break  # later counts would be off by one: stop here
                clicked = page.evaluate("window.__benchClick")
                if k > 1:
                    latencies.append(float(seen - clicked))
                print(f"  vote {k}{' (warm-up)' if k == 1 else ''}: {seen - clicked} ms")
            finally:
                leave(context, page, voila)
    finally:
        staff_ctx.close()
    return latencies, lost, voters


# -- report ------------------------------------------------------------------------------------
def ablation_table(ours: list[Visit], plain: list[Visit], variants: dict[str, list[Visit]]) -> str:
    """Ours with each speed-up switched off in turn, from the same rotation of visits."""
    if not variants:
        return ""
    base = median([v.ms for v in plain])
    loopback = {k: v for k, v in variants.items() if "round trip" not in k}
    remote = {k: v for k, v in variants.items() if "round trip" in k}
    rows = [("ours, everything on", ours), *loopback.items(), ("plain Voilà", plain), *remote.items()]
    remote_plain = next((median([v.ms for v in vs]) for k, vs in remote.items() if k.startswith("plain")), base)
    lines = [
        f"| {name} | {median([v.ms for v in vs]):,.0f} "
        f"| {median([v.ms for v in vs]) / (remote_plain if 'round trip' in name else base):.2f} "
        f"| {median([v.html_ms for v in vs]):,.0f} | {kib(median([v.wire_bytes for v in vs]))} "
        f"| {median([v.requests for v in vs]):g} |"
        for name, vs in rows
    ]
    return f"""### What each speed-up buys (`--ablation`)

The same rotation of cold visits also went to copies of ours with one speed-up switched off each
(`WORKSHOP_BENCH_WITHOUT=precompress`, read by widgets/serve/app.py; `WORKSHOP_EXPECTED=0` for no pool),
and to ours and plain Voilà over a network with {RTT} ms round trips (Chrome's network emulation, no
bandwidth limit: a venue's Wi-Fi). "× plain" compares with plain Voilà over the same network. Medians:

| Server | first widget (ms) | × plain | HTML received (ms) | wire (KiB) | requests |
|---|---|---|---|---|---|
{chr(10).join(lines)}

"""


def kib(b: float) -> str:
    return f"{b / 1024:,.1f}"


def write_results(
    runs: int,
    ours: list[Visit],
    plain: list[Visit],
    votes: list[float],
    lost: int,
    voters: int,
    info: dict,
    chromium: str,
    wall: float,
    logs: Path,
    ablation: dict[str, list[Visit]] | None = None,
) -> str:
    def col(vs, attr):
        return [getattr(v, attr) for v in vs]

    rows = []
    for label, attr, fmt in [
        ("Navigation start → first widget visible (ms)", "ms", lambda x: f"{x:,.0f}"),
        ("Navigation start → HTML document received (ms)", "html_ms", lambda x: f"{x:,.0f}"),
        ("Transferred, on the wire (KiB)", "wire_bytes", kib),
        ("Decoded response bodies (KiB)", "body_bytes", kib),
        ("HTTP requests", "requests", lambda x: f"{x:g}"),
        ("Return visit (same browser, cache warm): on the wire (KiB)", "return_wire", kib),
        ("Return visit: HTTP requests (cache hits included)", "return_requests", lambda x: f"{x:g}"),
    ]:
        o, p = median(col(ours, attr)), median(col(plain, attr))
        rows.append(f"| {label} | {fmt(o)} | {fmt(p)} | {o / p if p else math.nan:.2f} |")
    ext_o = sorted({u for v in ours for u in v.external})
    ext_p = sorted({u for v in plain for u in v.external})
    rows.append(
        f"| Requests to non-localhost hosts (per visit, max) | {max(len(v.external) for v in ours)} "
        f"| {max(len(v.external) for v in plain)} | – |"
    )
    freed_o, freed_p = sum(v.kernel_freed for v in ours), sum(v.kernel_freed for v in plain)
    rows.append(
        f"| Kernels shut down within {KERNEL_FREE_S} s of leaving the page | {freed_o} of {len(ours)} "
        f"| {freed_p} of {len(plain)} | – |"
    )

    def per_run(vs):
        return "\n".join(
            f"| {i} | {v.ms:,.0f} | {v.html_ms:,.0f} | {kib(v.wire_bytes)} | {kib(v.body_bytes)} | {v.requests} "
            f"| {len(v.external)} | {'yes' if v.kernel_freed else 'no'} |"
            for i, v in enumerate(vs, 1)
        )

    head = (
        "| run | first widget (ms) | HTML received (ms) | wire (KiB) | decoded (KiB) | requests "
        "| non-localhost | kernel freed on leave |\n|---|---|---|---|---|---|---|---|"
    )
    vote_line = (
        f"| {len(votes)} | {median(votes):,.0f} | {p95(votes):,.0f} | {min(votes):,.0f} | {max(votes):,.0f} | {lost} |"
        if votes
        else f"| 0 | – | – | – | – | {lost} |"
    )
    refused = ""
    if freed_p < len(plain) and "'_xsrf' argument missing" in (logs / "plain.log").read_text(errors="replace"):
        refused = " Plain Voilà's shutdown beacon was refused (\"'_xsrf' argument missing from POST\")."
    cmd = f".venv/bin/python benchmarks/page_load.py --runs {runs}"
    body = f"""\
Measured {now()} in {wall:.0f} s. Reproduce from the repository root (or `make bench`):

```
{cmd}
```

{machine_line(info)} Playwright {version("playwright")}, Chromium {chromium} (Debian, headless,
{PHONE["width"]}×{PHONE["height"]}).

**Ours** = `workshop serve` with the demo plan (participant page, `?join=CODE`, `WORKSHOP_EXPECTED={POOL}`:
a few ready kernels, as visits come one at a time), widget = the text "Activity 1 of 6", shown once the page
has joined. **Plain** = `voila nb.ipynb` on the minimal notebook of benchmarks/plain.py, widget = the
"Submit answer" button: every visit starts a kernel (Voilà's default, "cold"). One warm-up visit each, then
{runs} measured visits each, alternating, every visit in a fresh browser context (cold cache). Medians:

| Metric (median of {runs}) | Ours | Plain Voilà | Ours / plain |
|---|---|---|---|
{chr(10).join(rows)}

Non-localhost requests, ours: {", ".join(ext_o) if ext_o else "none"}.
Non-localhost requests, plain Voilà: {", ".join(ext_p) if ext_p else "none"}.{refused}

### Vote → facilitator in the browser (ours)

Facilitator console open in Chromium, poll opened; {voters} participants, each in a fresh context, pick "4"
and press "Submit answer" one after another (the first is a warm-up, not counted). Latency = click in the
participant page to the facilitator page's DOM showing the new "k responses" count. (With a whole room
voting at once: see the load test.)

| votes | median (ms) | p95 (ms) | min (ms) | max (ms) | lost |
|---|---|---|---|---|---|
{vote_line}

{ablation_table(ours, plain, ablation or {})}### Every visit

Ours:

{head}
{per_run(ours)}

Plain Voilà:

{head}
{per_run(plain)}

Notes: "on the wire" is Chrome's encodedDataLength (compressed bodies plus headers) summed over HTTP
responses until the network is quiet for {QUIET_S} s after the widget shows; WebSocket traffic is not
included; "decoded" is the bodies after gzip. This sandbox has no DNS for outside hosts, so plain
Voilà's CDN requests (Font Awesome) fail at once instead of downloading; on a real network they would
cost plain Voilà more time and bytes.
"""
    save_raw(
        "page_load",
        {
            "ablation": {k: median([v.ms for v in vs]) for k, vs in (ablation or {}).items()},
            "at": now(),
            "runs": runs,
            "ours": {k: median(col(ours, k)) for k in FIGURES},
            "plain": {k: median(col(plain, k)) for k in FIGURES},
            "votes": {"median": median(votes), "p95": p95(votes), "n": len(votes), "lost": lost},
            "visits": {"ours": [asdict(v) for v in ours], "plain": [asdict(v) for v in plain]},
        },
    )
    write_section(HEADING, body)
    write_targets()
    write_page_targets()
    return f"{HEADING}\n\n{body}"


# -- main --------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="measured visits per server, and measured votes")
    parser.add_argument(
        "--ablation", action="store_true", help="also visit ours with each speed-up switched off, in the same rotation"
    )
    args = parser.parse_args()
    started = time.monotonic()
    info = machine()  # load average now, before our own servers add to it

    tmp = Path(tempfile.mkdtemp(prefix="page-load-bench-"))
    logs = tmp / "logs"  # ours and plain Voilà log side by side
    logs.mkdir()
    (tmp / "plain").mkdir()

    ours = plain_proc = None
    variants: dict[str, RunningWorkshop] = {}
    code = 1
    try:
        print("starting ours …", flush=True)
        ours = start_workshop(tmp, PLAN, expected=POOL)
        (q_port,) = free_ports(1)  # only now: ours holds its two ports, so this one differs
        print(
            f"ours ready (participant :{ours.participant_port}, staff :{ours.staff_port}); "
            f"starting plain Voilà (:{q_port}) …",
            flush=True,
        )
        plain_proc = start_plain(tmp / "plain", q_port, logs / "plain.log")
        plain_url = f"http://localhost:{q_port}/"
        ours_voila = voila_pid(ours.proc.pid, "participant.ipynb")
        for i, (name, env, pool) in enumerate(ABLATION if args.ablation else [], 1):
            print(f"starting {name} …", flush=True)
            (tmp / f"ablation-{i}").mkdir()
            variants[name] = start_workshop(tmp / f"ablation-{i}", PLAN, expected=pool, env=env)
        print(f"ready after {time.monotonic() - started:.1f} s: {ours.join_url}  |  {plain_url}", flush=True)

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            chromium = browser.version
            targets = [
                ("ours", ours.join_url, "Activity 1 of 6", ours_voila),
                *((name, ws.join_url, "Activity 1 of 6", voila_pid(ws.proc.pid, "participant.ipynb"))
                  for name, ws in variants.items()),
                ("plain", plain_url, "Submit answer", plain_proc.pid),
            ]  # fmt: skip
            if args.ablation:  # the same over a venue's network
                targets += [
                    (f"ours at {RTT} ms round trip", ours.join_url, "Activity 1 of 6", ours_voila),
                    (f"plain at {RTT} ms round trip", plain_url, "Submit answer", plain_proc.pid),
                ]
            for name, url, text, pid in targets:
                v = visit(browser, url, text, pid, RTT if "round trip" in name else 0)
                print(f"  warm-up {name}: {v.ms:,.0f} ms, {kib(v.wire_bytes)} KiB, {v.requests} requests", flush=True)
            results: dict[str, list[Visit]] = {name: [] for name, *_ in targets}
            for i in range(1, args.runs + 1):
                for name, url, text, pid in targets if i % 2 else targets[::-1]:
                    again = name in ("ours", "plain")  # return visits: ours and plain only
                    v = visit(browser, url, text, pid, RTT if "round trip" in name else 0, again)
                    results[name].append(v)
                    ext = f", non-localhost: {v.external}" if v.external else ""
                    print(
                        f"  run {i} {name[:40]:40}: {v.ms:7,.0f} ms, {kib(v.wire_bytes):>7} KiB wire, "
                        f"{v.requests:3} requests{ext}",
                        flush=True,
                    )
            print("votes:", flush=True)
            votes, lost, voters = vote_latencies(browser, ours, ours_voila, args.runs)
            browser.close()

        text = write_results(
            args.runs,
            results["ours"],
            results["plain"],
            votes,
            lost,
            voters,
            info,
            chromium,
            time.monotonic() - started,
            logs,
            {name: vs for name, vs in results.items() if name not in ("ours", "plain")},
        )
        print()
        print(text.split("### Every visit")[0].strip())
        print("\nwritten: benchmarks/RESULTS.md (its page-load section) and benchmarks/results.json")
        ours_ext = [u for v in results["ours"] for u in v.external]
        if ours_ext:
            print(f"NOTE: our page made non-localhost requests: {sorted(set(ours_ext))}", file=sys.stderr)
        code = 1 if lost or len(votes) < args.runs else 0
        if code:
            print(f"FAILED: {lost} vote(s) never reached the facilitator page", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        code = 130
    except Exception as err:
        print(f"error: {err}", file=sys.stderr)
        for log in sorted(logs.glob("*.log")):
            tail = log.read_text(errors="replace").splitlines()[-15:]
            print(f"--- {log.name} (last lines) ---\n" + "\n".join(tail), file=sys.stderr)
        code = 1
    finally:
        for ws in [ours, *variants.values()]:
            if ws is not None and ws.stop() is None:
                print("  workshop serve did not stop on SIGINT within 30 s; killed it", file=sys.stderr)
        stop_plain(plain_proc)
        if code == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        kept = "" if code == 0 else f"; logs kept in {logs}"
        print(f"servers stopped; total {time.monotonic() - started:.0f} s{kept}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())

"""Lighthouse (mobile preset) on our pages beside plain Voilà, in the same run.

    .venv/bin/python benchmarks/lighthouse.py [--runs 3]

Lighthouse 12.2.3 from benchmarks/node_modules (`make bench` installs it with `npm ci` from
benchmarks/package-lock.json), Debian's chromium (CHROME_PATH=/usr/bin/chromium, headless, no
sandbox). The mobile preset is Lighthouse's default: a mid-range phone's CPU (4× slowdown) and slow
4G (150 ms round trips, 1.6 Mbit/s), simulated from the page's real load on this machine.

Pages: the participant page through its join link (`?join=CODE`, the first activity is what it shows),
the projector screen and the facilitator console (staff server, with its token), and plain
`voila nb.ipynb` on benchmarks/plain.py's one-cell notebook. Each `--runs` times, alternating;
medians go into benchmarks/RESULTS.md (its Lighthouse section) and benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import repo_path  # noqa: F401 - the repository root on sys.path, for testkit (not installed)
from plain import start_plain, stop_plain
from results import machine, machine_line, median, now, save_raw, write_section
from targets import write_page_targets

from testkit.harness import CHROMIUM, CHROMIUM_ARGS, free_ports, start_workshop
from widgets.serve.servers import BENCH_WITHOUT, PARTICIPANT_TEMPLATE

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
PLAN = HERE.parent / "scenarios" / "plans" / "demo.yaml"
HEADING = "## Lighthouse, mobile preset (lighthouse.py)"
POOL = 3  # WORKSHOP_EXPECTED: pages are loaded one at a time
AUDITS = {  # Lighthouse audit id -> (column, unit)
    "first-contentful-paint": ("FCP", "ms"),
    "largest-contentful-paint": ("LCP", "ms"),
    "interactive": ("TTI", "ms"),
    "total-blocking-time": ("TBT", "ms"),
    "bootup-time": ("JS boot-up", "ms"),
    "total-byte-weight": ("transferred", "KiB"),
}


def lighthouse(url: str, tries: int = 2) -> dict:
    """One Lighthouse run; the figures this report keeps. On a loaded machine Lighthouse sometimes
    gives up waiting for Chromium ("Waiting for DevTools protocol response"): tried once more then."""
    flags = " ".join(["--headless", *CHROMIUM_ARGS])
    out = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         "--only-categories=performance,accessibility", f"--chrome-flags={flags}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if out.returncode and tries > 1:
        print(f"  lighthouse failed on {url}, once more: {out.stderr.strip()[-300:]}", flush=True)
        return lighthouse(url, tries - 1)
    if out.returncode:
        raise RuntimeError(f"lighthouse failed on {url}: {out.stderr[-2000:]}")
    report = json.loads(out.stdout)
    audits = report["audits"]
    row = {name: audits[key]["numericValue"] for key, (name, _) in AUDITS.items()}
    row["transferred"] /= 1024
    row["requests"] = len(audits["network-requests"]["details"]["items"])
    for category in ("performance", "accessibility"):
        row[category] = round(100 * (report["categories"][category]["score"] or 0))
    if report.get("runtimeError"):
        row["error"] = report["runtimeError"]["message"]
    return row


def table(results: dict[str, list[dict]]) -> str:
    cols = ["performance", "accessibility", *(name for name, _ in AUDITS.values()), "requests"]
    units = {name: unit for name, unit in AUDITS.values()}
    head = "| Page | " + " | ".join(f"{c} ({units[c]})" if c in units else c for c in cols) + " |"
    lines = [head, "|---" * (len(cols) + 1) + "|"]
    for page, runs in results.items():
        if not runs:
            lines.append(f"| {page} | " + " | ".join("–" for _ in cols) + " |")
            continue
        cells = [f"{median([r[c] for r in runs]):,.0f}" for c in cols]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `cd benchmarks && npm ci` (make bench does)", file=sys.stderr)
        return 1
    started, info = time.monotonic(), machine()
    tmp = Path(tempfile.mkdtemp(prefix="lighthouse-bench-"))
    (tmp / "plain").mkdir()
    (tmp / "before").mkdir()
    ours = before = plain = None
    code = 1
    try:
        ours = start_workshop(tmp, PLAN, expected=POOL)
        before = start_workshop(tmp / "before", PLAN, expected=POOL, env={BENCH_WITHOUT: "lean-page"})
        (port,) = free_ports(1)
        plain = start_plain(tmp / "plain", port, tmp / "plain.log")
        staff = ours.staff_url
        pages = {
            f"participant (join link, template {PARTICIPANT_TEMPLATE})": ours.join_url,
            "participant with Voilà's full front end (before issue 12)": before.join_url,
            "projector screen (staff)": staff.replace("facilitator.ipynb", "screen.ipynb"),
            "facilitator console (staff)": staff,
            "plain Voilà, one-cell notebook": f"http://localhost:{port}/",
        }
        results: dict[str, list[dict]] = {name: [] for name in pages}
        failed: dict[str, int] = {}
        for i in range(args.runs):
            for name, url in pages.items() if i % 2 == 0 else reversed(pages.items()):
                try:
                    row = lighthouse(url)
                except RuntimeError as err:  # a page Lighthouse could not finish: reported, the rest go on
                    print(f"  run {i + 1} {name}: {str(err)[-300:]}", flush=True)
                    failed[name] = failed.get(name, 0) + 1
                    continue
                results[name].append(row)
                print(f"  run {i + 1} {name[:40]:40} perf {row['performance']:3} a11y {row['accessibility']:3} "
                      f"LCP {row['LCP']:6,.0f} TBT {row['TBT']:5,.0f} {row['transferred']:7,.1f} KiB "
                      f"{row['requests']} requests", flush=True)  # fmt: skip
        gave_up = "".join(f"\n{name}: Lighthouse gave up on {n} of {args.runs} runs." for name, n in failed.items())
        body = f"""\
Measured {now()} in {time.monotonic() - started:.0f} s. Reproduce from the repository root (or `make bench`):

```
(cd benchmarks && npm ci) && .venv/bin/python benchmarks/lighthouse.py --runs {args.runs}
```

{machine_line(info)} Lighthouse 12.2.3 (mobile preset: simulated slow 4G and 4× CPU slowdown),
Chromium {CHROMIUM} headless. Medians of {args.runs} runs per page, pages alternating. Ours runs with
`WORKSHOP_EXPECTED={POOL}`; plain Voilà starts a kernel per visit (its default). Timings are noisy: the
machine is shared with other engineers' test runs, and Lighthouse simulates the phone from the load it
observes here. "transferred" and "requests" are HTTP only (the kernel websocket is not counted).

{table(results)}
{gave_up}
"""
        write_section(HEADING, body)
        save_raw("lighthouse", {"at": now(), "runs": args.runs, "pages": results})
        write_page_targets()
        print(body)
        code = 0
    except Exception as err:
        print(f"error: {err}", file=sys.stderr)
    finally:
        for ws in (ours, before):
            if ws is not None:
                ws.stop()
        stop_plain(plain)
        if code == 0:
            shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())

"""What every benchmark here shares: RESULTS.md sections, the machine's description, statistics.

Each benchmark owns one or more `## ` sections of benchmarks/RESULTS.md and replaces only those,
so `page_load.py`, `load.py` and `analysis_bench.py` can run in any order without erasing each other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import platform
import statistics
from importlib.metadata import version
from pathlib import Path

import psutil

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TITLE = "# Benchmarks: the workshop kit against plain Voilà"
INTRO = """\
Every figure comes from one run of the script named in its section, with plain Voilà serving an
equivalent minimal notebook in the same run. `make bench` runs them all (about 20 minutes) and
rewrites their sections; see benchmarks/README.md for what each measures.
"""


def write_section(heading: str, body: str) -> None:
    """Replace the section that starts with `heading` (up to the next `## ` or `# `), or append it."""
    old = RESULTS.read_text() if RESULTS.exists() else ""
    if not old.startswith("# "):
        old = f"{TITLE}\n\n{INTRO}\n" + old
    text = f"{heading}\n\n{body.strip()}\n"
    start = old.find(heading + "\n")
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        ends = [i for i in (old.find("\n## ", start + 1), old.find("\n# ", start + 1)) if i >= 0]
        end = min(ends) + 1 if ends else len(old)
        new = old[:start] + text + ("\n" + old[end:] if end < len(old) else "")
    RESULTS.write_text(new)


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "loadavg": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
        "cpu": cpu or platform.processor(),
        "mem_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "voila": version("voila"),
        "ipywidgets": version("ipywidgets"),
    }


def machine_line(info: dict) -> str:
    return (
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['mem_gib']} GiB RAM, {info['os']}; "
        f"Python {info['python']}, Voilà {info['voila']}, ipywidgets {info['ipywidgets']}. "
        f"Load average at the start: {info['loadavg']} (other processes on the machine add noise)."
    )


def median(xs) -> float:
    return statistics.median(xs) if xs else math.nan


def p95(xs) -> float:
    xs = sorted(xs)
    if len(xs) < 2:
        return xs[0] if xs else math.nan
    return statistics.quantiles(xs, n=20, method="inclusive")[18]


def ratio(ours: float, plain: float) -> str:
    if not plain or math.isnan(plain) or math.isnan(ours):
        return "–"
    return f"{ours / plain:.2f}"


def num(x: float, digits: int = 0) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{digits}f}"


RAW = RESULTS.with_name("results.json")


def save_raw(name: str, data: dict) -> None:
    """The figures behind a section, kept in benchmarks/results.json for the targets table."""
    old = json.loads(RAW.read_text()) if RAW.exists() else {}
    old[name] = data
    RAW.write_text(json.dumps(old, indent=1, sort_keys=True, default=str) + "\n")


def load_raw() -> dict:
    return json.loads(RAW.read_text()) if RAW.exists() else {}

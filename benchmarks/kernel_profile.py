"""Where a participant kernel's start-up time and memory go: the profile behind the lean-kernel work.

    .venv/bin/python benchmarks/kernel_profile.py

1. `python -X importtime` of what participant.ipynb imports: the packages that cost most, and a check
   that none of the analyst's libraries (pandas, numpy, pyarrow, plotly) is among them.
2. A kernel started as Voilà starts one (jupyter_client, ipykernel), before and after running the
   participant notebook's code: RSS, USS and PSS, beside plain Voilà's minimal notebook (plain.py).
3. Memory per package: each imported in turn into a process that already holds ipykernel, the growth
   of its own memory (USS) after each.

Rewrites the "Participant kernel" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

import psutil
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from plain import SOURCE as PLAIN_SOURCE
from results import machine, machine_line, now, save_raw, write_section

from widgets.live.ballots import BALLOT_SECRET_VARIABLE
from widgets.live.remote import STORE_URL_VARIABLE
from widgets.serve.kernels import PhoneKernelSpecs

HEADING = "## Participant kernel: imports and memory (kernel_profile.py)"
PARTICIPANT = "from widgets.ui.participant import participant_app\napp = participant_app()"
# The least any widget page's kernel holds: ipykernel (ours: without debugpy) and the two widget libraries.
FLOOR = "import anywidget, ipywidgets\nhello = ipywidgets.HTML('Hello')"
HEAVY = ("pandas", "numpy", "pyarrow", "plotly")
PACKAGES = [
    "ipywidgets", "anywidget", "pydantic", "widgets.settings", "widgets.content", "widgets.live",
    "widgets.ui.participant", "sqlalchemy", "widgets.store.store",
]  # fmt: skip
# A participant server's kernel: its store is the server's (widgets/live/remote.py). Nothing is asked
# of it before a phone joins, so no server needs to run here.
SERVER_ENV = {STORE_URL_VARIABLE: "http://127.0.0.1:9/workshop/store", BALLOT_SECRET_VARIABLE: "s" * 43}
MEASURE = """
import importlib, sys, psutil
p = psutil.Process()
import ipykernel.kernelapp
for name in sys.argv[1:]:
    before = p.memory_full_info().uss
    importlib.import_module(name)
    print(name, (p.memory_full_info().uss - before) / 2**20)
"""


def import_times() -> tuple[list[tuple[str, float]], list[str]]:
    """(package, cumulative ms) for every top-level package the participant page imports, biggest
    first; and the names of every module imported."""
    code = "import ipykernel.kernelapp, ipykernel.ipkernel; from widgets.ui.participant import participant_app"
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True)
    rows, kernel_done, kit = [], False, 0.0
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "cumulative" not in line:
            _, own, cumulative, name = line.replace("import time:", "|").split("|")
            if kernel_done:  # what the kernel has loaded already costs the notebook nothing
                rows.append((name.strip(), int(cumulative) / 1000))
                kit += int(own) / 1000 if name.strip().startswith("widgets") else 0
            kernel_done = kernel_done or name.strip() == "ipykernel.ipkernel"
    packages = sorted(((n, ms) for n, ms in rows if _third_party(n)), key=lambda r: -r[1])
    total = next(ms for n, ms in rows if n == "widgets.ui.participant")
    return [
        ("widgets.ui.participant (everything)", total),
        ("the kit's own modules (their code only: pydantic models built, etc.)", kit),
        *packages[:10],
    ], [n for n, _ in rows]


def _third_party(name: str) -> bool:
    """A top-level package that is neither the standard library's nor ours (nor a compiled helper)."""
    plain = name.isidentifier() and not name.startswith("_") and "mypyc" not in name
    return plain and "." not in name and name not in sys.stdlib_module_names and name != "widgets"


def kernel_memory(code: str, specs: KernelSpecManager, env: dict | None = None) -> dict:
    """A kernel started as the server starts it: ours through PhoneKernelSpecs (no debugger), plain
    Voilà's through the default python3 spec; `env` added to its environment."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["WORKSHOP_DB"] = f"sqlite:///{tmp}/w.db"
        for name in SERVER_ENV:
            os.environ.pop(name, None)
        os.environ.update(env or {})
        km = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=60)
            p = psutil.Process(km.provisioner.process.pid)
            time.sleep(0.5)
            bare = p.memory_full_info()
            started = time.monotonic()
            reply = kc.execute_interactive(code, timeout=120)
            ran = time.monotonic() - started
            time.sleep(0.5)
            after = p.memory_full_info()
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok", reply["content"]
    mib = 2**20
    return {
        "bare_rss": bare.rss / mib, "bare_uss": bare.uss / mib,
        "rss": after.rss / mib, "uss": after.uss / mib, "pss": after.pss / mib, "run_s": ran,
    }  # fmt: skip


def package_memory() -> list[tuple[str, float]]:
    out = subprocess.run([sys.executable, "-c", MEASURE, *PACKAGES], capture_output=True, text=True, check=True)
    return [(name, float(mib)) for name, mib in (line.split() for line in out.stdout.splitlines())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    info = machine()
    times, imported = import_times()
    heavy = [m for m in HEAVY if m in imported]
    ours = kernel_memory(PARTICIPANT, PhoneKernelSpecs(), SERVER_ENV)
    own = kernel_memory(PARTICIPANT, PhoneKernelSpecs())
    plain = kernel_memory(PLAIN_SOURCE, KernelSpecManager())
    floor = kernel_memory(FLOOR, PhoneKernelSpecs())
    packages = package_memory()
    time_rows = "\n".join(f"| {name if ' ' in name else f'`{name}`'} | {ms:,.0f} |" for name, ms in times)
    mem_rows = "\n".join(f"| `{name}` | {mib:.1f} |" for name, mib in packages)

    def k(side: dict) -> str:
        return (
            f"{side['bare_rss']:.1f} | {side['rss']:.1f} | {side['uss']:.1f} | {side['pss']:.1f} | "
            f"{side['run_s'] * 1000:,.0f}"
        )

    body = f"""\
Measured {now()}. Reproduce: `.venv/bin/python benchmarks/kernel_profile.py`. {machine_line(info)}

Analyst libraries imported by the participant page: **{", ".join(heavy) if heavy else "none"}** (of
{", ".join(HEAVY)}; tests/serve/test_lean_participant_kernel.py keeps it so).

`python -X importtime` of `from widgets.ui.participant import participant_app` after ipykernel (which a
kernel has loaded already): the whole import, and each third-party package's first import including
what it imports (warm file cache; a preheated kernel pays this before anyone is waiting):

| Package | ms |
|---|---|
{time_rows}

A kernel as each server starts one (ours through `PhoneKernelSpecs`: no debugger; plain Voilà's the
default way), before and after running the notebook's code (MiB; plain = the minimal notebook of plain.py):

| Kernel | RSS before | RSS after | USS after | PSS after | run (ms) |
|---|---|---|---|---|---|
| ours (participant.ipynb, as the participant server starts it: on the server's store) | {k(ours)} |
| the same page on a store of its own (a notebook in Jupyter; every phone's kernel before a6b1240) | {k(own)} |
| ours, widget libraries only (the floor: `{FLOOR.splitlines()[0]}`) | {k(floor)} |
| plain Voilà | {k(plain)} |

What each package adds to a process that already holds ipykernel (USS, MiB, in this order; the
last two are what a page on a store of its own adds):

| Package | + MiB |
|---|---|
{mem_rows}
"""
    print(f"{HEADING}\n\n{body}")
    if not args.no_write:
        save_raw("kernel_profile", {"at": now(), "ours": ours, "own_store": own, "floor": floor, "plain": plain,
                                    "heavy": heavy, "packages": dict(packages), "imports_ms": dict(times)})  # fmt: skip
        write_section(HEADING, body)
    return 1 if heavy else 0


if __name__ == "__main__":
    sys.exit(main())

"""Plain Voilà on an equivalent minimal notebook: the baseline every benchmark here runs beside ours.

The notebook is a participant's page at its smallest: a group of radio buttons, a "Submit answer"
button and a line that says the answer was saved, in one cell, served by `voila nb.ipynb` with
Voilà's defaults (no gzip, no preheated kernels, no culling).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from widgets.serve.servers import wait_for_port

BIN = Path(sys.executable).parent  # run with .venv/bin/python, so the CLIs sit next to it
SAVED = "Answer saved."
SOURCE = f"""\
import ipywidgets as w
choice = w.RadioButtons(options=["1", "2", "3", "4", "5"], description="Your answer")
status = w.Label("")
submit = w.Button(description="Submit answer")
submit.on_click(lambda _b: setattr(status, "value", "{SAVED}" if choice.value else "Choose an answer."))
w.VBox([choice, submit, status])"""

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "plain-0",
            "metadata": {},
            "outputs": [],
            "source": SOURCE,
        }
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def start_plain(folder: Path, port: int, log: Path, *args: str) -> subprocess.Popen:
    """`voila nb.ipynb` in `folder`; with port_retries=0 it fails on a busy port rather than move."""
    (folder / "nb.ipynb").write_text(json.dumps(NOTEBOOK))
    with open(log, "ab") as out:  # the child keeps its own copy of the file
        proc = subprocess.Popen(
            [str(BIN / "voila"), "nb.ipynb", "--no-browser", f"--port={port}", "--Voila.port_retries=0", *args],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C on the benchmark reaches it once, from stop_plain
            preexec_fn=_default_sigint,
        )
    wait_for_port(port, proc)
    return proc


def _default_sigint() -> None:
    # A shell starts background jobs with SIGINT ignored and exec keeps that; Voilà must see it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop_plain(proc: subprocess.Popen | None, seconds: float = 60) -> None:
    """SIGINT (what Ctrl-C does): Voilà shuts its kernels down and exits; killed only if it hangs."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        print(f"  plain Voilà did not stop on SIGINT within {seconds:.0f} s; killing it", file=sys.stderr)
        proc.kill()
        proc.wait()

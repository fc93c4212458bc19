"""The participant server's kernels (the ready pool included) are phones' kernels, started through
phone_kernel.py (no debugger: 8 MiB less in each)."""

from __future__ import annotations

import psutil
import pytest

pytestmark = pytest.mark.e2e


def kernels_of(workshop, notebook_arg: str) -> list[str]:
    servers = [p for p in psutil.Process(workshop.proc.pid).children() if notebook_arg in " ".join(p.cmdline())]
    assert len(servers) == 1, f"no single Voilà server with {notebook_arg!r}: {[p.cmdline() for p in servers]}"
    return [" ".join(k.cmdline()) for k in servers[0].children(recursive=True) if "-f" in k.cmdline()]


def test_the_participant_servers_kernels_start_without_the_debugger(workshop):
    kernels = kernels_of(workshop, "participant.ipynb")
    assert kernels, "the ready pool holds kernels"
    assert all("-m widgets.serve.phone_kernel" in k for k in kernels), kernels

"""Phones' kernels start without the debugger (phone_kernel.py): debugpy is 8 MiB in each of a room's
kernels. Checked against a kernel started the usual way, which does load it, so the test can fail."""

from __future__ import annotations

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from widgets.serve.kernels import PhoneKernelSpecs

PROBE = "import sys; print('debugpy', sys.modules.get('debugpy') is not None); import ipywidgets; print('widgets ok')"


def run_in_kernel(specs: KernelSpecManager) -> str:
    km = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    out: list[str] = []
    try:
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive(
            PROBE, timeout=60, output_hook=lambda msg: out.append(msg["content"].get("text", ""))
        )
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return "".join(out)


@pytest.mark.timeout(180)
def test_a_phones_kernel_runs_widgets_without_loading_debugpy():
    assert "debugpy True" in run_in_kernel(KernelSpecManager()), "the control: ipykernel loads debugpy"
    phone = run_in_kernel(PhoneKernelSpecs())
    assert "debugpy False" in phone and "widgets ok" in phone


def test_only_python_kernels_are_changed():
    spec = PhoneKernelSpecs().get_kernel_spec("python3")
    assert spec.argv[1:3] == ["-m", "widgets.serve.phone_kernel"] and "{connection_file}" in spec.argv

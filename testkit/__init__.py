"""Test kit: what the tests, benchmarks and deploy measurements use to drive the workshop from outside.

`harness` starts the real `workshop serve` / `workshop course` on free ports in a throwaway folder
and stops it; `kernel_client` talks to a Voilà page over the kernel websocket as a browser does,
so a test can send what no browser would and a benchmark can play a room of phones.

It lives beside `widgets/`, not in it: the installed package holds only what users run
(pyproject's `packages.find` includes `widgets*` only; tests/test_package_contents.py keeps it so).
pytest finds it through `pythonpath = ["."]`; the scripts in benchmarks/ and deploy/ through their
`repo_path` shim.
"""

import re as _re

_CONNECTION_FILE = _re.compile(r"kernel-[0-9a-f-]+\.json$")


def is_kernel_argv(argv: list[str]) -> bool:
    """A Jupyter kernel's command line, however it was started (ipykernel_launcher on the staff
    server, widgets.serve.phone_kernel on the public ones): it names its connection file."""
    return any(_CONNECTION_FILE.search(arg) for arg in argv)

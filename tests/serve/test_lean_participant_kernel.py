"""Every participant has a kernel of their own, so what participant.ipynb imports is paid once per
phone, in memory and in start-up time. The analyst's libraries must stay out of that path: pandas,
numpy, pyarrow and plotly together would add ~60 MB and ~1 s to every participant kernel."""

import subprocess
import sys

HEAVY = ["pandas", "numpy", "pyarrow", "plotly", "matplotlib", "nbformat", "nbconvert", "jinja2", "nh3"]
STAFF_ONLY = ["segno", "widgets.analysis"]  # the QR codes and the analyst's layer: never on a phone


def test_the_participant_page_imports_none_of_the_analysts_libraries():
    code = (
        "import sys\n"
        "from widgets.ui.participant import participant_app\n"
        f"print(' '.join(sorted(m for m in {HEAVY + STAFF_ONLY!r} if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == [], f"participant.ipynb's imports pull in {out.stdout.strip()}"


def test_a_participant_servers_kernel_reaches_the_store_without_sqlalchemy(tmp_path):
    """On a participant server the page uses the server's store (live/remote.py): SQLAlchemy, 11 MiB,
    stays out of every phone's kernel. The control: the same page on its own store loads it."""
    code = (
        "import sys\n"
        "from widgets.ui.participant import participant_app\n"
        "app = participant_app()\n"
        "print(type(app.service.store).__name__, 'sqlalchemy' in sys.modules)"
    )
    env = {"WORKSHOP_DB": f"sqlite:///{tmp_path / 'w.db'}", "PATH": "/usr/bin:/bin"}
    server = {"WORKSHOP_KERNEL_STORE": "http://127.0.0.1:9/workshop/store", "WORKSHOP_BALLOT_SECRET": "s" * 43}

    def run(extra: dict) -> str:
        done = subprocess.run([sys.executable, "-c", code], env={**env, **extra}, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert run(server) == "RemoteStore False"
    assert run({}) == "Store True"

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

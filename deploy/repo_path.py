"""Put the repository root on sys.path, so a script run as `python DIR/x.py` can import testkit/.

The test kit (server launcher, kernel websocket client) is not part of the installed package, so
only the checkout has it; Python puts the script's own folder first on sys.path, not the root.
Import this module before `testkit`: `import repo_path  # noqa: F401`.
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

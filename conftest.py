"""Root conftest: gives the notebooks nbval runs a store with a demo session to show."""

import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    if os.environ.get("WORKSHOP_NOTEBOOK_DB"):
        return
    folder = Path(tempfile.mkdtemp(prefix="workshop-nbval-"))
    url = f"sqlite:///{folder / 'notebooks.db'}"
    os.environ["WORKSHOP_NOTEBOOK_DB"] = url
    os.environ["WORKSHOP_DB"] = url  # kernels started by nbval inherit this

    from widgets.content import load_plan
    from widgets.live import LiveService
    from widgets.store import Store

    with Store(url) as store:
        LiveService(store).create_session(load_plan(Path(__file__).parent / "scenarios/plans/demo.yaml"))

"""Fixture chain: plan → store → service → session. Store tests run on SQLite, and on
PostgreSQL too when tests/with-postgres.sh started one (WORKSHOP_TEST_PG_URL)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine

from widgets.content import Plan, load_plan
from widgets.live import LiveService
from widgets.store import Store
from widgets.store.revision import version_table
from widgets.store.schema import metadata

ROOT = Path(__file__).resolve().parent.parent
DEMO_PLAN = ROOT / "scenarios" / "plans" / "demo.yaml"
PG_URL = os.environ.get("WORKSHOP_TEST_PG_URL", "")


def pytest_report_header(config):
    return f"PostgreSQL store tests: {'on ' + PG_URL if PG_URL else 'skipped (WORKSHOP_TEST_PG_URL not set)'}"


@pytest.fixture
def plan():
    return load_plan(DEMO_PLAN)


@pytest.fixture
def exercise_plan():
    """One sorting exercise, one ranking poll and one scenario with its case inline."""
    return Plan.model_validate(yaml.safe_load((Path(__file__).parent / "data" / "exercise-plan.yaml").read_text()))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    if not PG_URL:
        pytest.skip("no PostgreSQL server: run through tests/with-postgres.sh (make test does)")
    engine = create_engine(PG_URL)
    metadata.drop_all(engine)  # each test starts from empty tables, a new store
    version_table.drop(engine, checkfirst=True)
    engine.dispose()
    return PG_URL


@pytest.fixture
def store(db_url):
    with Store(db_url) as s:
        yield s


@pytest.fixture
def service(store):
    return LiveService(store)


@pytest.fixture
def session(service, plan):
    return service.create_session(plan)


@pytest.fixture(scope="session")
def browser():
    """One Debian chromium for every browser test: Playwright's sync API runs one loop per process,
    so two fixtures each starting their own would clash."""
    from testkit.harness import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`) to run the browser tests")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()

"""The layers of DESIGN.md where import-linter cannot see them: pages reach the store only through
live (no `service.store`), and a store failure reaches them as live's `Unavailable`."""

import ast
from pathlib import Path

import pytest

from widgets.content import load_plan
from widgets.live import LiveService, Unavailable
from widgets.settings import Settings
from widgets.store import StoreError
from widgets.ui.saver import Saver

UI = Path(__file__).resolve().parent.parent / "widgets" / "ui"
DEMO = Path(__file__).resolve().parent.parent / "scenarios" / "plans" / "demo.yaml"


def store_uses(source: str) -> list[int]:
    """Lines of `source` that touch a store directly: `x.store` or a `Store(...)` call."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "store":
            lines.append(node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Store":
            lines.append(node.lineno)
    return lines


def test_pages_do_not_reach_past_live_into_the_store():
    found = {p.name: store_uses(p.read_text()) for p in sorted(UI.glob("*.py"))}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_check_sees_a_page_that_does():
    assert store_uses("title = service.store.get_session(1)['title']") == [1]
    assert store_uses("service = LiveService(Store(settings.db))") == [1]


def broken(service: LiveService, monkeypatch) -> None:
    """Every store method the service might call fails as an unreachable database does."""

    def fail(*_args, **_kwargs):
        raise StoreError("database is locked")

    for name in dir(service.store):
        if not name.startswith("_") and callable(getattr(service.store, name)):
            monkeypatch.setattr(service.store, name, fail)


def test_a_store_failure_reaches_pages_as_unavailable(service, monkeypatch):
    session = service.create_session(load_plan(DEMO))
    broken(service, monkeypatch)
    calls = [
        lambda: service.view(session["id"]),  # the service's own methods
        lambda: service.join(session["code"], "k" * 32),
        lambda: service.questions(session["id"]),  # inherited from QuestionService
        lambda: service.moderate(session["id"], [], "hidden"),  # inherited from ModerationService
    ]
    for call in calls:
        with pytest.raises(Unavailable, match="database is locked") as caught:
            call()
        assert isinstance(caught.value.__cause__, StoreError)


def test_a_page_says_so_when_the_store_does_not_answer(service, monkeypatch):
    session = service.create_session(load_plan(DEMO))
    who = service.join(session["code"], "k" * 32)
    service.open_poll(session["id"])
    activity = service.view(session["id"]).current_activity
    broken(service, monkeypatch)
    saver = Saver(service, who, Settings().answer_interval)
    assert saver(activity.id, "4") == "Your answer could not be saved. Please try again."

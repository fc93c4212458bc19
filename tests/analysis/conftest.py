"""A store holding finished workshops, answered through the live service as participants would."""

from __future__ import annotations

import random

import pytest

from widgets.content import load_plan
from widgets.content.models import Activity
from widgets.live import LiveService
from widgets.store import Store

PLAN = "scenarios/plans/workshop-60.yaml"
PII = {"email": "jo.bloggs@example.org", "phone": "07700 900123", "postcode": "TA1 1AA", "name": "Priya"}


def answer(activity: Activity, rng: random.Random, n: int):
    """A valid answer of any kind; free text carries planted personal details."""
    kind = activity.kind
    if kind == "single_choice":
        return activity.options[n % 2].id
    if kind == "multiple_choice":
        return [activity.options[0].id, activity.options[1 + n % 2].id]
    if kind == "scale":
        return activity.min + n % (activity.max - activity.min + 1)
    if kind in ("short_text", "open_text"):
        return f"Ask {PII['name']}, {PII['email']}" if n % 3 == 0 else "talk to the DSL first"
    if kind == "sorting":
        return {s.id: (s.answer if n % 4 else activity.categories[0].id) for s in activity.statements}
    if kind == "ranking":
        return [o.id for o in activity.options]
    if kind == "scenario":
        case, path = activity.case, []
        node = case.node(case.start)
        while True:
            while node.next:
                node = case.node(node.next)
            if node.is_end:
                return path
            choice = node.choices[n % len(node.choices)]
            path.append([node.id, choice.id])
            node = case.node(choice.next)
    if kind == "evaluation":
        ids = [o.id for o in activity.outcomes]
        return {
            "before": dict.fromkeys(ids, 1 + n % 3),
            "after": dict.fromkeys(ids, 3 + n % 3),
            "rating": 4 + n % 2,
            "intentions": f"Call {PII['phone']} at {PII['postcode']}" if n % 2 else "Check records before anything",
        }
    raise AssertionError(kind)


def run_workshop(service: LiveService, people: int, label: str = "", seed: int = 0) -> dict:
    plan = load_plan(PLAN)
    rng = random.Random(seed)
    session = service.create_session(plan, label=label)
    who = [service.join(session["code"], f"key-{session['code']}-{i:04d}-abcdefghij") for i in range(people)]
    for position, state in enumerate(service.view(session["id"]).activities):
        service.go_to(session["id"], position)
        service.open_poll(session["id"])
        for n, person in enumerate(who):
            service.submit(person, state.id, answer(state.activity, rng, n))
        service.close_poll(session["id"])
    service.end_session(session["id"])
    return session


@pytest.fixture(scope="module")
def workshops(tmp_path_factory):
    """Two sessions of 12 and 10 people, and one of 4 (too small to show on its own)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('analysis') / 'w.db'}"
    with Store(url) as store:
        service = LiveService(store)
        sessions = [
            run_workshop(service, 12, "Taunton team"),
            run_workshop(service, 10, "Yeovil hub"),
            run_workshop(service, 4, "Small group"),
        ]
        yield store, sessions

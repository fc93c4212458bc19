"""From the store's grouped answers to decoded answers per activity.

The database does the heavy grouping (`Store.answer_totals`): what arrives here is one row per
distinct answer with how many gave it, so a million responses are tens of thousands of rows."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import orjson
import pandas as pd

from widgets.content.course import SELF_PACED
from widgets.content.models import Activity, activity_adapter


@dataclass(frozen=True)
class Answers:
    """Distinct answers per activity, and each activity's definition (from its newest session)."""

    counts: dict[tuple[str, str], list[tuple[object, int]]]  # (plan, key) -> [(answer decoded, people)]
    activities: dict[tuple[str, str], Activity]  # (plan, key) -> activity, in plan order


def newest_activities(sessions: pd.DataFrame, activity_records: list[dict]) -> dict[tuple[str, str], int]:
    """(plan, key) -> the id of that activity in its newest session: the version whose wording the
    analyst sees (a plan edited between sessions keeps its ids)."""
    plan_of = dict(zip(sessions["session"], sessions["plan"], strict=True))
    newest: dict[tuple[str, str], tuple[int, int, int]] = {}
    for a in activity_records:
        key = (plan_of[a["session_id"]], a["key"])
        if key not in newest or a["session_id"] > newest[key][0]:
            newest[key] = (a["session_id"], a["position"], a["id"])
    ordered = sorted(newest.items(), key=lambda kv: (kv[0][0], kv[1][1]))
    return {key: activity_id for key, (_, _, activity_id) in ordered}


def _decode(text: str) -> object:
    """orjson takes a third of json's time over 50,000 evaluation forms; what it refuses (NaN,
    which the standard library writes for a float that is not a number) json still reads."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def answers(
    sessions: pd.DataFrame,
    activity_records: list[dict],
    specs: dict[int, dict],
    totals: list[tuple[str, str, str, int]],
) -> Answers:
    """Decode each distinct answer once (`totals` from Store.answer_totals), with a course's
    standing session counted under its plan. `specs` holds (at least) the newest version of each
    activity."""
    merged: dict[tuple[str, str, str], int] = {}
    for plan_id, key, text, n in totals:
        k = (plan_id.removeprefix(SELF_PACED), key, text)
        merged[k] = merged.get(k, 0) + n
    by_key: dict[tuple[str, str], list[tuple[object, int]]] = {}
    for (plan, key, text), n in merged.items():
        by_key.setdefault((plan, key), []).append((_decode(text), n))
    newest = newest_activities(sessions, activity_records)
    activities = {key: activity_adapter.validate_python(specs[activity_id]) for key, activity_id in newest.items()}
    return Answers(by_key, activities)


@contextmanager
def bulk() -> Iterator[None]:
    """Python's cycle collector paused while a million rows become objects. None of them form
    cycles, yet its passes over them took ~15 % of the aggregation; it runs again after."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def read(store, sessions: pd.DataFrame) -> Answers:
    """Everything the analysis needs about the chosen sessions, in four queries (`store` is a
    widgets.store.Store; passed in, so this module stays free of the database)."""
    ids = [int(i) for i in sessions["session"]]
    records = store.activity_records(ids)
    specs = store.activity_specs(list(newest_activities(sessions, records).values()))
    return answers(sessions, records, specs, without_hidden(store.answer_totals(ids), store.hidden_totals(ids)))


def without_hidden(totals: list[tuple[str, str, str, int]], hidden: list[tuple[str, str, str, int]]) -> list:
    """The totals less the answers a facilitator hid (both as Store.answer_totals gives them): a
    hidden answer is in no chart, list or count."""
    if not hidden:
        return totals
    off: dict[tuple[str, str, str], int] = {}
    for plan, key, text, n in hidden:
        off[(plan, key, text)] = off.get((plan, key, text), 0) + n
    kept = [(plan, key, text, n - off.get((plan, key, text), 0)) for plan, key, text, n in totals]
    return [row for row in kept if row[3] > 0]

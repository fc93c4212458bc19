"""Aggregation from the store's grouped answers: the right numbers, protected before they leave."""

import gc
import json

import pandas as pd
import pytest

from tests.analysis.conftest import PII, PLAN
from widgets.analysis.disclosure import Rule, protect_share
from widgets.analysis.evaluation import evaluation
from widgets.analysis.reading import answers, bulk, read
from widgets.analysis.sessions import Filters, choose, sessions_frame
from widgets.analysis.summaries import summarise
from widgets.content import load_plan

RULE = Rule()


def analyse(store, session_ids):
    chosen = sessions_frame([s for s in store.session_records() if s["id"] in session_ids])
    return read(store, chosen)


def test_sessions_frame_has_filters_and_nothing_about_people(workshops):
    store, sessions = workshops
    frame = sessions_frame(store.session_records())
    assert list(frame["label"]) == ["Taunton team", "Yeovil hub", "Small group"]
    assert set(frame["area"]) == {"somerset"} and list(frame["participants"]) == [12, 10, 4]
    assert "code" not in frame.columns
    assert list(choose(frame, Filters(labels=("Yeovil hub",)))["session"]) == [sessions[1]["id"]]
    today = frame["date"].iloc[0]
    assert len(choose(frame, Filters(start=today, end=today, plans=("workshop-60",)))) == 3
    assert choose(frame, Filters(plans=("workshop-30",))).empty


def test_the_database_groups_answers(workshops):
    store, sessions = workshops
    totals = store.answer_totals([sessions[0]["id"]])
    assert sum(n for *_, n in totals) == 12 * 20  # 12 people × 20 activities, each counted once
    assert all(isinstance(json.loads(text), object) for *_, text, _ in totals)
    assert {plan for plan, *_ in totals} == {"workshop-60"}
    both = store.answer_totals([s["id"] for s in sessions[:2]])  # merged across the two sessions
    assert sum(n for *_, n in both) == 22 * 20
    assert len({(plan, key, text) for plan, key, text, _ in both}) == len(both)


def test_choice_counts_are_rounded_and_small_ones_hidden(workshops):
    store, sessions = workshops
    data = analyse(store, [s["id"] for s in sessions[:2]])
    by_key = {s.key: s for s in summarise(data, RULE)}
    first = by_key["what-is-a-referral"]  # 22 people, alternating between the first two options
    table = first.tables[0].frame
    assert first.people == 20  # 22 rounded to the nearest 5
    assert list(table["People"].iloc[:2]) == [10, 10]  # 11 and 11
    assert table["People"].iloc[2:4].tolist() == [0, 0]  # nobody: 0 is safe to show
    assert table.loc["Total", "People"] == 20


def test_scale_mean_sorting_share_ranking_and_text(workshops):
    store, sessions = workshops
    by_key = {s.key: s for s in summarise(analyse(store, [s["id"] for s in sessions[:2]]), RULE)}
    assert by_key["warm-up"].mean == pytest.approx(
        (sum(1 + n % 5 for n in range(12)) + sum(1 + n % 5 for n in range(10))) / 22, abs=0.01
    )
    sorting = load_plan(PLAN).activities[[a.id for a in load_plan(PLAN).activities].index("sort-statements")]
    shares = by_key["sort-statements"].tables[0].frame.iloc[:, 0]
    # Every fourth person put every statement in the first box: 16 of 22 right, unless that box was right.
    most = round(100 * protect_share(16, 22, RULE))
    expected = [100 if s.answer == sorting.categories[0].id else most for s in sorting.statements]
    assert list(shares) == expected and most < 100
    ranking = by_key["who-first"].tables[0].frame["Average position"]
    assert list(ranking) == [1, 2, 3, 4, 5]
    text = by_key["good-referral"]
    assert text.texts and all(PII["email"] not in t and PII["name"] not in t for t in text.texts)
    assert "dsl" in set(text.words["word"])


def test_a_session_below_the_threshold_shows_nothing(workshops):
    store, sessions = workshops
    small = summarise(analyse(store, [sessions[2]["id"]]), RULE)
    assert all(s.people is None for s in small)
    for s in small:
        for table in s.tables:
            values = pd.to_numeric(table.frame.stack(), errors="coerce").dropna()
            assert ((values == 0) | (values >= RULE.k)).all(), s.key
        assert s.texts == [] and s.mean is None


def test_evaluation_pairs_before_with_after(workshops):
    store, sessions = workshops
    ev = evaluation(analyse(store, [s["id"] for s in sessions[:2]]), RULE)
    assert ev.people == 20
    before = (sum(1 + n % 3 for n in range(12)) + sum(1 + n % 3 for n in range(10))) / 22
    assert ev.means.iloc[0]["Before"] == pytest.approx(before, abs=0.01)
    assert ev.means.iloc[0]["Change"] == pytest.approx(2, abs=0.01)  # everyone went up by exactly 2
    assert ev.change.loc["Went up"].iloc[0] == 20 and ev.change.loc["Went down"].iloc[0] == 0
    assert ev.rating_mean == pytest.approx(4.5, abs=0.05)
    assert all(PII["phone"] not in t and PII["postcode"] not in t for t in ev.texts)
    assert any("[phone]" in t for t in ev.texts)


def test_no_evaluation_asked(workshops):
    store, sessions = workshops
    data = analyse(store, [sessions[0]["id"]])
    without = type(data)(data.counts, {k: a for k, a in data.activities.items() if a.kind != "evaluation"})
    assert evaluation(without, RULE) is None


def test_answers_merge_the_standing_session_and_decode_what_the_fast_decoder_refuses():
    sessions = sessions_frame([
        {"id": 1, "created_at": "2026-11-01", "plan_id": "p", "title": "t", "status": "ended",
         "options": {}, "participants": 3},
    ])  # fmt: skip
    records = [{"id": 10, "session_id": 1, "position": 0, "key": "q", "kind": "scale"}]
    spec = {"id": "q", "kind": "scale", "title": "Sure", "prompt": "How sure?", "min_label": "No", "max_label": "Yes"}
    totals = [("p", "q", "3", 2), ("p", "q", "NaN", 1), ("self-paced:p", "q", "3", 1), ("p", "q", '{"a": [1, "é"]}', 1)]
    data = answers(sessions, records, {10: spec}, totals)
    values = {json.dumps(v): n for v, n in data.counts[("p", "q")]}
    assert values == {"3": 3, "NaN": 1, '{"a": [1, "\\u00e9"]}': 1}  # the standing session counts too


def test_bulk_pauses_the_cycle_collector_and_always_restores_it():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), bulk():
        assert not gc.isenabled()
        raise RuntimeError("a failed read")
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()

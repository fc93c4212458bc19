"""Exports: tidy, anonymised, protected, and impossible to join with another export."""

import io
import json

import pandas as pd
import pytest

from tests.analysis.conftest import PII
from widgets.analysis.disclosure import Rule
from widgets.analysis.export import COLUMNS, NoSessions, choose_sessions, export_frame, write
from widgets.cli import main

RULE = Rule()


def test_one_row_per_response_with_small_sessions_left_out(workshops):
    store, sessions = workshops
    frame = export_frame(store, [s["id"] for s in sessions], RULE)
    assert list(frame.columns) == COLUMNS
    assert len(frame) == (12 + 10) * 20  # the session of 4 is left out whole
    assert sorted(frame["session"].unique()) == ["S1", "S2"]
    assert frame["participant"].nunique() == 22
    assert frame.groupby(["activity", "participant"]).size().max() == 1
    assert set(frame["date"].str.len()) == {10}  # a date, never a time of day


def test_participants_are_rekeyed_for_every_export(workshops):
    store, sessions = workshops
    ids = [s["id"] for s in sessions[:2]]
    first, second = export_frame(store, ids, RULE, seed=1), export_frame(store, ids, RULE, seed=2)

    def answers_by_person(frame):
        return {
            p: tuple(sorted(json.dumps(a, sort_keys=True) for a in g["answer"]))
            for p, g in frame.groupby("participant")
        }

    one, two = answers_by_person(first), answers_by_person(second)
    assert sorted(one.values()) == sorted(two.values())  # the same people's answers…
    assert sum(one[p] == two.get(p) for p in one) < 5  # …under different ids: no join on participant
    store_ids = {str(r["participant_id"]) for r in store.response_rows(ids)}
    assert not set(first["participant"]) & store_ids


def test_free_text_is_scrubbed_everywhere(workshops):
    store, sessions = workshops
    data = write(export_frame(store, [s["id"] for s in sessions], RULE), "json").decode()
    for planted in PII.values():
        assert planted not in data
    assert "[email]" in data and "[phone]" in data and "[postcode]" in data and "[name]" in data


def test_formats_round_trip(workshops):
    store, sessions = workshops
    frame = export_frame(store, [sessions[0]["id"]], RULE, seed=5)
    csv = pd.read_csv(io.BytesIO(write(frame, "csv")))
    parquet = pd.read_parquet(io.BytesIO(write(frame, "parquet")))
    records = json.loads(write(frame, "json"))
    assert len(csv) == len(parquet) == len(records) == 12 * 20
    assert [json.loads(a) for a in csv["answer"]] == [json.loads(a) for a in parquet["answer"]]
    assert [r["answer"] for r in records] == list(frame["answer"])
    # Every answer is JSON text in CSV, so none starts with = + - @ (no spreadsheet formulas).
    assert not csv["answer"].str.match(r"^[=+\-@]").any()
    with pytest.raises(ValueError, match="unknown format"):
        write(frame, "xlsx")


def test_choosing_sessions(workshops):
    store, sessions = workshops
    assert choose_sessions(store, sessions[1]["code"]) == [sessions[1]["id"]]
    assert choose_sessions(store, plan="workshop-60") == [s["id"] for s in sessions]
    with pytest.raises(NoSessions, match="no session has the code"):
        choose_sessions(store, "ZZZZZZ")
    with pytest.raises(NoSessions, match="of plan 'nope'"):
        choose_sessions(store, plan="nope")


def test_cli_export_and_report(workshops, tmp_path, capsysbinary):
    store, sessions = workshops
    typed = f"{sessions[0]['code'][:3]} {sessions[0]['code'][3:]}".lower()  # as someone might type it
    assert main(["export", typed, "--format", "csv", "--db", store.url]) == 0
    out = capsysbinary.readouterr().out.decode()
    assert out.startswith("session,date,plan,activity,kind,participant,answer\n") and PII["email"] not in out
    target = tmp_path / "all.parquet"
    assert main(["export", "--all", "--format", "parquet", "--output", str(target), "--db", store.url]) == 0
    assert len(pd.read_parquet(target)) == 22 * 20
    report = tmp_path / "report.html"
    assert main(["report", "--all", "--output", str(report), "--db", store.url]) == 0
    html = report.read_text()
    assert "Course evaluation" in html and "Confidence before the course and now" in html
    assert all(planted not in html for planted in PII.values())
    assert main(["export", "NOPE12", "--db", store.url]) == 1
    assert "no session has the code" in capsysbinary.readouterr().err.decode()

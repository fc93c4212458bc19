"""Store.add_responses and Store.set_session_created: the bulk writes demo data and benchmarks use."""

from datetime import UTC, datetime

import pytest

from widgets.store import Conflict, NotFound, Store

SPECS = [{"id": "a1", "kind": "scale"}, {"id": "a2", "kind": "short_text"}]


def ended_session(store, code="BCDFGH", people=3):
    sid = store.add_session(code, "plan", "Title", SPECS)
    acts = [a["id"] for a in store.get_activities(sid)]
    pids = [store.record_participant(sid, f"{code}{i}".ljust(64, "h")) for i in range(people)]
    store.update_session(sid, "ended", status="ended")
    return sid, acts, pids


def test_many_answers_in_one_go(store):
    sid, (a1, a2), pids = ended_session(store)
    before = store.get_versions(sid)
    rows = [(a1, p, n) for n, p in enumerate(pids, 3)] + [(a2, p, f"word {p}") for p in pids]
    assert store.add_responses(sid, rows) == 6
    assert sorted(store.response_values(a1)) == [3, 4, 5]
    assert sorted(store.response_values(a2)) == sorted(f"word {p}" for p in pids)
    assert sorted(store.answer_totals([sid])) == sorted(
        [("plan", "a1", "3", 1), ("plan", "a1", "4", 1), ("plan", "a1", "5", 1)]
        + [("plan", "a2", f'"word {p}"', 1) for p in pids]
    )
    assert store.get_versions(sid) == before  # nobody is watching an ended session: nothing bumped
    assert store.add_responses(sid, []) == 0


def test_rows_from_another_session_are_refused_whole(store):
    sid, (a1, _), pids = ended_session(store)
    _, (b1, _), others = ended_session(store, "CDFGHJ")
    for stray in [(b1, pids[0], 1), (a1, others[0], 1), (999, pids[0], 1)]:
        with pytest.raises(NotFound):
            store.add_responses(sid, [(a1, pids[1], 2), stray])
    with pytest.raises(NotFound):
        store.add_responses(12345, [(a1, pids[0], 1)])
    assert store.response_values(a1) == [] and store.response_values(b1) == []


def test_a_second_answer_is_a_conflict_and_nothing_is_kept(store):
    sid, (a1, _), pids = ended_session(store)
    with pytest.raises(Conflict):
        store.add_responses(sid, [(a1, pids[0], 1), (a1, pids[1], 2), (a1, pids[0], 3)])
    assert store.response_values(a1) == []


def test_a_session_moves_back_in_time_whole(store):
    sid, (a1, _), pids = ended_session(store)
    other, (b1, _), others = ended_session(store, "CDFGHJ")
    store.add_responses(sid, [(a1, p, 1) for p in pids])
    store.add_responses(other, [(b1, p, 1) for p in others])
    when = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
    store.set_session_created(sid, when)

    def same(at):
        return (at if at.tzinfo else at.replace(tzinfo=UTC)) == when

    assert same(store.get_session(sid)["created_at"])
    assert all(same(e["at"]) for e in store.events_records(sid))
    assert all(same(r["updated_at"]) for r in store.response_rows([sid]))
    assert not any(same(r["updated_at"]) for r in store.response_rows([other]))
    assert not same(store.get_session(other)["created_at"])
    with pytest.raises(NotFound):
        store.set_session_created(999, when)


def test_activity_records_are_in_session_then_plan_order(store):
    first, (a1, a2), _ = ended_session(store, "BCDFGH")
    second, (b1, b2), _ = ended_session(store, "JKLMNP")
    assert store.activity_records([second, first]) == [
        {"id": a1, "session_id": first, "position": 0, "key": "a1", "kind": "scale"},
        {"id": a2, "session_id": first, "position": 1, "key": "a2", "kind": "short_text"},
        {"id": b1, "session_id": second, "position": 0, "key": "a1", "kind": "scale"},
        {"id": b2, "session_id": second, "position": 1, "key": "a2", "kind": "short_text"},
    ]
    assert store.activity_records([]) == []
    assert store.answer_totals([]) == []


def test_a_store_made_before_the_analysis_indexes_gets_them(tmp_path):
    """create_all skips indexes of tables that exist: the upgrade to 0002 adds them (test_migrations.py)."""
    from widgets.store.migrate import upgrade
    from widgets.store.revision import locked, stamp

    url = f"sqlite:///{tmp_path / 'old.db'}"
    with Store(url) as store, locked(store.engine) as conn:
        for index in ("ix_activities_key", "ix_responses_answer"):
            conn.exec_driver_sql(f"DROP INDEX {index}")
        stamp(conn, "0001_baseline")
    upgrade(url, backup_first=False)
    with Store(url) as store, store.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_activities_key", "ix_responses_answer"} <= names

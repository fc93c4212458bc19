import os
import stat

import pytest
from sqlalchemy import event

from widgets.store import Conflict, NotFound, Store

SPECS = [{"id": "a1", "kind": "scale"}, {"id": "a2", "kind": "short_text"}]


def new_session(store, code="BCDFGH"):
    sid = store.add_session(code, "plan", "Title", SPECS)
    return sid, [a["id"] for a in store.get_activities(sid)]


def test_session_round_trip(store):
    sid, _ = new_session(store)
    s = store.get_session_by_code("BCDFGH")
    assert (s["id"], s["status"], s["current"], s["title"]) == (sid, "running", 0, "Title")
    assert [a["key"] for a in store.get_activities(sid)] == ["a1", "a2"]
    assert store.latest_running_session()["id"] == sid


def test_duplicate_code_is_a_conflict(store):
    new_session(store)
    with pytest.raises(Conflict):
        new_session(store)


def test_missing_things_are_not_found(store):
    with pytest.raises(NotFound):
        store.get_session(999)
    with pytest.raises(NotFound):
        store.get_session_by_code("ZZZZZZ")
    sid, _ = new_session(store)
    with pytest.raises(NotFound):
        store.set_activity_state(sid, 999, "open")


def test_participant_is_found_again_by_key(store):
    sid, _ = new_session(store)
    first = store.record_participant(sid, "h" * 64)
    again = store.record_participant(sid, "h" * 64)
    other = store.record_participant(sid, "g" * 64)
    assert first == again != other
    assert store.count_participants(sid) == 2


def test_revote_replaces_the_answer(store):
    sid, (a1, _) = new_session(store)
    p = store.record_participant(sid, "h" * 64)
    store.set_activity_state(sid, a1, "open")
    store.record_response(sid, a1, p, 2)
    store.record_response(sid, a1, p, 5)
    assert store.response_values(a1) == [5]
    assert store.get_response(a1, p) == 5


def test_vote_on_closed_poll_is_refused(store):
    sid, (a1, a2) = new_session(store)
    p = store.record_participant(sid, "h" * 64)
    with pytest.raises(Conflict, match="not open"):
        store.record_response(sid, a1, p, 3)  # still draft
    store.set_activity_state(sid, a1, "open")
    with pytest.raises(Conflict):
        store.record_response(sid, a2, p, "x")  # another activity
    store.set_activity_state(sid, a1, "closed")
    with pytest.raises(Conflict):
        store.record_response(sid, a1, p, 3)
    assert store.response_values(a1) == []


def test_versions_move_for_the_right_watchers(store):
    sid, (a1, _) = new_session(store)
    start = store.get_versions(sid)
    p = store.record_participant(sid, "h" * 64)
    joined = store.get_versions(sid)
    assert joined[1] == start[1] and joined[2] > start[2]  # a join is not a state change
    store.set_activity_state(sid, a1, "open")
    opened = store.get_versions(sid)
    assert opened[1] > joined[1]
    store.record_response(sid, a1, p, 3)
    voted = store.get_versions(sid)
    assert voted[1] == opened[1] and voted[2] > opened[2]
    assert store.get_versions(12345) is None


def test_events_are_logged(store):
    sid, (a1, _) = new_session(store)
    store.set_activity_state(sid, a1, "open")
    store.update_session(sid, "moved", "1", current=1)
    assert [e["kind"] for e in store.events_records(sid)] == ["created", "open", "moved"]


def test_sqlite_file_is_private(tmp_path):
    path = tmp_path / "sub" / "w.db"
    with Store(f"sqlite:///{path}"):
        pass
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_a_reload_finds_the_same_participant_and_changes_nothing(store, plan):
    from widgets.live import LiveService

    session = LiveService(store).create_session(plan)
    first = store.record_participant(session["id"], "h" * 64)
    versions = store.get_versions(session["id"])
    assert store.record_participant(session["id"], "h" * 64) == first
    assert store.get_versions(session["id"]) == versions  # no redraw for anyone
    assert store.record_participant(session["id"], "g" * 64) != first
    assert store.get_versions(session["id"]) != versions


def test_an_idle_watcher_reads_versions_again_only_after_a_change(tmp_path):
    """SQLite: the versions query runs again only when some connection has committed since."""
    url = f"sqlite:///{tmp_path / 'watch.db'}"
    with Store(url) as watcher, Store(url) as facilitator:  # two processes' worth of connections
        sid, (a1, _) = new_session(facilitator)
        queries = []
        event.listen(watcher.engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
        first = watcher.get_versions(sid)
        for _ in range(20):
            assert watcher.get_versions(sid) == first
        assert len([q for q in queries if "state_version" in q]) == 1
        facilitator.set_activity_state(sid, a1, "open")  # another connection commits
        opened = watcher.get_versions(sid)
        assert opened[1] > first[1]
        assert watcher.get_versions(12345) is None
        pid = watcher.record_participant(sid, "w" * 64)  # this store's own writes count too
        assert watcher.get_versions(sid)[2] > opened[2]
        facilitator.record_response(sid, a1, pid, 4)
        assert watcher.get_versions(sid)[2] > opened[2] + 1

"""Retention: a deleted session leaves nothing behind, in the tables or in the SQLite file."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from widgets.cli import main
from widgets.live.retention import DELETE_AFTER, due, purge, schedule_deletion
from widgets.store.schema import metadata

MARKER = "zebra-marker-7731"  # text that must not survive deletion anywhere in the file


def run_session(service, plan, people=3, label=""):
    """A session whose warm-up scale poll got answers from `people` participants, then ended."""
    session = service.create_session(plan, label=label)
    service.open_poll(session["id"])
    current = service.view(session["id"]).current_activity
    for n in range(people):
        who = service.join(session["code"], f"browser-key-{session['code']}-{n:04d}-abcdefgh")
        service.submit(who, current.id, 1 + n % 5)
        service.record_awareness(who, "yes")
    service.store.record_event(session["id"], "note", MARKER)
    service.end_session(session["id"])
    return session


def rows(store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in metadata.sorted_tables}


def test_deleting_a_session_removes_everything_it_owned(service, plan):
    keep = run_session(service, plan)
    before = rows(service.store)
    gone = run_session(service, plan)
    assert service.store.delete_sessions([gone["id"]]) == 1
    assert rows(service.store) == before
    assert service.store.get_session(keep["id"])["code"] == keep["code"]


def test_purge_by_age_and_by_schedule(service, plan):
    old, scheduled, recent = (run_session(service, plan) for _ in range(3))
    now = datetime.now(UTC)
    records = {s["id"]: s for s in service.store.session_records()}
    assert not due(records[old["id"]], now, older_than_days=1)
    later = now + timedelta(days=10)
    schedule_deletion(service.store, scheduled["id"], days=5, now=now)
    assert service.store.get_session(scheduled["id"])["options"][DELETE_AFTER].startswith(f"{(now + timedelta(5)):%Y}")
    assert [s["id"] for s in purge(service.store, None, now=now)] == []  # nothing due yet
    assert [s["id"] for s in purge(service.store, None, now=later)] == [scheduled["id"]]
    gone = purge(service.store, 9, now=later)  # everything made more than 9 days before "later"
    assert {s["id"] for s in gone} == {old["id"], recent["id"]}
    assert service.store.session_records() == []


def test_scheduling_refuses_nonsense(service, plan):
    session = run_session(service, plan)
    with pytest.raises(ValueError, match="0 to 3650"):
        schedule_deletion(service.store, session["id"], days=-1)


def test_nothing_is_left_in_the_sqlite_file(tmp_path, plan):
    from widgets.live import LiveService
    from widgets.store import Store

    path = tmp_path / "w.db"
    with Store(f"sqlite:///{path}") as store:
        session = run_session(LiveService(store), plan)
        assert any(MARKER.encode() in f.read_bytes() for f in tmp_path.iterdir())  # the check can fail
        store.delete_sessions([session["id"]])
    leftovers = [f.name for f in tmp_path.iterdir() if MARKER.encode() in f.read_bytes()]
    assert leftovers == []


def test_cli_purge_and_session_delete(tmp_path, capsys, plan):
    from widgets.live import LiveService
    from widgets.store import Store

    db = f"sqlite:///{tmp_path / 'w.db'}"
    with Store(db) as store:
        first, second = run_session(LiveService(store), plan), run_session(LiveService(store), plan)
    assert main(["session", "delete", first["code"].lower(), "--db", db]) == 0
    assert "Deleted the session" in capsys.readouterr().out
    assert main(["purge", "--older-than", "30", "--db", db]) == 0
    assert "0 sessions deleted." in capsys.readouterr().out
    assert main(["purge", "--older-than", "0", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "1 session deleted." in out and "3 participants" in out
    assert main(["session", "delete", second["code"], "--db", db]) == 1  # already gone: a plain message
    assert "workshop:" in capsys.readouterr().err

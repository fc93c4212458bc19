"""The store's moderation decisions and questions from the room, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import create_engine

from widgets.store import Conflict, NotFound, Store
from widgets.store.schema import metadata, moderation, question_votes, questions

SPECS = [{"id": "a1", "kind": "open_text"}, {"id": "a2", "kind": "short_text"}]


def opened(store, code="BCDFGH", people=3):
    """A session with its first activity open and `people` participants."""
    sid = store.add_session(code, "plan", "Title", SPECS)
    a1 = store.get_activities(sid)[0]["id"]
    store.set_activity_state(sid, a1, "open")
    return sid, a1, [store.record_participant(sid, f"{code}{i}".ljust(64, "h")) for i in range(people)]


def decide(store, sid, a1, status, *values):
    rows = [(r["id"], r["judged"], status) for r in store.text_records(a1) if r["value"] in values]
    return store.record_decisions(sid, rows)


def test_a_store_made_before_moderation_upgrades_and_gains_its_tables(tmp_path):
    from widgets.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    new = {moderation.name, questions.name, question_votes.name}
    metadata.create_all(engine, tables=[t for t in metadata.sorted_tables if t.name not in new])
    engine.dispose()
    upgrade(url, backup_first=False)
    with Store(url) as store:
        sid, a1, (p, *_) = opened(store)
        store.record_response(sid, a1, p, "kept")
        assert decide(store, sid, a1, "hidden", "kept") == 1
        assert store.text_records(a1)[0]["status"] == "hidden"


def test_decisions_apply_to_the_answer_as_judged(store):
    sid, a1, (p, q, r) = opened(store)
    for who, text in ((p, "one"), (q, "two"), (r, "three")):
        store.record_response(sid, a1, who, text)
    assert [x["status"] for x in store.text_records(a1)] == [None, None, None]
    before = store.get_versions(sid)
    assert decide(store, sid, a1, "approved", "one", "two") == 2
    after = store.get_versions(sid)
    assert after[1] > before[1] and after[2] > before[2]  # participants and staff pages both redraw
    decide(store, sid, a1, "hidden", "two")
    assert [(x["value"], x["status"]) for x in store.text_records(a1)] == [
        ("one", "approved"),
        ("two", "hidden"),
        ("three", None),
    ]
    store.record_response(sid, a1, p, "one, changed after approval")  # a swap is undecided again
    assert store.text_records(a1)[0]["status"] is None


def test_a_decision_on_another_sessions_answer_changes_nothing(store):
    sid, _, _ = opened(store)
    other, b1, (x, *_) = opened(store, "CDFGHJ")
    store.record_response(other, b1, x, "elsewhere")
    theirs = store.text_records(b1)[0]
    assert store.record_decisions(sid, [(theirs["id"], theirs["judged"], "hidden")]) == 0
    assert store.text_records(b1)[0]["status"] is None
    with pytest.raises(ValueError):
        store.record_decisions(sid, [(theirs["id"], theirs["judged"], "deleted")])


def test_bulk_reads_name_only_current_hidden_answers(store):
    sid, a1, (p, q, r) = opened(store)
    for who, text in ((p, "fine"), (q, "rude"), (r, "rude")):
        store.record_response(sid, a1, who, text)
    decide(store, sid, a1, "hidden", "rude")
    assert store.hidden_totals([sid]) == [("plan", "a1", '"rude"', 2)]
    assert store.hidden_responses([sid]) == {(a1, q), (a1, r)}
    store.record_response(sid, a1, q, "better now")
    assert store.hidden_responses([sid]) == {(a1, r)}
    assert store.hidden_totals([sid + 1]) == []


def test_questions_votes_count_once_per_participant(store):
    sid, _, (p, q, r) = opened(store)
    first = store.add_question(sid, p, "Who do I call?", "approved", 5)
    second = store.add_question(sid, q, "What if I am wrong?", "approved", 5)
    assert store.record_question_vote(sid, second, p, ("approved",)) is True
    assert store.record_question_vote(sid, second, p, ("approved",)) is False  # again: refused by the key
    assert store.record_question_vote(sid, second, r, ("approved",)) is True
    rows = store.question_records(sid, participant_id=p)
    assert [(x["id"], x["votes"], x["voted"], x["asked"]) for x in rows] == [
        (second, 2, True, False),
        (first, 0, False, True),
    ]
    assert "participant_id" not in rows[0]


def test_questions_are_limited_and_replays_refused(store):
    sid, _, (p, *_) = opened(store)
    store.add_question(sid, p, "Once", "pending", 2)
    with pytest.raises(Conflict, match="already"):
        store.add_question(sid, p, "Once", "pending", 2)
    store.add_question(sid, p, "Twice", "pending", 2)
    with pytest.raises(Conflict, match="too many"):
        store.add_question(sid, p, "Thrice", "pending", 2)
    _, _, (x, *_) = opened(store, "CDFGHJ")
    with pytest.raises(NotFound):
        store.add_question(sid, x, "From another session", "pending", 2)


def test_votes_only_for_visible_questions_of_the_session(store):
    sid, _, (p, q, _r) = opened(store)
    waiting = store.add_question(sid, p, "Pending", "pending", 5)
    other, _, (x, *_) = opened(store, "CDFGHJ")
    theirs = store.add_question(other, x, "Theirs", "approved", 5)
    for question, voter in ((waiting, q), (theirs, q), (999, q), (waiting, x), (waiting, p)):
        with pytest.raises(NotFound):
            store.record_question_vote(sid, question, voter, ("approved",))
    assert store.record_question_vote(sid, waiting, q, ("approved", "pending")) is True
    with pytest.raises(NotFound):  # nobody upvotes their own question
        store.record_question_vote(sid, waiting, p, ("approved", "pending"))


def test_one_question_on_screen_and_deleted_with_the_session(store):
    sid, _, (p, q, _r) = opened(store)
    one = store.add_question(sid, p, "One", "approved", 5)
    two = store.add_question(sid, q, "Two", "approved", 5)
    store.record_question_vote(sid, one, q, ("approved",))
    store.update_question(sid, one, on_screen=True)
    store.update_question(sid, two, on_screen=True, answered=True)
    assert {x["id"]: (x["on_screen"], x["answered"]) for x in store.question_records(sid)} == {
        one: (False, False),
        two: (True, True),
    }
    with pytest.raises(NotFound):
        store.update_question(sid + 1, one, status="hidden")
    store.delete_sessions([sid])
    assert store.question_records(sid) == []
    with store.engine.connect() as conn:
        assert conn.execute(question_votes.select()).all() == []


@pytest.mark.postgres
def test_moderation_and_questions_notify_the_pages_that_must_redraw(db_url, store):
    """On PostgreSQL each change wakes whom it concerns: a decision and a facilitator's action on a
    question wake every page (the room's view changes); a new question waiting for approval and
    an upvote wake the staff pages only (tally), like a vote."""
    import psycopg

    from widgets.store.notify import CHANNEL, listen_dsn

    if not db_url.startswith("postgresql"):
        pytest.skip("notifications are PostgreSQL's")
    sid, a1, (p, q, _r) = opened(store)
    store.record_response(sid, a1, p, "text")
    with psycopg.connect(listen_dsn(db_url), autocommit=True) as conn:
        conn.execute(f"LISTEN {CHANNEL}")
        decide(store, sid, a1, "approved", "text")
        waiting = store.add_question(sid, p, "Waiting?", "pending", 5)
        shown = store.add_question(sid, q, "Shown at once?", "approved", 5)
        store.record_question_vote(sid, shown, p, ("approved",))
        store.update_question(sid, waiting, status="approved")
        heard = [n.payload for n in conn.notifies(timeout=0.5, stop_after=5)]
    assert heard == [f"{sid} state tally", f"{sid} tally", f"{sid} state tally", f"{sid} tally", f"{sid} state tally"]

"""Many processes voting at once, as many participant kernels do: no vote lost, none doubled,
no 'database is locked' surfacing."""

from concurrent.futures import ProcessPoolExecutor

from widgets.store import Store

WRITERS = 8
PER_WRITER = 25


def vote_many(url: str, session_id: int, activity_id: int, writer: int) -> int:
    with Store(url) as store:
        for i in range(PER_WRITER):
            pid = store.record_participant(session_id, f"{writer:02d}{i:062d}")
            store.record_response(session_id, activity_id, pid, (writer + i) % 5 + 1)
            store.record_response(session_id, activity_id, pid, (writer + i) % 5 + 1)  # a re-vote
    return PER_WRITER


def test_parallel_writers_lose_nothing(store, db_url):
    sid = store.add_session("BCDFGH", "plan", "T", [{"id": "a", "kind": "scale"}])
    [act] = store.get_activities(sid)
    store.set_activity_state(sid, act["id"], "open")
    with ProcessPoolExecutor(WRITERS) as pool:
        done = sum(pool.map(vote_many, [db_url] * WRITERS, [sid] * WRITERS, [act["id"]] * WRITERS, range(WRITERS)))
    values = store.response_values(act["id"])
    assert done == len(values) == WRITERS * PER_WRITER
    assert store.count_participants(sid) == WRITERS * PER_WRITER
    expected = sorted((w + i) % 5 + 1 for w in range(WRITERS) for i in range(PER_WRITER))
    assert sorted(values) == expected

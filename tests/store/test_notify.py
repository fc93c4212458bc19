"""Change notifications: every write that moves a session's versions NOTIFYs on PostgreSQL, at
commit and only then; a kernel's one LISTEN connection wakes the subscriptions that asked for it."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from sqlalchemy import create_engine

from widgets.store import Conflict, Store
from widgets.store.notify import CHANNEL, _listeners, listen_dsn, watch
from widgets.store.revision import version_table
from widgets.store.schema import metadata

SPECS = [{"id": "a1", "kind": "scale"}, {"id": "a2", "kind": "short_text"}]
PG_URL = os.environ.get("WORKSHOP_TEST_PG_URL", "")
postgres = pytest.mark.postgres


@pytest.fixture
def pg_store():
    if not PG_URL:
        pytest.skip("no PostgreSQL server: run through tests/with-postgres.sh (make test does)")
    engine = create_engine(PG_URL)
    metadata.drop_all(engine)
    version_table.drop(engine, checkfirst=True)
    engine.dispose()
    with Store(PG_URL) as store:
        yield store


def run_alone(coro):
    """asyncio.run in a thread of its own (the test runner's thread may have a loop already)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def new_session(store: Store, code: str = "BCDFGH") -> tuple[int, int]:
    sid = store.add_session(code, "plan", "Title", SPECS)
    return sid, store.get_activities(sid)[0]["id"]


def heard(conn: psycopg.Connection) -> list[str]:
    return [n.payload for n in conn.notifies(timeout=0.5, stop_after=20)]


def test_listen_address_is_for_postgresql_only():
    assert listen_dsn("postgresql+psycopg://me:pw@db.lan:5433/work?sslmode=require") == (
        "postgresql://me:pw@db.lan:5433/work?sslmode=require"
    )
    assert listen_dsn("sqlite:////tmp/w.db") is None
    assert listen_dsn("sqlite:///:memory:") is None


def test_a_store_in_memory_has_no_notifications_so_feeds_poll():
    async def scenario():
        return watch("sqlite://")  # a SQLite file has bells instead: tests/store/test_bells.py

    assert run_alone(scenario()) is None


def test_no_subscription_without_an_event_loop():
    assert watch("postgresql+psycopg://me@localhost/db") is None


@postgres
def test_every_versioned_write_notifies_at_commit(pg_store):
    sid, activity = new_session(pg_store)
    with psycopg.connect(listen_dsn(PG_URL), autocommit=True) as conn:
        conn.execute(f"LISTEN {CHANNEL}")
        pid = pg_store.record_participant(sid, "k" * 64)
        pg_store.set_activity_state(sid, activity, "open")
        pg_store.record_response(sid, activity, pid, 4)
        pg_store.update_session(sid, "ended", status="ended")
        assert heard(conn) == [f"{sid} tally", f"{sid} state tally", f"{sid} tally", f"{sid} state tally"]


@postgres
def test_a_refused_write_notifies_nobody(pg_store):
    sid, activity = new_session(pg_store)
    pid = pg_store.record_participant(sid, "k" * 64)
    with psycopg.connect(listen_dsn(PG_URL), autocommit=True) as conn:
        conn.execute(f"LISTEN {CHANNEL}")
        with pytest.raises(Conflict):
            pg_store.record_response(sid, activity, pid, 4)  # the poll is not open: rolled back
        assert heard(conn) == []


@postgres
def test_subscriptions_wake_for_their_session_and_kinds_only(pg_store):
    sid, activity = new_session(pg_store)
    other, _ = new_session(pg_store, "CDFGHJ")
    pid = pg_store.record_participant(sid, "k" * 64)

    async def scenario():
        mine, anyone = watch(PG_URL, sid), watch(PG_URL)
        states = watch(PG_URL, sid, ["state"])
        assert mine.listener is anyone.listener is states.listener  # one connection per kernel
        await asyncio.wait_for(mine.listener.listening.wait(), 10)
        for sub in (mine, anyone, states):
            await sub.wait(0)  # forget the wake-up that says "listening now"

        await asyncio.to_thread(pg_store.record_participant, other, "o" * 64)
        assert [await mine.wait(0.5), await anyone.wait(0.5), await states.wait(0.1)] == [False, True, False]

        await asyncio.to_thread(pg_store.set_activity_state, sid, activity, "open")
        assert [await mine.wait(5), await anyone.wait(5), await states.wait(5)] == [True, True, True]

        await asyncio.to_thread(pg_store.record_response, sid, activity, pid, 3)  # a vote: tally only
        assert [await mine.wait(5), await states.wait(0.5)] == [True, False]
        for sub in (mine, anyone, states):
            sub.close()
        return mine.listener

    listener = run_alone(scenario())
    assert listener.task.cancelled() or listener.task.done()  # the last close let the connection go
    assert not any(listener is x for ls in _listeners.values() for x in ls.values())


@postgres
def test_a_lost_connection_is_replaced_and_wakes_every_subscriber(pg_store):
    sid, activity = new_session(pg_store)

    async def scenario():
        sub = watch(PG_URL, sid)
        listener = sub.listener
        await asyncio.wait_for(listener.listening.wait(), 10)
        await sub.wait(0)
        with psycopg.connect(listen_dsn(PG_URL), autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = %s",
                (f"LISTEN {CHANNEL}",),
            ).fetchall()
        assert killed == [(True,)]
        assert await sub.wait(15)  # woken on reconnecting: changes meanwhile would have been missed
        assert listener.listening.is_set()
        await asyncio.to_thread(pg_store.set_activity_state, sid, activity, "open")
        assert await sub.wait(5)  # and listening again
        sub.close()

    run_alone(scenario())


@postgres
def test_closed_subscriptions_free_the_listening_connection(pg_store):
    def listening() -> int:
        with psycopg.connect(listen_dsn(PG_URL), autocommit=True) as admin:
            query = "SELECT count(*) FROM pg_stat_activity WHERE query = %s"
            return admin.execute(query, (f"LISTEN {CHANNEL}",)).fetchone()[0]

    async def scenario():
        subs = [watch(PG_URL) for _ in range(5)]
        await asyncio.wait_for(subs[0].listener.listening.wait(), 10)
        during = await asyncio.to_thread(listening)
        for sub in subs:
            sub.close()
        deadline = asyncio.get_running_loop().time() + 5
        while (after := await asyncio.to_thread(listening)) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.01)  # the listener lets its connection go on its own thread
        return during, after

    assert run_alone(scenario()) == (1, 0)

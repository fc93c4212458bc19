"""Change bells on SQLite: a commit that moves a session's versions touches its kind's bell after it
commits, and a kernel's inotify watch wakes only the subscriptions that asked for that kind, so a
waiting page reads nothing until something it shows has changed."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from widgets.live.feed import ChangeFeed
from widgets.store import Conflict, Store
from widgets.store.bells import _bells, bell_paths
from widgets.store.notify import watch

SPECS = [{"id": "a1", "kind": "scale"}, {"id": "a2", "kind": "short_text"}]
QUIET = 0.3  # long enough for a bell that was rung to be heard on the same machine


def run_alone(coro):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path}/w.db") as store:
        yield store


def opened(store: Store) -> tuple[int, int, int]:
    """A session with its first activity open and one participant: (session, activity, participant)."""
    sid = store.add_session("BCDFGH", "plan", "Title", SPECS)
    aid = store.get_activities(sid)[0]["id"]
    store.set_activity_state(sid, aid, "open")
    return sid, aid, store.record_participant(sid, "k" * 64)


def test_bells_lie_beside_a_sqlite_file_only(tmp_path):
    paths = bell_paths(f"sqlite:///{tmp_path}/w.db")
    assert paths == {"state": tmp_path / "w.db-state", "tally": tmp_path / "w.db-tally"}
    assert bell_paths("sqlite://") is None and bell_paths("sqlite:///:memory:") is None
    assert bell_paths("postgresql+psycopg://me@localhost/db") is None


def test_a_vote_wakes_the_tally_watchers_and_a_state_change_wakes_both(store):
    sid, aid, pid = opened(store)

    async def scenario():
        phone = watch(store.url, sid, ["state"])
        console = watch(store.url, sid, ["state", "tally"])
        quiet = (await phone.wait(QUIET), await console.wait(QUIET))  # nothing written yet
        await asyncio.to_thread(store.record_response, sid, aid, pid, 3)  # a vote
        after_vote = (await phone.wait(QUIET), await console.wait(QUIET))
        await asyncio.to_thread(store.set_activity_state, sid, aid, "closed")  # the facilitator
        after_close = (await phone.wait(QUIET), await console.wait(QUIET))
        phone.close(), console.close()
        return quiet, after_vote, after_close

    assert run_alone(scenario()) == ((False, False), (False, True), (True, True))


def test_a_write_that_fails_rings_nothing(store):
    sid, _aid, _pid = opened(store)

    async def scenario():
        sub = watch(store.url, sid, ["state", "tally"])
        with pytest.raises(Conflict):  # the code is taken: the transaction rolls back
            await asyncio.to_thread(store.add_session, "BCDFGH", "plan", "Again", SPECS)
        woken = await sub.wait(QUIET)
        sub.close()
        return woken

    assert run_alone(scenario()) is False


def test_one_watch_per_loop_and_none_once_every_page_stopped(store):
    async def scenario():
        loop = asyncio.get_running_loop()
        a, b = watch(store.url, 1, ["state"]), watch(store.url, 2, ["state"])
        shared = a.listener is b.listener and len(_bells[loop]) == 1
        a.close()
        still = len(_bells[loop])
        b.close()
        return shared, still, len(_bells[loop]), b.listener._inotify.closed

    assert run_alone(scenario()) == (True, 1, 0, True)


def test_a_bell_file_replaced_is_watched_again(store):
    sid, aid, _pid = opened(store)
    state_bell = bell_paths(store.url)["state"]

    async def scenario():
        sub = watch(store.url, sid, ["state"])
        state_bell.unlink()  # e.g. a clean-up of the data folder while the workshop runs
        await sub.wait(QUIET)  # heard as a change (a read that finds nothing new costs a few µs)
        await asyncio.to_thread(store.set_activity_state, sid, aid, "closed")
        woken = await sub.wait(QUIET)
        sub.close()
        return woken, state_bell.exists()

    assert run_alone(scenario()) == (True, True)


def test_a_waiting_page_reads_the_store_only_when_a_bell_rings(store):
    """The feed's reads while nothing happens: one (the first draw) in a second, not four a second."""
    sid, aid, _pid = opened(store)

    async def scenario():
        reads, draws = [], []

        def read():
            reads.append(1)
            return store.get_versions(sid)

        feed = ChangeFeed.follow(
            read, lambda: draws.append(1), interval=0.05, hours=1, wake=watch(store.url, sid, ["state"])
        )
        await asyncio.sleep(1.0)
        idle_reads = len(reads)
        await asyncio.to_thread(store.set_activity_state, sid, aid, "closed")
        for _ in range(100):  # the redraw comes with the bell, long before the 5 s fallback read
            if len(draws) == 2:
                break
            await asyncio.sleep(0.02)
        feed.stop()
        return idle_reads, len(draws)

    idle_reads, draws = run_alone(scenario())
    assert idle_reads <= 2 and draws == 2


def test_a_page_that_follows_state_only_is_not_woken_by_votes_at_all(store):
    """Not even its event loop: the room's votes must cost a waiting phone nothing (measured: ~1 ms of
    its kernel's CPU per vote when it watched the tally bell too)."""
    sid, aid, pid = opened(store)

    async def scenario():
        phone = watch(store.url, sid, ["state"])
        heard = []
        original = phone.listener._heard
        phone.listener._heard = lambda: (heard.append(1), original())
        loop = asyncio.get_running_loop()
        loop.remove_reader(phone.listener._inotify.fileno())
        loop.add_reader(phone.listener._inotify.fileno(), phone.listener._heard)
        await asyncio.to_thread(store.record_response, sid, aid, pid, 3)  # a vote
        await asyncio.sleep(QUIET)
        after_vote = len(heard)
        await asyncio.to_thread(store.set_activity_state, sid, aid, "closed")
        woken = await phone.wait(QUIET)
        phone.close()
        return after_vote, woken

    assert run_alone(scenario()) == (0, True)

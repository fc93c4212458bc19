"""The change feed with notifications (PostgreSQL): it reads when woken, at most once per interval,
and every FALLBACK_SECONDS anyway; without them (SQLite) it polls as before."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from widgets.live import ChangeFeed, LiveService
from widgets.live import feed as feed_module
from widgets.settings import Settings
from widgets.store import Store
from widgets.store.notify import Subscription, watch


def run_alone(coro):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


class FakeWake:
    """A subscription the test wakes by hand."""

    def __init__(self):
        self.event = asyncio.Event()
        self.closed = False

    async def wait(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self.event.wait(), timeout)
        except TimeoutError:
            return False
        self.event.clear()
        return True

    def close(self) -> None:
        self.closed = True


async def until(predicate, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.005)


def test_reads_only_when_woken_or_after_the_fallback(monkeypatch):
    monkeypatch.setattr(feed_module, "FALLBACK_SECONDS", 1.0)
    reads = []

    def read():
        reads.append(time.monotonic())
        return ("running", len(reads))

    async def scenario():
        wake = FakeWake()
        feed = ChangeFeed(read, lambda v: None, interval=0.01, wake=wake)
        feed.start()
        await until(lambda: len(reads) == 1)  # the first read…
        await asyncio.sleep(0.3)  # …then a quiet spell, in which nothing may be read
        assert len(reads) == 1  # no notification came
        wake.event.set()
        await until(lambda: len(reads) == 2)
        await until(lambda: len(reads) == 3)  # no notification: the fallback reads anyway…
        assert reads[2] - reads[1] >= 0.9  # …but only after FALLBACK_SECONDS
        feed.stop()
        return wake.closed

    assert run_alone(scenario()) is True


def test_a_burst_of_changes_is_read_at_most_once_per_interval(monkeypatch):
    monkeypatch.setattr(feed_module, "FALLBACK_SECONDS", 60)
    reads = []

    async def scenario():
        wake = FakeWake()
        feed = ChangeFeed(lambda: reads.append(1) or ("running", len(reads)), lambda v: None, 0.1, wake=wake)
        feed.start()
        started = time.monotonic()
        for _ in range(50):  # 50 votes, one every 10 ms
            wake.event.set()
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.15)
        feed.stop()
        return time.monotonic() - started

    elapsed = run_alone(scenario())
    assert 3 <= len(reads) <= elapsed / 0.1 + 2


class RecordingStore:
    """Just what LiveService.follow asks of a store, with the order it asks in."""

    def __init__(self, order: list, wake: FakeWake):
        self.order, self.wake = order, wake

    def watch(self, session_id, kinds=None):
        self.order.append("subscribe")
        return self.wake

    def get_versions(self, session_id):
        self.order.append("read")
        return ("ended", 1, 1)


def test_follow_subscribes_before_its_first_read():
    order, wake = [], FakeWake()
    service = LiveService(RecordingStore(order, wake))

    async def scenario():
        feed = service.follow(1, lambda: order.append("draw"), Settings(poll_interval=0.01))
        await until(lambda: not feed.running)
        return feed

    feed = run_alone(scenario())
    assert order[:3] == ["subscribe", "read", "draw"]
    assert not feed.running and wake.closed  # the session had ended: watching stopped, connection let go


@pytest.mark.parametrize(("kinds", "heard"), [(None, {"state", "tally"}), (["state"], {"state"})])
def test_a_sqlite_store_on_disk_is_watched_through_its_bells(tmp_path, kinds, heard):
    async def scenario():
        with Store(f"sqlite:///{tmp_path / 'w.db'}") as store:
            wake = store.watch(1, kinds)
            wake.close()
            return wake

    wake = run_alone(scenario())
    assert isinstance(wake, Subscription) and wake.kinds == heard  # bells.py


def test_a_sqlite_store_in_memory_is_polled():
    async def scenario():
        with Store("sqlite://") as store:
            return store.watch(1)

    assert run_alone(scenario()) is None


def test_start_without_a_loop_lets_the_subscription_go():
    wake = FakeWake()
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(ChangeFeed(lambda: None, print, wake=wake).start).result() is False
    assert wake.closed


def test_a_change_in_the_store_reaches_the_feed_at_once(store, db_url, monkeypatch):
    """By notification (the fallback is made too long to matter): PostgreSQL's, or SQLite's bells."""
    monkeypatch.setattr(feed_module, "FALLBACK_SECONDS", 60)
    sid = store.add_session("BCDFGH", "plan", "Title", [{"id": "a1", "kind": "scale"}])
    activity = store.get_activities(sid)[0]["id"]

    async def scenario():
        seen = asyncio.Event()
        wake = watch(db_url, sid)
        if not db_url.startswith("sqlite"):
            await asyncio.wait_for(wake.listener.listening.wait(), 10)
        feed = ChangeFeed.follow(
            lambda: store.get_versions(sid), lambda: feed_redrawn(seen), interval=0.05, hours=1, wake=wake
        )
        await asyncio.wait_for(seen.wait(), 5)  # the first draw, before anything changed
        seen.clear()
        started = time.monotonic()
        await asyncio.to_thread(store.set_activity_state, sid, activity, "open")
        await asyncio.wait_for(seen.wait(), 5)
        feed.stop()
        return time.monotonic() - started

    assert run_alone(scenario()) < 2


def feed_redrawn(event: asyncio.Event) -> None:
    event.set()


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("kinds", [["state"], ["state", "tally"]])
def test_participant_style_subscriptions_filter_votes(store, db_url, kinds):
    """A page that only redraws on state changes may ask not to be woken by votes."""
    sid = store.add_session("BCDFGH", "plan", "Title", [{"id": "a1", "kind": "scale"}])
    activity = store.get_activities(sid)[0]["id"]
    store.set_activity_state(sid, activity, "open")
    pid = store.record_participant(sid, "k" * 64)

    async def scenario():
        wake = watch(db_url, sid, kinds)
        await asyncio.wait_for(wake.listener.listening.wait(), 10)
        await wake.wait(0)
        await asyncio.to_thread(store.record_response, sid, activity, pid, 2)
        woken = await wake.wait(1)
        wake.close()
        return woken

    assert run_alone(scenario()) is ("tally" in kinds)

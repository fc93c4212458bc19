import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from widgets.live import ChangeFeed
from widgets.live.feed import DRAW_TRIES


def run_alone(fn, *args):
    """Run in a thread of its own, which has no event loop, whatever the test runner's thread has
    (Playwright's sync API keeps one running in the main thread)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args).result()


def test_calls_back_only_when_the_version_moves():
    versions = iter([("running", 1), ("running", 1), ("running", 2), ("ended", 3)])
    seen = []
    feed = ChangeFeed(lambda: next(versions), seen.append)
    assert feed.poll_once() and feed.poll_once() and feed.poll_once()
    assert not feed.poll_once()  # ended: stop watching
    assert seen == [("running", 1), ("running", 2), ("ended", 3)]


def test_stops_when_the_session_is_gone():
    seen = []
    feed = ChangeFeed(lambda: None, seen.append)
    assert not feed.poll_once()
    assert seen == [None]


async def until(predicate, timeout: float = 5) -> float:
    """Wait for a condition rather than for a fixed time; return how long it took."""
    started = time.monotonic()
    while not predicate():
        assert time.monotonic() - started < timeout, "timed out"
        await asyncio.sleep(0.005)
    return time.monotonic() - started


def test_runs_on_the_event_loop_and_ends_by_itself():
    reads = []

    def read():
        reads.append(1)
        return ("running", len(reads) // 3)

    async def scenario():
        feed = ChangeFeed(read, lambda v: None, interval=0.01, max_seconds=0.2)
        assert feed.start()
        await until(lambda: len(reads) >= 3)  # it reads again and again…
        assert feed.running
        lived = await until(lambda: not feed.running)  # …until its lifetime runs out, so an idle kernel can be culled
        return len(reads), lived

    reads, lived = run_alone(asyncio.run, scenario())
    assert reads >= 3
    assert lived < 2  # it ended by itself, long before the wait would give up


def test_a_failing_read_does_not_kill_the_feed():
    calls = []

    def read():
        calls.append(1)
        if len(calls) == 1:
            raise OSError("store hiccup")
        return ("ended", 1)

    async def scenario():
        feed = ChangeFeed(read, lambda v: None, interval=0.01)
        feed.start()
        await until(lambda: not feed.running)  # the second read said "ended": the failure did not stop it early
        return len(calls)

    assert run_alone(asyncio.run, scenario()) == 2


def test_start_without_a_loop_says_so():
    assert run_alone(ChangeFeed(lambda: None, print).start) is False


def test_a_page_that_draws_itself_is_drawn_again_only_on_a_change():
    """follow(draw=False): the version is read, the caller draws; the feed draws on the next change."""
    versions = iter([("running", 1), ("running", 1), ("running", 2)])
    drawn = []

    async def scenario():
        feed = ChangeFeed.follow(lambda: next(versions, ("ended", 3)), lambda: drawn.append(1), 0.01, 1, draw=False)
        assert drawn == [] and feed.last == ("running", 1)
        await until(lambda: not feed.running)
        return feed

    run_alone(asyncio.run, scenario())
    assert len(drawn) == 2  # version 2, then the end; not the unchanged version 1


class NeverWoken:
    """A wake that never comes (as between two changes of a quiet room)."""

    async def wait(self, timeout: float) -> bool:
        await asyncio.sleep(3600)
        return False

    def close(self) -> None:
        pass


def test_a_draw_that_failed_is_tried_again_without_waiting_for_the_next_change():
    """A page whose redraw failed (its server did not answer in time) would otherwise miss the
    change until the next one: a participant would not see a question just approved."""
    drawn = []

    def redraw(_version):
        drawn.append(1)
        if len(drawn) == 1:
            raise OSError("the participant server did not answer")

    async def scenario():
        feed = ChangeFeed(lambda: ("running", 2), redraw, interval=0.01, wake=NeverWoken())
        feed.last = ("running", 1)
        feed.start()
        await until(lambda: len(drawn) == 2)
        assert feed.last == ("running", 2)
        feed.stop()

    run_alone(asyncio.run, scenario())


def test_a_draw_that_always_fails_is_given_up_until_the_next_change():
    """A bug in drawing one version must not have the page retry (and log) for hours."""
    versions, drawn = [("running", 2)], []

    def redraw(version):
        drawn.append(version)
        if version == ("running", 2):
            raise ValueError("cannot draw this one")

    feed = ChangeFeed(lambda: versions[-1], redraw)
    feed.last = ("running", 1)
    for _ in range(DRAW_TRIES):
        with pytest.raises(ValueError):
            feed.poll_once()
    assert feed.poll_once() and len(drawn) == DRAW_TRIES  # given up: not drawn again
    versions.append(("running", 3))
    assert feed.poll_once() and drawn[-1] == ("running", 3)  # the next change is drawn

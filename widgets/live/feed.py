"""The change feed: a page's kernel reads a version counter and redraws only when it moved.

It runs as a task on the kernel's own event loop (no thread), stops when the session ends or
after a fixed lifetime, and touches widgets only on change, so idle kernels can be culled.
On SQLite it reads every `interval`. On PostgreSQL it reads when a notification says something
changed (see widgets/store/notify.py), at most once per `interval`, and every FALLBACK_SECONDS
in case a notification was lost.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from widgets.store.notify import Subscription

log = logging.getLogger(__name__)
_UNSET = object()  # differs from any version, so the first read always draws
FALLBACK_SECONDS = 5.0  # with notifications: read anyway after this long without one
DRAW_TRIES = 5  # a version whose draw keeps failing (a bug, not a hiccup) is given up after this many


class ChangeFeed:
    """`read` returns a tuple starting with the session status, or None once it is gone."""

    def __init__(
        self,
        read: Callable[[], tuple | None],
        on_change: Callable[[Hashable | None], None],
        interval: float = 0.25,
        max_seconds: float = 6 * 3600,
        wake: Subscription | None = None,
    ):
        self.read = read
        self.on_change = on_change
        self.interval = interval
        self.max_seconds = max_seconds
        self.wake = wake  # None: poll every interval
        self._task: asyncio.Task | None = None
        self.last: Hashable | None = _UNSET
        self.failed = 0  # draws of the newest version that failed

    @classmethod
    def follow(
        cls, read, redraw: Callable[[], None], interval: float, hours: float, wake=None, draw: bool = True
    ) -> ChangeFeed:
        """Draw now and keep drawing on every change. The version is read before the first draw,
        so a change that lands during the draw still triggers the next one. Subscribe `wake` (the
        store's `watch`) before calling, so no change falls between it and the first read.
        `draw=False`: the caller draws, from what it reads after this returns (a phone reads its
        view once on joining: each read is a request to its server)."""
        feed = cls(read, lambda _version: redraw(), interval=interval, max_seconds=hours * 3600, wake=wake)
        try:
            feed.last = read()
            if draw:
                redraw()
        except BaseException:
            feed.stop()  # let the subscription (a connection) go
            raise
        feed.start()
        return feed

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> bool:
        """Watch on the running event loop (a kernel always has one); False where there is none."""
        if self.running:
            return True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            log.warning("no running event loop: this page will not follow live changes")
            self._unsubscribe()
            return False
        self._task = loop.create_task(self._run())
        return True

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._unsubscribe()

    def _unsubscribe(self) -> None:
        if self.wake is not None:
            self.wake.close()

    def poll_once(self) -> bool:
        """Read the version and call on_change if it moved; False means stop watching. A version
        counts as seen only once on_change has returned: a draw that failed (its server slow to
        answer) is tried again, DRAW_TRIES times in all, then the page waits for the next change."""
        version = self.read()
        if version != self.last:
            try:
                self.on_change(version)
            except Exception:
                self.failed += 1
                if self.failed >= DRAW_TRIES:
                    self.last, self.failed = version, 0
                raise
            self.last, self.failed = version, 0
        return version is not None and version[0] == "running"

    async def _run(self) -> None:
        deadline = time.monotonic() + self.max_seconds
        retry = self.interval
        try:
            while time.monotonic() < deadline:
                try:
                    if not self.poll_once():
                        return
                    retry = self.interval
                except Exception:  # a store hiccup must not kill the page, nor wait for the next change
                    log.exception("change feed read failed; trying again in %.1f s", retry)
                    await asyncio.sleep(retry)
                    retry = min(2 * retry, FALLBACK_SECONDS)
                    continue
                await asyncio.sleep(self.interval)  # at most one read per interval, however many changes
                if self.wake is not None:
                    await self.wake.wait(max(0.0, min(FALLBACK_SECONDS, deadline - time.monotonic())))
        finally:
            self._unsubscribe()

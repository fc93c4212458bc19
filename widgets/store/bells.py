"""Change notifications on SQLite: after its commit a writer touches a bell file per kind of change,
and each kernel hears it through inotify, so a page that waits costs nothing instead of a read
four times a second (150 waiting phones held most of a core doing only that).

The bells lie beside the store, as SQLite's own -wal and -shm do: `<file>-state` is touched when a
session's state moved (a poll opened, the next activity), `<file>-tally` when its answers did. A
kernel watches them with one inotify descriptor on its event loop and wakes the feeds that asked
for that kind (notify.Subscription, as PostgreSQL's LISTEN does). A bell names no session: another
session's change costs a page one read of its versions (a few µs).

Where inotify is missing (not Linux) or a bell cannot be made, `listen` returns None and the feed
polls as it always did; a bell missed (a file replaced under a watch) is covered by the feed's
slow fallback read."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)


def bell_paths(url: str) -> dict[str, Path] | None:
    """The bell files of a SQLite store on disk; None for any other store."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    database = Path(parsed.database).resolve()  # writers and kernels may start in different folders
    return {kind: database.with_name(f"{database.name}-{kind}") for kind in ("state", "tally")}


def ring(url: str, kinds: Iterable[str]) -> None:
    """Touch the bells of these kinds (after the commit that made the change, never before)."""
    paths = bell_paths(url) or {}
    for kind in kinds:
        try:
            paths[kind].touch()
        except (KeyError, OSError) as err:  # a page still sees the change at its fallback read
            log.debug("bell %s not rung: %s", kind, err)


class Bells:
    """One kernel's inotify watch on one store's bells, on one event loop."""

    def __init__(self, paths: dict[str, Path], loop: asyncio.AbstractEventLoop):
        from inotify_simple import INotify, flags  # Linux only; `listen` falls back to polling

        self.paths, self.loop, self.subscriptions = paths, loop, set()
        self._flags = flags.ATTRIB | flags.MODIFY | flags.CLOSE_WRITE | flags.DELETE_SELF
        self._inotify = INotify(nonblocking=True)
        self._kind_of: dict[int, str] = {}
        loop.add_reader(self._inotify.fileno(), self._heard)

    def _watch(self, kind: str) -> None:
        self.paths[kind].touch()
        self._kind_of[self._inotify.add_watch(self.paths[kind], self._flags)] = kind

    def add(self, sub):
        """Watch the bells this subscription asks for, and only those: a phone, which follows state
        changes only, is not woken by each of the room's votes (the tally bell)."""
        for kind in sub.kinds - set(self._kind_of.values()):
            self._watch(kind)
        self.subscriptions.add(sub)
        return sub

    def remove(self, sub) -> None:
        self.subscriptions.discard(sub)
        if not self.subscriptions:
            self.close()

    def close(self) -> None:
        if _bells.get(self.loop, {}).get(self.paths["state"]) is self:
            del _bells[self.loop][self.paths["state"]]
        if not self._inotify.closed:
            self.loop.remove_reader(self._inotify.fileno())
            self._inotify.close()

    def _heard(self) -> None:
        from inotify_simple import flags

        heard: set[str] = set()
        for event in self._inotify.read(timeout=0):
            kind = self._kind_of.get(event.wd)
            if kind is None:
                continue
            heard.add(kind)
            if event.mask & (flags.DELETE_SELF | flags.IGNORED):  # the file went: watch the new one
                del self._kind_of[event.wd]
                try:
                    self._watch(kind)
                except OSError as err:
                    log.warning("bell %s lost (%s): pages fall back to slow polling", kind, err)
        for sub in list(self.subscriptions):
            if sub.kinds & heard:
                sub.wake()


def listen(url: str, loop: asyncio.AbstractEventLoop, session_id: int | None, kinds: Iterable[str]):
    """A notify.Subscription woken by this SQLite store's bells; None where there are none."""
    from widgets.store.notify import Subscription

    paths = bell_paths(url)
    if paths is None:
        return None
    mine = _bells.setdefault(loop, {})
    try:
        bells = mine.get(paths["state"])
        if bells is None:
            bells = mine[paths["state"]] = Bells(paths, loop)
        return bells.add(Subscription(bells, session_id, frozenset(kinds)))
    except (ImportError, OSError, AttributeError) as err:  # no inotify (not Linux), no file
        log.info("no change bells here (%s): pages poll the store", err)
        return None


# One watch per event loop and store; a closed loop takes its watches with it.
_bells: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Path, Bells]] = weakref.WeakKeyDictionary()

"""Change notifications on PostgreSQL: writers NOTIFY, each kernel LISTENs on one connection.

`Store._bump` sends `pg_notify('workshop_changes', '<session id> state tally')` in the transaction
that moves a session's version counters; PostgreSQL delivers it at commit to every listening
connection, on every machine. In a kernel, `watch()` hands each change feed a `Subscription`; the
first one opens the kernel's one listening connection (an asyncio task on the kernel's own loop)
and the last one to close shuts it, so a page that stopped watching holds no connection.

SQLite has no such thing: there `watch()` hears the store's bell files instead (bells.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Iterable

from sqlalchemy import Connection, func, select, update
from sqlalchemy.engine import make_url

from widgets.store import bells
from widgets.store.schema import sessions

log = logging.getLogger(__name__)
CHANNEL = "workshop_changes"
KINDS = ("state", "tally")


def bump_and_notify(conn: Connection, session_id: int, values: dict, kinds: Iterable[str]) -> None:
    """The version update and its notification in one statement (one round trip), in the caller's
    transaction: listeners hear of it at commit, never before, and never if it rolls back."""
    payload = " ".join([str(session_id), *kinds])
    bumped = update(sessions).where(sessions.c.id == session_id).values(**values).returning(sessions.c.id)
    conn.execute(select(func.pg_notify(CHANNEL, payload)).select_from(bumped.cte("bumped")))


def listen_dsn(url: str) -> str | None:
    """The libpq address of a PostgreSQL store URL (SQLAlchemy's driver suffix removed); None otherwise."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return None
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def watch(url: str, session_id: int | None = None, kinds: Iterable[str] = KINDS) -> Subscription | None:
    """A subscription to changes of `session_id` (any session if None) on the running event loop:
    PostgreSQL's LISTEN, or a SQLite store's bells (bells.py). None where no loop runs, or neither
    is to be had: the caller then polls."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    dsn = listen_dsn(url)
    if dsn is None:
        return bells.listen(url, loop, session_id, kinds)
    listeners = _listeners.setdefault(loop, {})
    listener = listeners.get(dsn)
    if listener is None or listener.task.done():
        listener = listeners[dsn] = Listener(dsn, loop)
    return listener.add(Subscription(listener, session_id, frozenset(kinds)))


class Subscription:
    """One feed's view of the notifications: `wait()` returns True on a change, False on a timeout."""

    def __init__(self, listener: Listener, session_id: int | None, kinds: frozenset[str]):
        self.listener, self.session_id, self.kinds = listener, session_id, kinds
        self._event = asyncio.Event()

    def wants(self, session_id: int, kinds: set[str]) -> bool:
        return (self.session_id is None or self.session_id == session_id) and bool(self.kinds & kinds)

    def wake(self) -> None:
        self._event.set()

    async def wait(self, timeout: float) -> bool:
        """Wait for a change that arrived since the last wait (returns at once if one did)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)
        woken = self._event.is_set()
        self._event.clear()
        return woken

    def close(self) -> None:
        self.listener.remove(self)


class Listener:
    """The one LISTEN connection of a kernel (per store and event loop); reconnects after a loss,
    waking every subscriber then, as notifications sent meanwhile are lost."""

    def __init__(self, dsn: str, loop: asyncio.AbstractEventLoop):
        self.dsn, self.loop = dsn, loop
        self.subscriptions: set[Subscription] = set()
        self.listening = asyncio.Event()  # set while LISTEN is active (tests wait for it)
        self.task = loop.create_task(self._run())

    def add(self, sub: Subscription) -> Subscription:
        self.subscriptions.add(sub)
        return sub

    def remove(self, sub: Subscription) -> None:
        self.subscriptions.discard(sub)
        if not self.subscriptions:
            self.task.cancel()  # nobody watches: give the connection back to the server
            listeners = _listeners.get(self.loop, {})
            if listeners.get(self.dsn) is self:
                del listeners[self.dsn]

    def dispatch(self, payload: str) -> None:
        session, *kinds = payload.split()
        try:
            session_id = int(session)
        except ValueError:
            return  # not ours
        for sub in list(self.subscriptions):
            if sub.wants(session_id, set(kinds)):
                sub.wake()

    async def _run(self) -> None:
        import psycopg  # the optional PostgreSQL extra: only imported where a PostgreSQL store is used

        delay = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.dsn, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    delay = 0.5
                    for sub in list(self.subscriptions):  # whatever changed before LISTEN took effect
                        sub.wake()
                    async for note in conn.notifies():
                        self.dispatch(note.payload)
            except Exception as err:  # lost connection, server restart, …: the feed's slow poll covers the gap
                log.warning("change notifications lost (%s); listening again in %.1f s", err, delay)
            self.listening.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30)


# One listener per event loop and store; a closed loop takes its listeners with it.
_listeners: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, Listener]] = weakref.WeakKeyDictionary()

"""`<base>workshop/store/…`: the participant server's store, for the kernels it started.

A phone's kernel does not open the store (11 MiB of SQLAlchemy in each of a room's kernels); it
sends each of its page's store verbs here (widgets/live/remote.py) and this server runs them on the
store it holds anyway, in a few threads so its event loop (every phone's websocket) never waits on
the database. `changes` streams a session's changes to each kernel that follows it: one task per
session hears the store's notifications (PostgreSQL's LISTEN, SQLite's bells: notify.py) and reads
the versions once for all its kernels, instead of each kernel doing both.

Only the verbs in `remote.CALLS`, and only for a request carrying the secret this server gave its
kernels (the ballot secret: a page never sees it); anything else is refused and runs nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from jupyter_server.utils import url_path_join
from tornado.iostream import StreamClosedError
from tornado.web import RequestHandler

from widgets.live import LiveService
from widgets.live.ballots import ballot_secret
from widgets.live.feed import FALLBACK_SECONDS
from widgets.live.remote import CALLS, READS, SECRET_HEADER, dumps, loads
from widgets.store import StoreError

log = logging.getLogger(__name__)
STORE_PATH = "workshop/store"  # below the server's base URL
THREADS = 4  # reads overlap; SQLite takes one writer at a time anyway
HEARTBEAT_SECONDS = 25.0  # a line even without a change: the kernel knows the stream is alive
IDLE_SECONDS = 30.0  # a session nobody follows is no longer read
POLL_SECONDS = 0.25  # a store without notifications (SQLite in memory, or not on Linux) is read this often


class KernelStore:
    """What the handlers share: the gate's store, the threads that use it, the secret."""

    def __init__(self, service_factory: Callable[[], LiveService]):
        self._factory = service_factory  # the gate's: one store for the pages, answers and kernels
        self.secret = ballot_secret()
        self.threads = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="kernel-store")
        self._sessions: dict[tuple, SessionVersions] = {}  # followed while kernels wait on them
        self._reading: dict[tuple, asyncio.Future] = {}  # reads under way, by verb and arguments
        self._changes = 0  # writes finished and changes heard: a read begun before the last is not shared after it

    @property
    def store(self):
        return self._factory().store

    def follow(self, session_id: int, kinds: list[str]) -> SessionVersions:
        """The one follower of a session's versions, for every kernel waiting on changes of these
        kinds (phones wait for state changes only, so a room's votes make no read here)."""
        key = (session_id, "tally" in kinds)
        follower = self._sessions.get(key)
        if follower is None or follower.task.done():
            follower = self._sessions[key] = SessionVersions(self, session_id, kinds)
        return follower

    def close(self) -> None:
        """Stop following sessions (and let the store's listener, a connection on PostgreSQL, go)."""
        for follower in list(self._sessions.values()):
            follower.task.cancel()

    def heard(self) -> None:
        """A change was made, maybe elsewhere (the console approved a question): reads under way
        began before it, so they are not shared with the reads that follow it."""
        self._changes += 1

    async def run(self, verb: str, *args):
        return await asyncio.get_running_loop().run_in_executor(self.threads, getattr(self.store, verb), *args)

    async def reply(self, verb: str, args: list) -> bytes:
        """The encoded answer to one call. A read that the same moment's other kernels are already
        waiting for is run and encoded once for all of them: when the facilitator moves on, every
        phone's kernel asks for the same view at once. It is shared only if it began after the
        last write this server finished, so a kernel always reads its own writes, and after the
        last change it heard of (`heard`), so nobody is answered from before a staff page's change."""
        if verb not in READS:
            try:
                return await self._encoded(verb, args)
            finally:
                self.heard()  # this server's own write: a kernel always reads its own writes
        key = (verb, dumps(args), self._changes)
        shared = self._reading.get(key)
        if shared is None:
            shared = self._reading[key] = asyncio.ensure_future(self._encoded(verb, args))
            shared.add_done_callback(lambda _: self._reading.pop(key, None))
        return await asyncio.shield(shared)

    async def _encoded(self, verb: str, args: list) -> bytes:
        try:
            return dumps({"ok": await self.run(verb, *args)}).encode()
        except StoreError as err:  # Conflict and NotFound included: the kernel raises the same
            return dumps({"error": type(err).__name__, "message": str(err)}).encode()


class _KernelRequest(RequestHandler):
    def initialize(self, kernels: KernelStore) -> None:
        self.kernels = kernels

    def check_xsrf_cookie(self) -> None:
        """The secret header is the proof: no page, of this site or another, has it."""

    def prepare(self) -> None:
        sent = self.request.headers.get(SECRET_HEADER, "")
        if not (self.kernels.secret and hmac.compare_digest(sent.encode(), self.kernels.secret.encode())):
            self._reply(403, {"error": "Forbidden", "message": "for this server's kernels only"})

    def _body(self) -> dict:
        try:
            body = loads(self.request.body)
        except (ValueError, UnicodeDecodeError):
            body = None
        return body if isinstance(body, dict) else {}

    def _reply(self, status: int, reply: dict) -> None:
        self.set_status(status)
        self._send(dumps(reply).encode())

    def _send(self, body: bytes) -> None:
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(body)


class StoreCallHandler(_KernelRequest):
    """POST …/store/<verb> {"args": [...]} → {"ok": result} or {"error": "Conflict", "message": …}."""

    async def post(self, verb: str) -> None:
        args = self._body().get("args")
        if verb not in CALLS or not isinstance(args, list):
            return self._reply(400, {"error": "StoreError", "message": f"no such call: {verb}"})
        try:
            body = await self.kernels.reply(verb, args)
        except TypeError as err:  # wrong arguments: a bug in the kernel's code, said plainly
            return self._reply(400, {"error": "StoreError", "message": str(err)})
        self._send(body)


class StoreChangesHandler(_KernelRequest):
    """POST …/store/changes?session=N&kinds=state {"after": versions}: a stream, one JSON line per
    change of the session's versions (of those kinds) past `after`, {"woken": true, "versions": …,
    "view": view_records' reply}, and {"woken": false, "versions": …} every HEARTBEAT_SECONDS
    without one. A kernel holds one for as long as its page follows the session: a change costs this
    server one line per phone, and nothing asks again after it (SessionVersions follows the store)."""

    async def post(self) -> None:
        try:
            session_id = int(self.get_argument("session"))
        except ValueError:
            return self._reply(400, {"error": "StoreError", "message": "session is a number"})
        kinds = [k for k in self.get_argument("kinds", "state,tally").split(",") if k in ("state", "tally")]
        follower = self.kernels.follow(session_id, kinds)
        after = _part(self._body().get("after"), kinds)
        self.set_header("Content-Type", "application/x-ndjson")
        self.set_header("Cache-Control", "no-store")
        try:
            while True:
                moved = await follower.moved_past(after, HEARTBEAT_SECONDS)
                if follower.current is UNREAD:  # the store has not answered yet
                    self.write(b'{"error": "StoreError", "message": "the store did not answer"}\n')
                else:
                    versions = dumps(follower.current).encode()
                    if moved:
                        after = _part(follower.current, kinds)
                        view = await self.kernels.reply("view_records", [session_id])  # once for all woken
                        self.write(b'{"woken": true, "versions": %s, "view": %s}\n' % (versions, view))
                    else:
                        self.write(b'{"woken": false, "versions": %s}\n' % versions)
                    if not (isinstance(follower.current, list) and follower.current[0] == "running"):
                        return  # the session ended (or is gone): its pages stop following it
                await self.flush()
        except StreamClosedError:  # the kernel has gone (its page closed, or culled)
            self._gone = True

    def finish(self, *args, **kwargs):
        if getattr(self, "_gone", False):
            return None  # nobody to finish to
        return super().finish(*args, **kwargs)


UNREAD = object()


class SessionVersions:
    """One session's versions as this server last read them, kept current for every kernel waiting
    on it by one task: it reads them after each notification of a change (and every
    FALLBACK_SECONDS, in case one was lost), and wakes the waits whose kinds moved. A room's waits
    then cost the store one read per change, not one per phone, and a vote wakes no phone."""

    def __init__(self, kernels: KernelStore, session_id: int, kinds: list[str]):
        self.kernels, self.session_id, self.kinds = kernels, session_id, kinds
        self.current = UNREAD
        self.waiting = 0
        self.read = asyncio.Event()  # set once the first read has answered
        self._moved = asyncio.Event()  # replaced each time it fires
        self.task = asyncio.ensure_future(self._follow())

    async def moved_past(self, after, timeout: float) -> bool:
        """Whether the versions (of this follower's kinds) differ from `after`, now or within `timeout`."""
        deadline = time.monotonic() + timeout
        self.waiting += 1
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.read.wait(), timeout)
                while _part(self.current, self.kinds) == after:
                    await asyncio.wait_for(self._moved.wait(), max(0.0, deadline - time.monotonic()))
            return self.current is not UNREAD and _part(self.current, self.kinds) != after
        finally:
            self.waiting -= 1

    async def _follow(self) -> None:
        watching = self.kernels.store.watch(self.session_id, self.kinds)  # before the first read
        idle = 0.0
        try:
            while idle < IDLE_SECONDS:  # nobody has followed it for a while: stop, until the next
                self.kernels.heard()  # woken by a change (or the fallback): read it, not what was under way
                try:
                    reply = loads(await self.kernels.reply("get_versions", [self.session_id]))
                except Exception:  # never leave the waits without a follower
                    log.exception("reading session %s's versions failed", self.session_id)
                    reply = {}
                if "ok" in reply:  # else a store error: the last versions stand, read again soon
                    self._update(reply["ok"])
                started = time.monotonic()
                if watching is None:
                    await asyncio.sleep(POLL_SECONDS)
                else:
                    await watching.wait(FALLBACK_SECONDS)
                idle = 0.0 if self.waiting else idle + time.monotonic() - started
        finally:
            if watching is not None:
                watching.close()

    def _update(self, versions) -> None:
        before, self.current = self.current, versions
        self.read.set()
        if before is not UNREAD and _part(before, self.kinds) != _part(versions, self.kinds):
            event, self._moved = self._moved, asyncio.Event()
            event.set()


def _part(versions, kinds: list[str]):
    """(status, state version[, tally version]): what a watcher of these kinds compares."""
    if not isinstance(versions, list | tuple):
        return versions  # None (no such session), or not read yet
    return list(versions) if "tally" in kinds else list(versions[:2])


def kernel_store_handlers(base: str, service_factory: Callable[[], LiveService]) -> list:
    kernels = KernelStore(service_factory)
    return [
        (url_path_join(base, STORE_PATH, "changes"), StoreChangesHandler, {"kernels": kernels}),
        (url_path_join(base, STORE_PATH, r"(\w+)"), StoreCallHandler, {"kernels": kernels}),
    ]

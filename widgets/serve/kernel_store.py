"""`<base>workshop/store/…`: the participant server's store, for the kernels it started.

A phone's kernel does not open the store (11 MiB of SQLAlchemy in each of a room's kernels); it
sends each of its page's store verbs here (widgets/live/remote.py) and this server runs them on the
store it holds anyway, in a few threads so its event loop (every phone's websocket) never waits on
the database. `wait` answers when a session's versions move, hearing the store's notifications once
for all the kernels (PostgreSQL's LISTEN, SQLite's bells: notify.py) instead of once in each.

Only the verbs in `remote.CALLS`, and only for a request carrying the secret this server gave its
kernels (the ballot secret: a page never sees it); anything else is refused and runs nothing.
"""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from jupyter_server.utils import url_path_join
from tornado.web import RequestHandler

from widgets.live import LiveService
from widgets.live.ballots import ballot_secret
from widgets.live.feed import FALLBACK_SECONDS
from widgets.live.remote import CALLS, READS, SECRET_HEADER, dumps, loads
from widgets.store import StoreError

STORE_PATH = "workshop/store"  # below the server's base URL
THREADS = 4  # reads overlap; SQLite takes one writer at a time anyway
LONGEST_WAIT = 30.0  # seconds a `wait` is held at most
POLL_SECONDS = 0.25  # a store without notifications (SQLite in memory, or not on Linux) is read this often


class KernelStore:
    """What the handlers share: the gate's store, the threads that use it, the secret."""

    def __init__(self, service_factory: Callable[[], LiveService]):
        self._factory = service_factory  # the gate's: one store for the pages, answers and kernels
        self.secret = ballot_secret()
        self.threads = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="kernel-store")
        self._listening = None  # a subscription to every session, kept: see `watch`
        self._reading: dict[tuple, asyncio.Future] = {}  # reads under way, by verb and arguments
        self._writes = 0  # writes finished: a read begun before the last of them is not shared after it

    @property
    def store(self):
        return self._factory().store

    def watch(self, session_id: int, kinds: list[str]):
        """A subscription for one wait. The store's listener (a PostgreSQL connection, or SQLite's
        inotify watch) lives while anyone subscribes, and wakes everyone when it starts: kept up by
        a subscription of the server's own, waits come and go without reconnecting each time."""
        if self._listening is None:
            self._listening = self.store.watch(None)
        return self.store.watch(session_id, kinds)

    def close(self) -> None:
        """Let the store's listener go (its connection, on PostgreSQL) once no wait is held."""
        if self._listening is not None:
            self._listening.close()
            self._listening = None

    async def run(self, verb: str, *args):
        return await asyncio.get_running_loop().run_in_executor(self.threads, getattr(self.store, verb), *args)

    async def reply(self, verb: str, args: list) -> bytes:
        """The encoded answer to one call. A read that the same moment's other kernels are already
        waiting for is run and encoded once for all of them: when the facilitator moves on, every
        phone's kernel asks for the same view at once. It is shared only if it began after the
        last write this server finished, so a kernel always reads its own writes."""
        if verb not in READS:
            try:
                return await self._encoded(verb, args)
            finally:
                self._writes += 1
        key = (verb, dumps(args), self._writes)
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


class StoreWaitHandler(_KernelRequest):
    """POST …/store/wait?session=N&kinds=state&timeout=25 {"after": versions} → {"woken": bool,
    "versions": …, "view": view_records' reply when woken}: at once if the session's versions (of
    those kinds) differ from `after`, else when they move, or at the timeout. Woken or not, it reads
    them again every FALLBACK_SECONDS (a notification lost) and answers with the versions it read last."""

    async def post(self) -> None:
        try:
            session_id = int(self.get_argument("session"))
            timeout = min(float(self.get_argument("timeout", "5")), LONGEST_WAIT)
        except ValueError:
            return self._reply(400, {"error": "StoreError", "message": "session and timeout are numbers"})
        kinds = [k for k in self.get_argument("kinds", "state,tally").split(",") if k in ("state", "tally")]
        after = _part(self._body().get("after"), kinds)
        deadline = time.monotonic() + timeout
        watching = self.kernels.watch(session_id, kinds)  # before the read: nothing falls between
        try:
            while True:
                now = loads(await self.kernels.reply("get_versions", [session_id]))
                if "error" in now:
                    return self._reply(200, now)
                moved, left = _part(now["ok"], kinds) != after, deadline - time.monotonic()
                if moved:  # with what the kernel reads next, read once for every kernel woken with it
                    view = await self.kernels.reply("view_records", [session_id])
                    versions = dumps(now["ok"]).encode()
                    return self._send(b'{"woken": true, "versions": %s, "view": %s}' % (versions, view))
                if left <= 0:
                    return self._reply(200, {"woken": False, "versions": now["ok"]})
                if watching is None:
                    await asyncio.sleep(min(left, POLL_SECONDS))
                else:
                    await watching.wait(min(left, FALLBACK_SECONDS))
        finally:
            if watching is not None:
                watching.close()


def _part(versions, kinds: list[str]):
    """(status, state version[, tally version]): what a watcher of these kinds compares."""
    versions = list(versions) if isinstance(versions, list | tuple) else None
    return versions if versions is None or "tally" in kinds else versions[:2]


def kernel_store_handlers(base: str, service_factory: Callable[[], LiveService]) -> list:
    kernels = KernelStore(service_factory)
    return [
        (url_path_join(base, STORE_PATH, "wait"), StoreWaitHandler, {"kernels": kernels}),
        (url_path_join(base, STORE_PATH, r"(\w+)"), StoreCallHandler, {"kernels": kernels}),
    ]

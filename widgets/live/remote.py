"""The store as a phone's kernel reaches it: through the participant server that started the kernel.

A room holds one kernel per phone, and a kernel that opened the store itself carried SQLAlchemy and
its connections: 11 MiB of every phone's kernel (benchmarks/RESULTS.md). The participant server
already holds the store (for the join gate and the answers phones send it), so its kernels ask it:
`RemoteStore` has the store's verbs that a participant's page uses (`CALLS`), each one small JSON
request to `<base>workshop/store/<verb>` on the server, which runs it on its own store
(widgets/serve/kernel_store.py). `LiveService` runs on it unchanged: every rule (what may be
answered, what the room may see) is still checked in one place, as before.

The server passes its address and its secret to its kernels through the environment
(`STORE_URL_VARIABLE`, and the ballot secret, which only its kernels know: ballots.py). Changes are
heard the same way: `watch` waits on the server, which hears the store's notifications once for all
its kernels. A request that fails is the store not answering (`StoreError`): pages show "try again".
"""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

from widgets.live.ballots import ballot_secret
from widgets.store.errors import Conflict, NotFound, StoreError

log = logging.getLogger(__name__)

STORE_URL_VARIABLE = "WORKSHOP_KERNEL_STORE"  # set by the participant server for its kernels
SECRET_HEADER = "X-Workshop-Kernel"  # noqa: S105 - the name of a header, not a secret
# The store's verbs a participant's page uses, and nothing else: joining, the session and its
# activities, answers and results, the check on joining, questions from the room, certificates.
# The server runs a read that the same moment's other kernels are already waiting for only once.
READS = frozenset(
    {
        "get_session_by_code", "view_records", "get_versions", "get_checkin", "answer_target", "get_response",
        "get_manual_counts", "response_values", "text_records", "activity_options", "question_records",
    }
)  # fmt: skip
WRITES = frozenset(
    {"record_participant", "record_checkin", "record_response", "add_question", "record_question_vote", "record_event"}
)
CALLS = READS | WRITES
ERRORS = {cls.__name__: cls for cls in (Conflict, NotFound, StoreError)}
TIMEOUT_SECONDS = 15.0  # a call; the store's own waits for a lock are shorter
STREAM_SECONDS = 7 * 3600.0  # a stream of changes lasts at most this (a feed stops after 6 hours)
FRESH_SECONDS = 1.0  # what a line of the stream brought stands for the feed's next reads, if that soon


def log_to_server() -> None:
    """Send this kernel's warnings to its server's log (the process's own stderr, which the server
    writes to its log file). ipykernel sends sys.stderr to the page, where nobody reads them."""
    logger = logging.getLogger("widgets")
    if not any(getattr(handler, "to_server", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.__stderr__)
        handler.to_server = True
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("[kernel %(process)d] %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)


def dumps(value) -> str:
    """JSON, with datetimes kept as datetimes (a session's `created_at`)."""
    return json.dumps(value, default=_tagged)


def loads(text: str | bytes):
    return json.loads(text, object_hook=_untagged)


def _tagged(value):
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    raise TypeError(f"{type(value).__name__} cannot be sent")


def _untagged(obj: dict):
    return datetime.fromisoformat(obj["$datetime"]) if obj.keys() == {"$datetime"} else obj


class RemoteStore:
    """The participant's verbs of `Store`, each answered by the server (see the module's docstring)."""

    def __init__(self, url: str, secret: str):
        parts = urlsplit(url)
        self.url = url.rstrip("/") + "/"
        self.host, self.port, self.path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path.rstrip("/")
        self.headers = {SECRET_HEADER: secret, "Content-Type": "application/json"}
        self._conn: http.client.HTTPConnection | None = None
        self._lock = threading.Lock()  # one request at a time on the kept connection
        self.seen: dict[int, list | None] = {}  # each session's versions as last read (RemoteWatch)
        self.fresh: dict[tuple[str, int], tuple[float, dict]] = {}  # replies a wait brought back, and when

    @classmethod
    def from_environment(cls) -> RemoteStore | None:
        """The store of the participant server that started this kernel; None anywhere else."""
        url, secret = os.environ.get(STORE_URL_VARIABLE, ""), ballot_secret()
        return cls(url, secret) if url and secret else None

    def __getattr__(self, verb: str):
        if verb not in CALLS:
            raise AttributeError(f"a phone's page does not {verb!r} (RemoteStore.CALLS)")
        return lambda *args: self.call(verb, *args)

    def call(self, verb: str, *args):
        at, reply = self.fresh.pop((verb, *args), (0.0, None))
        if reply is None or time.monotonic() - at >= FRESH_SECONDS:
            body = dumps({"args": args})
            with self._lock:
                reply = self._request(f"{self.path}/{verb}", body)
        if "error" in reply:
            raise ERRORS.get(reply["error"], StoreError)(reply.get("message", ""))
        if verb == "get_versions":
            self.seen[args[0]] = reply["ok"]
        return reply["ok"]

    def _request(self, path: str, body: str) -> dict:
        """One request on the kept connection; once more on a new one if the kept one had been
        closed meanwhile (the server closes idle ones), which fails before anything is sent."""
        for attempt in (1, 2):
            kept = self._conn is not None
            try:
                if self._conn is None:
                    self._conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_SECONDS)
                self._conn.request("POST", path, body, self.headers)
                response = self._conn.getresponse()
                text = response.read()
                if response.status != 200:
                    raise StoreError(f"the participant server answered {response.status}")
                return loads(text)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as err:
                self._close()
                if not kept or attempt == 2:
                    raise StoreError(f"the participant server did not answer: {err}") from err
            except (OSError, http.client.HTTPException, ValueError) as err:
                self._close()
                raise StoreError(f"the participant server did not answer: {err}") from err
        raise AssertionError("unreachable")

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        with self._lock:
            self._close()

    def watch(self, session_id: int, kinds: Iterable[str] | None = None) -> RemoteWatch:
        return RemoteWatch(self, session_id, list(kinds or ("state", "tally")))


class RemoteWatch:
    """Changes of one session, heard by the server and streamed to this kernel (a line per change,
    serve/kernel_store.py): one request held for as long as the page follows the session. It starts
    from the versions this kernel last read, so a change between that read and the stream is never
    missed. Each line brings the versions (and with a change the session's view records, read once
    for every kernel), which the feed's next reads then take without a request. The interface of
    notify.Subscription, for ChangeFeed: `wait` returns True at a change, False at a heartbeat."""

    def __init__(self, store: RemoteStore, session_id: int, kinds: list[str]):
        self.store, self.session_id, self.kinds = store, session_id, kinds
        self.stream: asyncio.Task | None = None
        self.lines: asyncio.Queue[bool] = asyncio.Queue()

    async def wait(self, timeout: float) -> bool:
        """Until the next line: whether it says the versions moved. The feed's `timeout` (its fallback
        read) is the server's to keep: it reads the versions every 5 s for all its kernels."""
        if self.stream is None or self.stream.done():
            self.stream = asyncio.ensure_future(self._follow())
        woken = await self.lines.get()
        while not self.lines.empty():  # several changes drawn at once: the feed reads the latest
            woken = self.lines.get_nowait() or woken
        return woken

    async def _follow(self) -> None:
        from tornado.httpclient import AsyncHTTPClient, HTTPClientError  # on the kernel's loop

        store, buffer = self.store, b""

        def heard(chunk: bytes) -> None:
            nonlocal buffer
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                self._heard(loads(line))

        url = f"http://{store.host}:{store.port}{store.path}/changes?session={self.session_id}&kinds={','.join(self.kinds)}"
        try:
            await AsyncHTTPClient().fetch(
                url, method="POST", body=dumps({"after": store.seen.get(self.session_id)}), headers=store.headers,
                streaming_callback=heard, connect_timeout=TIMEOUT_SECONDS, request_timeout=STREAM_SECONDS,
            )  # fmt: skip
        except (OSError, HTTPClientError, ValueError) as err:
            log.warning("following changes failed: %s", err)
            await asyncio.sleep(1.0)
        self.lines.put_nowait(True)  # the stream ended: the feed reads for itself, then follows again

    def _heard(self, line: dict) -> None:
        if "versions" in line:
            now = time.monotonic()
            self.store.fresh[("get_versions", self.session_id)] = (now, {"ok": line["versions"]})
            if "view" in line:
                self.store.fresh[("view_records", self.session_id)] = (now, line["view"])
        self.lines.put_nowait(bool(line.get("woken", True)))  # an error line: read for itself

    def close(self) -> None:
        if self.stream is not None:
            self.stream.cancel()

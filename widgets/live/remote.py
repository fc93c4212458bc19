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
HOLD_SECONDS = 25.0  # a wait without a change; the server reads the versions anyway every 5 s meanwhile
FRESH_SECONDS = 1.0  # what a wait brought back stands for the feed's next reads, if that soon


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
    """Changes of one session, heard by the server: `wait` asks it to answer once the session's
    versions (of these kinds) differ from the ones this kernel last read, so a change between a
    read and the wait is never missed, or after HOLD_SECONDS. The server reads them again at least
    every 5 s meanwhile (the fallback each kernel used to do itself) and sends them with its answer,
    with the session's view records when they moved (read once for all the kernels waiting), which
    saves the feed its next reads. The interface of notify.Subscription, for ChangeFeed."""

    def __init__(self, store: RemoteStore, session_id: int, kinds: list[str]):
        self.store, self.session_id, self.kinds = store, session_id, kinds
        self.client = None

    async def wait(self, timeout: float) -> bool:
        """Whether the versions moved; `timeout` is the feed's fallback, which the server keeps."""
        from tornado.httpclient import AsyncHTTPClient, HTTPClientError  # on the kernel's loop

        store = self.store
        query = f"session={self.session_id}&kinds={','.join(self.kinds)}&timeout={HOLD_SECONDS:g}"
        url = f"http://{store.host}:{store.port}{store.path}/wait?{query}"
        self.client = self.client or AsyncHTTPClient()
        try:
            response = await self.client.fetch(
                url, method="POST", body=dumps({"after": store.seen.get(self.session_id)}), headers=store.headers,
                request_timeout=HOLD_SECONDS + 15,
            )  # fmt: skip
            reply = loads(response.body)
            now = time.monotonic()  # the feed reads these next, at once: no request of its own
            store.fresh[("get_versions", self.session_id)] = (now, {"ok": reply["versions"]})
            if "view" in reply:
                store.fresh[("view_records", self.session_id)] = (now, reply["view"])
            return bool(reply["woken"])
        except (OSError, HTTPClientError, ValueError, KeyError) as err:  # the feed reads anyway, then waits again
            log.warning("waiting for changes failed: %s", err)
            await asyncio.sleep(min(timeout, 1.0))
            return True

    def close(self) -> None:
        """Nothing is held between waits: the server lets a wait go when its request ends."""

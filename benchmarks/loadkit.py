"""The parts of the load generator: a participant's page and a facilitator's console driven over
the Jupyter kernel protocol exactly as their browsers drive them, and a sampler of the servers'
processes (CPU time, memory, kernels).

A participant does what a phone does: GET the page, fetch the static files the page loads (six at a
time, gzip accepted, as a browser with an empty cache), open the kernel websocket, ask for every
widget's state, then act as the page does: report its browser key and ?join= code through widget
comm messages (identity.js), and answer a choice question with the ballot its kernel gave the page,
POSTed to the participant server (choice.js); other answers go through the kernel (a custom "choose"
message and a "click"). Nothing is written to the store but through the kit's own routes.

The facilitator runs in a process of its own (`facilitator_process`), so that the time at which its
console shows a new count is not delayed by the participants' event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import psutil
import repo_path  # noqa: F401 - the repository root on sys.path, for testkit (not installed)
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1
from tornado.httpclient import AsyncHTTPClient

from testkit import is_kernel_argv
from testkit.kernel_client import WIDGET_PROTOCOL, KernelClient, Widget, new_key, option_value

SAVED = "Answer saved. You can change it while the poll is open."
COUNT = re.compile(r"^(\d+) responses?$")
V1 = "v1.kernel.websocket.jupyter.org"
PARTS = ("header", "parent_header", "metadata", "content")
ASSETS_AT_ONCE = 6  # what a browser opens per host over HTTP/1.1
ASSET_RE = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"')


async def get(url: str, timeout: float, **kwargs):
    return await AsyncHTTPClient().fetch(url, request_timeout=timeout, raise_error=False, **kwargs)


async def fetch_assets(page_url: str, paths: list[str], timeout: float) -> tuple[int, int]:
    """GET every static file the page loads as a browser does: over ASSETS_AT_ONCE kept-alive
    connections, gzip accepted, the page as Referer. Returns (bytes on the wire, failures).

    A minimal HTTP/1.1 client: the generator's own cost per request must stay far below the
    server's, or a room's 14,000 requests would measure the generator (tornado's client opens a
    connection per request and costs several times more)."""
    parts = urlsplit(page_url)
    todo = list(paths)
    wire = failed = 0

    async def connection() -> None:
        nonlocal wire, failed
        reader = writer = None
        try:
            while todo:
                path = todo.pop(0)
                if writer is None:
                    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
                writer.write(
                    f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept-Encoding: gzip\r\n"
                    f"Referer: {page_url}\r\nConnection: keep-alive\r\n\r\n".encode()
                )
                status, size, close, _body = await asyncio.wait_for(_read_response(reader), timeout)
                wire += size
                failed += status != 200
                if close:
                    writer.close()
                    writer = None
        finally:
            if writer is not None:
                writer.close()

    await asyncio.gather(*(connection() for _ in range(min(ASSETS_AT_ONCE, len(todo)))))
    return wire, failed


async def post_json(url: str, body: dict, timeout: float) -> tuple[int, dict]:
    """POST a JSON body on a connection of its own, with the same minimal client (what fetch() does
    for choice.js's answer); returns (status, the JSON reply)."""
    parts = urlsplit(url)
    data = json.dumps(body).encode()
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(
            f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode()
            + data
        )
        status, _size, _close, reply = await asyncio.wait_for(_read_response(reader), timeout)
    finally:
        writer.close()
    return status, json.loads(reply)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
    size, body = len(head), b""
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
        size += len(body)
    elif headers.get("transfer-encoding") == "chunked":
        while (n := int((await reader.readline()).strip() or b"0", 16)) > 0:
            chunk = await reader.readexactly(n + 2)
            body += chunk[:-2]
            size += len(chunk)
        await reader.readline()
    return status, size, headers.get("connection", "").lower() == "close", body


def html_assets(html: str) -> list[str]:
    """The scripts and stylesheets a page names in its HTML (without a browser: the minimum)."""
    return [u for u in ASSET_RE.findall(html) if not u.startswith(("http:", "https:", "data:", "//"))]


async def open_page(url: str, assets: list[str] | None, timeout: float) -> tuple[KernelClient, dict]:
    """Load a page as a browser does; returns the client and the times (s) of each step."""
    t0 = time.time()
    response = await get(url, timeout)
    if response.code != 200:
        raise RuntimeError(f"GET {url}: HTTP {response.code}")
    t_html = time.time()
    html = response.body.decode(errors="replace")
    wire, failed = await fetch_assets(url, html_assets(html) if assets is None else assets, timeout)
    t_assets = time.time()
    parts = urlsplit(url)
    headers = {"Origin": f"{parts.scheme}://{parts.netloc}"}
    if cookies := "; ".join(c.split(";", 1)[0] for c in response.headers.get_list("Set-Cookie")):
        headers["Cookie"] = cookies
    if token := parse_qs(parts.query).get("token", [""])[0]:
        headers["Authorization"] = f"token {token}"
    client = TimedClient(url, html, headers)
    await client.connect(timeout)
    times = {"start": t0, "html": t_html, "assets": t_assets, "widgets": time.time(), "asset_wire": wire}
    times["asset_failures"] = failed
    return client, times


class TimedClient(KernelClient):
    """A page as a browser has it: it speaks the websocket protocol JupyterLab's front end uses
    (v1.kernel.websocket.jupyter.org: the server passes the kernel's frames through without decoding
    them, which costs it much less than the JSON protocol) and notes when the kernel has finished
    handling each message (its "idle" status), so an action is timed without extra messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.done_at: dict[str, float] = {}

    subprotocols = (V1,)  # the binary protocol JupyterLab speaks

    async def send(self, msg: dict | str | bytes) -> None:
        if isinstance(msg, dict):
            parts = [json.dumps(msg[k]).encode() for k in PARTS]
            msg = serialize_msg_to_ws_v1([*parts, *msg.get("buffers", [])], msg.get("channel", "shell"))
        await self.ws.write_message(msg, binary=isinstance(msg, bytes))

    def _decode(self, frame: bytes) -> dict:
        channel, parts = deserialize_msg_from_ws_v1(frame)
        msg = dict(zip(PARTS, map(json.loads, parts[:4]), strict=True))
        msg.update(channel=channel, buffers=parts[4:])
        return msg

    def _handle(self, msg: dict) -> None:
        super()._handle(msg)
        idle = msg["header"]["msg_type"] == "status" and (msg.get("content") or {}).get("execution_state") == "idle"
        if idle and (parent := (msg.get("parent_header") or {}).get("msg_id")):
            self.done_at[parent] = time.time()

    async def send_tracked(self, model_id: str, content: object) -> str:
        """A widget's custom message (a click, a choice); returns its id, to wait for with `handled`."""
        msg = self.message("comm_msg", {"comm_id": model_id, "data": {"method": "custom", "content": content}},
                           {"version": WIDGET_PROTOCOL})  # fmt: skip
        await self.send(msg)
        return msg["header"]["msg_id"]

    async def handled(self, msg_id: str, timeout: float) -> float:
        """When the kernel finished handling that message (everything it sent back is out by then)."""
        return await self.wait_for(lambda: self.done_at.get(msg_id), timeout, "the kernel to handle it")


def control(page: KernelClient) -> Widget | None:
    """The answer input on screen: a group of choices (or a text box)."""
    return next((w for w in page.visible() if "pw-control" in w.state.get("_dom_classes", [])), None)


@dataclass
class Participant:
    """One simulated phone on our participant page."""

    index: int
    page: KernelClient | None = None
    times: dict = field(default_factory=dict)
    key: str = field(default_factory=new_key)
    votes: list[tuple[int, object, float, float]] = field(default_factory=list)  # (position, value, sent, saved)
    error: str = ""

    @property
    def status(self) -> str:
        found = [w for w in self.page.find(anywidget="StatusMessage") if w.state.get("tone") != "quiet"]
        return str(found[0].state.get("text", "")) if found else ""

    async def arrive(self, url: str, code: str, assets: list[str] | None, timeout: float) -> None:
        self.page, self.times = await open_page(url, assets, timeout)
        await self.page.update(self.page.find(anywidget="BrowserIdentity")[0].model_id, {"key": self.key, "join": code})
        await self.page.wait_for(lambda: self.page.find(text="Activity 1 of "), timeout, "the first activity")
        self.times["joined"] = time.time()

    async def wait_title(self, position: int, timeout: float) -> float:
        await self.page.wait_for(lambda: self.page.find(text=f"Activity {position + 1} of "), timeout, "the activity")
        return time.time()

    async def wait_open(self, timeout: float) -> float:
        await self.page.wait_for(lambda: self.page.button("Submit answer"), timeout, "the Submit answer button")
        return time.time()

    def choice(self, nth: int):
        """The nth option of the question on screen, as choice.js would send it."""
        box = control(self.page)
        options = box.state.get("options") or []
        key = options[nth % len(options)][1]
        return [key] if box.state.get("multiple") else key

    async def vote(self, position: int, nth: int, timeout: float) -> None:
        """Choose the nth option and press Submit answer as the page does: a choice question with a
        ballot (choice.js) posts the answer to the participant server; anything else sends the
        kernel its change and a click. Waits until the page would say the answer was saved."""
        box = control(self.page)
        value = self.choice(nth)
        sent = time.time()
        if box.state.get("ballot"):
            stored = option_value(box, value)
            status, reply = await post_json(*self.page.answer_request(stored, box), timeout)
            done = time.time()
            if not reply.get("saved") or reply.get("message") != SAVED:
                raise RuntimeError(f"the page says {reply.get('message')!r} (HTTP {status}) after Submit answer")
            self.votes.append((position, stored, sent, done))
            return
        await self.page.send_tracked(box.model_id, {"event": "choose", "value": value})
        click = await self.page.send_tracked(self.page.button("Submit answer").model_id, {"event": "click"})
        done = await self.page.handled(click, timeout)
        if self.status != SAVED:
            raise RuntimeError(f"the page says {self.status!r} after Submit answer")
        self.votes.append((position, value, sent, done))


# -- the facilitator, in its own process -----------------------------------------------------------
class _Console(TimedClient):
    """The facilitator's console, noting when the response count it shows changes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.counts: list[tuple[float, int]] = []

    def _set(self, model_id: str, state: dict) -> None:
        super()._set(model_id, state)
        if isinstance(state.get("text"), str) and (m := COUNT.match(state["text"])):
            self.counts.append((time.time(), int(m.group(1))))


def facilitator_process(conn, staff_url: str, timeout: float) -> None:
    """Open the console and obey commands from `conn`: ("click", label) -> time sent;
    ("counts",) -> [(time, count)…] seen so far; ("stop",)."""
    asyncio.run(_facilitate(conn, staff_url, timeout))


async def _facilitate(conn, staff_url: str, timeout: float) -> None:
    AsyncHTTPClient.configure(None, max_clients=10)
    response = await get(staff_url, timeout)
    parts = urlsplit(staff_url)
    headers = {
        "Origin": f"{parts.scheme}://{parts.netloc}",
        "Authorization": f"token {parse_qs(parts.query)['token'][0]}",
    }
    console = _Console(staff_url, response.body.decode(errors="replace"), headers)
    await console.connect(timeout)
    await console.wait_for(lambda: console.button("Open poll"), timeout, "the console")
    commands: asyncio.Queue = asyncio.Queue()
    loop = asyncio.get_running_loop()
    loop.add_reader(conn.fileno(), lambda: commands.put_nowait(conn.recv()))
    conn.send(("ready", time.time()))
    while True:
        command = await commands.get()
        if command[0] == "click":
            target = await console.wait_for(_enabled(console, command[1]), timeout, command[1])
            sent = time.time()
            await console.click(target.model_id)
            conn.send(("clicked", sent))
        elif command[0] == "counts":
            conn.send(("counts", list(console.counts)))
        elif command[0] == "stop":
            await console.close()
            conn.send(("stopped", time.time()))
            return


def _enabled(console: KernelClient, label: str):
    return lambda: (b := console.button(label)) and not b.state.get("disabled") and b


# -- the servers' processes ------------------------------------------------------------------------
def is_kernel(p: psutil.Process) -> bool:
    with contextlib.suppress(psutil.Error):
        return is_kernel_argv(p.cmdline())
    return False


class Sampler:
    """CPU seconds used by a process tree, including children that have exited since (sampled every
    `every` s, so at most that much of an exiting child's time is missed)."""

    def __init__(self, root: psutil.Process, every: float = 0.5):
        self.root, self.every = root, every
        self.cpu: dict[int, float] = {}
        self.machine0, self.me0, self.wall0 = _busy(), _own(), time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def sample(self) -> float:
        procs = [self.root]
        with contextlib.suppress(psutil.Error):
            procs += self.root.children(recursive=True)
        for p in procs:
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                self.cpu[p.pid] = t.user + t.system
        return sum(self.cpu.values())

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def by_role(self) -> dict[str, float]:
        """CPU seconds so far per role: each server, and the kernels under it."""
        self.sample()
        roles: dict[str, float] = {}
        for server in [self.root, *_children(self.root)]:
            name = "participant" if "participant.ipynb" in _cmd(server) else "staff"
            name = "cli" if server is self.root and "widgets.cli" in _cmd(server) else name
            roles[f"{name} server"] = roles.get(f"{name} server", 0) + self.cpu.get(server.pid, 0)
            if server is not self.root:
                pids = {k.pid for k in _children(server)}
                roles[f"{name} kernels"] = roles.get(f"{name} kernels", 0) + sum(self.cpu.get(p, 0) for p in pids)
        return roles

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.sample()

    def share(self) -> dict[str, float]:
        """How busy the machine was since the start, as % of all its cores: our servers and kernels,
        this load generator, and everything else (other people's work on a shared machine)."""
        wall = (time.monotonic() - self.wall0) * psutil.cpu_count()
        ours, me = sum(self.cpu.values()), _own() - self.me0
        return {
            "servers and kernels": 100 * ours / wall,
            "load generator": 100 * me / wall,
            "other processes": max(0.0, 100 * (_busy() - self.machine0 - ours - me) / wall),
        }


def _busy() -> float:
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0) + getattr(t, "steal", 0)


def _own() -> float:
    t = psutil.Process().cpu_times()
    return t.user + t.system + t.children_user + t.children_system


def _children(p: psutil.Process) -> list[psutil.Process]:
    with contextlib.suppress(psutil.Error):
        return p.children()
    return []


def _cmd(p: psutil.Process) -> str:
    with contextlib.suppress(psutil.Error):
        return " ".join(p.cmdline())
    return ""


def memory(pids: list[int]) -> list[dict]:
    """RSS, USS and PSS (MiB) of each process still alive."""
    out = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            m = psutil.Process(pid).memory_full_info()
            out.append({"rss": m.rss / 2**20, "uss": m.uss / 2**20, "pss": m.pss / 2**20})
    return out


def kernels(server: psutil.Process) -> list[psutil.Process]:
    with contextlib.suppress(psutil.Error):
        return [p for p in server.children(recursive=True) if is_kernel(p)]
    return []


async def wait_gone(pids: list[int], started: float, timeout: float) -> dict[int, float | None]:
    """Seconds from `started` until each process exited (None: still running after `timeout`)."""
    gone: dict[int, float | None] = dict.fromkeys(pids)
    while time.time() - started < timeout and any(v is None for v in gone.values()):
        for pid, at in gone.items():
            if at is None and not psutil.pid_exists(pid):
                gone[pid] = time.time() - started
        await asyncio.sleep(0.2)
    return gone


async def loop_lag(samples: list[float], stop: asyncio.Event, every: float = 0.05) -> None:
    """How late this event loop wakes up: what the load generator itself adds to its timings."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        t = loop.time()
        await asyncio.sleep(every)
        samples.append(loop.time() - t - every)

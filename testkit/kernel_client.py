"""Talk to a Voilà page the way a browser does, without a browser: for hostile-input tests and load.

A browser loads the page (Voilà has already run the notebook in a new kernel by the time the HTML
arrives), reads the kernel id from ``<script id="jupyter-config-data">``, opens the kernel's
websocket and asks the ipywidgets 8 control comm for every widget's state. After that, everything a
person does is a comm message: an ``update`` when a value changes, a ``custom`` click for a button.
`KernelClient` does exactly that and nothing more, so a test can send what no browser would.

It is asyncio (tornado), so one event loop can carry many clients; in a synchronous test, write the
scenario as a coroutine and run it with ``asyncio.run``::

    async def scenario():
        page = await KernelClient.open(f"{base}/?join={code}")
        await page.update(page.find(anywidget="BrowserIdentity")[0].model_id, {"key": new_key(), "join": code})
        await page.wait_for(lambda: page.find(text="Activity 1 of 6"))
        await page.close()
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import secrets
import struct
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from widgets.serve.answers import ANSWER_PATH

CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>', re.S)
OUTPUT = re.compile(r'<script type="application/vnd\.voila\.cell-output\+json">\s*(.*?)\s*</script>', re.S)
PLACE = re.compile(r'<div data-pw-view="([0-9a-f]+)"')  # the lean participant page (template workshop-phone)
VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_PROTOCOL = "2.1.0"  # ipywidgets 8 comm metadata
CONTROL_PROTOCOL = "1.0.0"  # the jupyter.widget.control comm
REF = "IPY_MODEL_"


class PageError(RuntimeError):
    """The page did not load, or has no kernel (e.g. a refused request or a failed notebook)."""


def new_key() -> str:
    """A browser key as identity.js makes one: 18 random bytes, URL-safe base64 (24 characters)."""
    return secrets.token_urlsafe(18)


def page_config(html: str) -> dict:
    """The JSON in ``<script id="jupyter-config-data">``; PageError if the page has none."""
    found = CONFIG.search(html)
    if not found:
        raise PageError("no jupyter-config-data in the page")
    return json.loads(found.group(1))


@dataclass
class Widget:
    """What the kernel has told us about one widget model."""

    model_id: str
    model_name: str
    state: dict = field(default_factory=dict)
    closed: bool = False

    @property
    def children(self) -> list[str]:
        return [c[len(REF) :] for c in self.state.get("children", []) if isinstance(c, str) and c.startswith(REF)]

    @property
    def text(self) -> str:
        """What a person reads on it: an HTML/Label value, a button's or checkbox's description, a message,
        a group of choices' legend, hint and option labels (a ChoiceGroup's `options` are [label, key] pairs)."""
        parts = [self.state.get(k) for k in ("description", "value", "text", "_options_labels", "legend", "hint")]
        options = self.state.get("options")
        if isinstance(options, list):
            parts.append([o[0] for o in options if isinstance(o, list) and o and isinstance(o[0], str)])
        return " ".join(
            " ".join(x for x in p if isinstance(x, str)) if isinstance(p, list) else p
            for p in parts
            if p and isinstance(p, str | list)
        )


def _binary(frame: bytes) -> dict:
    """Jupyter's legacy binary websocket frame: count, offsets, JSON message, then buffers."""
    (n,) = struct.unpack("!i", frame[:4])
    offsets = [*struct.unpack("!" + "I" * n, frame[4 : 4 * (n + 1)]), None]
    parts = [frame[a:b] for a, b in itertools.pairwise(offsets)]
    msg = json.loads(parts[0].decode())
    msg["buffers"] = parts[1:]
    return msg


def _put_buffers(state: dict, paths: list, buffers: list) -> None:
    for path, buf in zip(paths or [], buffers or [], strict=False):
        target = state
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = buf


def option_value(form: Widget, key):
    """What choice.js sends for the option key(s) chosen in a form: the values as stored."""
    values = dict(zip([k for _label, k in form.state["options"]], form.state["values"], strict=True))
    return [values[k] for k in key] if isinstance(key, list) else values[key]


class KernelClient:
    """One loaded Voilà page: its kernel websocket and the widget models it has been told about."""

    subprotocols: tuple[str, ...] = ()  # websocket protocols to ask for (none: the JSON one)

    def __init__(self, page_url: str, html: str, headers: dict[str, str]):
        self.page_url, self.html, self.headers = page_url, html, headers
        self.config = page_config(html)
        self.kernel_id: str = self.config.get("kernelId") or ""
        if not self.kernel_id:
            raise PageError(f"GET {page_url}: the page has no kernel")
        outputs = [json.loads(o).get("data", {}) for o in OUTPUT.findall(html)]
        # The widgets the notebook displayed: in Voilà's lab page, or in the lean page's places for them.
        self.roots = [o[VIEW]["model_id"] for o in outputs if VIEW in o] + PLACE.findall(html)
        self.session = uuid.uuid4().hex  # kept across reconnects, as a browser tab keeps its own
        self.widgets: dict[str, Widget] = {}
        self.updates: deque[tuple[str, dict]] = deque(maxlen=20_000)  # (model id, state) as they arrived
        self.custom: deque[tuple[str, dict]] = deque(maxlen=1_000)  # custom messages from the kernel
        self.shell_replies: deque[str] = deque(maxlen=1_000)  # ids of the requests the kernel answered
        self.execution_state = "unknown"
        self.closed = True
        self.ws = self._reader = None
        self._control = ""
        self._states_seen = False
        self._replies: dict[str, asyncio.Future] = {}
        self._changed = asyncio.Event()

    # -- connecting -------------------------------------------------------------------------------
    @classmethod
    async def open(cls, page_url: str, *, timeout: float = 60, load_widgets: bool = True) -> KernelClient:
        """GET the page (Voilà runs the notebook meanwhile), connect to its kernel, load every widget state."""
        response = await AsyncHTTPClient().fetch(page_url, request_timeout=timeout, raise_error=False)
        if response.code != 200:
            raise PageError(f"GET {page_url}: HTTP {response.code}")
        parts = urlsplit(page_url)
        headers = {"Origin": f"{parts.scheme}://{parts.netloc}"}
        if cookies := "; ".join(c.split(";", 1)[0] for c in response.headers.get_list("Set-Cookie")):
            headers["Cookie"] = cookies
        if token := parse_qs(parts.query).get("token", [""])[0]:
            headers["Authorization"] = f"token {token}"
        client = cls(page_url, response.body.decode(errors="replace"), headers)
        await client.connect(timeout, load_widgets)
        return client

    async def connect(self, timeout: float = 60, load_widgets: bool = True) -> None:
        """Open the kernel websocket (again, after the server closed it, as a browser reconnects)."""
        if self.ws is not None:
            await self.close()
        netloc = urlsplit(self.page_url).netloc
        url = f"ws://{netloc}/api/kernels/{self.kernel_id}/channels?session_id={self.session}"
        request = HTTPRequest(url, headers=self.headers, request_timeout=timeout)
        self.ws = await websocket_connect(
            request, max_message_size=64 * 2**20, subprotocols=list(self.subprotocols) or None
        )
        if self.subprotocols and self.ws.selected_subprotocol not in self.subprotocols:
            raise RuntimeError(f"the server accepted none of the websocket protocols {self.subprotocols}")
        self.closed, self._control = False, ""
        self._reader = asyncio.get_running_loop().create_task(self._read())
        if load_widgets:
            await self.request_states(timeout)

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
        self.closed = True

    async def shutdown(self, timeout: float = 30) -> int:
        """Close the page as a browser tab does: Voilà's beforeunload beacon asks the server to stop the
        kernel (POST /voila/api/shutdown/<id>). Returns the HTTP status (204 when it was stopped)."""
        await self.close()
        parts = urlsplit(self.page_url)
        response = await AsyncHTTPClient().fetch(
            f"{parts.scheme}://{parts.netloc}/voila/api/shutdown/{self.kernel_id}", method="POST", body="",
            headers=self.headers, request_timeout=timeout, raise_error=False,
        )  # fmt: skip
        return response.code

    # -- the Jupyter message protocol -------------------------------------------------------------
    def message(self, msg_type: str, content: dict, metadata: dict | None = None, channel: str = "shell") -> dict:
        header = {
            "msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session, "username": "",
            "date": datetime.now(UTC).isoformat(), "version": "5.3",
        }  # fmt: skip
        return {"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content,
                "channel": channel, "buffers": []}  # fmt: skip

    async def send(self, msg: dict | str | bytes) -> None:
        """Send a message as it is: a dict is JSON-encoded, a str or bytes goes out raw (for malformed input)."""
        await self.ws.write_message(json.dumps(msg) if isinstance(msg, dict) else msg, binary=isinstance(msg, bytes))

    async def request(self, msg_type: str, content: dict, timeout: float = 10) -> dict:
        """Send a shell request and return the kernel's reply to it."""
        msg = self.message(msg_type, content)
        reply = self._replies[msg["header"]["msg_id"]] = asyncio.get_running_loop().create_future()
        await self.send(msg)
        try:
            return await asyncio.wait_for(reply, timeout)
        finally:
            self._replies.pop(msg["header"]["msg_id"], None)

    async def kernel_info(self, timeout: float = 10) -> dict:
        """The kernel's kernel_info_reply: proof that it is alive and reading its shell channel."""
        return await self.request("kernel_info_request", {}, timeout)

    async def comm_msg(self, comm_id: str, data: dict, version: str = WIDGET_PROTOCOL) -> None:
        await self.send(self.message("comm_msg", {"comm_id": comm_id, "data": data}, {"version": version}))

    async def request_states(self, timeout: float = 30) -> None:
        """Open the jupyter.widget.control comm (once) and wait for the full state of every widget."""
        if not self._control:
            self._control = uuid.uuid4().hex
            content = {"comm_id": self._control, "target_name": "jupyter.widget.control", "data": {}}
            await self.send(self.message("comm_open", content, {"version": CONTROL_PROTOCOL}))
        self._states_seen = False
        await self.comm_msg(self._control, {"method": "request_states"}, CONTROL_PROTOCOL)
        await self.wait_for(lambda: self._states_seen, timeout, "update_states")

    # -- what a person does -----------------------------------------------------------------------
    async def update(self, model_id: str, state: dict) -> None:
        """Change widget values, as typing or choosing does (and, as in a browser, in our copy at once)."""
        await self.comm_msg(model_id, {"method": "update", "state": state, "buffer_paths": []})
        self._set(model_id, state)

    async def click(self, model_id: str) -> None:
        await self.send_custom(model_id, {"event": "click"})

    async def send_custom(self, model_id: str, content: object) -> None:
        """A widget's custom message, as a button's click or a group of choices' change sends one."""
        await self.comm_msg(model_id, {"method": "custom", "content": content})

    def form(self) -> Widget | None:
        """The choice question on screen with its own button (ChoiceGroup.as_form), if one is."""
        return next((w for w in self.find(anywidget="ChoiceGroup") if w.state.get("submit")), None)

    def button(self, description: str) -> Widget | None:
        """A button by its label: an ipywidgets Button, or a choice question's own (its form)."""
        found = self.find("ButtonModel", description=description)
        if found:
            return found[0]
        form = self.form()
        return form if form and form.state.get("submit") == description else None

    def answer_request(self, value, form: Widget | None = None) -> tuple[str, dict]:
        """Where choice.js posts an answer (as stored: a scale's number) and the JSON body it sends."""
        form = form or self.form()
        parts = urlsplit(self.page_url)
        base = self.config.get("baseUrl") or "/"
        body = {"ballot": form.state.get("ballot", ""), "activity": form.state.get("activity"), "value": value}
        return f"{parts.scheme}://{parts.netloc}{base}{ANSWER_PATH}", body

    async def post_answer(self, value, form: Widget | None = None, timeout: float = 60) -> dict:
        """What choice.js does with a ballot: POST the answer straight to the server that served the
        page, with the page's cookies (sticky routing: deploy/); returns the reply."""
        url, body = self.answer_request(value, form)
        response = await AsyncHTTPClient().fetch(
            url, method="POST", body=json.dumps(body), headers={**self.headers, "Content-Type": "application/json"},
            request_timeout=timeout, raise_error=False,
        )  # fmt: skip
        return json.loads(response.body)

    async def answer(self, key: str, form: Widget | None = None, timeout: float = 60) -> dict:
        """Choose the option `key` of the form on screen and press its button, as choice.js does."""
        form = form or self.form()
        return await self.post_answer(option_value(form, key), form, timeout)

    async def join(self, code: str, key: str | None = None) -> str:
        """Do what identity.js does on a participant page: report the browser key and the ?join= code."""
        key = key or new_key()
        await self.update(self.find(anywidget="BrowserIdentity")[0].model_id, {"key": key, "join": code})
        return key

    # -- reading the page -------------------------------------------------------------------------
    def visible(self, root: str | None = None) -> list[Widget]:
        """Widgets on screen: the tree under the page's root widget(s), without display:none boxes."""
        out, todo, seen = [], [root] if root else list(self.roots), set()
        while todo:
            w = self.widgets.get(todo.pop(0))
            if w is None or w.model_id in seen or w.closed:
                continue
            seen.add(w.model_id)
            layout = self.widgets.get(str(w.state.get("layout", ""))[len(REF) :])
            if layout and layout.state.get("display") == "none":
                continue
            out.append(w)
            todo[:0] = w.children
        return out

    def find(self, model_name: str = "", *, text: str = "", description: str = "", anywidget: str = "",
             visible: bool = True) -> list[Widget]:  # fmt: skip
        """Widgets matching every criterion given: model name, text contained, exact description, anywidget class."""
        pool = self.visible() if visible and self.roots else list(self.widgets.values())
        return [
            w for w in pool
            if (not model_name or w.model_name == model_name)
            and (not text or text in w.text)
            and (not description or w.state.get("description") == description)
            and (not anywidget or str(w.state.get("_anywidget_id", "")).endswith("." + anywidget))
        ]  # fmt: skip

    def page_text(self, limit: int = 200) -> str:
        """The visible text, one widget a line (each cut to `limit` characters), for failure messages."""
        return "\n".join(w.text[:limit] for w in self.visible() if w.text)

    async def wait_for(self, predicate: Callable[[], object], timeout: float = 10, what: str = "", poll: float = 0.1):
        """Return predicate()'s first truthy value, re-checked on every message (and every `poll` seconds,
        for conditions outside the page, such as the store); TimeoutError after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            if self.closed:
                raise ConnectionError(f"the kernel websocket closed while waiting for {what or predicate}")
            left = deadline - loop.time()
            if left <= 0:
                raise TimeoutError(f"no {what or predicate} within {timeout} s; the page shows:\n{self.page_text()}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, poll))

    # -- receiving --------------------------------------------------------------------------------
    def _decode(self, frame: bytes | str) -> dict:
        """One websocket frame as a message (a subclass speaking another protocol replaces this)."""
        return _binary(frame) if isinstance(frame, bytes) else json.loads(frame)

    async def _read(self) -> None:
        try:
            while (frame := await self.ws.read_message()) is not None:
                self._handle(self._decode(frame))
                self._changed.set()
        finally:
            self.closed = True
            self._changed.set()

    def _handle(self, msg: dict) -> None:
        kind, content = msg["header"]["msg_type"], msg.get("content") or {}
        parent = (msg.get("parent_header") or {}).get("msg_id")
        if msg.get("channel") == "shell":
            self.shell_replies.append(parent)
            if parent in self._replies and not self._replies[parent].done():
                self._replies[parent].set_result(msg)
        elif kind == "status":
            self.execution_state = content.get("execution_state", "unknown")
        elif kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            data = content.get("data", {})
            _put_buffers(data.get("state", {}), data.get("buffer_paths", []), msg.get("buffers"))
            self._set(content["comm_id"], data.get("state", {}))
        elif kind == "comm_close" and content.get("comm_id") in self.widgets:
            self.widgets[content["comm_id"]].closed = True
        elif kind == "comm_msg":
            comm_id, data = content.get("comm_id"), content.get("data", {})
            method = data.get("method")
            if comm_id == self._control and method == "update_states":
                states = data.get("states", {})
                _put_buffers(states, data.get("buffer_paths", []), msg.get("buffers"))
                for model_id, s in states.items():
                    self._set(model_id, {"_model_name": s.get("model_name"), **s.get("state", {})})
                self._states_seen = True
            elif method == "update":  # echo_update only repeats what we sent: update() applied it already
                state = data.get("state", {})
                _put_buffers(state, data.get("buffer_paths", []), msg.get("buffers"))
                self._set(comm_id, state)
            elif method == "custom":
                self.custom.append((comm_id, data.get("content")))

    def _set(self, model_id: str, state: dict) -> None:
        w = self.widgets.setdefault(model_id, Widget(model_id, ""))
        w.state.update(state)
        w.model_name = w.state.get("_model_name") or w.model_name
        self.updates.append((model_id, state))


def run_apart(coroutine):
    """asyncio.run() in a thread of its own: a Playwright browser started earlier in the same
    process leaves its sync loop running in the main thread, where asyncio.run() refuses to start."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="kernel-client") as thread:
        return thread.submit(asyncio.run, coroutine).result()

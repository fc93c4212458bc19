"""The room for deploy/measure.py: phones and a facilitator's console driven over the kernel
protocol (testkit.kernel_client), as their browsers drive them, and the processes' costs.

A phone GETs the page, fetches the scripts and styles it names (six at a time, as a browser does),
opens the kernel websocket, reports its browser key and join code, then answers through widget
messages. The console runs in a process of its own, so its clicks are not delayed by the phones.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import psutil
import repo_path  # noqa: F401 - the repository root on sys.path, for testkit (not installed)
from tornado.httpclient import AsyncHTTPClient

from testkit.kernel_client import KernelClient, Widget, new_key

SAVED = "Answer saved. You can change it while the poll is open."
ASSET = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="(/[^"/][^"]*)"')


async def fetch_assets(base: str, html: str, timeout: float) -> None:
    gate = asyncio.Semaphore(6)

    async def one(path: str) -> None:
        async with gate:
            await AsyncHTTPClient().fetch(urljoin(base, path), request_timeout=timeout, raise_error=False)

    await asyncio.gather(*(one(p) for p in ASSET.findall(html)))


@dataclass
class Phone:
    index: int
    key: str = field(default_factory=new_key)
    page: KernelClient | None = None
    joined: float = 0.0  # seconds from the page's GET to the first activity on screen
    votes: list[tuple[int, object, float, float]] = field(default_factory=list)  # position, value, sent, saved
    error: str = ""

    async def arrive(self, url: str, code: str, timeout: float) -> None:
        started = time.monotonic()
        self.page = await KernelClient.open(url, timeout=timeout)
        await fetch_assets(url, self.page.html, timeout)
        await self.page.join(code, self.key)
        await self.page.wait_for(lambda: self.page.find(text="Activity 1 of "), timeout, "the first activity")
        self.joined = time.monotonic() - started

    @property
    def status(self) -> Widget:
        return next(w for w in self.page.find(anywidget="StatusMessage") if w.state.get("tone") != "quiet")

    async def wait_open(self, timeout: float) -> float:
        await self.page.wait_for(self.page.form, timeout, "the open poll")
        return time.time()

    async def wait_title(self, position: int, timeout: float) -> float:
        await self.page.wait_for(lambda: self.page.find(text=f"Activity {position + 1} of "), timeout, "the activity")
        return time.time()

    async def vote(self, position: int, nth: int, timeout: float) -> None:
        """Choose the nth option of the question on screen and press its button as choice.js does (the
        answer posted straight to the server, through nginx); fails unless the reply says saved."""
        form = self.page.form()
        options = form.state["options"]
        value = options[nth % len(options)][1]
        sent = time.time()
        reply = await self.page.answer(value, form, timeout)
        if reply.get("message") != SAVED:
            raise RuntimeError(f"the page says {reply.get('message')!r} after Submit answer")
        self.votes.append((position, value, sent, time.time()))


def console_process(conn, staff_url: str, timeout: float) -> None:
    """The facilitator's console: obeys ("click", label) -> time clicked, and ("stop",)."""
    asyncio.run(_console(conn, staff_url, timeout))


async def _console(conn, staff_url: str, timeout: float) -> None:
    console = await KernelClient.open(staff_url, timeout=timeout)
    await console.wait_for(lambda: console.button("Open poll"), timeout, "the console")
    conn.send(("ready", time.time()))
    while True:
        command = await asyncio.to_thread(conn.recv)
        if command[0] == "stop":
            await console.close()
            conn.send(("stopped", time.time()))
            return
        label = command[1]
        target = await console.wait_for(
            lambda label=label: (b := console.button(label)) and not b.state.get("disabled") and b, timeout, label
        )
        clicked = time.time()
        await console.click(target.model_id)
        conn.send(("clicked", clicked))


def cpu_seconds(root: psutil.Process) -> float:
    """CPU time used so far by a process tree (processes alive now)."""
    total = 0.0
    for p in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def memory(pids: list[int]) -> list[dict]:
    """Resident and unique memory (MiB) of each process still alive."""
    out = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            m = psutil.Process(pid).memory_full_info()
            out.append({"rss": m.rss / 2**20, "uss": m.uss / 2**20})
    return out

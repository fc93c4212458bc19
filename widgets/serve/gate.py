"""The participant page's front door: no kernel starts for a page that will not use one.

Voilà starts (or takes from the pool) a kernel for every GET of the page, so sixty plain requests
once started 49 kernels of ~80 MB. On the participant server the page's handler is replaced by
`GatedVoilaHandler`, which decides before Voilà does, in this order:

1. the address's rate of page loads (`PageRate`, X-Forwarded-For believed only from a trusted
   proxy) — past it, a short "full or busy" page (HTTP 503, Retry-After);
2. no `?join=` code: the join form, written here (pages.py);
3. the cap on kernels in use — past it, the same busy page;
4. the code, checked against the store through the live service — a refused one gets the join
   form with the service's own message;
5. only then Voilà's page, with the current activity painted into it (pages.first_paint).

People already in the room are not affected by any of it: their pages hold their kernels.
"""

from __future__ import annotations

import ipaddress
import time
from collections import OrderedDict

from jupyter_server.utils import url_path_join
from traitlets import Bool, Int, List, Unicode
from traitlets.config import LoggingConfigurable
from voila.tornado.handler import TornadoVoilaHandler

from widgets.live import JoinRefused, LiveService, Unavailable
from widgets.serve.answers import ANSWER_PATH, AnswerHandler, Answers
from widgets.serve.kernel_store import kernel_store_handlers
from widgets.serve.pages import Splice, busy_page, first_paint, join_page
from widgets.settings import Settings

RETRY_SECONDS = 60
BUSY_STORE = "The workshop server is busy. Please try again."  # as the live page says it
PAINT_SECONDS = 1.0  # a first paint is reused this long: a room arriving at once asks once
LOG_SECONDS = 10.0
BUSY_PAGE = busy_page()  # the same for everyone: written once


class PageRate:
    """A token bucket per address: `per_minute` page loads at once, then one every 60/per_minute s.
    Remembers at most `addresses` addresses (the least recently seen are forgotten first)."""

    def __init__(self, per_minute: int, addresses: int = 10_000, clock=time.monotonic):
        self.size, self.refill = float(per_minute), per_minute / 60.0
        self.addresses, self.clock = addresses, clock
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # address: (tokens, when)

    def allow(self, address: str) -> bool:
        now = self.clock()
        tokens, then = self.buckets.pop(address, (self.size, now))
        tokens = min(self.size, tokens + (now - then) * self.refill)
        allowed = tokens >= 1
        self.buckets[address] = (tokens - 1 if allowed else tokens, now)
        while len(self.buckets) > self.addresses:
            self.buckets.popitem(last=False)
        return allowed


def client_address(peer: str, forwarded_for: str | None, trusted: frozenset[str]) -> str:
    """Who asked: the connection's address, or, when that is a trusted proxy, the last address in
    X-Forwarded-For that is not one (each proxy appends the address it heard from)."""
    if peer not in trusted or not forwarded_for:
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",")]):
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            return peer  # a garbled header: count the proxy itself, not a made-up name
        if address not in trusted:
            return address
    return peer


class JoinGate(LoggingConfigurable):
    """What the participant server checks before it starts a kernel (set by servers.py)."""

    enabled = Bool(False, config=True, help="Gate the page: join form, code check, cap and rate (participant server).")
    max_kernels = Int(50, config=True, help="Kernels that pages may hold at once; past it, the busy page.")
    page_loads_per_minute = Int(60, config=True, help="Page loads one address may make per minute.")
    trusted_proxies = List(Unicode(), config=True, help="Proxies whose X-Forwarded-For is believed.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rate = PageRate(self.page_loads_per_minute)
        self.trusted = frozenset(str(ipaddress.ip_address(a.strip())) for a in self.trusted_proxies if a.strip())
        self.starting = 0  # pages admitted whose kernel Voilà has not yet registered
        self._service: LiveService | None = None
        self._paints: dict[int, tuple[float, str]] = {}
        self.refusals: dict[str, int] = {}  # "rate" / "cap": page loads refused since the start
        self._logged = -LOG_SECONDS

    @property
    def service(self) -> LiveService:
        if self._service is None:  # the store the kernels use (WORKSHOP_DB), opened on first use
            self._service = LiveService.from_settings(Settings())
        return self._service

    def session_for(self, typed: str) -> tuple[dict | None, str]:
        """The running session a typed code names, or None and what to tell the person."""
        try:
            return self.service.find_session(typed), ""
        except JoinRefused as err:
            return None, str(err)
        except Unavailable:
            return None, BUSY_STORE

    def full(self, kernel_manager) -> bool:
        in_use = kernel_manager.kernels_in_use() if hasattr(kernel_manager, "kernels_in_use") else len(kernel_manager)
        return in_use + self.starting >= self.max_kernels

    def refused(self, why: str, log) -> None:
        """Count a refusal; say so in the log at most every LOG_SECONDS (a flood is not 10,000 lines)."""
        self.refusals[why] = self.refusals.get(why, 0) + 1
        now = time.monotonic()
        if now - self._logged >= LOG_SECONDS:
            self._logged = now
            counts = ", ".join(f"{n} by {reason}" for reason, n in sorted(self.refusals.items()))
            log.warning("Participant pages refused so far (full or busy): %s", counts)

    def first_paint(self, session: dict) -> str:
        now = time.monotonic()
        made, html = self._paints.get(session["id"], (-PAINT_SECONDS, ""))
        if now - made >= PAINT_SECONDS:
            try:
                html = first_paint(self.service.view(session["id"]))
            except Unavailable:
                html = ""  # the live page draws it anyway
            self._paints[session["id"]] = (now, html)
        return html


class GatedVoilaHandler(TornadoVoilaHandler):
    """Voilà's page handler behind the gate (see the module's docstring)."""

    def initialize(self, **kwargs):
        self.gate: JoinGate = kwargs.pop("gate")
        super().initialize(**kwargs)

    async def get(self, path=None):
        gate = self.gate
        if path:  # not the page: Voilà redirects to its files handler, which allows nothing here
            return await super().get(path)
        peer = self.request.remote_ip or ""
        if not gate.rate.allow(client_address(peer, self.request.headers.get("X-Forwarded-For"), gate.trusted)):
            return self._busy("rate")
        typed = self.get_argument("join", None)
        if typed is None:  # no code at all; an empty one ("Join" on an empty box) is checked like any other
            return self._page(join_page(self.request.path))
        if gate.full(self.kernel_manager):  # before the store is asked: a full room has no use for it
            return self._busy("cap")
        session, problem = gate.session_for(typed)
        if session is None:
            return self._page(join_page(self.request.path, typed, problem))
        splice = Splice(gate.first_paint(session))
        gate.starting += 1
        counted = True
        try:
            async for html in self.get_generator(path=path):
                if counted:  # Voilà has registered the page's kernel by its first words
                    gate.starting, counted = gate.starting - 1, False
                self.write(splice.feed(html))
                self.flush()
            self.write(splice.end())
        finally:
            if counted:
                gate.starting -= 1

    def _page(self, html: str, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(html)

    def _log(self) -> None:
        """A refused load is counted by the gate, not logged as a server error with its headers
        (jupyter_server's log_request does that for every 5xx: a flood's worth of work and lines)."""
        if not getattr(self, "_refused", False):
            super()._log()

    def _busy(self, why: str) -> None:
        self._refused = True
        self.gate.refused(why, self.log)
        self.set_header("Retry-After", str(RETRY_SECONDS))
        self._page(BUSY_PAGE, 503)


def gate_handlers(handlers: list, config, base_url: str = "/") -> list:
    """Voilà's routes with its page handler gated, when the gate is on (the participant server),
    the route phones' answers to choice questions come to (answers.py) and the routes its kernels
    reach the store by (kernel_store.py), all on the same store."""
    gate = JoinGate(config=config)
    if not gate.enabled:
        return handlers
    out = []
    for route in handlers:
        if isinstance(route, tuple) and route[1] is TornadoVoilaHandler:
            route = (route[0], GatedVoilaHandler, {**route[2], "gate": gate}, *route[3:])
        out.append(route)
    answers = Answers(lambda: gate.service)
    kernels = kernel_store_handlers(base_url, lambda: gate.service)
    return [(url_path_join(base_url, ANSWER_PATH), AnswerHandler, {"answers": answers}), *kernels, *out]

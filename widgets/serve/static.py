"""Static files gzipped once, not on every request, and announced to the browser up front.

A participant page fetches ~90 static files (5 MB of JavaScript and CSS). With tornado's
`compress_response`, the single-threaded server gzips all of them again for every page: about
0.2 s of its CPU per participant, so a room of 150 opening the page together queues for ~30 s.
Here each compressible file is gzipped once (level 9, smaller than tornado's level 6), kept in
memory while its modification time is unchanged, and sent as it is; tornado's transform leaves a
response alone once it has a Content-Encoding. Range requests and clients without gzip get the
plain file, exactly as before.

Most of those files are not named in the page's HTML: Voilà's JavaScript discovers them as it runs,
a few at a time (its chunks, then the widget extensions after the page's load event, then the
chunks those need once the kernel is connected), each batch a round trip after the last. The
server learns which static files a page's visits fetch (from their Referer) and names them in a
`Link: <…>; rel=preload` header on that page from then on, so a browser fetches them all at once,
while it is still parsing the HTML. The first visit after a start teaches the server; any file a
later version stops using is merely fetched for nothing until the next restart. On loopback this
changes nothing measurable; over a venue's Wi-Fi (40 ms round trips) it saved ~0.6 s a page
(benchmarks/RESULTS.md).
"""

from __future__ import annotations

import gzip
import os
import threading
import time
from typing import ClassVar
from urllib.parse import urlsplit

from tornado.web import RequestHandler, StaticFileHandler

COMPRESSIBLE = {".js", ".mjs", ".css", ".json", ".svg", ".html", ".map", ".txt", ".ttf", ".eot"}
MAX_BYTES = 8 * 2**20  # larger files are served by the plain path
PRELOAD_AS = {".js": "script", ".css": "style"}
MAX_PRELOADS = 150  # per page (a participant page fetches ~90)
MAX_PAGES = 50
VISIT_SECONDS = 60  # a page's static files arrive within this of the page
MAX_VISITS = 10_000


class Preloads:
    """The static files each page's visits have fetched, in the order first seen. Only a client that
    has just loaded the page counts, so a stray Referer cannot add files to everyone's page."""

    by_page: ClassVar[dict[str, dict[str, str]]] = {}  # page path -> {uri: "script" | "style"}
    visits: ClassVar[dict[tuple[str, str], float]] = {}  # (client address, page path) -> when served

    @classmethod
    def visited(cls, handler: RequestHandler) -> None:
        if handler.get_status() == 200:
            now = time.monotonic()
            if len(cls.visits) > MAX_VISITS:
                cls.visits = {k: t for k, t in cls.visits.items() if now - t < VISIT_SECONDS}
            cls.visits[(handler.request.remote_ip, handler.request.path)] = now

    @classmethod
    def saw(cls, handler: RequestHandler) -> None:
        request = handler.request
        referer = urlsplit(request.headers.get("Referer", ""))
        kind = PRELOAD_AS.get(os.path.splitext(request.path)[1].lower())
        if not kind or handler.get_status() != 200 or referer.netloc != request.host or not referer.path:
            return  # not a script or stylesheet a page on this server asked for (a stylesheet's font, say)
        served = cls.visits.get((request.remote_ip, referer.path))
        if served is None or time.monotonic() - served > VISIT_SECONDS:
            return
        page = cls.by_page.get(referer.path)
        if page is None:
            if len(cls.by_page) >= MAX_PAGES:
                return
            page = cls.by_page.setdefault(referer.path, {})
        if len(page) < MAX_PRELOADS:
            page.setdefault(request.uri, kind)

    @classmethod
    def header(cls, path: str) -> str:
        page = cls.by_page.get(path, {})
        return ", ".join(f"<{uri}>; rel=preload; as={kind}" for uri, kind in page.items())


class Precompressed:
    """Mixed in front of a tornado StaticFileHandler (see `precompressed`)."""

    _gzipped: ClassVar[dict[str, tuple[int, bytes]]] = {}  # absolute path -> (mtime_ns, gzipped bytes)
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def set_extra_headers(self, path: str) -> None:
        super().set_extra_headers(path)
        if self.request.headers.get("Range") or "gzip" not in self.request.headers.get("Accept-Encoding", ""):
            return
        body = self.gzipped(self.absolute_path)
        if body is None:
            return
        self.set_header("Content-Encoding", "gzip")
        # For this response only (instance attributes): tornado's get() asks these for the body.
        self.get_content = lambda _path, _start=None, _end=None: body
        self.get_content_size = lambda: len(body)

    def on_finish(self) -> None:
        Preloads.saw(self)
        super().on_finish()

    @classmethod
    def gzipped(cls, path: str) -> bytes | None:
        if os.path.splitext(path)[1].lower() not in COMPRESSIBLE:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if stat.st_size > MAX_BYTES:
            return None
        cached = cls._gzipped.get(path)
        if cached and cached[0] == stat.st_mtime_ns:
            return cached[1]
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), compresslevel=9, mtime=0)
        with cls._lock:
            cls._gzipped[path] = (stat.st_mtime_ns, body)
        return body


class Preloading:
    """Mixed in front of a page handler: names the page's static files in a Link header."""

    def set_default_headers(self) -> None:
        super().set_default_headers()
        if links := Preloads.header(self.request.path):
            self.set_header("Link", links)

    def on_finish(self) -> None:
        Preloads.visited(self)
        super().on_finish()


def precompressed(handler_class: type) -> type:
    """The same handler, serving cached gzip bodies; any other class is returned unchanged."""
    if not issubclass(handler_class, StaticFileHandler) or issubclass(handler_class, Precompressed):
        return handler_class
    return type(f"Precompressed{handler_class.__name__}", (Precompressed, handler_class), {})


def preloading(handler_class: type) -> type:
    """A page handler that announces the static files its page will fetch."""
    if issubclass(handler_class, Preloading):
        return handler_class
    return type(f"Preloading{handler_class.__name__}", (Preloading, handler_class), {})

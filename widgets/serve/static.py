"""Static files gzipped once, not on every request.

A participant page fetches ~90 static files (5 MB of JavaScript and CSS). With tornado's
`compress_response`, the single-threaded server gzips all of them again for every page: about
0.2 s of its CPU per participant, so a room of 150 opening the page together queues for ~30 s.
Here each compressible file is gzipped once (level 9, smaller than tornado's level 6), kept in
memory while its modification time is unchanged, and sent as it is; tornado's transform leaves a
response alone once it has a Content-Encoding. Range requests and clients without gzip get the
plain file, exactly as before.
"""

from __future__ import annotations

import gzip
import os
import threading
from typing import ClassVar

from tornado.web import StaticFileHandler

COMPRESSIBLE = {".js", ".mjs", ".css", ".json", ".svg", ".html", ".map", ".txt", ".ttf", ".eot"}
MAX_BYTES = 8 * 2**20  # larger files are served by the plain path


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


def precompressed(handler_class: type) -> type:
    """The same handler, serving cached gzip bodies; anything else is returned unchanged."""
    if not isinstance(handler_class, type) or not issubclass(handler_class, StaticFileHandler):
        return handler_class
    if issubclass(handler_class, Precompressed):
        return handler_class
    return type(f"Precompressed{handler_class.__name__}", (Precompressed, handler_class), {})

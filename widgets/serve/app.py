"""Voilà with what its command line cannot switch on: gzip (made once per static file, static.py),
cacheable static assets, a room-sized pool of ready kernels and prompt culling (kernels.py).

Voilà builds the tornado Application before applying `tornado_settings`, and tornado reads
`compress_response` only while building it, so it has to be set here (see shared voila-notes).
Voilà builds its kernel manager class inside `init_settings` too, from a factory we wrap there.
"""

from __future__ import annotations

import logging
import os
import resource
import secrets
from pathlib import Path
from typing import ClassVar

import voila.app
import zmq
from jupyter_server.auth.identity import IdentityProvider
from jupyter_server.log import log_request
from jupyter_server.utils import url_path_join
from traitlets import Bool, Type, default
from voila.app import Voila

from widgets.live.ballots import BALLOT_SECRET_VARIABLE
from widgets.live.remote import STORE_URL_VARIABLE
from widgets.serve.course_routes import course_handlers
from widgets.serve.gate import JoinGate, gate_handlers
from widgets.serve.headers import StaffIdentityProvider, add_security_headers, cookie_secret_for
from widgets.serve.kernel_store import STORE_PATH
from widgets.serve.kernels import PromptCulling, RoomSizedPool, workshop_kernels
from widgets.serve.static import precompressed
from widgets.settings import STAFF_TOKEN_VARIABLE as TOKEN_VARIABLE

ABLATION_VARIABLE = "WORKSHOP_BENCH_WITHOUT"  # "precompress": to measure what it buys
ZMQ_SOCKETS = 16_384  # ~1,500 pages
OPEN_FILES = 65_536


class WorkshopVoila(Voila):
    classes: ClassVar[list] = [*Voila.classes, RoomSizedPool, PromptCulling, JoinGate]  # for --help-all
    course = Bool(False, help="Serve the self-paced course: its home at /, its modules at /module/N, no tree.").tag(
        config=True
    )
    identity_provider_class = Type(StaffIdentityProvider, klass=IdentityProvider, config=True)  # headers.py
    strict_csp = Bool(False, config=True, help="Send the participant page's Content-Security-Policy (headers.py).")

    @default("token")
    def _token_from_environment(self) -> str | None:
        """Take the staff token from the environment, not argv (which `ps` shows to every user),
        and remove it, so the kernels this server starts never see it."""
        return os.environ.pop(TOKEN_VARIABLE, None) or None

    @default("cookie_secret")
    def _cookie_secret_from_token(self) -> bytes:
        return cookie_secret_for(self.token)

    def init_settings(self) -> dict:
        if self.config.JoinGate.get("enabled"):  # the participant server: its kernels issue ballots
            os.environ.setdefault(BALLOT_SECRET_VARIABLE, secrets.token_urlsafe(32))  # ballots.py, answers.py
            os.environ[STORE_URL_VARIABLE] = self._kernel_store_url()  # its kernels' store: live/remote.py
        factory = voila.app.voila_kernel_manager_factory
        voila.app.voila_kernel_manager_factory = workshop_kernels(factory)  # used once, inside init_settings
        try:
            settings = super().init_settings()
        finally:
            voila.app.voila_kernel_manager_factory = factory
        raise_limits(self.kernel_manager.context)
        settings["compress_response"] = True
        settings["static_immutable_cache"] = ["/voila/static"]
        settings["log_function"] = log_request  # jupyter_server's: hides ?token= in request lines
        if self.token:
            self._keep_token_out_of_logs()
            self._keep_token_out_of_kernels()
        return settings

    def _kernel_store_url(self) -> str:
        """Where this server's kernels reach its store: itself, on the loopback where it listens
        on every address (the port is final: servers.py sets no port retries)."""
        host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(self.ip, self.ip)  # noqa: S104
        host = f"[{host}]" if ":" in host and not host.startswith("[") else host
        return f"http://{host}:{self.port}{url_path_join(self.server_url or self.base_url, STORE_PATH)}"

    def init_handlers(self) -> list:
        """Voilà's routes, with every static file handler serving gzip made once (static.py); the
        participant page behind its gate (gate.py) when --JoinGate.enabled; for the course, its own
        pages in place of the file tree (course_routes.py)."""
        handlers = gate_handlers(super().init_handlers(), self.config, self.server_url)
        if self.course:
            handlers = course_handlers(handlers, self.server_url, Path(self.root_dir))
        if "precompress" in os.environ.get(ABLATION_VARIABLE, "").split(","):  # page_load.py --ablation
            return handlers
        return [
            (route[0], precompressed(route[1]), *route[2:]) if isinstance(route, tuple) else route for route in handlers
        ]

    def listen(self) -> None:
        add_security_headers(self.app, self.strict_csp)  # the app exists now; nothing is served yet
        super().listen()

    def _keep_token_out_of_logs(self) -> None:
        """Error lines ("404 GET /…?token=…: reason") bypass log_function: mask them on every handler."""
        secret = _Mask(self.token)
        tornado_loggers = [logging.getLogger(f"tornado.{name}") for name in ("access", "general", "application")]
        for logger in (logging.getLogger(), self.log, *tornado_loggers):
            for handler in getattr(logger, "handlers", []):
                handler.addFilter(secret)
            logger.addFilter(secret)

    def _keep_token_out_of_kernels(self) -> None:
        """Voilà hands a page's URL (QUERY_STRING, VOILA_REQUEST_URL) to its kernel's environment."""
        start, token = self.kernel_manager.start_kernel, self.token

        def start_kernel(*args, env=None, **kwargs):
            if env:
                env = {k: v.replace(token, "[secret]") if isinstance(v, str) else v for k, v in env.items()}
            return start(*args, env=env, **kwargs)

        self.kernel_manager.start_kernel = start_kernel


def raise_limits(context: zmq.Context) -> None:
    """Room for a room: every page holds several ZeroMQ sockets in this server (its websocket's
    channels to the kernel, the activity watcher's, Voilà's own client) and ~9 open files, while a
    ZeroMQ context allows 1,023 sockets by default: plain Voilà stopped answering in the load test
    with 150 pages ("ZMQError: Too many open files"). Call before the first socket exists. The
    open-files limit (often 1,024 on a laptop) goes up to what the system allows, as jupyter_server
    does for itself."""
    context.set(zmq.MAX_SOCKETS, ZMQ_SOCKETS)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = OPEN_FILES if hard == resource.RLIM_INFINITY else min(hard, OPEN_FILES)
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


class _Mask(logging.Filter):
    def __init__(self, secret: str):
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "[secret]"), ()
        return True


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()

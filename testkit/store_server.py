"""The participant server's store routes (widgets/serve/kernel_store.py) on a thread of their own,
over a test's service: what a phone's kernel talks to, without starting Voilà."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator

from tornado.httpserver import HTTPServer
from tornado.testing import bind_unused_port
from tornado.web import Application

from widgets.live import LiveService
from widgets.live.remote import RemoteStore
from widgets.serve.kernel_store import STORE_PATH, kernel_store_handlers

SECRET = "k" * 43


@contextlib.contextmanager
def store_server(service: LiveService, secret: str = SECRET) -> Iterator[str]:
    """Serve the store routes over `service` until the block ends; yields their URL. The secret
    is the one the handlers read from the environment when a participant server starts them."""
    loop = asyncio.new_event_loop()
    sock, port = bind_unused_port()
    ready = threading.Event()
    handlers = kernel_store_handlers("/", lambda: service)
    kernels = handlers[0][2]["kernels"]
    kernels.secret = secret
    server = HTTPServer(Application(handlers))

    def run() -> None:
        asyncio.set_event_loop(loop)
        server.add_sockets([sock])
        ready.set()
        loop.run_forever()

    async def shut_down() -> None:
        """As when the server's process ends: its connections close, the store's listener too."""
        server.stop()
        await server.close_all_connections()
        kernels.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    thread = threading.Thread(target=run, name="store-server", daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield f"http://127.0.0.1:{port}/{STORE_PATH}"
    finally:
        asyncio.run_coroutine_threadsafe(shut_down(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def remote_service(url: str, secret: str = SECRET) -> LiveService:
    """The service as a phone's kernel has it: on a RemoteStore."""
    return LiveService(RemoteStore(url, secret))

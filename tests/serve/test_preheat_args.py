"""The speed-ups of the serving layer, read from the arguments `workshop serve` runs and exercised
on the classes themselves: the ready-kernel pool (WORKSHOP_EXPECTED), culling within the idle
time, static files gzipped once. No timings here: benchmarks/ measures those."""

import asyncio
import gzip
import os
import resource
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import zmq
from tornado.httpclient import HTTPClientError
from tornado.testing import AsyncHTTPTestCase
from tornado.web import Application, StaticFileHandler

from widgets.serve.app import OPEN_FILES, ZMQ_SOCKETS, raise_limits
from widgets.serve.kernels import PromptCulling, RoomSizedPool, spare_for, workshop_kernels
from widgets.serve.servers import build_plan
from widgets.serve.static import Precompressed, precompressed

ROOT = Path(__file__).resolve().parents[2]


def make_plan(**over):
    return build_plan(Path("/nb"), "sqlite:////tmp/w.db", 8866, 8867, public_host="10.0.0.5", **over)


def test_the_participant_server_keeps_a_ready_kernel_per_expected_participant():
    argv = make_plan(expected=40).participant_argv()
    assert "--preheat_kernel=True" in argv
    assert "--pool_size=40" in argv and "--RoomSizedPool.expected=40" in argv
    assert "--VoilaConfiguration.progressive_rendering=False" in argv  # Voilà refuses both together


def test_no_pool_when_no_participants_are_expected():
    assert not any("preheat" in a or "pool" in a for a in make_plan(expected=0).participant_argv())


def test_staff_and_course_servers_start_kernels_on_demand():
    plan = make_plan(expected=40)
    for argv in (plan.staff_argv(), plan.course_argv(8868)):
        assert not any("preheat" in a or "pool_size" in a for a in argv)


def test_expected_comes_from_the_setting(monkeypatch):
    monkeypatch.setenv("WORKSHOP_EXPECTED", "75")
    assert make_plan().expected == 75
    assert make_plan(expected=5).expected == 5  # an explicit value wins


def test_staff_pages_check_for_changes_more_often_than_phones(monkeypatch):
    participant, staff = make_plan().live_servers()
    assert staff.env["WORKSHOP_POLL_INTERVAL"] == "0.1" and "WORKSHOP_POLL_INTERVAL" not in participant.env
    monkeypatch.setenv("WORKSHOP_STAFF_POLL_INTERVAL", "0.5")
    assert make_plan().live_servers()[1].env["WORKSHOP_POLL_INTERVAL"] == "0.5"


def test_the_participant_notebook_reads_nothing_from_the_request():
    """Preheated kernels run the notebook before anyone asks for the page: the ?join= code must come
    from the browser (the BrowserIdentity widget), never from Voilà's request variables."""
    text = (ROOT / "notebooks" / "participant.ipynb").read_text()
    for request_api in ("QUERY_STRING", "get_query_string", "wait_for_request", "VOILA_REQUEST_URL"):
        assert request_api not in text


@pytest.mark.parametrize(("minutes", "timeout", "every"), [(10, 540, 60), (5, 270, 30), (1, 54, 6), (0.5, 27, 3)])
def test_culling_frees_an_idle_kernel_within_the_idle_time(minutes, timeout, every):
    """A kernel idle for `timeout` goes at the next check, at most `every` later: within the idle time."""
    argv = make_plan(idle_minutes=minutes).participant_argv()
    assert f"--MappingKernelManager.cull_idle_timeout={timeout}" in argv
    assert f"--MappingKernelManager.cull_interval={every}" in argv
    assert timeout + every == minutes * 60


def test_the_pool_shrinks_to_a_spare_as_the_room_arrives():
    pool = RoomSizedPool(expected=100)
    assert pool.pool_target() == 100
    pool.taken = 60
    assert pool.pool_target() == 40
    pool.taken = 100
    assert pool.pool_target() == spare_for(100) == 7
    pool.taken = 500  # reloads and latecomers: never below the spare, never back to a room's worth
    assert pool.pool_target() == 7
    assert RoomSizedPool(expected=0).pool_target() == 2


def test_the_pool_starts_kernels_one_per_core_by_default():
    assert RoomSizedPool().starting >= 1
    assert RoomSizedPool(starting=3).starting == 3


class _Voila:
    """Stands in for Voilà's kernel manager factory: records what it was asked for."""

    def __call__(self, base, preheat, pool_size, **kwargs):
        return type("VoilaKernelManager" if preheat else "NormalKernelManager", (base,), {})


class _Base(PromptCulling.__mro__[1]):  # a LoggingConfigurable, like a kernel manager
    pass


def test_every_server_gets_prompt_culling_and_only_preheating_ones_the_pool():
    make = workshop_kernels(_Voila())
    pooled, plain = make(_Base, True, 5), make(_Base, False, 0)
    assert issubclass(pooled, RoomSizedPool) and pooled.__mro__[1] is RoomSizedPool
    assert issubclass(plain, PromptCulling) and not issubclass(plain, RoomSizedPool)


def test_culled_kernels_are_stopped_at_once_and_others_gracefully():
    class Base(_Base):
        def __init__(self):
            super().__init__()
            self._kernels = dict.fromkeys(["idle-1", "idle-2"])
            self.stopped: list[tuple[str, bool]] = []

        async def shutdown_kernel(self, kernel_id, now=False, restart=False):
            self.stopped.append((kernel_id, now))

        async def cull_kernel_if_idle(self, kernel_id):
            await self.shutdown_kernel(kernel_id)

    class Manager(PromptCulling, Base):
        pass

    manager = Manager()
    asyncio.run(manager.cull_kernels())
    asyncio.run(manager.shutdown_kernel("closed-tab"))  # Voilà's beacon: a graceful shutdown
    assert manager.stopped == [("idle-1", True), ("idle-2", True), ("closed-tab", False)]


def test_prompt_culling_checks_every_kernel_at_once():
    class Manager(PromptCulling):
        def __init__(self):
            super().__init__()
            self._kernels = dict.fromkeys(["a", "b", "c"])
            self.running = self.most = 0

        async def cull_kernel_if_idle(self, kernel_id):
            self.running += 1
            self.most = max(self.most, self.running)
            await asyncio.sleep(0.01)
            self.running -= 1
            if kernel_id == "b":
                raise RuntimeError("one kernel's failure does not stop the others")

    manager = Manager()
    asyncio.run(manager.cull_kernels())
    assert manager.most == 3


def test_precompressed_wraps_static_handlers_only():
    assert issubclass(precompressed(StaticFileHandler), Precompressed)
    assert precompressed(precompressed(StaticFileHandler)).__mro__.count(Precompressed) == 1
    assert precompressed(object) is object


class TestPrecompressedStatic(AsyncHTTPTestCase):
    """Static files served gzipped from a cache, byte for byte the file once decompressed."""

    def get_app(self):
        self.folder = Path(tempfile.mkdtemp())
        self.script = b"console.log('hello');\n" * 400
        (self.folder / "app.js").write_bytes(self.script)
        (self.folder / "logo.png").write_bytes(b"\x89PNG" + bytes(2000))
        handler = precompressed(StaticFileHandler)
        return Application([(r"/static/(.*)", handler, {"path": str(self.folder)})], compress_response=True)

    def get(self, path, **headers):
        return self.fetch(path, headers=headers, decompress_response=False)

    def test_gzip_when_accepted(self):
        r = self.get("/static/app.js", **{"Accept-Encoding": "gzip"})
        assert r.code == 200 and r.headers["Content-Encoding"] == "gzip"
        assert int(r.headers["Content-Length"]) == len(r.body) < len(self.script) / 10
        assert gzip.decompress(r.body) == self.script
        assert "Accept-Encoding" in r.headers["Vary"]

    def test_the_file_as_it_is_otherwise(self):
        plain = self.get("/static/app.js")
        assert "Content-Encoding" not in plain.headers and plain.body == self.script
        ranged = self.get("/static/app.js", **{"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
        body = gzip.decompress(ranged.body) if ranged.headers.get("Content-Encoding") else ranged.body
        assert ranged.code == 206 and body == self.script[:10]  # the range of the file, not of its gzip
        image = self.get("/static/logo.png", **{"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in image.headers and image.body.startswith(b"\x89PNG")

    def test_a_changed_file_is_compressed_again(self):
        first = gzip.decompress(self.get("/static/app.js", **{"Accept-Encoding": "gzip"}).body)
        path = self.folder / "app.js"
        path.write_bytes(b"changed();\n" * 300)
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
        second = gzip.decompress(self.get("/static/app.js", **{"Accept-Encoding": "gzip"}).body)
        assert first == self.script and second == b"changed();\n" * 300

    def test_not_found_is_still_not_found(self):
        with pytest.raises(HTTPClientError):
            self.fetch("/static/missing.js", raise_error=True)


def test_the_servers_make_room_for_a_room_of_sockets():
    """ZeroMQ's default of 1,023 sockets per context stops a server at 100-odd pages."""
    context = zmq.Context()
    try:
        raise_limits(context)
        assert context.get(zmq.MAX_SOCKETS) == ZMQ_SOCKETS
    finally:
        context.term()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert soft == resource.RLIM_INFINITY or soft >= min(hard, OPEN_FILES)


def test_a_kernel_no_page_connected_to_goes_after_abandon_seconds_not_the_idle_time():
    """A reload loop or a script takes a kernel per load and never connects: those kernels count
    against the participant server's cap (gate.py) and must not hold it for the whole idle time."""
    now = datetime.now(UTC)

    class Kernel:
        def __init__(self, idle_seconds):
            self.last_activity = now - timedelta(seconds=idle_seconds)

    class Base(_Base):
        def __init__(self):
            super().__init__()
            self._kernels = {
                "abandoned": Kernel(61),
                "young": Kernel(10),
                "connected": Kernel(61),
                "pooled": Kernel(61),
            }
            self.stopped, self.idle_rule = [], []

        def notify_connect(self, kernel_id):
            pass

        async def shutdown_kernel(self, kernel_id, now=False, restart=False):
            self.stopped.append(kernel_id)

        async def cull_kernel_if_idle(self, kernel_id):
            self.idle_rule.append(kernel_id)

    class Manager(PromptCulling, Base):
        pass

    manager = Manager()
    manager.abandon_seconds = 60
    manager.notify_connect("connected")
    manager._ids("pooled").add("pooled")
    assert manager.kernels_in_use() == 3, "the pool's ready kernels are not in use"
    asyncio.run(manager.cull_kernels())
    assert manager.stopped == ["abandoned"]
    assert sorted(manager.idle_rule) == ["connected", "pooled", "young"]


def test_the_cull_args_free_abandoned_kernels_within_a_minute_or_the_idle_time():
    assert "--PromptCulling.abandon_seconds=60" in make_plan(idle_minutes=10).participant_argv()
    assert "--PromptCulling.abandon_seconds=27" in make_plan(idle_minutes=0.5).participant_argv()


def test_a_kernel_being_stopped_holds_no_place_under_the_cap():
    """A culled kernel is killed at once but stays listed until its shutdown has cleaned up: the
    gate counted it meanwhile, and a newcomer arriving just then found the room full (CI, the
    flood test's newcomer got HTTP 503 just after the flood's kernels were freed)."""

    class Base(_Base):
        def __init__(self):
            super().__init__()
            self._kernels = dict.fromkeys(["page", "culled"])
            self.cleaned = asyncio.Event()

        async def shutdown_kernel(self, kernel_id, now=False, restart=False):
            await self.cleaned.wait()
            del self._kernels[kernel_id]

    class Manager(PromptCulling, Base):
        pass

    async def scenario():
        manager = Manager()
        assert manager.kernels_in_use() == 2
        stopping = asyncio.ensure_future(manager.shutdown_kernel("culled"))
        await asyncio.sleep(0)
        during = manager.kernels_in_use()
        manager.cleaned.set()
        await stopping
        return during, manager.kernels_in_use(), manager._ids("stopping")

    during, after, left = asyncio.run(scenario())
    assert (during, after, left) == (1, 1, set())

"""<base>workshop/store/… (serve/kernel_store.py) and RemoteStore (live/remote.py): a phone's kernel
uses its server's store as it would its own, and nothing else may use those routes."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from testkit.store_server import SECRET, remote_service, store_server
from widgets.live import Unavailable
from widgets.live.remote import SECRET_HEADER, RemoteStore, dumps, loads, log_to_server
from widgets.serve import kernel_store
from widgets.serve.kernel_store import KernelStore
from widgets.store import Conflict, NotFound, StoreError


@pytest.fixture
def url(service):
    with store_server(service) as url:
        yield url


@pytest.fixture
def remote(url):
    store = RemoteStore(url, SECRET)
    yield store
    store.close()


def post(url: str, body: dict, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "k" * 42 + "x"}, {SECRET_HEADER: ""}])
def test_without_the_servers_secret_nothing_runs(url, service, session, headers):
    code = session["code"].replace(" ", "")
    status, reply = post(f"{url}/record_participant", {"args": [session["id"], "a" * 64]}, headers)
    assert status == 403 and "ok" not in reply
    assert service.view(session["id"]).participants == 0
    assert post(f"{url}/get_session_by_code", {"args": [code]}, {SECRET_HEADER: SECRET})[0] == 200  # the control


def test_only_a_participants_verbs_are_served(url, service, session):
    status, reply = post(f"{url}/delete_sessions", {"args": [[session["id"]]]}, {SECRET_HEADER: SECRET})
    assert status == 400 and reply["error"] == "StoreError"
    assert service.view(session["id"]).status == "running"  # still there
    with pytest.raises(AttributeError):
        RemoteStore(url, SECRET).delete_sessions  # noqa: B018 - the kernel's side refuses it too


def test_the_stores_answers_and_errors_reach_the_kernel_as_they_are(remote, service, session):
    local = service.store.view_records(session["id"])
    assert remote.view_records(session["id"]) == list(local)  # the session's datetime included
    with pytest.raises(NotFound):
        remote.get_session_by_code("ZZZZZZ")
    who = service.join(session["code"], "q" * 24)
    remote.add_question(session["id"], who.participant_id, "Who do I call?", "approved", 5)
    with pytest.raises(Conflict):
        remote.add_question(session["id"], who.participant_id, "Who do I call?", "approved", 5)


def test_a_participant_joins_and_answers_through_the_server(url, service, session):
    phone = remote_service(url)
    who = phone.join(session["code"], "r" * 24)
    service.open_poll(session["id"])
    current = phone.view(session["id"]).current_activity
    phone.submit(who, current.id, 4)
    assert service.my_answer(who, current.id) == 4 and phone.results(current).responses == 1


def test_a_server_that_does_not_answer_is_unavailable_to_the_page(service, session):
    with store_server(service) as url:
        phone = remote_service(url)
        phone.view(session["id"])
    with pytest.raises(Unavailable):  # the page says "try again", as when the store itself is down
        phone.view(session["id"])
    with pytest.raises(StoreError):
        phone.store.get_versions(session["id"])


def run_alone(coro):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_a_wait_answers_at_once_when_the_page_is_behind(remote, service, session):
    remote.get_versions(session["id"])  # what the page drew
    service.open_poll(session["id"])  # then the facilitator moved

    async def wait():
        started = time.monotonic()
        woken = await remote.watch(session["id"], ["state"]).wait(5)
        return woken, time.monotonic() - started

    woken, took = run_alone(wait())
    assert woken and took < 1
    # The versions and the view came back with it: the feed's next reads need no request of their own.
    remote.close()
    remote.port = 9  # nothing listens there: a request would fail
    assert remote.get_versions(session["id"]) == list(service.versions(session["id"]))
    assert remote.view_records(session["id"]) == loads(dumps(service.store.view_records(session["id"])))
    with pytest.raises(StoreError):
        remote.get_versions(session["id"])  # once only


def test_a_wait_is_woken_by_a_change_of_its_kind_only(remote, service, session, monkeypatch):
    monkeypatch.setattr(kernel_store, "HEARTBEAT_SECONDS", 2.0)
    sid = session["id"]
    who = service.join(session["code"], "s" * 24)
    service.open_poll(sid)
    remote.get_versions(sid)

    async def wait_while(change, kinds, timeout):
        watching = remote.watch(sid, kinds)
        started = time.monotonic()
        waiting = asyncio.ensure_future(watching.wait(timeout))
        await asyncio.sleep(0.3)  # the wait is held by the server now
        await asyncio.to_thread(change)
        return await waiting, time.monotonic() - started

    aid = service.view(sid).current_activity.id
    run_alone(wait_while(lambda: None, ["state"], 1))  # the server starts listening (and wakes all once)
    woken, took = run_alone(wait_while(lambda: service.submit(who, aid, 3), ["state"], 2))
    assert not woken and 1.9 <= took < 4  # a vote does not wake a phone: the next line is the heartbeat
    woken, took = run_alone(wait_while(lambda: service.close_poll(sid), ["state"], 10))
    assert woken and took < 3  # the poll closing does, long before the wait's end


def test_a_read_many_kernels_ask_for_at_once_runs_once_but_never_across_a_write(service, session):
    """When the facilitator moves on, every phone's kernel asks for the same view at the same moment."""
    sid, reads = session["id"], []
    real = service.store.view_records

    def slow_view(session_id):
        reads.append(session_id)
        time.sleep(0.3)
        return real(session_id)

    service.store.view_records = slow_view
    kernels = KernelStore(lambda: service)

    async def room():
        return await asyncio.gather(*(kernels.reply("view_records", [sid]) for _ in range(20)))

    async def write_while_a_read_is_under_way():
        first = asyncio.ensure_future(kernels.reply("view_records", [sid]))
        await asyncio.sleep(0.05)
        await kernels.reply("record_event", [sid, "certificate"])  # this kernel's write finishes…
        return await asyncio.gather(first, kernels.reply("view_records", [sid]))  # …then it reads

    replies = run_alone(room())
    assert len(set(replies)) == 1 and len(reads) == 1
    reads.clear()
    run_alone(write_while_a_read_is_under_way())
    assert len(reads) == 2  # the read begun before the write was not shared after it
    kernels.threads.shutdown()


def test_a_change_made_elsewhere_reaches_the_phones_with_the_view_read_after_it(service, session):
    """The console (another process) approves a question while a phone's kernel is reading the view:
    the line the stream then brings must not carry that read, begun before the change."""
    sid = session["id"]
    real = service.store.view_records

    def slow_view(session_id):
        seen = real(session_id)
        if threading.current_thread().name.startswith("kernel-store"):  # the server's: answered late
            time.sleep(1.0)
        return seen

    service.store.view_records = slow_view
    with store_server(service) as url:
        phone, other = RemoteStore(url, SECRET), RemoteStore(url, SECRET)
        phone.get_versions(sid)

        async def change_during_a_read():
            watching = phone.watch(sid, ["state"])
            woken = asyncio.ensure_future(watching.wait(10))
            await asyncio.sleep(0.3)  # the stream is held by the server
            under_way = asyncio.ensure_future(asyncio.to_thread(other.call, "view_records", sid))
            await asyncio.sleep(0.1)
            await asyncio.to_thread(service.open_poll, sid)  # not through this server
            assert await woken
            await under_way
            watching.close()

        run_alone(change_during_a_read())
        sent = phone.fresh[("view_records", sid)][1]["ok"]
        assert sent == loads(dumps(real(sid)))  # the view after the change, poll open
        other.close()
        phone.close()


def test_a_rooms_waits_cost_the_store_one_read_per_change(service, session):
    """One follower per session reads the versions for every kernel waiting (SessionVersions)."""
    sid, reads = session["id"], []
    real = service.store.get_versions
    service.store.get_versions = lambda session_id: reads.append(session_id) or real(session_id)
    with store_server(service) as url:
        phones = [RemoteStore(url, SECRET) for _ in range(8)]
        for phone in phones:
            phone.call("get_versions", sid)
        reads.clear()

        async def room():
            waits = [asyncio.ensure_future(p.watch(sid, ["state"]).wait(5)) for p in phones]
            await asyncio.sleep(0.5)  # every wait is held by the server now
            await asyncio.to_thread(service.open_poll, sid)
            return await asyncio.gather(*waits)

        assert run_alone(room()) == [True] * 8
        assert 1 <= len(reads) <= 3  # the follower's first read, and one after the change (not 8 or 16)


def test_one_stream_brings_every_change_and_ends_with_the_session(remote, service, session):
    sid = session["id"]
    remote.get_versions(sid)

    async def follow():
        watching, seen = remote.watch(sid, ["state"]), []
        for change in (service.open_poll, service.close_poll, service.end_session):
            await asyncio.to_thread(change, sid)
            seen.append((await watching.wait(5), remote.fresh[("get_versions", sid)][1]["ok"][0]))
        await asyncio.wait_for(watching.stream, 5)  # the server ended it: the session is over
        return seen, watching.stream.done()

    seen, ended = run_alone(follow())
    assert seen == [(True, "running"), (True, "running"), (True, "ended")] and ended


def test_a_phone_kernels_warnings_go_to_its_servers_log(capfd):
    """The kernel's own stderr is the server's log; ipykernel's sys.stderr would be the page."""
    logger = logging.getLogger("widgets")
    before = list(logger.handlers)
    try:
        log_to_server()
        log_to_server()  # once only, however often a page is built in the kernel
        assert len(logger.handlers) == len(before) + 1
        logging.getLogger("widgets.live.feed").warning("change feed read failed")
        logging.getLogger("widgets.live.feed").info("not this")
        err = capfd.readouterr().err
        assert "WARNING widgets.live.feed: change feed read failed" in err
        assert "not this" not in err
    finally:
        logger.handlers = before

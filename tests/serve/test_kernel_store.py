"""<base>workshop/store/… (serve/kernel_store.py) and RemoteStore (live/remote.py): a phone's kernel
uses its server's store as it would its own, and nothing else may use those routes."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from testkit.store_server import SECRET, remote_service, store_server
from widgets.live import Unavailable
from widgets.live.remote import SECRET_HEADER, RemoteStore
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
    local = service.store.get_session(session["id"])
    assert remote.get_session(session["id"]) == local  # the datetime included
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


def test_a_wait_is_woken_by_a_change_of_its_kind_only(remote, service, session):
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
    assert not woken and took >= 1.9  # a vote does not wake a phone
    woken, took = run_alone(wait_while(lambda: service.close_poll(sid), ["state"], 10))
    assert woken and took < 3  # the poll closing does, long before the wait's end

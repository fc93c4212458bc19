"""POST /workshop/answer (serve/answers.py): a ballot's answer is stored as through the kernel, and
anything hostile is refused with a message and stores nothing."""

from __future__ import annotations

import asyncio
import json

import pytest
from tornado.httpclient import AsyncHTTPClient
from tornado.httpserver import HTTPServer
from tornado.testing import bind_unused_port
from tornado.web import Application

from widgets.live.ballots import issue
from widgets.serve.answers import ANSWER_PATH, MOST_BYTES, NOT_YOURS, UNREADABLE, AnswerHandler, Answers
from widgets.ui.saver import SAVED

SECRET = "x" * 43


@pytest.fixture
def post(service, settings_env):
    """post(body) -> (HTTP status, reply): one server per test, on the test's store."""
    answers = Answers(lambda: service)
    answers.secret = SECRET

    def send(*bodies: bytes | dict) -> list[tuple[int, dict]]:
        async def go():
            sock, port = bind_unused_port()
            server = HTTPServer(Application([(f"/{ANSWER_PATH}", AnswerHandler, {"answers": answers})]))
            server.add_sockets([sock])
            client = AsyncHTTPClient()
            url = f"http://127.0.0.1:{port}/{ANSWER_PATH}"
            raw = [b if isinstance(b, bytes) else json.dumps(b).encode() for b in bodies]
            try:
                replies = await asyncio.gather(
                    *(client.fetch(url, method="POST", body=b, raise_error=False) for b in raw)
                )
            finally:
                server.stop()
            return [(r.code, json.loads(r.body)) for r in replies]

        return asyncio.run(go())

    return send


@pytest.fixture
def settings_env(monkeypatch):
    monkeypatch.setenv("WORKSHOP_ANSWER_INTERVAL", "0.5")


def opened(service, session):
    service.open_poll(session["id"])
    who = service.join(session["code"], "p" * 24)
    return who, service.view(session["id"]).current_activity.id, issue(SECRET, who)


def test_an_answer_with_its_ballot_is_saved_and_a_change_replaces_it(post, service, session):
    who, aid, ballot = opened(service, session)
    assert post({"ballot": ballot, "activity": aid, "value": 4}) == [(200, {"saved": True, "message": SAVED})]
    assert post({"ballot": ballot, "activity": aid, "value": 2})[0][1]["saved"]
    assert service.store.response_values(aid) == [2] and service.my_answer(who, aid) == 2


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"x" * (MOST_BYTES + 1), 413, UNREADABLE),
        (b"not json", 400, UNREADABLE),
        (b"\xff\xfe", 400, UNREADABLE),
        (b"[1, 2]", 400, UNREADABLE),
        (b'{"activity": 1, "value": 4}', 400, UNREADABLE),
        (b'{"ballot": "1.1.abc", "activity": 1, "value": 4}', 403, NOT_YOURS),
    ],
)
def test_unreadable_or_forged_requests_store_nothing(post, service, session, body, status, message):
    _who, aid, _ballot = opened(service, session)
    assert post(body) == [(status, {"saved": False, "message": message})]
    assert service.store.response_values(aid) == []


@pytest.mark.parametrize(
    ("value", "activity", "said"),
    [
        ("<script>alert(1)</script>", None, "Please choose"),
        (["4"], None, "Please choose"),
        ({"value": 4}, None, "Please choose"),
        (4, "1", "moved on"),
        (4, True, "moved on"),
        (4, 10**12, "moved on"),
    ],
)
def test_wrong_answers_are_refused_in_words(post, service, session, value, activity, said):
    _who, aid, ballot = opened(service, session)
    [(status, reply)] = post({"ballot": ballot, "activity": aid if activity is None else activity, "value": value})
    assert status == 200 and not reply["saved"] and said in reply["message"], reply
    assert service.store.response_values(aid) == []


def test_a_closed_poll_refuses_and_another_participants_ballot_is_theirs_alone(post, service, session):
    who, aid, ballot = opened(service, session)
    other = service.join(session["code"], "o" * 24)
    post({"ballot": issue(SECRET, other), "activity": aid, "value": 5})
    assert service.my_answer(who, aid) is None and service.my_answer(other, aid) == 5
    service.close_poll(session["id"])
    [(_status, reply)] = post({"ballot": ballot, "activity": aid, "value": 3})
    assert not reply["saved"] and "not open" in reply["message"]


def test_a_replayed_or_flooded_answer_is_one_answer_and_is_paced(post, service, session):
    _who, aid, ballot = opened(service, session)
    replies = post(*[{"ballot": ballot, "activity": aid, "value": 3}] * 40)  # all at once
    saved = [reply["saved"] for _status, reply in replies]
    assert 1 <= saved.count(True) <= 3, saved  # the burst of a tap, a second thought, a fix
    assert any("wait a moment" in reply["message"] for _status, reply in replies)
    assert service.store.response_values(aid) == [3] and service.view(session["id"]).participants == 1

"""Answers to choice questions posted straight to the participant server (serve/answers.py), on the
real servers: only a ballot the page's kernel issued counts, only for its own session, and hostile
bodies store nothing. The kernel websocket's own hostile tests are in test_hostile_input.py."""

from __future__ import annotations

import asyncio
import json

import pytest
from security_kit import Phone, hostile, request, run

from widgets.serve.answers import NOT_YOURS, UNREADABLE

pytestmark = pytest.mark.e2e

SCALE = 0


def post(workshop, body: bytes, port: int | None = None) -> tuple[int, dict | str]:
    status, _headers, reply = request(
        port or workshop.participant_port, "POST", "/workshop/answer", {"Content-Type": "application/json"}, body
    )
    try:
        return status, json.loads(reply)
    except ValueError:
        return status, reply


def test_only_the_pages_own_ballot_answers_and_only_its_own_session(workshop, service, store, plan):
    here, there = service.create_session(plan), service.create_session(plan)
    for session in (here, there):
        service.go_to(session["id"], SCALE)
        service.open_poll(session["id"])
    aid = service.view(here["id"]).current_activity.id

    async def scenario():
        mine, elsewhere = await asyncio.gather(
            Phone.join(workshop.participant_base, here["code"]), Phone.join(workshop.participant_base, there["code"])
        )
        for phone in (mine, elsewhere):
            await phone.page.wait_for(phone.page.form, 30, "the question")
        ballot, theirs = mine.page.form().state["ballot"], elsewhere.page.form().state["ballot"]
        session_id, participant, mac = ballot.split(".")
        moved = ".".join([session_id, *theirs.split(".")[1:]])  # their participant and mac, this session
        attacks = [
            (json.dumps({"ballot": f"{session_id}.{int(participant) + 1}.{mac}", "activity": aid, "value": 5}), 403),
            (json.dumps({"ballot": moved, "activity": aid, "value": 5}), 403),
            (json.dumps({"ballot": "", "activity": aid, "value": 5}), 403),
            (json.dumps({"ballot": ballot, "activity": aid, "value": "<script>alert(1)</script>"}), 200),
            (json.dumps({"ballot": ballot, "activity": aid, "value": 99}), 200),
            (json.dumps({"ballot": ballot, "activity": aid, "value": 5, "pad": "x" * 10_000}), 413),
            (b"\x00" * 100, 400),
        ]  # fmt: skip
        for body, status in attacks:
            got, reply = post(workshop, body if isinstance(body, bytes) else body.encode())
            assert got == status and not reply["saved"], (body[:80], got, reply)
            await asyncio.sleep(0.6)  # past the pace, so each is refused for what it is
        assert post(workshop, json.dumps({"ballot": "1.1.abc", "activity": aid, "value": 5}).encode())[1] == {
            "saved": False,
            "message": NOT_YOURS,
        }
        # Another session's ballot answers in its own session only: here's activity is not there's.
        _status, reply = post(workshop, json.dumps({"ballot": theirs, "activity": aid, "value": 5}).encode())
        assert not reply["saved"] and "moved on" in reply["message"]
        hostile.update(tried=len(attacks) + 2, refused=len(attacks) + 2)
        assert store.response_values(aid) == []

        await mine.answer("4")  # the page's own answer, as choice.js sends it
        assert store.response_values(aid) == [4]
        await asyncio.gather(mine.close(), elsewhere.close())

    run(scenario())


def test_the_route_takes_only_posts_and_the_staff_server_has_none(workshop):
    assert request(workshop.participant_port, "GET", "/workshop/answer")[0] == 405
    status, reply = post(workshop, b"{}")
    assert status == 400 and reply == {"saved": False, "message": UNREADABLE}
    assert post(workshop, b"{}", workshop.staff_port)[0] in (403, 404)

"""Hostile input over the kernel websocket, not the UI: every widget callback is a public API.

Each test runs its own session on the real servers (so stores do not mix), plays the participant
with testkit.kernel_client, plays the facilitator with LiveService, and checks the store
after each attack: one response per participant, every value valid for its activity.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from pathlib import Path

import pytest
from security_kit import ANSWER_INTERVAL, WAIT, Choose, Phone, hostile, participant_id, run

from widgets.content.models import ChoicePoll, ScalePoll, TextPoll
from widgets.live.answers import validate_answer
from widgets.ui.saver import BURST

SCALE, SINGLE, MULTIPLE, SHORT, OPEN = 0, 1, 3, 4, 5  # positions in the demo plan
CHOOSE = "Please choose a value from 1 to 5."
REFUSED_CODE = ("No workshop has that code", "That doesn't look like a join code", "This workshop has ended")


@pytest.fixture
def session(service, plan):
    return service.create_session(plan)


def activity_ids(service, session) -> list[int]:
    return [a.id for a in service.view(session["id"]).activities]


def open_at(service, session, position: int) -> int:
    """Facilitator: go to an activity and open it; returns its id."""
    service.go_to(session["id"], position)
    service.open_poll(session["id"])
    return activity_ids(service, session)[position]


def assert_store_consistent(service, store, session) -> None:
    """Never more responses than participants, and every stored value passes the activity's own check."""
    view = service.view(session["id"])
    for a in view.activities:
        values = store.response_values(a.id)
        assert len(values) <= view.participants, f"{a.activity.id}: {len(values)} responses"
        for v in values:
            assert isinstance(a.activity, ChoicePoll | ScalePoll | TextPoll)
            assert validate_answer(a.activity, v) == v, f"{a.activity.id}: invalid stored value {v!r}"


def test_markup_in_text_answers_is_stored_as_typed_and_shown_escaped(workshop, service, store, session):
    payload = '<script>alert("x")</script><img src=x onerror="alert(1)"> & <b>bold</b>\nsecond line'
    sneaky = "a\u202eb\x00c\u200bd\x1b[31me"  # right-to-left override, NUL, zero-width space, ANSI escape
    aid = open_at(service, session, OPEN)

    async def scenario():
        one, two = await asyncio.gather(*(Phone.join(workshop.participant_base, session["code"]) for _ in range(2)))
        await one.wait_open(OPEN)
        await two.wait_open(OPEN)
        await one.submit({"value": payload})
        await two.submit({"value": sneaky})
        hostile.update(tried=2, refused=2)  # stored as text, never markup (checked below)
        assert sorted(store.response_values(aid)) == sorted([payload, "a b c d [31me"])

        service.close_poll(session["id"])
        service.moderate(session["id"], service.free_texts(service.view(session["id"]).current_activity), "approved")
        service.reveal_results(session["id"])
        shown = await one.page.wait_for(lambda: one.find("HTMLModel", text="pw-texts"), 30, "revealed results")
        html = shown[0].state["value"]
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
        assert "<script" not in html and "<img" not in html and "<b>" not in html
        mine = one.find("HTMLModel", text="Your answer:")[0].state["value"]
        assert "&lt;script&gt;" in mine and "<script" not in mine
        await asyncio.gather(one.close(), two.close())

    run(scenario())
    assert_store_consistent(service, store, session)


def test_a_megabyte_string_is_refused_and_nothing_is_stored(workshop, service, store, plan):
    huge = "A" * 1_000_000

    async def attack(position: int, limit: int) -> None:
        session = service.create_session(plan)  # one session per activity, attacked side by side
        aid = open_at(service, session, position)
        phone = await Phone.join(workshop.participant_base, session["code"])
        await phone.wait_open(position)
        too_long = f"Please keep your answer to {limit} characters."
        await phone.submit({"value": huge}, expect=too_long)
        await phone.submit({"value": "x" * (limit + 1)}, expect=too_long)
        hostile.update(tried=2, refused=2)
        assert store.response_values(aid) == []
        await phone.submit({"value": "fine"})  # the page still works
        assert store.response_values(aid) == ["fine"]
        await phone.close()
        assert_store_consistent(service, store, session)

    async def scenario():
        await asyncio.gather(attack(SHORT, 40), attack(OPEN, 1000))

    run(scenario())


# (position, hostile changes, what the participant is told, a real answer and how it is stored). A change
# is a state update of the input's synced traits or, as Choose(value), the custom message a group of
# choices sends on each change (what choice.js does); both reach the same check in the kernel.
WRONG_TYPES = [
    (SCALE, [{"value": "99"}, {"value": "0"}, {"value": 3}, {"value": 2.5}, {"value": ["3"]}, {"value": {"k": "3"}},
             {"value": "3 "}, {"value": "A" * 100_000},
             {"options": [[str(n), str(n)] for n in range(100)], "value": "50"},  # options drawn, not accepted
             {"multiple": True, "value": ["1", "2"]},
             Choose(3), Choose("6"), Choose(["4"]), Choose(True), Choose(None)],
     CHOOSE, Choose("4"), 4),
    (SINGLE, [{"value": "SUPPORT"}, {"value": "nope"}, {"value": 1}, {"value": None}, Choose("support "),
              Choose({"id": "support"}), Choose("<img src=x onerror=alert(1)>")],
     "Please choose one of the answers.", {"value": "support"}, "support"),
    (MULTIPLE, [{"value": "dsl"}, {"value": [True]}, {"value": {"on": 1}}, {"value": None}, {"value": ["dsl", "dsl"]},
                {"value": ["dsl", "nobody"]}, Choose(["dsl"] * 10_000), Choose("dsl"), Choose([])],
     "Please choose at least one answer.", Choose(["colleague", "dsl"]), ["dsl", "colleague"]),
    (SHORT, [{"value": ["a", "list"]}, {"value": {"a": 1}}, {"value": 42}, {"value": None}],
     "Please type an answer.", {"value": "proportionate"}, "proportionate"),
]  # fmt: skip


def test_wrong_types_are_refused(workshop, service, store, plan):
    async def attack(position, attacks, refusal, good, stored) -> None:
        session = service.create_session(plan)
        aid = open_at(service, session, position)
        phone = await Phone.join(workshop.participant_base, session["code"])
        await phone.wait_open(position)
        target = phone.control()
        for state in attacks:
            await phone.submit(state, target=target, expect=refusal)
            hostile.update(tried=1, refused=1)
        assert store.response_values(aid) == []
        await phone.submit(good, target=target)  # a real answer still works
        assert store.response_values(aid) == [stored]
        await phone.close()
        assert_store_consistent(service, store, session)

    async def scenario():
        await asyncio.gather(*(attack(*case) for case in WRONG_TYPES))

    run(scenario())


def test_answers_to_a_closed_poll_or_an_earlier_activity_are_refused(workshop, service, store, session):
    ids = activity_ids(service, session)

    async def click(phone: Phone, button, value=None, activity=None) -> None:
        await phone.pace()
        await phone.press(button, value, activity)
        await phone.settle()
        phone.answered_at = time.monotonic()

    async def scenario():
        phone = await Phone.join(workshop.participant_base, session["code"])
        open_at(service, session, SCALE)
        old_submit = await phone.wait_open(SCALE)
        old_radio, old_activity = phone.control(), old_submit.state.get("activity")
        await phone.submit(Choose("4"))

        # Close, then answer at once through the old controls (the kernel may not have redrawn yet) …
        await phone.choose("1", old_radio)
        await phone.pace()
        service.close_poll(session["id"])
        await click(phone, old_submit, "1")
        # … and again once the page shows the poll closed: the old button is gone from the page.
        await phone.page.wait_for(lambda: "Voting has closed" in phone.status, 30, "the closed poll")
        await click(phone, old_submit, "1")
        assert store.response_values(ids[SCALE]) == [4]

        # The facilitator moves on and opens the next poll; the old activity's button is replayed.
        open_at(service, session, SINGLE)
        await phone.wait_open(SINGLE)
        await phone.clear_status()
        await click(phone, old_submit, "1", old_activity)  # a page still showing the scale (the same group asks both)
        await phone.page.wait_for(lambda: phone.status == "The facilitator has moved on to another activity.", 30)
        hostile.update(tried=3, refused=3)
        assert store.response_values(ids[SCALE]) == [4]
        assert store.response_values(ids[SINGLE]) == []
        await phone.close()

    run(scenario())
    assert_store_consistent(service, store, session)


def test_a_changed_key_or_join_code_after_joining_does_not_switch_identity(workshop, service, store, session, plan):
    other = service.create_session(plan)
    ids = activity_ids(service, session)
    open_at(service, session, SCALE)

    async def scenario():
        phone = await Phone.join(workshop.participant_base, session["code"])
        first = participant_id(store, session["id"], phone.key)
        await phone.wait_open(SCALE)
        await phone.submit(Choose("2"))

        identity = phone.find(anywidget="BrowserIdentity")[0].model_id
        forged = "F" * 24
        attacks = [{"key": forged}, {"join": other["code"]}, {"key": forged, "join": other["code"]},
                   {"joined": other["code"]}, {"key": ""}]  # fmt: skip
        for attack in attacks:
            await phone.page.update(identity, attack)
        # The hidden join box, typed into and clicked: the kernel still has it.
        code_box = phone.find("TextModel", description="Join code", visible=False)[0]
        await phone.page.update(code_box.model_id, {"value": other["code"]})
        await phone.page.click(phone.find("ButtonModel", description="Join", visible=False)[0].model_id)
        await phone.settle()
        hostile.update(tried=len(attacks) + 1, refused=len(attacks) + 1)

        await phone.submit(Choose("5"))  # still the same participant: the answer is replaced
        assert store.response_values(ids[SCALE]) == [5]
        assert participant_id(store, session["id"], phone.key) == first
        assert participant_id(store, session["id"], forged) is None
        assert participant_id(store, other["id"], forged) is None
        assert store.count_participants(session["id"]) == 1
        assert store.count_participants(other["id"]) == 0
        await phone.close()

    run(scenario())
    assert_store_consistent(service, store, session)


def test_hostile_join_attempts_are_refused(workshop, service, store, session, plan):
    ended = service.create_session(plan)
    service.end_session(ended["id"])
    bad_keys = ["short", "k" * 65, "<script>x</script>abcdefgh", "ключ" * 8, "a b c d e f g h i j", "../" * 8]
    bad_codes = ["ZZZZZZ", "A" * 10_000, "' OR 1=1 --", "<img src=x>", ended["code"]]

    async def scenario():
        phone = await Phone.load(workshop.participant_base, session["code"])
        identity = phone.find(anywidget="BrowserIdentity")[0].model_id
        for key in bad_keys:
            await phone.clear_status()
            await phone.page.update(identity, {"key": key, "join": session["code"]})
            await phone.page.wait_for(lambda: "did not send a valid id" in phone.status, 30, "a refusal")
        for i, code in enumerate(bad_codes):
            await phone.clear_status()
            await phone.page.update(identity, {"key": f"{i:024d}", "join": code})
            await phone.page.wait_for(lambda: phone.status, 30, "a refusal")
            assert phone.status.startswith(REFUSED_CODE), phone.status
        await phone.page.update(identity, {"key": 12345})  # not even a string
        await phone.settle()
        hostile.update(tried=len(bad_keys) + len(bad_codes) + 1, refused=len(bad_keys) + len(bad_codes) + 1)
        assert store.count_participants(session["id"]) == 0
        assert store.count_participants(ended["id"]) == 0

        good = "G" * 24
        await phone.page.update(identity, {"key": good, "join": session["code"].lower()})  # codes are any case
        await phone.page.wait_for(lambda: phone.find(text="Activity 1 of "), 30, "the first activity")
        assert participant_id(store, session["id"], good) is not None
        await phone.close()

    run(scenario())


def test_replayed_and_flooded_clicks_count_once(workshop, service, store, session):
    aid = open_at(service, session, SCALE)

    def saves() -> int:  # every saved answer bumps the session's tally version by one
        return store.get_versions(session["id"])[2]

    async def scenario():
        phone = await Phone.join(workshop.participant_base, session["code"])
        submit = await phone.wait_open(SCALE)
        await phone.choose("4")

        # One click message, byte for byte (same msg_id), sent five times: the kernel's session drops
        # the repeats as duplicate signatures, and the kit's throttle would refuse them anyway.
        click = phone.press_message(submit, "4")
        before = saves()
        for _ in range(5):
            await phone.page.send(click)
        await phone.settle()
        phone.answered_at = time.monotonic()
        assert saves() - before == 1
        assert store.response_values(aid) == [4]

        # 200 distinct clicks as fast as the socket takes them, a change of answer in front of them.
        await phone.choose("2")
        await phone.pace()
        seen, before, started = len(phone.page.updates), saves(), time.monotonic()
        await asyncio.gather(*(phone.press(submit, "2") for _ in range(200)))
        await phone.settle()
        elapsed, accepted = time.monotonic() - started, saves() - before
        said = phone.said_since(seen)
        assert WAIT in said, f"no throttling message among {set(said)}"
        # A short burst, then at most one save per answer interval gets through.
        most = BURST + int(elapsed / ANSWER_INTERVAL)
        assert 1 <= accepted <= most, f"{accepted} of 200 clicks saved in {elapsed:.2f} s"
        # Repeats of the first click and the clicks after it: none changed the store (one response,
        # the answer given); the few saves the burst lets through write the same value.
        hostile.update(tried=4 + 199, refused=4 + 199)
        assert store.response_values(aid) == [2]
        assert store.count_participants(session["id"]) == 1
        await phone.close()

    run(scenario())
    assert_store_consistent(service, store, session)


def _kernel_model(workshop, kernel_id: str) -> dict:
    with urllib.request.urlopen(f"{workshop.participant_base}/api/kernels/{kernel_id}", timeout=10) as r:
        return json.loads(r.read())


def test_malformed_messages_leave_the_kernel_and_the_page_working(workshop, service, store, session, tmp_path):
    aid = open_at(service, session, SCALE)
    marker = tmp_path / "pwned"

    async def scenario():
        phone = await Phone.join(workshop.participant_base, session["code"])
        submit = await phone.wait_open(SCALE)
        page, target = phone.page, submit.model_id
        msg = page.message
        # Handled by the kernel (or dropped by the server) without closing the websocket.
        kernel_level = [
            msg("comm_msg", {"comm_id": target, "data": {"method": "drop_tables"}}),
            msg("comm_msg", {"comm_id": target, "data": {"method": "update"}}),
            msg("comm_msg", {"comm_id": target, "data": {"method": "update", "state": "not a dict"}}),
            msg("comm_msg", {"comm_id": target, "data": {"method": "update", "state": {}, "buffer_paths": [["x"]]}}),
            msg("comm_msg", {"comm_id": target, "data": {"method": "custom", "content": "click"}}),
            msg("comm_msg", {"comm_id": target, "data": {}}),
            msg("comm_msg", {"comm_id": target, "data": "update"}),
            msg("comm_msg", {"comm_id": target}),
            msg("comm_msg", {"comm_id": "0" * 32, "data": {"method": "custom", "content": {"event": "click"}}}),
            msg("comm_msg", {"data": {"method": "update"}}),
            msg("comm_msg", "not a dict"),
            msg("comm_msg", {"comm_id": page._control, "data": {"method": "nonsense"}}, {"version": "1.0.0"}),
            msg("comm_open", {"comm_id": "c" * 32, "target_name": "no.such.target", "data": {}}),
            msg("comm_open", {"comm_id": "d" * 32, "target_name": "jupyter.widget", "data": {}}, {"version": "2.1.0"}),
            msg("comm_open", {"comm_id": "e" * 32, "target_name": "jupyter.widget.control"}, {"version": "9"}),
            msg("comm_close", {"comm_id": "f" * 32}),
            msg("comm_info_request", {"target_name": 7}),
            msg("comm_msg", {"comm_id": target, "data": {"method": "update"}}, channel="control"),
            msg("comm_msg", {"comm_id": target, "data": {"method": "update"}}, channel="nowhere"),
            {**msg("comm_msg", {"comm_id": target, "data": {}}), "parent_header": "x", "metadata": [1]},
        ]
        forbidden = [
            msg("execute_request", {"code": f"open({str(marker)!r}, 'w').write('x')", "silent": False}),
            msg("inspect_request", {"code": "import os", "cursor_pos": 1}),
            msg("complete_request", {"code": "os.", "cursor_pos": 3}),
            msg("history_request", {"hist_access_type": "tail", "n": 10, "output": True, "raw": True}),
            msg("debug_request", {"command": "evaluate", "arguments": {"expression": "1"}}),
        ]
        for m in kernel_level + forbidden:
            await page.send(m)
            await phone.settle()  # the kernel is alive and reading its shell channel after each one
        assert not page.closed
        assert not marker.exists(), "a participant ran code in the kernel"
        replied_to = {m["header"]["msg_id"] for m in forbidden} & set(page.shell_replies)
        assert not replied_to, "the server passed a request participants may not send to the kernel"

        # Frames the server cannot parse close the websocket; the kernel lives on and a browser reconnects.
        frame_level = ["not json", b"\x00\x01garbage", "[1, 2]", json.dumps({"channel": "shell"}),
                       json.dumps({"header": {}, "channel": "shell"})]  # fmt: skip
        for raw in frame_level:
            await page.send(raw)
            await page.wait_for(lambda: page.closed, 30, "the server closing the websocket", poll=0.05)
            await page.connect()
            await phone.settle()
        hostile.update(tried=len(kernel_level) + len(forbidden) + len(frame_level))
        hostile.update(refused=len(kernel_level) + len(forbidden) + len(frame_level))
        assert _kernel_model(workshop, page.kernel_id)["execution_state"] in {"idle", "busy"}

        await phone.wait_open(SCALE)
        await phone.submit(Choose("5"))  # the page still works
        assert store.response_values(aid) == [5]
        await phone.close()

    run(scenario())
    assert_store_consistent(service, store, session)
    assert Path(marker).exists() is False


QUESTION_REFUSALS = [  # (what a hostile page sets the question box to, what it is told)
    ({"value": "   \x00\u200b "}, "Please type a question."),
    ({"value": "x" * 301}, "Please keep your question to 300 characters."),
    ({"value": "A" * 1_000_000}, "Please keep your question to 300 characters."),
]
WRONG_TYPED = [{"value": ["a", "list"]}, {"value": {"a": 1}}, {"value": 42}, {"value": None}]  # never accepted


def test_hostile_questions_and_votes_are_refused_or_count_once(workshop, service, store, session):
    """The question box and the Upvote buttons over the websocket: wrong types, huge and markup
    text, replayed and flooded clicks, a vote for one's own or a hidden question."""
    sid = session["id"]

    async def act(phone: Phone, status, button, expect: str, state: dict | None = None, box=None) -> None:
        await phone.page.update(status.model_id, {"text": ""})
        if state is not None:
            await phone.page.update(box.model_id, state)
        await phone.pace()
        await phone.page.click(button.model_id)
        await phone.page.wait_for(lambda: status.state.get("text") == expect, 30, f"status {expect!r}")
        phone.answered_at = time.monotonic()

    async def scenario():
        asker, voter = await asyncio.gather(*(Phone.join(workshop.participant_base, session["code"]) for _ in range(2)))
        await asker.page.click(asker.button("Ask or see questions").model_id)
        box = asker.find("TextareaModel", description="Your question", visible=False)[0]
        send = asker.find("ButtonModel", description="Send question", visible=False)[0]
        status = next(s for s in asker.find(anywidget="StatusMessage", visible=False) if s.model_id != asker.status_id)
        for state, refusal in QUESTION_REFUSALS:
            await act(asker, status, send, refusal, state, box)
        await act(asker, status, send, "Please type a question.", {"value": ""}, box)
        for state in WRONG_TYPED:  # the widget refuses the type: the box keeps its empty text
            await act(asker, status, send, "Please type a question.", state, box)
        markup = '<img src=x onerror="alert(1)">Who do I <b>call</b>?'
        await act(
            asker,
            status,
            send,
            "Question sent. It shows here once the facilitator approves it.",
            {"value": markup},
            box,
        )
        await act(asker, status, send, "You have already sent this question.", {"value": markup}, box)  # replayed
        tried = len(QUESTION_REFUSALS) + len(WRONG_TYPED) + 2
        hostile.update(tried=tried, refused=tried)
        (question,) = service.questions(sid)
        assert question.text == markup  # stored as typed

        service.act_on_question(sid, question.id, "approve")
        # An Upvote button hidden on one's own question, pressed anyway.
        own = await asker.page.wait_for(lambda: asker.find("ButtonModel", description="Upvote", visible=False), 30)
        await act(asker, status, own[0], "That question is not open for votes.")

        toggle = voter.button("Ask or see questions")
        await voter.page.click(toggle.model_id)
        shown = await voter.page.wait_for(lambda: voter.find("HTMLModel", text="pw-q-says"), 30, "the question")
        html = shown[0].state["value"]
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Who do I &lt;b&gt;call&lt;/b&gt;?" in html
        assert "<img" not in html and "<b>" not in html
        upvote = voter.button("Upvote")
        vstatus = next(s for s in voter.find(anywidget="StatusMessage") if s.model_id != voter.status_id)
        await act(voter, vstatus, upvote, "Upvoted.")
        click = voter.page.message(
            "comm_msg", {"comm_id": upvote.model_id, "data": {"method": "custom", "content": {"event": "click"}}},
            {"version": "2.1.0"},
        )  # fmt: skip
        for _ in range(5):  # one click message, byte for byte, replayed
            await voter.page.send(click)
        await asyncio.gather(*(voter.page.click(upvote.model_id) for _ in range(100)))  # and a flood
        await voter.settle()
        hostile.update(tried=105 + 1, refused=105 + 1)
        assert [q.votes for q in service.questions(sid)] == [1]

        service.act_on_question(sid, question.id, "hide")  # a hidden question takes no votes, even from an old button
        await voter.page.wait_for(lambda: upvote.closed, 30, "the row closed")
        voter.answered_at = time.monotonic()
        await voter.pace()
        await voter.page.update(vstatus.model_id, {"text": ""})
        await voter.page.click(upvote.model_id)  # the kernel has closed that button: nothing happens
        await voter.settle()
        assert vstatus.state.get("text") == ""
        await asyncio.gather(asker.close(), voter.close())

    run(scenario())
    assert [q.votes for q in service.questions(sid)] == [1]
    assert len(service.questions(sid)) == 1

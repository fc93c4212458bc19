"""The console's moderation list, and what the projector and the phones show as it changes."""

import pytest

from tests.ui.test_participant import texts
from widgets.ui.screen import ProjectorScreen

OPEN_TEXT = 5  # position in the demo plan


@pytest.fixture
def answers(service, session):
    """The open text activity, open, answered by three people; returns their answers in order."""
    sid = session["id"]
    service.go_to(sid, OPEN_TEXT)
    service.open_poll(sid)
    aid = service.view(sid).current_activity.id
    typed = ["Talk to the DSL", "<b>Call Mr Bloggs</b>", "Check records"]
    for n, text in enumerate(typed):
        service.submit(service.join(session["code"], f"panel-{n:03d}-abcdefghij"), aid, text)
    return typed


def rows(console):
    return console.moderation.list.children


def status(row) -> str:
    return next(x for x in ("Approved", "Hidden", "Waiting") if f">{x}</span>" in row.shown.value)


def click(row, name):
    next(b for b in row.children if getattr(b, "description", "") == name).click()


def test_answers_arrive_waiting_and_are_approved_or_hidden(console, service, session, answers):
    console.feed.poll_once()
    panel = console.moderation
    assert panel.layout.display is None and len(rows(console)) == 3
    assert all("Waiting" in r.shown.value for r in rows(console))
    assert "&lt;b&gt;Call Mr Bloggs&lt;/b&gt;" in rows(console)[1].shown.value  # escaped
    first = rows(console)[0]
    click(first, "Approve")
    assert "Approved" in first.shown.value and rows(console)[0] is first  # updated in place
    click(rows(console)[1], "Hide")
    assert console.status.text == "1 answer hidden."
    panel.approve_all.click()  # the one still waiting; the hidden one stays hidden
    assert console.status.text == "1 answer approved."
    assert [status(r) for r in rows(console)] == ["Approved", "Hidden", "Approved"]
    panel.approve_all.click()
    assert console.status.text == "No answers are waiting."
    assert "Waiting: <strong>0</strong>, approved: <strong>2</strong>, hidden: <strong>1</strong>" in (
        panel.summary.value
    )


def test_the_room_sees_only_approved_answers(console, service, session, settings, answers, make_participant):
    sid = session["id"]
    screen = ProjectorScreen(service, sid, settings)
    phone = make_participant(key="panel-phone-abcdefghijkl")
    service.reveal_results(sid)
    screen.feed.poll_once(), console.feed.poll_once(), phone.feed.poll_once()
    assert "3 responses" in screen.stage.value and "Talk to the DSL" not in screen.stage.value
    click(rows(console)[0], "Approve")
    click(rows(console)[1], "Hide")
    assert screen.feed.poll_once() and phone.feed.poll_once()  # both follow the decision
    for html in (screen.stage.value, texts(phone.activity_box)):
        assert "Talk to the DSL" in html and "Bloggs" not in html and "Check records" not in html


def test_hidden_when_the_activity_takes_no_free_text(console, service, session, answers):
    console.feed.poll_once()
    assert len(rows(console)) == 3
    service.go_to(session["id"], 0)
    console.feed.poll_once()
    assert console.moderation.layout.display == "none" and rows(console) == ()

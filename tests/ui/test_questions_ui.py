"""Questions from the room: the participant's panel, the console's list, the projector's card."""

from tests.ui.test_participant import button
from widgets.ui.saver import BURST
from widgets.ui.screen import ProjectorScreen


def ask(app, text):
    if app.questions.body.layout.display == "none":
        app.questions.toggle.click()
    app.questions.text.value = text
    app.questions.send.click()


def labels(row) -> list[str]:
    return [b.description for b in row.buttons]


def test_asked_approved_upvoted_and_put_on_screen(make_participant, console, service, session, settings):
    asker, voter = make_participant(key="q-asker-abcdefghijklmno"), make_participant(key="q-voter-abcdefghijklmno")
    ask(asker, "What if I am <b>wrong</b>?")
    assert asker.questions.status.text.startswith("Question sent") and asker.questions.text.value == ""
    (mine,) = asker.questions.list.children
    assert "&lt;b&gt;wrong&lt;/b&gt;" in mine.text.value and "waiting for the facilitator" in mine.text.value
    assert mine.button.layout.display == "none"  # nobody upvotes their own question
    voter.feed.poll_once()
    assert voter.questions.list.children == ()
    assert voter.questions.body.layout.display == "none"  # folded until opened
    voter.questions.toggle.click()
    assert voter.questions.toggle.description == "Close questions" and voter.questions.body.layout.display is None

    assert console.feed.poll_once()
    (row,) = console.questions.list.children
    assert "Waiting for approval" in row.text.value
    assert labels(row) == ["Approve", "Hide", "Mark answered", "Show on screen"]
    row.buttons[0].click()
    assert voter.feed.poll_once()  # approving tells the phones
    (seen,) = voter.questions.list.children
    assert seen.button.description == "Upvote" and seen.button.layout.display is None
    seen.button.click()
    assert voter.questions.status.text == "Upvoted." and seen.button.description == "Upvoted"
    seen.button.click()
    assert voter.questions.status.text == "You have already upvoted this question."
    console.feed.poll_once()
    assert "1 vote" in row.text.value

    screen = ProjectorScreen(service, session["id"], settings)
    assert screen.question.value == ""
    row.buttons[3].click()
    assert labels(row)[3] == "Take off screen" and "On the screen" in row.text.value
    screen.feed.poll_once()
    assert "What if I am &lt;b&gt;wrong&lt;/b&gt;?" in screen.question.value and "1 vote" in screen.question.value
    row.buttons[2].click()
    assert labels(row)[2] == "Mark not answered"
    row.buttons[3].click()
    screen.feed.poll_once()
    assert screen.question.value == ""


def test_refusals_are_said_and_a_flood_is_slowed(make_participant, settings):
    app = make_participant()
    ask(app, "   ")
    assert app.questions.status.tone == "error" and "type a question" in app.questions.status.text
    settings.answer_interval = 60
    slow = make_participant(key="q-slow-abcdefghijklmnop")
    for n in range(BURST + 2):
        ask(slow, f"Question {n}?")
    assert slow.questions.status.text == "Please wait a moment before trying again."
    assert len(slow.questions.list.children) == BURST


def test_no_panel_when_the_plan_takes_no_questions(service, plan, settings):
    from widgets.ui.console import FacilitatorConsole
    from widgets.ui.participant import ParticipantApp

    session = service.create_session(plan.model_copy(update={"questions": False}))
    app = ParticipantApp(service, settings)
    app.identity.join, app.identity.key = session["code"], "q-off-abcdefghijklmnopq"
    assert app.questions.layout.display == "none"
    assert FacilitatorConsole(service, session["id"], settings).questions.layout.display == "none"
    assert button(app, "Send question") is not None  # built, just not shown


def test_a_question_taken_down_is_closed_on_the_phones(make_participant, console, service, session):
    asker, voter = make_participant(key="q-asker-abcdefghijklmno"), make_participant(key="q-voter-abcdefghijklmno")
    ask(asker, "Who do I tell first?")
    console.feed.poll_once()
    (row,) = console.questions.list.children
    row.buttons[0].click()  # approve: the phones show it
    voter.questions.toggle.click()
    voter.feed.poll_once()
    (seen,) = voter.questions.list.children
    hide = next(b for b in row.buttons if b.description == "Hide")
    hide.click()
    voter.feed.poll_once()
    assert voter.questions.list.children == ()
    assert seen.comm is None and seen.button.comm is None  # gone from the kernel and the page, not only hidden

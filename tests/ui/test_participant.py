import ipywidgets as w

from widgets.live import LiveService
from widgets.ui.browser import StatusMessage
from widgets.ui.choice import ChoiceGroup
from widgets.ui.participant import WAITING, ParticipantApp


def texts(widget) -> str:
    """All the HTML the participant can see, flattened."""
    out = []
    if isinstance(widget, w.HTML):
        out.append(widget.value)
    for child in getattr(widget, "children", ()):
        out.append(texts(child))
    return " ".join(out)


class FormButton:
    """A choice question's own button (a ChoiceGroup form), pressed as the page does without a ballot."""

    def __init__(self, group: ChoiceGroup):
        self.click = group.press_submit


def button(app, name):
    def walk(widget):
        if isinstance(widget, w.Button) and widget.description == name:
            return widget
        if isinstance(widget, ChoiceGroup) and widget.submit == name:
            return FormButton(widget)
        for child in getattr(widget, "children", ()):
            found = walk(child)
            if found:
                return found
        return None

    return walk(app)


def said(app) -> tuple[str, str]:
    """(tone, text) of the page's status line."""
    return app.status.tone, app.status.text


def test_joins_from_the_url_and_waits(make_participant, service, session):
    app = make_participant()
    assert app.who is not None
    assert app.identity.joined == session["code"]  # the browser keeps it for a reload
    assert "Activity 1 of 6" in texts(app.activity_box)
    assert app.status.text == WAITING
    assert app.join_form.layout.display == "none"


def test_joining_reads_the_view_once(make_participant, service, session, monkeypatch):
    """On a participant server each read is a request: the title and the first draw share one; the
    feed read the version before it, and the page still redraws on a change."""
    reads, real = [], LiveService.view
    monkeypatch.setattr(LiveService, "view", lambda self, sid: reads.append(sid) or real(self, sid))
    app = make_participant()
    assert reads == [session["id"]]
    assert "Activity 1 of 6" in texts(app.activity_box) and app.feed.last is not None
    service.next_activity(session["id"])
    app.refresh()  # what the feed does on the change
    assert "Activity 2 of 6" in texts(app.activity_box)


def test_on_joining_the_activity_is_drawn_before_the_questions_panel_below_it(phone_service, session, settings):
    """Drawn the other way round, "Ask or see questions" showed at the top and jumped down when the
    activity came: a tap at that moment landed on the activity instead."""
    app = ParticipantApp(phone_service, settings)
    app.identity.join = session["code"]
    seen = []
    app.observe(lambda change: seen.append((change["new"], texts(app.activity_box))), names="children")
    app.identity.key = "p" * 24
    shown = [drawn for children, drawn in seen if app.questions in children]
    assert shown and "Activity 1 of 6" in shown[0]


def test_no_code_shows_the_join_form_then_joins(make_participant, session):
    app = make_participant(join="")
    assert app.who is None and app.join_form.layout.display is None
    app.code_input.value = session["code"].lower()
    app.join_button.click()
    assert app.who is not None


def test_wrong_code_is_a_friendly_message(make_participant):
    app = make_participant(join="ZZZZZZ")
    assert app.who is None
    assert app.status.tone == "error" and "No workshop has that code" in app.status.text
    assert app.join_form.layout.display is None


def test_vote_and_change_answer(make_participant, service, session):
    app = make_participant()
    service.open_poll(session["id"])
    app.refresh()  # what the feed does on the next tick
    assert button(app, "Submit answer") is not None
    app.answer.value = 4
    button(app, "Submit answer").click()
    assert said(app)[0] == "success"
    app.answer.value = 2
    button(app, "Submit answer").click()
    current = service.view(session["id"]).current_activity
    assert service.results(current).responses == 1
    assert service.my_answer(app.who, current.id) == 2


def test_unanswered_submit_says_what_to_do(make_participant, service, session):
    app = make_participant()
    service.open_poll(session["id"])
    app.refresh()
    button(app, "Submit answer").click()
    tone, text = said(app)
    assert tone == "error" and text.startswith("Please choose")


def test_reload_shows_the_saved_answer(make_participant, service, session):
    first = make_participant()
    service.open_poll(session["id"])
    first.refresh()
    first.answer.value = 5
    button(first, "Submit answer").click()
    again = make_participant()  # same browser key: a reload
    assert again.who == first.who
    assert again.answer.value == 5
    assert service.view(session["id"]).participants == 1


def test_results_only_after_reveal(make_participant, service, session):
    app = make_participant()
    service.open_poll(session["id"])
    app.refresh()
    app.answer.value = 4
    button(app, "Submit answer").click()
    service.close_poll(session["id"])
    app.refresh()
    assert "pw-results" not in texts(app.activity_box)
    assert "Your answer: <strong>4</strong>" in texts(app.activity_box)
    service.reveal_results(session["id"])
    app.refresh()
    assert "1 response" in texts(app.activity_box)


def test_follows_the_facilitator(make_participant, service, session):
    app = make_participant()
    service.next_activity(session["id"])
    assert app.feed.poll_once()  # the version moved, so it redraws
    assert "Activity 2 of 6" in texts(app.activity_box)
    service.end_session(session["id"])
    assert not app.feed.poll_once()
    assert "This workshop has ended" in texts(app.activity_box)


def test_typed_text_is_escaped_everywhere(make_participant, service, session):
    sid = session["id"]
    service.go_to(sid, 5)  # open text
    service.open_poll(sid)
    app = make_participant()
    app.answer.value = "<img src=x onerror=alert(1)>"
    button(app, "Submit answer").click()
    service.reveal_results(sid)
    app.refresh()
    html = texts(app.activity_box)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_flood_of_submits_is_slowed_down(make_participant, service, session, settings):
    settings.answer_interval = 60
    app = make_participant()
    service.open_poll(session["id"])
    app.refresh()
    app.answer.value = 3
    for _ in range(50):
        button(app, "Submit answer").click()
    tone, text = said(app)
    assert tone == "error" and "wait a moment" in text
    current = service.view(session["id"]).current_activity
    assert service.results(current).responses == 1
    assert [e["kind"] for e in service.store.events_records(session["id"])].count("open") == 1


def test_a_change_of_mind_is_saved_then_the_pace_applies(make_participant, service, session, settings, monkeypatch):
    """Tap 2, submit, tap 3, submit at once: both saved. A person is never told to wait; a flood is."""
    clock = [1000.0]
    monkeypatch.setattr("widgets.ui.saver.time.monotonic", lambda: clock[0])
    settings.answer_interval = 0.5
    app = make_participant()
    service.open_poll(session["id"])
    app.refresh()
    current = service.view(session["id"]).current_activity
    saved = []
    for value in (2, 3, 4, 5):  # four answers in the same instant: the fourth waits
        app.answer.value = value
        button(app, "Submit answer").click()
        saved.append(said(app)[0] != "error")
    assert saved == [True, True, True, False]
    assert service.my_answer(app.who, current.id) == 4
    clock[0] += 0.5  # one interval later, one more answer
    button(app, "Submit answer").click()
    assert said(app)[0] != "error" and service.my_answer(app.who, current.id) == 5
    assert service.results(current).responses == 1


def test_the_page_ping_is_answered(make_participant):
    app = make_participant()
    sent = []
    app.identity.send = sent.append
    app.identity._answer_ping(app.identity, {"type": "ping"}, [])
    app.identity._answer_ping(app.identity, {"type": "something else"}, [])
    assert sent == [{"type": "pong"}]


def test_a_status_message_goes_out_as_one_update():
    """Text and tone in one message: each vote's reply costs the servers one message fewer."""
    status = StatusMessage()
    sent = []
    status.comm.send = lambda *args, **kwargs: sent.append(kwargs.get("data"))
    status.say("Answer saved", "success")
    assert [m["state"] for m in sent if m and m.get("method") == "update"] == [
        {"tone": "success", "text": "Answer saved"}
    ]


def test_on_a_participant_server_a_choice_question_carries_a_ballot_for_this_participant(
    make_participant, service, session, monkeypatch
):
    """The server's secret in the environment: the form posts straight to the server (choice.js)."""
    from widgets.live.ballots import BALLOT_SECRET_VARIABLE, redeem

    monkeypatch.setenv(BALLOT_SECRET_VARIABLE, "z" * 43)
    app = make_participant()
    service.open_poll(session["id"])
    app.refresh()
    form = app._form()
    assert form.submit == "Submit answer" and form.activity == service.view(session["id"]).current_activity.id
    assert redeem("z" * 43, form.ballot) == app.who
    assert button(app, "Submit answer") is not None and not [
        c for c in app.activity_box.children if isinstance(c, w.Button)
    ]  # the question's own button, not a second one
    monkeypatch.delenv(BALLOT_SECRET_VARIABLE)
    assert make_participant(key="q" * 24).ballot == ""  # no server: answers go through the kernel


def open_widgets() -> int:
    from ipywidgets.widgets.widget import _instances

    return len(_instances)


def test_redrawing_closes_the_widgets_no_longer_shown(make_participant, service, session):
    """A phone redraws at every step of a workshop; what it drew before must not pile up in the kernel."""
    app = make_participant()
    sid = session["id"]

    def step_through() -> None:
        for verb in (service.open_poll, service.close_poll, service.next_activity, service.previous_activity):
            verb(sid)
            app.refresh()

    step_through()
    settled = open_widgets()
    for _ in range(5):
        step_through()
    assert open_widgets() == settled
    assert "Voting has closed" in app.status.text  # still drawing what is asked


def test_a_scenario_closes_each_step_it_leaves(service, exercise_plan):
    from widgets.content.scenario import ScenarioActivity
    from widgets.ui.scenario import ScenarioPlayer

    case = next(a for a in exercise_plan.activities if isinstance(a, ScenarioActivity)).case
    player = ScenarioPlayer(case, None, save=lambda path: "")
    before = open_widgets()
    for _ in range(4):
        player.restart()
    assert open_widgets() == before


def test_moving_on_changes_the_page_in_place(make_participant, service, session, monkeypatch):
    """Every phone in the room redraws at the same moment when the facilitator reveals, moves on,
    opens or closes the next poll: each page gets a few updates, not new widgets (the server relays
    every message of every phone)."""
    import comm

    sent = []
    monkeypatch.setattr(comm.DummyComm, "publish_msg", lambda _self, msg_type, *_a, **_k: sent.append(msg_type))
    app = make_participant()
    service.open_poll(session["id"])
    app.refresh()  # the first question: the page's choice widget is made
    service.close_poll(session["id"])
    app.refresh()
    for verb in (service.reveal_results, service.next_activity, service.open_poll, service.close_poll):
        sent.clear()
        verb(session["id"])
        app.refresh()
        assert "comm_open" not in sent and "comm_close" not in sent and len(sent) <= 5, (verb.__name__, sent)
    assert "Activity 2 of 6" in app.lead.value and app.choices.activity.prompt in app.lead.value

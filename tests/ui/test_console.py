import re

from widgets.live.codes import display_code


def test_shows_join_code_qr_and_count(console, service, session):
    assert display_code(session["code"]) in console.join.value
    assert "<svg" in console.join.value and "QR code to join" in console.join.value
    assert "http://room.example:8866" in console.join.value
    service.join(session["code"], "q" * 24)
    console.feed.poll_once()
    assert re.search(r"<strong>1</strong> joined", console.join.value)


def test_buttons_drive_the_session(console, service, session):
    b = console.buttons
    assert b["Close poll"].disabled and b["Previous activity"].disabled
    b["Open poll"].click()
    assert service.view(session["id"]).current_activity.state == "open"
    assert b["Open poll"].disabled and not b["Close poll"].disabled
    b["Reveal results"].click()
    assert service.view(session["id"]).current_activity.state == "revealed"
    b["Next activity"].click()
    assert service.view(session["id"]).current == 1
    assert "Activity 2 of 6" in console.heading.value


def test_live_results_follow_votes(console, service, session):
    console.buttons["Open poll"].click()
    who = service.join(session["code"], "v" * 24)
    service.submit(who, service.view(session["id"]).current_activity.id, 4)
    assert console.feed.poll_once()
    assert "1 response" in console.results.value
    assert re.search(r"4</th>.*?1 <span", console.results.value)


def test_run_sheet_lists_activities_with_minutes(console):
    sheet = console.sheet.value
    assert sheet.count("<tr") == 8  # header, six activities, total
    assert 'aria-current="step"' in sheet and "16 min" in sheet


def test_refused_action_is_explained(console):
    console.buttons["Open poll"].click()
    console.buttons["Open poll"].disabled = False  # a stale page could still send the click
    console.buttons["Open poll"].click()
    assert console.status.tone == "error" and "open" in console.status.text


def test_timer_reaches_the_browser_widget(console, service, session):
    console.timer_length.value = 60
    console.buttons["Start timer"].click()
    assert 0 < console.timer.seconds <= 60
    console.buttons["Stop timer"].click()
    assert console.timer.seconds == 0


def test_no_session_is_a_clear_message(tmp_path):
    from widgets.settings import Settings
    from widgets.ui.console import facilitator_console

    view = facilitator_console(Settings(db=f"sqlite:///{tmp_path / 'empty.db'}"))
    assert "No workshop is running" in view.value


def test_response_count_is_announced_politely(console, service, session):
    assert console.announcer.tone == "quiet" and console.announcer.text == "0 responses"
    console.buttons["Open poll"].click()
    who = service.join(session["code"], "w" * 24)
    service.submit(who, service.view(session["id"]).current_activity.id, 2)
    console.feed.poll_once()
    assert console.announcer.text == "1 response"


def test_focus_moves_on_from_a_button_that_disables_itself(console, monkeypatch):
    """A disabled button drops keyboard focus; the console moves it to the next step instead."""
    focused = []
    for name, button in console.buttons.items():
        monkeypatch.setattr(button, "focus", lambda name=name: focused.append(name))
    b = console.buttons
    b["Open poll"].click()
    b["Close poll"].click()
    b["Reveal results"].click()
    assert focused == ["Close poll", "Reveal results", "Next activity"]
    b["Next activity"].click()  # still enabled: focus stays where it is
    assert focused == ["Close poll", "Reveal results", "Next activity"]
    for _ in range(4):
        b["Next activity"].click()
    assert b["Next activity"].disabled and focused[-1] == "Open poll"  # the last activity: open it next
    b["End session"].click()
    b["Cancel"].click()  # the confirmation, and the focused Cancel with it, hides
    assert focused[-1] == "End session"


def test_ending_schedules_the_deletion_chosen(console, service, session):
    from widgets.live.retention import DELETE_AFTER

    b = console.buttons
    b["End session"].click()
    console.keep_for.value = 7
    b["Yes, end the session"].click()
    options = service.view(session["id"]).options
    assert service.view(session["id"]).status == "ended" and DELETE_AFTER in options
    assert "answers will be deleted on" in console.status.text


def test_ending_can_keep_the_answers(console, service, session):
    from widgets.live.retention import DELETE_AFTER

    console.buttons["End session"].click()
    console.keep_for.value = None
    console.buttons["Yes, end the session"].click()
    assert DELETE_AFTER not in service.view(session["id"]).options
    assert "deleted" not in console.status.text

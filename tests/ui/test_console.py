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

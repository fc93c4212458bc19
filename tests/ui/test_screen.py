import pytest

from widgets.live.codes import display_code
from widgets.ui.screen import ProjectorScreen


@pytest.fixture
def screen(service, session, settings):
    return ProjectorScreen(service, session["id"], settings)


def vote(service, session, key, value):
    who = service.join(session["code"], key * 24)
    service.submit(who, service.view(session["id"]).current_activity.id, value)


def test_join_details_always_visible(screen, session):
    assert display_code(session["code"]) in screen.corner.value and "<svg" in screen.corner.value
    assert "Activity 1 of 6" in screen.stage.value


def test_never_shows_results_before_reveal(screen, service, session):
    sid = session["id"]
    service.open_poll(sid)
    vote(service, session, "a", 5)
    vote(service, session, "b", 4)
    screen.feed.poll_once()
    assert "2 answers so far" in screen.stage.value
    assert "<table" not in screen.stage.value and "Very confident" not in screen.stage.value
    service.close_poll(sid)
    screen.feed.poll_once()
    assert "<table" not in screen.stage.value and "Voting has closed" in screen.stage.value
    service.reveal_results(sid)
    screen.feed.poll_once()
    assert "<table" in screen.stage.value and "2 responses" in screen.stage.value


def test_follows_the_console(screen, service, session):
    service.next_activity(session["id"])
    screen.feed.poll_once()
    assert "Activity 2 of 6" in screen.stage.value and "Which statement best describes" in screen.stage.value
    service.open_poll(session["id"])
    service.reveal_results(session["id"])
    screen.feed.poll_once()
    assert "✓ Correct answer" in screen.stage.value and "Source:" in screen.stage.value
    service.end_session(session["id"])
    assert not screen.feed.poll_once()
    assert "Thank you" in screen.stage.value

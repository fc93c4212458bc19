import pytest

from widgets.settings import Settings
from widgets.ui.console import FacilitatorConsole
from widgets.ui.participant import ParticipantApp


@pytest.fixture
def settings(db_url):
    return Settings(db=db_url, participant_url="http://room.example:8866", answer_interval=0)


@pytest.fixture
def console(service, session, settings):
    return FacilitatorConsole(service, session["id"], settings)


@pytest.fixture
def make_participant(service, session, settings):
    """A participant page whose browser reported `key` and maybe a ?join= code."""

    def make(key="p" * 24, join=None):
        app = ParticipantApp(service, settings)
        app.identity.join = session["code"] if join is None else join
        app.identity.key = key
        return app

    return make
